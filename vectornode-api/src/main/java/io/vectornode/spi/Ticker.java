package io.vectornode.spi;

/**
 * A source of nanosecond time for measuring durations, injectable so that tests run in virtual
 * time. Implementations must be thread-safe and monotonic.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * The current time in nanoseconds from an arbitrary origin.
   *
   * @return nanoseconds
   */
  long read();

  /**
   * The system ticker, {@link System#nanoTime()}.
   *
   * @return the ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
