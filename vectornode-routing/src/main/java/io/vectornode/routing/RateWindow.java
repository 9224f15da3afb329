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
  private final io.vectornode.spi.Ticker ticker;

  /**
   * A full window read on a ticker.
   *
   * @param now the ticker's time now
   */
  RateWindow(long perMinute, long now, io.vectornode.spi.Ticker ticker) {
    this.capacity = perMinute;
    this.available = perMinute;
    this.last = now;
    this.ticker = ticker;
  }

  @Override
  public boolean tryTake(long amount) {
    return tryTake(amount, ticker.read());
  }

  /** Takes more (the window may go below zero) or gives back, never above its capacity. */
  @Override
  public synchronized void correct(long delta) {
    available = Math.min(capacity, available - delta);
  }

  private synchronized boolean tryTake(long amount, long now) {
    available = Math.min(capacity, available + (now - last) / MINUTE_NANOS * capacity);
    last = now;
    if (available >= amount || available >= capacity) {
      available -= amount;
      return true;
    }
    return false;
  }
}
