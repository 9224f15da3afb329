package io.vectornode.spring.boot;

import io.vectornode.routing.DeploymentHealth;
import io.vectornode.routing.DeploymentHealth.KeyHealth;

/**
 * What a deployment's state means for its health: the Actuator status code and why. Kept apart
 * from Actuator's types so that the endpoint shows the same status without them.
 *
 * @param code {@code DOWN}, {@code OUT_OF_SERVICE} or {@code UP}
 * @param reason why, in a few words
 */
record DeploymentStatus(String code, String reason) {

  /**
   * DOWN when the breaker is open or every key is disabled; OUT_OF_SERVICE while the deployment
   * cools down or every usable key does; UP otherwise.
   */
  static DeploymentStatus of(DeploymentHealth d) {
    long active = d.keys().stream().filter(k -> k.state() == KeyHealth.State.ACTIVE).count();
    long disabled = d.keys().stream().filter(k -> k.state() == KeyHealth.State.DISABLED).count();
    int keys = d.keys().size();
    if (d.breaker() == DeploymentHealth.Breaker.OPEN) {
      return new DeploymentStatus("DOWN", "circuit breaker open");
    }
    if (keys > 0 && disabled == keys) {
      return new DeploymentStatus("DOWN", "every key disabled");
    }
    if (!d.cooldown().isZero()) {
      return new DeploymentStatus("OUT_OF_SERVICE", "cooling down");
    }
    if (keys > 0 && active == 0) {
      return new DeploymentStatus("OUT_OF_SERVICE", "every usable key cooling down");
    }
    return new DeploymentStatus("UP", active < keys
        ? active + " of " + keys + " keys active" : "available");
  }
}
