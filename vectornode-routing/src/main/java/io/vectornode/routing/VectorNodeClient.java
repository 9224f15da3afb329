package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.budget.BudgetStatus;
import java.util.List;
import java.util.Optional;

/**
 * The client {@link VectorNode} builds: a {@link ModelClient} that routes, with what an operator
 * needs to look inside it — the routes and deployments as configured, each deployment's health
 * (circuit breaker, cooldown, keys disabled or cooling), the budgets, the plan a request would
 * follow, and, for a client that follows a config file, reload.
 *
 * <pre>{@code
 * try (VectorNodeClient ai = VectorNode.fromConfig(Path.of("vectornode.yaml"))) {
 *   for (DeploymentHealth d : ai.deployments()) {
 *     System.out.println(d.name() + " " + d.breaker() + " " + d.keys());
 *   }
 *   System.out.println(ai.plan(ChatRequest.builder().task("reasoning").user("hi").build()));
 * }
 * }</pre>
 *
 * <p>Thread-safe. The views are snapshots: they describe the moment they were taken.
 */
public interface VectorNodeClient extends ModelClient {

  /** @return the provider instance names, sorted */
  List<String> providers();

  /** @return the routes as configured, by name */
  List<Route> routes();

  /** @return every configured deployment and its health now, by name */
  List<DeploymentHealth> deployments();

  /** @return every budget and what it has spent and reserved in its current period, by name */
  List<BudgetStatus> budgets();

  /**
   * The deployments a call of this request would try, in order, now: resolved, filtered by
   * capability, ordered by the route's strategy, the unhealthy ones last. Nothing is sent.
   *
   * @param request the request
   * @return deployment names, first first
   * @throws io.vectornode.error.ConfigurationException when the request names no known route,
   *     deployment or provider
   */
  List<String> plan(ChatRequest request);

  /**
   * Re-reads the config file of a client made by {@link VectorNode#watch}: the new config is
   * validated first and swapped in as a whole; calls in flight finish on the config they
   * started with.
   *
   * @return whether a new config was applied (false: unchanged, or refused — see {@link
   *     #lastReloadError()})
   * @throws UnsupportedOperationException for a client built from code or by {@code
   *     fromConfig}, which has no file to follow
   */
  boolean reload();

  /** @return how many configs this client has applied: 1 for a client that does not reload */
  int generation();

  /** @return why the last reload was refused, or empty */
  Optional<String> lastReloadError();
}
