package io.vectornode.routing;

/**
 * A per-minute limit as a token bucket refilled continuously (the limit per 60 seconds of the
 * injected ticker). A request larger than the whole bucket passes only when the bucket is full,
 * so that it is not refused forever. Thread-safe.
 */
final class RateWindow {
  private static final double MINUTE_NANOS = 60e9;

  private final double capacity;
  private double available;
  private long last;

  RateWindow(long perMinute, long now) {
    this.capacity = perMinute;
    this.available = perMinute;
    this.last = now;
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
