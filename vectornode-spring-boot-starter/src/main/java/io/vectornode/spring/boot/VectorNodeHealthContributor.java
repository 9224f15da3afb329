package io.vectornode.spring.boot;

import static java.util.Objects.requireNonNull;

import io.vectornode.routing.DeploymentHealth;
import io.vectornode.routing.DeploymentHealth.KeyHealth;
import io.vectornode.routing.VectorNodeClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health of a {@link VectorNodeClient}: one indicator per deployment (under {@code
 * /actuator/health/vectornode/<deployment>}), read from {@link VectorNodeClient#deployments()}
 * when asked, so that a reload's deployments appear and vanish with it.
 *
 * <table>
 *   <caption>Status of a deployment</caption>
 *   <tr><th>status</th><th>when</th></tr>
 *   <tr><td>DOWN</td><td>its circuit breaker is open, or every key is disabled (401/403)</td></tr>
 *   <tr><td>OUT_OF_SERVICE</td><td>it cools down (429), or every usable key does</td></tr>
 *   <tr><td>UP</td><td>otherwise (a half-open breaker, or some keys disabled, show in the
 *       details)</td></tr>
 * </table>
 *
 * <p>Details: provider, model, breaker, cooldown, and each key's id (a hash such as {@code
 * key-1a2b3c4d}, never the key), state and cooldown. Thread-safe.
 */
public final class VectorNodeHealthContributor implements CompositeHealthContributor {
  private final VectorNodeClient client;

  /**
   * @param client the client to report on
   */
  public VectorNodeHealthContributor(VectorNodeClient client) {
    this.client = requireNonNull(client, "client");
  }

  @Override
  public @Nullable HealthContributor getContributor(String name) {
    return client.deployments().stream().anyMatch(d -> d.name().equals(name))
        ? indicator(name) : null;
  }

  @Override
  public Stream<Entry> stream() {
    return client.deployments().stream().map(d -> new Entry(d.name(), indicator(d.name())));
  }

  private HealthIndicator indicator(String name) {
    return () -> client.deployments().stream().filter(d -> d.name().equals(name)).findFirst()
        .map(VectorNodeHealthContributor::health)
        .orElseGet(() -> Health.unknown().withDetail("reason", "no longer configured").build());
  }

  /**
   * The health of one deployment.
   *
   * @param d the deployment's state
   * @return its health, with details
   */
  public static Health health(DeploymentHealth d) {
    DeploymentStatus status = DeploymentStatus.of(d);
    List<Map<String, Object>> keys = new ArrayList<>();
    for (KeyHealth k : d.keys()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", k.keyId());
      m.put("state", k.state().name());
      if (!k.cooldown().isZero()) {
        m.put("cooldown", k.cooldown().toString());
      }
      keys.add(m);
    }
    return Health.status(status.code()).withDetail("reason", status.reason())
        .withDetail("provider", d.provider())
        .withDetail("model", d.model())
        .withDetail("breaker", d.breaker().name())
        .withDetail("cooldown", d.cooldown().toString())
        .withDetail("keys", keys)
        .build();
  }
}
