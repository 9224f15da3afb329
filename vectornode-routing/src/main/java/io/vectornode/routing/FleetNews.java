package io.vectornode.routing;

import io.vectornode.state.SharedState;
import java.time.Instant;

/**
 * Applies what instances of a fleet publish through a {@link SharedState} to this router's key
 * pools and deployments. An instance receives its own news too; applying it again changes
 * nothing (a key is disabled once, a cooldown only grows).
 */
final class FleetNews implements SharedState.HealthListener {
  private final Router router;

  FleetNews(Router router) {
    this.router = router;
  }

  @Override
  public void keyCooled(String provider, String keyId, Instant until) {
    for (DeploymentState d : router.deployments.values()) {
      if (d.keys.provider().equals(provider)) {
        d.keys.cooledElsewhere(keyId, until);
      }
    }
  }

  @Override
  public void keyDisabled(String provider, String keyId, int status) {
    for (DeploymentState d : router.deployments.values()) {
      if (d.keys.provider().equals(provider)) {
        d.keys.disabledElsewhere(keyId, status);
      }
    }
  }

  @Override
  public void deploymentCooled(String deployment, Instant until) {
    DeploymentState d = router.deployments.get(deployment);
    if (d != null) {
      d.cooledElsewhere(until);
    }
  }
}
