package io.vectornode.routing;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Opt-in hedging for a route: when the first attempt has produced no first token after a delay,
 * the next deployment is started too; the first to succeed wins and the other is cancelled.
 * Every started attempt is reported, with its usage and cost.
 *
 * @param enabled whether to hedge
 * @param delay the fixed delay, or null to use the first deployment's observed p95 time to first
 *     token (or latency), falling back to {@code minDelay} until it has enough samples
 * @param minDelay the smallest delay, and the delay while there are too few samples
 */
public record Hedging(boolean enabled, @Nullable Duration delay, Duration minDelay) {
  /** No hedging. */
  public static final Hedging OFF = new Hedging(false, null, Duration.ofMillis(500));

  /** Validates. */
  public Hedging {
    java.util.Objects.requireNonNull(minDelay, "minDelay");
    if ((delay != null && delay.isNegative()) || minDelay.isNegative()) {
      throw new IllegalArgumentException("hedging delay: must not be negative");
    }
  }

  /**
   * Hedge after a fixed delay.
   *
   * @param delay the delay
   * @return the setting
   */
  public static Hedging after(Duration delay) {
    return new Hedging(true, delay, delay);
  }

  /**
   * Hedge after the primary's observed p95 time to first token.
   *
   * @param minDelay the smallest delay
   * @return the setting
   */
  public static Hedging atP95(Duration minDelay) {
    return new Hedging(true, null, minDelay);
  }
}
