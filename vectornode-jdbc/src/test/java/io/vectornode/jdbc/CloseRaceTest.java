package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call that ends while the ledger closes: it passed the closed check before close() and
 * reaches the spool and the queue after the writer has finished. Its record must be either in
 * the spool (for the next start) or counted as dropped; never silently held in a queue nobody
 * drains. No database is needed (the URL is unreachable).
 */
class CloseRaceTest {
  @TempDir Path dir;

  /** A clock whose second reading (the racing call's) waits until the test lets it go. */
  static final class GateClock extends Clock {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Instant.parse("2026-11-20T10:00:00Z");
    }
  }

  @Test
  void aCallEndingDuringClose_isSpooledOrCountedDropped_neverLostSilently() throws Exception {
    GateClock clock = new GateClock();
    Path spool = dir.resolve("spool");
    JdbcLedger ledger = JdbcLedger.builder().url(JdbcConfigTest.URL).spool(spool)
        .connectTimeout(Duration.ofMillis(250)).closeTimeout(Duration.ZERO).clock(clock).build();
    Thread caller = new Thread(() -> ledger.onCallEnd(Calls.call("race-1")));
    caller.start();
    assertThat(clock.entered.await(10, TimeUnit.SECONDS)).isTrue();
    ledger.close(); // the writer finishes and the spool is closed while the call is inside
    clock.release.countDown();
    caller.join(10_000);

    JdbcLedger.Stats s = ledger.stats();
    boolean inSpool = !Calls.segments(spool).isEmpty();
    assertThat(inSpool || s.dropped() == 1)
        .as("record in the spool %s or counted dropped (stats %s)", Calls.segments(spool), s)
        .isTrue();
    assertThat(s.queued()).as("nothing left in a queue nobody drains").isZero();
  }
}
