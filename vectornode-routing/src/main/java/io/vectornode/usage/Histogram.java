package io.vectornode.usage;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram with about 6% precision from 1 microsecond to hours: 16
 * sub-buckets per power of two. Recording is one atomic increment; percentiles walk 1,024
 * counters. Thread-safe.
 */
final class Histogram {
  private static final int SUB = 16;
  private final AtomicLongArray counts = new AtomicLongArray(64 * SUB);

  /**
   * Records a duration.
   *
   * @param nanos the duration in nanoseconds
   */
  public void record(long nanos) {
    counts.incrementAndGet(index(Math.max(1, nanos / 1000)));
  }

  /**
   * The bucket a value falls in: the value itself below 16, then 16 buckets per power of two, so
   * a bucket is at most 1/16 of its lower bound wide. Unit-agnostic.
   *
   * @param micros the value, 0 or more (microseconds here; any unit elsewhere)
   * @return the bucket, 0 to 1,023
   */
  public static int index(long micros) {
    int exp = 63 - Long.numberOfLeadingZeros(micros);
    if (exp < 4) {
      return (int) micros;
    }
    int sub = (int) ((micros >>> (exp - 4)) & (SUB - 1));
    return exp * SUB + sub;
  }

  /**
   * The smallest value of a bucket; {@code lowerBound(i + 1) - lowerBound(i)} is its width.
   *
   * @param index the bucket, as {@link #index} returns it
   * @return its smallest value
   */
  public static long lowerBound(int index) {
    int exp = index / SUB;
    int sub = index % SUB;
    if (exp < 4) {
      return index;
    }
    return (long) (SUB + sub) << (exp - 4);
  }

  /**
   * Adds another histogram's counts to this one.
   *
   * @param other the other histogram
   */
  public void add(Histogram other) {
    for (int i = 0; i < counts.length(); i++) {
      long c = other.counts.get(i);
      if (c != 0) {
        counts.addAndGet(i, c);
      }
    }
  }

  /** @return how many durations were recorded */
  public long count() {
    long n = 0;
    for (int i = 0; i < counts.length(); i++) {
      n += counts.get(i);
    }
    return n;
  }

  /**
   * A percentile in milliseconds (the lower bound of its bucket).
   *
   * @param p the percentile, for example 0.95
   * @return the value, or 0 when empty
   */
  public double percentileMillis(double p) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(p * total);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return lowerBound(i) / 1000.0;
      }
    }
    return 0;
  }
}
