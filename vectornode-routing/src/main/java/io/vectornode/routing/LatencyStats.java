package io.vectornode.routing;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A deployment's recent latencies: an exponentially weighted moving average for least-latency
 * routing, and the last samples for the p95 that adaptive hedging waits. Thread-safe without
 * locks: every successful call records here, so many callers must not queue on it.
 */
final class LatencyStats {
  private static final double ALPHA = 0.3;
  private static final int SAMPLES = 128;

  private final AtomicLongArray ring = new AtomicLongArray(SAMPLES);
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong ewmaBits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));

  void record(long nanos) {
    int i = count.getAndIncrement();
    ring.set(Math.floorMod(i, SAMPLES), nanos);
    while (true) {
      long bits = ewmaBits.get();
      double old = Double.longBitsToDouble(bits);
      double next = Double.isNaN(old) ? nanos : ALPHA * nanos + (1 - ALPHA) * old;
      if (ewmaBits.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
        return;
      }
    }
  }

  /** @return the moving average in nanoseconds, or NaN before the first sample */
  double ewma() {
    return Double.longBitsToDouble(ewmaBits.get());
  }

  /** @return the 95th percentile of recent samples in nanoseconds, or -1 with under 20 */
  long p95() {
    int c = count.get();
    int n = c < 0 ? SAMPLES : Math.min(c, SAMPLES); // c < 0: the counter wrapped
    if (n < 20) {
      return -1;
    }
    long[] copy = new long[n];
    for (int i = 0; i < n; i++) {
      copy[i] = ring.get(i);
    }
    Arrays.sort(copy);
    return copy[(int) Math.ceil(0.95 * n) - 1];
  }
}
