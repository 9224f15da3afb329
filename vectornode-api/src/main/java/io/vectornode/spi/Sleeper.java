package io.vectornode.spi;

import java.time.Duration;

/**
 * Waits, for backoffs between retries. Injectable so that tests run in virtual time: a test
 * sleeper advances a virtual clock instead of blocking. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for a duration.
   *
   * @param duration how long, not negative
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The real sleeper, {@link Thread#sleep(long, int)}.
   *
   * @return the sleeper
   */
  static Sleeper system() {
    return d -> {
      if (!d.isZero() && !d.isNegative()) {
        Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
      }
    };
  }
}
