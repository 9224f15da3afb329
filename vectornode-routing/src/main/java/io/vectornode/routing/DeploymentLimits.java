package io.vectornode.routing;

/**
 * Client-side limits of one deployment; 0 means unlimited. A deployment at a limit is skipped
 * (the route moves on) rather than waited for.
 *
 * @param requestsPerMinute requests started per rolling minute
 * @param tokensPerMinute estimated tokens (input plus maximum output) per rolling minute
 * @param maxConcurrent calls in flight at once (a bulkhead)
 */
public record DeploymentLimits(int requestsPerMinute, long tokensPerMinute, int maxConcurrent) {
  /** No limits. */
  public static final DeploymentLimits NONE = new DeploymentLimits(0, 0, 0);

  /** Validates. */
  public DeploymentLimits {
    if (requestsPerMinute < 0 || tokensPerMinute < 0 || maxConcurrent < 0) {
      throw new IllegalArgumentException("limits: must not be negative, were rpm="
          + requestsPerMinute + " tpm=" + tokensPerMinute + " maxConcurrent=" + maxConcurrent);
    }
  }
}
