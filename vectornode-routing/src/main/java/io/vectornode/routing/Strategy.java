package io.vectornode.routing;

/** How a route orders its deployments for a call; the rest of the order is the fallback order. */
public enum Strategy {
  /** In the listed order: the first is primary, the others are fallbacks. */
  FALLBACK,
  /** A weighted random order (seedable for tests). */
  WEIGHTED,
  /** Fastest first by a moving average of latency (time to first token for streams), with
   *  some exploration so a recovered deployment is tried again. */
  LEAST_LATENCY,
  /** Cheapest first, by catalog prices and the request's token estimate; unknown prices last. */
  LEAST_COST
}
