package io.vectornode.error;

/**
 * The provider refused the call because a rate limit or a quota was reached (HTTP 429).
 *
 * <p>A rate limit is retryable, ideally after {@link #retryAfter()}. An exhausted quota or
 * billing limit ({@link #quotaExceeded()}) is not: retrying only burns time.
 *
 * <p>Immutable and safe to share between threads.
 */
public class RateLimitException extends ProviderException {
  private static final long serialVersionUID = 1L;

  private final boolean quotaExceeded;

  /**
   * Creates the exception.
   *
   * @param error the provider's error
   * @param quotaExceeded whether the cause is an exhausted quota rather than a rate limit
   */
  public RateLimitException(ProviderError error, boolean quotaExceeded) {
    super(error);
    this.quotaExceeded = quotaExceeded;
  }

  /**
   * Whether the account's quota or billing limit is exhausted (OpenAI
   * {@code insufficient_quota}), as opposed to a temporary rate limit.
   *
   * @return {@code true} for an exhausted quota
   */
  public boolean quotaExceeded() {
    return quotaExceeded;
  }
}
