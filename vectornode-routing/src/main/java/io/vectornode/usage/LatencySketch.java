package io.vectornode.usage;

import org.jspecify.annotations.Nullable;

/**
 * A compact latency histogram for one group of a ledger summary: the buckets of {@link Histogram}
 * (exact below 32 ms, then 16 per power of two) over whole milliseconds, stored only for the
 * range of buckets actually seen.
 *
 * <p>Error: a quantile is the middle of the bucket holding the exact nearest-rank value, clamped
 * to the smallest and largest value seen, so it is within 1/32 (3.125%) of the exact value, and
 * exact below 32 ms, for the maximum, or when every value is the same.
 *
 * <p>Memory: an {@code int} per bucket between the smallest and the largest bucket seen, at most
 * 512 buckets (2 KB) because latencies are clamped to 0..2<sup>32</sup>-1 ms (49 days); a
 * typical group (tens of ms to minutes) holds about 200. Counts widen to {@code long} if one
 * bucket passes 2<sup>31</sup>-1. Why not the routing {@link Histogram} itself: it holds a fixed
 * 1,024 atomic longs (8 KB), 80 MB over the 10,000 groups a summary may have.
 *
 * <p>Not thread-safe.
 */
final class LatencySketch {
  static final long MAX_MS = (1L << 32) - 1;

  private int lo;
  private int[] counts = new int[0];
  private long @Nullable [] wide;
  private long total;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;

  /** Records one latency; negative counts as 0 and more than {@link #MAX_MS} as that. */
  void record(long ms) {
    add(ms, 1);
  }

  /** Records {@code n} times the same latency (n above 0). */
  void add(long ms, long n) {
    long v = Math.max(0, Math.min(MAX_MS, ms));
    int i = Histogram.index(v);
    cover(i);
    if (wide == null && counts[i - lo] + n > Integer.MAX_VALUE) {
      long[] w = new long[counts.length];
      for (int k = 0; k < w.length; k++) {
        w[k] = counts[k];
      }
      wide = w;
      counts = new int[0];
    }
    if (wide != null) {
      wide[i - lo] += n;
    } else {
      counts[i - lo] += (int) n;
    }
    total += n;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }

  /** Widens the stored range so that it holds bucket {@code i}. */
  private void cover(int i) {
    int len = wide != null ? wide.length : counts.length;
    if (len == 0) {
      lo = i;
      counts = new int[1];
      return;
    }
    if (i >= lo && i < lo + len) {
      return;
    }
    int newLo = Math.min(lo, i);
    int newLen = Math.max(lo + len, i + 1) - newLo;
    if (wide != null) {
      long[] w = new long[newLen];
      System.arraycopy(wide, 0, w, lo - newLo, len);
      wide = w;
    } else {
      int[] c = new int[newLen];
      System.arraycopy(counts, 0, c, lo - newLo, len);
      counts = c;
    }
    lo = newLo;
  }

  /** How many latencies were recorded. */
  long count() {
    return total;
  }

  /** The number of buckets held (for memory tests). */
  int buckets() {
    return wide != null ? wide.length : counts.length;
  }

  /**
   * A quantile in milliseconds, within 1/32 of the exact nearest-rank value.
   *
   * @param q the quantile, above 0 and at most 1 (0.95 for p95)
   * @return the value, or 0 when nothing was recorded
   */
  long quantile(double q) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    if (rank >= total) {
      return max;
    }
    long seen = 0;
    int len = buckets();
    for (int k = 0; k < len; k++) {
      seen += wide != null ? wide[k] : counts[k];
      if (seen >= rank) {
        int i = lo + k;
        long low = Histogram.lowerBound(i);
        long mid = low + (Histogram.lowerBound(i + 1) - low - 1) / 2;
        return Math.max(min, Math.min(max, mid));
      }
    }
    return max;
  }

  @Override
  public String toString() {
    return "LatencySketch{count=" + total + ", buckets=" + buckets() + ", p50=" + quantile(0.5)
        + ", p95=" + quantile(0.95) + "}";
  }
}
