package io.vectornode.routing;

import java.time.Duration;

/**
 * When a deployment is taken out of rotation and how it comes back: {@link Resilience}'s {@code
 * circuitBreaker} and {@code retryBudget}, both kept per deployment ({@link DeploymentState}).
 *
 * @param consecutiveFailures failures in a row that open the breaker
 * @param failureRateThreshold failure percentage over the window that opens it
 * @param window the count-based window's size
 * @param minCalls calls in the window before the rate counts
 * @param openDuration how long it stays open
 * @param halfOpenProbes calls let through half-open
 * @param budgetTokens the retry budget's size
 * @param budgetRefill tokens each success returns to it
 */
record BreakerPolicy(int consecutiveFailures, float failureRateThreshold, int window,
    int minCalls, Duration openDuration, int halfOpenProbes, double budgetTokens,
    double budgetRefill) {

  static BreakerPolicy of(Resilience r) {
    return new BreakerPolicy(r.consecutiveFailures(), r.failureRateThreshold(),
        r.breakerWindow(), r.breakerMinCalls(), r.openDuration(), r.halfOpenProbes(),
        r.budgetTokens(), r.budgetRefill());
  }
}
