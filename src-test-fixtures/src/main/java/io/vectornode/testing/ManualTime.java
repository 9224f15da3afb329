package io.vectornode.testing;

import static java.util.Objects.requireNonNull;

import io.vectornode.spi.Sleeper;
import io.vectornode.spi.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for tests: a {@link Ticker}, a {@link Clock} and a {@link Sleeper} that move only
 * when told to (or when something sleeps), so that latencies, backoffs and cooldowns are exact
 * and no test waits for real. Every sleep is recorded.
 *
 * <p>Thread-safe.
 */
public final class ManualTime implements Ticker, Sleeper {
  private final AtomicLong nanos = new AtomicLong();
  private final java.util.List<Duration> sleeps =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Instant origin;
  private final ZoneId zone;

  private ManualTime(Instant origin, ZoneId zone) {
    this.origin = origin;
    this.zone = zone;
  }

  /** @return virtual time starting at 2026-01-01T00:00:00Z */
  public static ManualTime create() {
    return starting(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Virtual time starting at an instant, in UTC.
   *
   * @param origin the wall-clock time at the start
   * @return the time source
   */
  public static ManualTime starting(Instant origin) {
    return new ManualTime(requireNonNull(origin, "origin"), ZoneOffset.UTC);
  }

  /**
   * Moves time forward.
   *
   * @param d how far, not negative
   * @return this
   */
  public ManualTime advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("advance: must not be negative, was " + d);
    }
    nanos.addAndGet(d.toNanos());
    return this;
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /** Advances virtual time by the duration at once, and records the sleep. */
  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    if (!duration.isNegative()) {
      nanos.addAndGet(duration.toNanos());
    }
  }

  /** @return every sleep so far, in order */
  public java.util.List<Duration> sleeps() {
    return java.util.List.copyOf(sleeps);
  }

  /** @return how much virtual time has passed */
  public Duration elapsed() {
    return Duration.ofNanos(nanos.get());
  }

  /** @return a wall clock in UTC that follows this virtual time */
  public Clock clock() {
    return new VirtualClock(zone);
  }

  private final class VirtualClock extends Clock {
    private final ZoneId clockZone;

    VirtualClock(ZoneId clockZone) {
      this.clockZone = clockZone;
    }

    @Override
    public ZoneId getZone() {
      return clockZone;
    }

    @Override
    public Clock withZone(ZoneId z) {
      return new VirtualClock(requireNonNull(z, "zone"));
    }

    @Override
    public Instant instant() {
      return origin.plusNanos(nanos.get());
    }
  }
}
