package io.vectornode.routing;

/**
 * A per-minute limit as a token bucket refilled continuously (the limit per 60 seconds of the
 * injected ticker). A request larger than the whole bucket passes only when the bucket is full,
 * so that it is not refused forever. Thread-safe.
 */
final class RateWindow implements io.vectornode.state.RateLimit {
  private static final double MINUTE_NANOS = 60e9;

  private final double capacity;
  private double available;
  private long last;
  private final io.vectornode.spi.@org.jspecify.annotations.Nullable Ticker ticker;

  RateWindow(long perMinute, long now) {
    this(perMinute, now, null);
  }

  /**
   * A window read on a ticker, for {@link #tryTake(long)} and {@link #correct}.
   *
   * @param ticker the time source, or null when every call passes the time
   */
  RateWindow(long perMinute, long now, io.vectornode.spi.@org.jspecify.annotations.Nullable
      Ticker ticker) {
    this.capacity = perMinute;
    this.available = perMinute;
    this.last = now;
    this.ticker = ticker;
  }

  @Override
  public boolean tryTake(long amount) {
    return tryTake(amount, java.util.Objects.requireNonNull(ticker, "ticker").read());
  }

  /** Takes more (the window may go below zero) or gives back, never above its capacity. */
  @Override
  public synchronized void correct(long delta) {
    available = Math.min(capacity, available - delta);
  }

  synchronized boolean tryTake(long amount, long now) {
    available = Math.min(capacity, available + (now - last) / MINUTE_NANOS * capacity);
    last = now;
    if (available >= amount || available >= capacity) {
      available -= amount;
      return true;
    }
    return false;
  }
}
