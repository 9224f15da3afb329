package io.vectornode.spring.boot;

import static java.util.Objects.requireNonNull;

import io.vectornode.budget.BudgetStatus;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.catalog.Prices;
import io.vectornode.routing.DeploymentHealth;
import io.vectornode.routing.Route;
import io.vectornode.routing.RouteTarget;
import io.vectornode.routing.VectorNodeClient;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code vectornode} Actuator endpoint ({@code GET /actuator/vectornode} once exposed with
 * {@code management.endpoints.web.exposure.include=vectornode}): the client's routes, its
 * deployments with their health, and its budgets with what they spent and have left in the
 * current period. Nothing in it is a key: keys appear as their hash ids. Thread-safe.
 */
@Endpoint(id = "vectornode")
public class VectorNodeEndpoint {
  private final VectorNodeClient client;

  /**
   * @param client the client to show
   */
  public VectorNodeEndpoint(VectorNodeClient client) {
    this.client = requireNonNull(client, "client");
  }

  /**
   * What the endpoint shows.
   *
   * @param generation how many configs the client applied (1 without reloads)
   * @param lastReloadError why the last reload was refused, or null
   * @param providers the provider instances
   * @param routes the routes, by name
   * @param deployments the deployments, by name
   * @param budgets the budgets, by name
   */
  public record Description(int generation, @Nullable String lastReloadError,
      List<String> providers, Map<String, RouteView> routes,
      Map<String, DeploymentView> deployments, Map<String, BudgetView> budgets) {}

  /**
   * A route.
   *
   * @param strategy fallback, weighted, least-latency or least-cost
   * @param targets its deployments in order, each with its weight
   * @param requires capabilities every deployment must have
   * @param contentPolicyFallback where content-filtered calls go, or null
   * @param hedging off, after a delay, or at p95
   */
  public record RouteView(String strategy, List<Target> targets, List<String> requires,
      @Nullable String contentPolicyFallback, String hedging) {}

  /**
   * A route's target.
   *
   * @param deployment the deployment
   * @param weight its weight
   */
  public record Target(String deployment, int weight) {}

  /**
   * A deployment and its health.
   *
   * @param provider the provider instance
   * @param model the model id sent
   * @param status UP, OUT_OF_SERVICE or DOWN, as its health indicator says
   * @param available whether a new call may go there now
   * @param breaker CLOSED, OPEN or HALF_OPEN
   * @param cooldown how long it still cools down (ISO-8601, PT0S when it does not)
   * @param keys its keys: id (a hash), state, cooldown
   * @param prices USD per million tokens (input, output), or null when unknown
   */
  public record DeploymentView(String provider, String model, String status, boolean available,
      String breaker, String cooldown, List<KeyView> keys, @Nullable Map<String, BigDecimal> prices) {}

  /**
   * A key.
   *
   * @param id its hash id, never the key
   * @param weight its share of the traffic
   * @param state ACTIVE, COOLING or DISABLED
   * @param cooldown how long it still cools down (ISO-8601)
   */
  public record KeyView(String id, int weight, String state, String cooldown) {}

  /**
   * A budget in its current period.
   *
   * @param scope what it covers
   * @param period hour, day or month
   * @param zone the time zone its periods align to
   * @param periodStart when the current period started (ISO-8601)
   * @param limitUsd its limit per period
   * @param spentUsd what settled calls cost in this period
   * @param reservedUsd what calls in flight hold
   * @param remainingUsd what may still be reserved
   */
  public record BudgetView(String scope, String period, String zone, String periodStart,
      BigDecimal limitUsd, BigDecimal spentUsd, BigDecimal reservedUsd, BigDecimal remainingUsd) {}

  /** @return the client's routes, deployments and budgets now */
  @ReadOperation
  public Description describe() {
    Map<String, RouteView> routes = new LinkedHashMap<>();
    for (Route r : client.routes()) {
      routes.put(r.name(), new RouteView(r.strategy().name().toLowerCase(Locale.ROOT)
          .replace('_', '-'), r.targets().stream()
          .map((RouteTarget t) -> new Target(t.deployment(), t.weight())).toList(),
          r.requires().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted().toList(),
          r.contentPolicyFallback(), hedging(r)));
    }
    Map<String, DeploymentView> deployments = new LinkedHashMap<>();
    for (DeploymentHealth d : client.deployments()) {
      deployments.put(d.name(), new DeploymentView(d.provider(), d.model(),
          DeploymentStatus.of(d).code(), d.available(),
          d.breaker().name(), d.cooldown().toString(),
          d.keys().stream().map(k -> new KeyView(k.keyId(), k.weight(), k.state().name(),
              k.cooldown().toString())).toList(), prices(d.info())));
    }
    Map<String, BudgetView> budgets = new LinkedHashMap<>();
    for (BudgetStatus b : client.budgets()) {
      budgets.put(b.budget().name(), new BudgetView(b.budget().scope().toString(),
          b.budget().period().name().toLowerCase(Locale.ROOT), b.budget().zone().getId(),
          b.periodStart().toString(), b.budget().limitUsd(), b.spent(), b.reserved(),
          b.remaining()));
    }
    return new Description(client.generation(), client.lastReloadError().orElse(null),
        client.providers(), routes, deployments, budgets);
  }

  private static String hedging(Route r) {
    if (!r.hedging().enabled()) {
      return "off";
    }
    return r.hedging().delay() != null ? "after " + r.hedging().delay()
        : "p95, at least " + r.hedging().minDelay();
  }

  private static @Nullable Map<String, BigDecimal> prices(@Nullable ModelInfo info) {
    Prices p = info == null ? null : info.prices();
    if (p == null) {
      return null;
    }
    Map<String, BigDecimal> m = new LinkedHashMap<>();
    m.put("input", p.input());
    m.put("output", p.output());
    return m;
  }
}
