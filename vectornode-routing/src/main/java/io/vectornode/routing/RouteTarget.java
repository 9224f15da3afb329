package io.vectornode.routing;

import static java.util.Objects.requireNonNull;

/**
 * One deployment of a route.
 *
 * @param deployment the deployment's name
 * @param weight its weight for {@link Strategy#WEIGHTED}, positive
 */
public record RouteTarget(String deployment, int weight) {
  /** Validates. */
  public RouteTarget {
    requireNonNull(deployment, "deployment");
    if (weight < 1) {
      throw new IllegalArgumentException("route target " + deployment
          + ": weight must be at least 1, was " + weight);
    }
  }

  /**
   * A target of weight 1.
   *
   * @param deployment the deployment's name
   * @return the target
   */
  public static RouteTarget of(String deployment) {
    return new RouteTarget(deployment, 1);
  }
}
