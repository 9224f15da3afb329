package io.vectornode.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {
  private static long exact(long[] sorted, double q) {
    return sorted[(int) Math.max(1, Math.ceil(q * sorted.length)) - 1];
  }

  private static void assertWithinDocumentedError(long[] values) {
    LatencySketch s = new LatencySketch();
    for (long v : values) {
      s.record(v);
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    for (double q : new double[] {0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
      long want = exact(sorted, q);
      assertThat((double) Math.abs(s.quantile(q) - want)).as("q=%s exact=%s", q, want)
          .isLessThanOrEqualTo(want / 32.0);
    }
    assertThat(s.count()).isEqualTo(values.length);
  }

  @Test
  void quantile_logNormalLatencies_withinOneThirtySecondOfExact() {
    Random r = new Random(7);
    for (int run = 0; run < 20; run++) {
      long[] v = new long[5_000 + r.nextInt(20_000)];
      double mu = 2 + r.nextDouble() * 8;
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.max(0, (long) Math.exp(mu + r.nextGaussian() * 1.5));
      }
      assertWithinDocumentedError(v);
    }
  }

  @Test
  void quantile_uniformAndSkewedLatencies_withinOneThirtySecondOfExact() {
    Random r = new Random(11);
    long[] uniform = new long[50_000];
    long[] bimodal = new long[50_000];
    for (int i = 0; i < uniform.length; i++) {
      uniform[i] = r.nextInt(3_600_000);
      bimodal[i] = r.nextInt(20) == 0 ? 30_000 + r.nextInt(90_000) : 40 + r.nextInt(200);
    }
    assertWithinDocumentedError(uniform);
    assertWithinDocumentedError(bimodal);
  }

  @Test
  void quantile_smallValuesOrOneValue_exact() {
    LatencySketch small = new LatencySketch();
    for (int v = 0; v < 32; v++) {
      small.record(v);
    }
    assertThat(small.quantile(0.5)).isEqualTo(15);
    assertThat(small.quantile(0.95)).isEqualTo(30);
    assertThat(small.quantile(1.0)).isEqualTo(31);
    LatencySketch one = new LatencySketch();
    one.record(123_457);
    one.record(123_457);
    assertThat(one.quantile(0.5)).isEqualTo(123_457);
    assertThat(one.quantile(0.95)).isEqualTo(123_457);
    assertThat(new LatencySketch().quantile(0.95)).isZero();
  }

  @Test
  void record_extremeValues_clampedAndAtMost512Buckets() {
    LatencySketch s = new LatencySketch();
    s.record(-5);
    s.record(Long.MAX_VALUE);
    s.record(0);
    assertThat(s.buckets()).isLessThanOrEqualTo(512);
    assertThat(s.quantile(1.0)).isEqualTo(LatencySketch.MAX_MS);
    assertThat(s.quantile(0.1)).isZero();
    LatencySketch typical = new LatencySketch();
    for (long v = 20; v <= 600_000; v += 7) {
      typical.record(v);
    }
    // 20 ms to 10 min: about 15 powers of two of 16 buckets each, not the 1,024 of Histogram.
    assertThat(typical.buckets()).isLessThan(260);
  }

  @Test
  void add_countBeyondIntRange_widensWithoutLosingCounts() {
    LatencySketch s = new LatencySketch();
    s.add(100, Integer.MAX_VALUE);
    s.add(100, 10);
    s.add(5_000, 3L * Integer.MAX_VALUE);
    s.record(1);
    assertThat(s.count()).isEqualTo(4L * Integer.MAX_VALUE + 11);
    assertThat(s.quantile(0.2)).isBetween(97L, 103L);
    assertThat(s.quantile(0.9)).isBetween(5_000 - 5_000 / 32L, 5_000 + 5_000 / 32L);
    assertThat(s.quantile(1e-12)).isEqualTo(1);
  }
}
