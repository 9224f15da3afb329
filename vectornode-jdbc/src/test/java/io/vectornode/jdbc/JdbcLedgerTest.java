package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.RecordingModelCallListener;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger against a real PostgreSQL that stays up: many callers, close, the clock. */
class JdbcLedgerTest {
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

  static JdbcLedger.Builder ledger(Path spool, String table) {
    return JdbcLedger.builder().url(pg.jdbcUrl()).table(table).spool(spool)
        .retryEvery(Duration.ofMillis(50));
  }

  @Test
  void tenThousandCalls_from32Threads_areEachInTheDatabaseExactlyOnce() throws Exception {
    int threads = 32;
    int calls = 10_000;
    RecordingModelCallListener recorded = new RecordingModelCallListener();
    JdbcLedger ledger = ledger(dir.resolve("spool"), "many_calls").build();
    VectorNodeClient client = VectorNode.builder()
        .provider(ProviderConfig.builder("local").type("fake").build())
        .model("m", "local", "echo")
        .listener(recorded).listener(ledger).closeWith(ledger)
        .build();
    AtomicInteger next = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long started;
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          go.await();
          int i;
          while ((i = next.getAndIncrement()) < calls) {
            client.chat(ChatRequest.builder().model("m").user("hello " + i)
                .tag("team", "team-" + (i % 5)).build());
          }
          return null;
        }));
      }
      started = System.nanoTime();
      go.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    client.close(); // closes the ledger: the queue is written
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    List<CallEndEvent> ends = recorded.ends();
    assertThat(ends).hasSize(calls);
    Set<String> expected = new HashSet<>();
    long attempts = 0;
    long input = 0;
    for (CallEndEvent e : ends) {
      expected.add(e.requestId());
      attempts += e.attempts().size();
      input += e.usage().inputTokens();
    }
    assertThat(expected).hasSize(calls);
    assertThat(Calls.ids(pg, "many_calls")).isEqualTo(expected);
    assertThat(Calls.count(pg, "SELECT count(*) FROM many_attempts")).isEqualTo(attempts);
    assertThat(Calls.count(pg, "SELECT sum(input_tokens) FROM many_calls")).isEqualTo(input);
    assertThat(Calls.count(pg, "SELECT count(*) FROM many_calls WHERE tags @>"
        + " '{\"team\":\"team-3\"}'")).isEqualTo(calls / 5);
    JdbcLedger.Stats s = ledger.stats();
    assertThat(s.written() + s.replayed()).isEqualTo(calls);
    assertThat(s.dropped()).isZero();
    assertThat(s.rejected()).isZero();
    if (s.spooled() == 0) {
      assertThat(s.duplicates()).isZero(); // nothing replayed: nothing seen twice
    }
    assertThat(Calls.segments(dir.resolve("spool"))).isEmpty();
    System.out.printf("10,000 calls from 32 threads in %d ms: %s%n", ms, s);
  }

  @Test
  void aSteadyLoad_keepsTheSpoolToWhatIsNotYetCommitted() throws Exception {
    // 3,000 calls a second for 3 s: the writer's queue is rarely empty, and the spool must still
    // let go of what is committed (it once did so only when the queue was empty, and grew to
    // its cap under a steady load, after which records were in memory only).
    Path spool = dir.resolve("spool");
    JdbcLedger ledger = ledger(spool, "steady_calls").spoolLimitBytes(64L << 20).build();
    Calls.await("connected", Duration.ofSeconds(30), () -> ledger.stats().available());
    int rate = 3_000;
    int n = 9_000;
    long start = System.nanoTime();
    long largest = 0;
    for (int i = 0; i < n; i++) {
      long due = start + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait); // the load's pace
      }
      ledger.onCallEnd(Calls.call("steady-" + i));
      if (i % 100 == 0) {
        largest = Math.max(largest, ledger.stats().spoolBytes());
      }
    }
    ledger.close();
    assertThat(Calls.ids(pg, "steady_calls")).hasSize(n);
    // About 1,000 bytes a record: 9 MB written; segments are 1 MiB (a 64th of the cap).
    assertThat(largest).as("the spool's largest size, bytes").isLessThan(4L << 20);
    assertThat(ledger.stats().written()).isEqualTo(n);
  }

  @Test
  void close_writesWhatIsQueued_andLeavesAnEmptySpool() {
    Path spool = dir.resolve("spool");
    JdbcLedger ledger = ledger(spool, "close_calls").build();
    for (int i = 0; i < 2_000; i++) {
      ledger.onCallEnd(Calls.call("close-" + i));
    }
    ledger.close(); // no wait before: close itself writes the queue
    assertThat(Calls.ids(pg, "close_calls")).hasSize(2_000);
    assertThat(Calls.count(pg, "SELECT count(*) FROM close_attempts")).isEqualTo(4_000);
    assertThat(ledger.stats().written()).isEqualTo(2_000);
    assertThat(Calls.segments(spool)).isEmpty();
    // Closed: a late call is counted, not written.
    ledger.onCallEnd(Calls.call("late"));
    assertThat(ledger.stats().dropped()).isEqualTo(1);
    assertThat(Calls.count(pg, "SELECT count(*) FROM close_calls WHERE request_id = 'late'"))
        .isZero();
  }

  @Test
  void everyColumn_holdsWhatTheCallReported_stampedByTheInjectedClock() throws Exception {
    ManualTime time = ManualTime.starting(Instant.parse("2026-11-20T10:15:30.123456Z"));
    JdbcLedger ledger = ledger(dir.resolve("spool"), "cols_calls").clock(time.clock()).build();
    ledger.onCallEnd(Calls.call("cols-1"));
    ledger.close();
    try (Connection c = Calls.connect(pg); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ts, task, tags::text, provider, model, deployment,"
            + " key_id, outcome, error, input_tokens, output_tokens, cached_input_tokens,"
            + " cache_write_tokens, reasoning_tokens, cost_usd, cost_known, cost_estimated,"
            + " catalog_version, latency_ms, ttft_ms, attempts FROM cols_calls")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
          .isEqualTo(Instant.parse("2026-11-20T10:15:30.123456Z"));
      assertThat(rs.getString(2)).isEqualTo("summarize");
      assertThat(rs.getString(3)).isEqualTo("{\"team\": \"t" + ("cols-1".hashCode() & 7) + "\"}");
      assertThat(rs.getString(4)).isEqualTo("anthropic");
      assertThat(rs.getString(5)).isEqualTo("claude-haiku");
      assertThat(rs.getString(6)).isEqualTo("backup");
      assertThat(rs.getString(7)).isEqualTo("key-9f8e7d6c");
      assertThat(rs.getString(8)).isEqualTo("SUCCESS");
      assertThat(rs.getString(9)).isNull();
      assertThat(List.of(rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13),
          rs.getLong(14))).containsExactly(100L, 20L, 50L, 10L, 5L);
      assertThat(rs.getBigDecimal(15)).isEqualByComparingTo(new BigDecimal(Calls.COST));
      assertThat(rs.getBoolean(16)).isTrue();
      assertThat(rs.getBoolean(17)).isFalse();
      assertThat(rs.getString(18)).isEqualTo("test-catalog");
      assertThat(rs.getLong(19)).isEqualTo(95);
      assertThat(rs.getLong(20)).isEqualTo(42);
      assertThat(rs.getInt(21)).isEqualTo(2);
      assertThat(rs.next()).isFalse();
    }
    try (Connection c = Calls.connect(pg); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT n, deployment, provider, outcome, error, reason,"
            + " local_state, cost_known, cost_usd, ttft_ms FROM cols_attempts ORDER BY n")) {
      assertThat(rs.next()).isTrue();
      assertThat(List.of(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
          rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8)))
          .containsExactly(1, "fast", "openai", "FAILURE", "IllegalStateException", "fallback",
              false, false);
      assertThat(rs.getBigDecimal(9)).isNull();
      assertThat(rs.getObject(10)).isNull();
      assertThat(rs.next()).isTrue();
      assertThat(List.of(rs.getInt(1), rs.getString(2), rs.getBoolean(7), rs.getBoolean(8)))
          .containsExactly(2, "backup", true, true);
      assertThat(rs.getLong(10)).isEqualTo(30);
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void theSameRequestIdTwice_isOneRow_theSecondCountedAsADuplicate() {
    JdbcLedger ledger = ledger(dir.resolve("spool"), "dup_calls").batchSize(1).build();
    ledger.onCallEnd(Calls.call("dup-1"));
    ledger.onCallEnd(Calls.call("dup-1"));
    ledger.onCallEnd(Calls.call("dup-2"));
    ledger.close();
    assertThat(Calls.ids(pg, "dup_calls")).containsExactlyInAnyOrder("dup-1", "dup-2");
    assertThat(Calls.count(pg, "SELECT count(*) FROM dup_attempts")).isEqualTo(4);
    assertThat(ledger.stats().written()).isEqualTo(2);
    assertThat(ledger.stats().duplicates()).isEqualTo(1);
  }
}
