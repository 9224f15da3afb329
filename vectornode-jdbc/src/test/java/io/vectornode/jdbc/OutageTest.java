package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.testing.LogCapture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * The database stopped, restarted, slow, and the spool full: every record recorded is in the
 * database exactly once afterwards, or counted as dropped; calls never wait on the database.
 */
class OutageTest {
  /** Any call that waited on the database would take the connect timeout (3 s) at least. */
  static final Duration CONNECT = Duration.ofSeconds(3);
  static final long CALL_BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);
  static final Duration WAIT = Duration.ofSeconds(60);

  static TestPostgres pg;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pg = TestPostgres.start();
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  @BeforeEach
  void up() {
    if (!pg.running()) {
      pg.restart();
    }
    LogCapture.clear();
  }

  static JdbcLedger.Builder ledger(Path spool, String table) {
    return JdbcLedger.builder().url(pg.jdbcUrl()).table(table).spool(spool)
        .retryEvery(Duration.ofMillis(50)).connectTimeout(CONNECT);
  }

  /** Records ids from several threads; returns the slowest onCallEnd, in nanoseconds. */
  static long record(JdbcLedger ledger, String prefix, int from, int to, int threads)
      throws Exception {
    AtomicLong slowest = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = from + t;
        done.add(pool.submit(() -> {
          for (int i = first; i < to; i += threads) {
            long start = System.nanoTime();
            ledger.onCallEnd(Calls.call(prefix + i));
            slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return slowest.get();
  }

  static Set<String> ids(String prefix, int n) {
    Set<String> s = new HashSet<>();
    for (int i = 0; i < n; i++) {
      s.add(prefix + i);
    }
    return s;
  }

  @Test
  void databaseStoppedMidRun_andRestarted_everyRecordIsThereExactlyOnce() throws Exception {
    Path spool = dir.resolve("spool");
    JdbcLedger ledger = ledger(spool, "outage_calls").build();
    record(ledger, "o-", 0, 1_000, 4);
    Calls.await("the first 1,000 written", WAIT, () -> ledger.stats().written() == 1_000);

    pg.stop();
    long slowest = record(ledger, "o-", 1_000, 3_000, 8);
    Calls.await("the outage noticed", WAIT, () -> ledger.stats().outages() == 1
        && !ledger.stats().available());
    assertThat(slowest).as("the slowest call while the database was down, ns")
        .isLessThan(CALL_BOUND_NANOS);
    assertThat(Calls.segments(spool)).isNotEmpty();

    pg.restart();
    record(ledger, "o-", 3_000, 4_000, 4);
    Calls.await("all 4,000 in the database", WAIT,
        () -> Calls.count(pg, "SELECT count(*) FROM outage_calls") == 4_000);
    Calls.await("the spool replayed", WAIT, () -> ledger.stats().written()
        + ledger.stats().replayed() == 4_000 && ledger.stats().queued() == 0);
    JdbcLedger.Stats before = ledger.stats();
    ledger.close();

    assertThat(Calls.ids(pg, "outage_calls")).isEqualTo(ids("o-", 4_000));
    assertThat(Calls.count(pg, "SELECT count(*) FROM outage_attempts")).isEqualTo(8_000);
    JdbcLedger.Stats s = ledger.stats();
    assertThat(s.dropped()).isZero();
    assertThat(s.rejected()).isZero();
    assertThat(s.outages()).isEqualTo(1);
    assertThat(s.spooled()).isPositive();
    assertThat(s.replayed()).isPositive();
    assertThat(s.written() + s.replayed()).isEqualTo(4_000);
    assertThat(Calls.segments(spool)).isEmpty();
    assertThat(LogCapture.lines()).filteredOn(l -> l.level() == Level.WARN
        && l.message().contains("failed") && l.message().contains("records wait in the spool"))
        .hasSize(1);
    assertThat(LogCapture.lines()).filteredOn(l -> l.message().contains("answers again"))
        .hasSize(1);
    System.out.printf("stopped mid-run: 4,000 recorded, 4,000 in the database, 0 lost, 0"
        + " duplicated; slowest call while down %.2f ms; %s (before close %s)%n",
        slowest / 1e6, s, before);
  }

  @Test
  void aSlowDatabase_fillsTheQueue_callsDoNotWait_andTheSpoolCatchesUp() throws Exception {
    Path spool = dir.resolve("spool");
    JdbcLedger ledger = ledger(spool, "slow_calls").queueCapacity(200).batchSize(100).build();
    ledger.onCallEnd(Calls.call("s-first"));
    Calls.await("the table created and written", WAIT, () -> ledger.stats().written() == 1);
    long slowest;
    try (Connection lock = Calls.connect(pg)) {
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        st.execute("LOCK TABLE slow_calls IN ACCESS EXCLUSIVE MODE");
      }
      // The writer's next insert waits for the lock: the queue fills, the rest is spooled.
      slowest = record(ledger, "s-", 0, 3_000, 8);
      assertThat(ledger.stats().spooled()).isPositive();
      assertThat(Calls.count(pg, "SELECT count(*) FROM pg_locks WHERE NOT granted"))
          .as("the writer waits for the table lock").isPositive();
      lock.commit();
    }
    assertThat(slowest).isLessThan(CALL_BOUND_NANOS);
    Calls.await("all in the database", WAIT,
        () -> Calls.count(pg, "SELECT count(*) FROM slow_calls") == 3_001);
    Calls.await("the spool replayed", WAIT,
        () -> ledger.stats().written() + ledger.stats().replayed() == 3_001);
    ledger.close();
    Set<String> expected = ids("s-", 3_000);
    expected.add("s-first");
    assertThat(Calls.ids(pg, "slow_calls")).isEqualTo(expected);
    JdbcLedger.Stats s = ledger.stats();
    assertThat(s.dropped()).isZero();
    assertThat(s.outages()).as("slow is not down").isZero();
    assertThat(Calls.segments(spool)).isEmpty();
    System.out.printf("slow (locked) database: 3,001 recorded, 3,001 in the database; slowest"
        + " call %.2f ms; %s%n", slowest / 1e6, s);
  }

  @Test
  void queueAndSpoolFull_dropsAreCountedAndWarnedOnce_andEverythingElseArrives()
      throws Exception {
    pg.stop();
    Path spool = dir.resolve("spool");
    JdbcLedger ledger = ledger(spool, "full_calls").queueCapacity(50)
        .spoolLimitBytes(1L << 20).build();
    int n = 3_000; // about 3 MB of lines: the 1 MiB spool takes about a third
    long slowest = record(ledger, "f-", 0, n, 4);
    Calls.await("the queue left to the spool", WAIT, () -> ledger.stats().queued() == 0
        && ledger.stats().outages() == 1);
    JdbcLedger.Stats during = ledger.stats();
    assertThat(during.dropped()).isPositive();
    assertThat(during.spoolBytes()).isLessThanOrEqualTo(1L << 20);
    List<LogCapture.Line> dropping = LogCapture.lines().stream()
        .filter(l -> l.message().contains("dropping records")).toList();
    assertThat(dropping).hasSize(1);
    assertThat(dropping.get(0).level()).isEqualTo(Level.WARN);

    pg.restart();
    Calls.await("the spool replayed", WAIT, () -> ledger.stats().available()
        && ledger.stats().spoolFiles() == 0 && ledger.stats().queued() == 0);
    ledger.close();
    JdbcLedger.Stats s = ledger.stats();
    long rows = Calls.count(pg, "SELECT count(*) FROM full_calls");
    assertThat(rows + s.dropped()).as("every record is in the database or counted dropped")
        .isEqualTo(n);
    assertThat(ids("f-", n)).containsAll(Calls.ids(pg, "full_calls"));
    assertThat(LogCapture.lines()).filteredOn(l -> l.level() == Level.WARN
        && l.message().contains(s.dropped() + " records were dropped while the queue and the"
            + " spool were full")).hasSize(1);
    assertThat(slowest).isLessThan(CALL_BOUND_NANOS);
    System.out.printf("queue and spool full: %d recorded, %d in the database, %d dropped"
        + " (counted), 0 duplicated; %s%n", n, rows, s.dropped(), s);
  }

  @Test
  void closeWhileTheDatabaseIsDown_isBounded_andTheNextLedgerReplaysTheSpool()
      throws Exception {
    Path spool = dir.resolve("spool");
    JdbcLedger first = ledger(spool, "closed_calls").closeTimeout(Duration.ofSeconds(1))
        .build();
    first.onCallEnd(Calls.call("c-first"));
    Calls.await("the table created", WAIT, () -> first.stats().written() == 1);
    pg.stop();
    record(first, "c-", 0, 500, 2);
    long start = System.nanoTime();
    first.close();
    long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // closeTimeout (1 s), plus at most one connect timeout (3 s) for its last try, plus margin.
    assertThat(closeMs).isLessThan(6_000);
    assertThat(first.stats().dropped()).isZero();
    assertThat(Calls.segments(spool)).isNotEmpty();

    pg.restart();
    JdbcLedger second = ledger(spool, "closed_calls").build();
    Calls.await("the spool replayed", WAIT, () -> second.stats().replayed() == 500
        && second.stats().spoolFiles() == 0);
    second.close();
    Set<String> expected = ids("c-", 500);
    expected.add("c-first");
    assertThat(Calls.ids(pg, "closed_calls")).isEqualTo(expected);
    assertThat(Calls.segments(spool)).isEmpty();
    System.out.printf("closed while down (close took %d ms): 501 recorded, 501 in the database"
        + " after the next start; first %s; second %s%n", closeMs, first.stats(),
        second.stats());
  }

  @Test
  void theReplay_doesNotPauseBetweenSpoolFiles() throws Exception {
    pg.stop();
    Path spool = dir.resolve("spool");
    // Spool files of 1 MiB (a 64th of the cap): 8,000 records make 7 or 8 of them.
    JdbcLedger ledger = ledger(spool, "replay_calls").spoolLimitBytes(64L << 20).build();
    record(ledger, "r-", 0, 8_000, 2);
    Calls.await("left to the spool", WAIT, () -> ledger.stats().spooled() == 8_000);
    assertThat(Calls.segments(spool).size()).isGreaterThanOrEqualTo(6);
    pg.restart();
    Calls.await("the database answers", WAIT, () -> ledger.stats().available());
    long start = System.nanoTime();
    Calls.await("the spool replayed", WAIT, () -> ledger.stats().replayed() == 8_000);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    ledger.close();
    assertThat(Calls.ids(pg, "replay_calls")).isEqualTo(ids("r-", 8_000));
    // It once waited a second for its (empty) queue between two files: 6 s or more here.
    assertThat(ms).as("replay of 8,000 records from 6+ files, ms").isLessThan(4_000);
    System.out.printf("replayed 8,000 records from the spool in %d ms%n", ms);
  }

  @Test
  void twoLedgersOnOneSpool_theSecondIsRefused() {
    Path spool = dir.resolve("spool");
    try (JdbcLedger first = ledger(spool, "lock_calls").build()) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(
          () -> ledger(spool, "lock_calls").build());
      assertThat(t).isInstanceOf(io.vectornode.error.ConfigurationException.class)
          .hasMessageContaining("ledger.jdbc.spool")
          .hasMessageContaining("is in use by another ledger");
      assertThat(first.stats().dropped()).isZero();
    }
    // Released by close: a new ledger may use it.
    JdbcLedger again = ledger(spool, "lock_calls").build();
    again.close();
    assertThat(again.stats().dropped()).isZero();
  }
}
