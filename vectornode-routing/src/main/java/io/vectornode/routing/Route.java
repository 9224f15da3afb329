package io.vectornode.routing;

import static java.util.Objects.requireNonNull;

import io.vectornode.catalog.Capability;
import io.vectornode.error.ConfigurationException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A named policy (a task such as {@code reasoning} or {@code cheap}, or an alias such as {@code
 * default}): which deployments may serve a call, and in what order. {@code ChatRequest.task()}
 * or {@code ChatRequest.model()} selects it by name.
 *
 * @param name the route's name
 * @param strategy how to order the deployments
 * @param targets the deployments, in fallback order
 * @param requires capabilities every deployment must have for this route (on top of what each
 *     request needs)
 * @param contentPolicyFallback the deployment to try when a call is content-filtered, or null
 *     to surface the filter
 * @param hedging hedging, {@link Hedging#OFF} by default
 * @param budgetFallback whether a deployment refused by a budget passes the call on to the
 *     route's next deployment (list cheaper ones after it) instead of failing it
 */
public record Route(String name, Strategy strategy, List<RouteTarget> targets,
    Set<Capability> requires, @Nullable String contentPolicyFallback, Hedging hedging,
    boolean budgetFallback) {

  /** The most deployments a route may name (the planner keeps its eligibility in one long). */
  public static final int MAX_TARGETS = 63;

  /** Validates and copies. */
  public Route {
    requireNonNull(name, "name");
    requireNonNull(strategy, "strategy");
    targets = List.copyOf(targets);
    requires = requires.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(requires));
    requireNonNull(hedging, "hedging");
    if (targets.isEmpty()) {
      throw new ConfigurationException("routes." + name + ".targets", "must not be empty");
    }
    if (targets.size() > MAX_TARGETS) {
      throw new ConfigurationException("routes." + name + ".targets", "has " + targets.size()
          + " deployments; a route takes at most " + MAX_TARGETS);
    }
    if (targets.stream().map(RouteTarget::deployment).distinct().count() != targets.size()) {
      throw new ConfigurationException("routes." + name + ".targets",
          "names a deployment twice: " + targets.stream().map(RouteTarget::deployment).toList());
    }
  }

  /**
   * A route without budget fallback.
   *
   * @param name its name
   * @param strategy its strategy
   * @param targets its deployments
   * @param requires required capabilities
   * @param contentPolicyFallback the content-policy fallback, or null
   * @param hedging hedging
   */
  public Route(String name, Strategy strategy, List<RouteTarget> targets,
      Set<Capability> requires, @Nullable String contentPolicyFallback, Hedging hedging) {
    this(name, strategy, targets, requires, contentPolicyFallback, hedging, false);
  }

  /**
   * A copy that passes budget-refused calls to the next deployment.
   *
   * @param enabled whether to
   * @return the copy
   */
  public Route withBudgetFallback(boolean enabled) {
    return new Route(name, strategy, targets, requires, contentPolicyFallback, hedging, enabled);
  }

  /**
   * An ordered-fallback route.
   *
   * @param name its name
   * @param deployments the deployments, primary first
   * @return the route
   */
  public static Route fallback(String name, String... deployments) {
    return new Route(name, Strategy.FALLBACK, List.of(deployments).stream()
        .map(RouteTarget::of).toList(), Set.of(), null, Hedging.OFF);
  }

  /**
   * A copy with another strategy.
   *
   * @param s the strategy
   * @return the copy
   */
  public Route withStrategy(Strategy s) {
    return new Route(name, s, targets, requires, contentPolicyFallback, hedging, budgetFallback);
  }

  /**
   * A copy with hedging.
   *
   * @param h the hedging setting
   * @return the copy
   */
  public Route withHedging(Hedging h) {
    return new Route(name, strategy, targets, requires, contentPolicyFallback, h, budgetFallback);
  }

  /**
   * A copy with a content-policy fallback.
   *
   * @param deployment the deployment to use when a call is content-filtered
   * @return the copy
   */
  public Route withContentPolicyFallback(@Nullable String deployment) {
    return new Route(name, strategy, targets, requires, deployment, hedging, budgetFallback);
  }

  /**
   * A copy requiring capabilities.
   *
   * @param caps the capabilities
   * @return the copy
   */
  public Route requiring(Capability... caps) {
    return new Route(name, strategy, targets, caps.length == 0 ? Set.of() : EnumSet.of(caps[0],
        caps), contentPolicyFallback, hedging, budgetFallback);
  }
}
