package io.vectornode.routing;

/**
 * gRPC-style retry throttling: a bucket of tokens per deployment. A failed attempt takes one
 * token; a success returns a fraction of one. Retries are allowed only while more than half the
 * bucket remains, so under a total outage the bucket drains and retries stop multiplying load.
 * Thread-safe.
 */
final class RetryBudget {
  private final double max;
  private final double refill;
  private volatile double tokens;

  RetryBudget(double max, double refill) {
    this.max = max;
    this.refill = refill;
    this.tokens = max;
  }

  boolean allowsRetry() {
    return tokens > max / 2;
  }

  synchronized void onFailure() {
    tokens = Math.max(0, tokens - 1);
  }

  void onSuccess() {
    if (tokens >= max) {
      return; // the common case: a full bucket, nothing to write (and no lock to contend on)
    }
    synchronized (this) {
      tokens = Math.min(max, tokens + refill);
    }
  }

  double tokens() {
    return tokens;
  }
}
