package io.vectornode.routing.internal;

import java.util.Arrays;

/**
 * A deployment's recent latencies: an exponentially weighted moving average for least-latency
 * routing, and the last samples for the p95 that adaptive hedging waits. Thread-safe.
 */
final class LatencyStats {
  private static final double ALPHA = 0.3;
  private static final int SAMPLES = 128;

  private final long[] ring = new long[SAMPLES];
  private int count;
  private double ewma = Double.NaN;

  synchronized void record(long nanos) {
    ewma = Double.isNaN(ewma) ? nanos : ALPHA * nanos + (1 - ALPHA) * ewma;
    ring[count % SAMPLES] = nanos;
    count++;
  }

  /** @return the moving average in nanoseconds, or NaN before the first sample */
  synchronized double ewma() {
    return ewma;
  }

  /** @return the 95th percentile of recent samples in nanoseconds, or -1 with under 20 */
  synchronized long p95() {
    int n = Math.min(count, SAMPLES);
    if (n < 20) {
      return -1;
    }
    long[] copy = Arrays.copyOf(ring, n);
    Arrays.sort(copy);
    return copy[(int) Math.ceil(0.95 * n) - 1];
  }
}
