package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Secret;
import io.vectornode.Usage;
import io.vectornode.error.ConfigurationException;
import io.vectornode.usage.LedgerReader;
import io.vectornode.usage.LedgerSource;
import io.vectornode.usage.UsageLedger;
import io.vectornode.usage.UsageReport;
import io.vectornode.testing.LogCapture;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader of {@code vectornode usage --jdbc} and {@code vectornode report --jdbc} against a
 * real PostgreSQL: the same calls written through {@link JdbcLedger} and the JSONL {@link
 * UsageLedger} read back as the very same entries, summaries and reports.
 */
class JdbcLedgerSourceTest {
  static final int CALLS = 3_000;
  static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
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

  /** A clock the test sets before each call, so that both ledgers stamp the same time. */
  static final class SetClock extends Clock {
    Instant now = START;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /**
   * Varied calls: tags (none, several, 64, non-ASCII), failures, cancellations, retries and
   * fallbacks, up to 40 attempts (beyond the 32 details kept), a call without attempts, cached,
   * cache-write and reasoning tokens, unknown, estimated, zero and odd-scaled costs, TTFT or none.
   * Each call's time advances by minutes and microseconds.
   */
  static void generate(int n, long seed, SetClock clock, Consumer<CallEndEvent> sink) {
    Random r = new Random(seed);
    String[] teams = {"search", "support", "growth", "données", "платформа"};
    String[] deployments = {"gpt-4o-mini", "gpt-4o", "claude-sonnet", "gemini-flash", "local"};
    Instant t = START;
    for (int i = 0; i < n; i++) {
      t = t.plus(17 + r.nextInt(40), ChronoUnit.MINUTES).plus(r.nextInt(1_000_000),
          ChronoUnit.MICROS);
      clock.now = t;
      String id = "req-" + seed + "-" + i;
      Map<String, String> tags = new HashMap<>();
      int shape = r.nextInt(20);
      if (shape == 0) {
        for (int k = 0; k < LedgerReader.Entry.MAX_TAGS; k++) {
          tags.put("k" + k, "v" + r.nextInt(3));
        }
      } else if (shape > 2) {
        tags.put("team", teams[r.nextInt(teams.length)]);
        if (r.nextBoolean()) {
          tags.put("feature", "f" + r.nextInt(4));
        }
      }
      int attemptCount = i % 97 == 5 ? 40 : i % 131 == 7 ? 0 : 1 + (r.nextInt(10) < 7 ? 0
          : r.nextInt(3));
      List<AttemptEvent> attempts = new ArrayList<>();
      Usage total = Usage.ZERO;
      Cost cost = null;
      boolean lastOk = false;
      int first = r.nextInt(deployments.length);
      for (int a = 1; a <= attemptCount; a++) {
        boolean last = a == attemptCount;
        CallOutcome outcome = !last ? CallOutcome.FAILURE
            : r.nextInt(10) == 0 ? CallOutcome.FAILURE
            : r.nextInt(40) == 0 ? CallOutcome.CANCELLED : CallOutcome.SUCCESS;
        // Late success past the 32 details kept: the reader keeps it in place of the last.
        String deployment = deployments[(first + (a > 1 && r.nextBoolean() ? a : 0))
            % deployments.length];
        long in = outcome == CallOutcome.SUCCESS || r.nextBoolean() ? 100 + r.nextInt(5_000)
            : 0;
        long cached = in > 0 && r.nextInt(3) == 0 ? r.nextInt((int) in / 2 + 1) : 0;
        long write = in > 0 && r.nextInt(6) == 0 ? r.nextInt((int) (in - cached) + 1) : 0;
        long out = outcome == CallOutcome.SUCCESS ? 1 + r.nextInt(900) : 0;
        long reasoning = out > 0 && r.nextInt(4) == 0 ? r.nextInt((int) out + 1) : 0;
        Usage u = new Usage(in, out, cached, write, reasoning);
        Cost c = switch (r.nextInt(12)) {
          case 0 -> Cost.unknown();
          case 1 -> Cost.estimated(odd(r), "cat-2026-09");
          case 2 -> Cost.of(BigDecimal.ZERO, "cat-2026-09");
          case 3 -> Cost.of(new BigDecimal("1E+2"), "cat-2026-10");
          case 4 -> Cost.of(new BigDecimal("0.0100"), "cat-2026-10");
          default -> Cost.of(odd(r), r.nextInt(5) == 0 ? "cat-2026-09" : "cat-2026-10");
        };
        Duration latency = Duration.ofMillis(20 + r.nextInt(4_000));
        Duration ttft = outcome == CallOutcome.SUCCESS && r.nextBoolean()
            ? Duration.ofMillis(5 + r.nextInt(600)) : null;
        attempts.add(new AttemptEvent(id, a, deployment.startsWith("claude") ? "anthropic"
            : "openai", "model-" + deployment, deployment, "key-" + Integer.toHexString(
                r.nextInt()), outcome, outcome == CallOutcome.FAILURE
                    ? new IllegalStateException("slow down") : null,
            u, c, latency, ttft, last ? null : r.nextBoolean() ? "retry" : "fallback",
            r.nextInt(30) == 0));
        total = total.plus(u);
        cost = cost == null ? c : cost.plus(c);
        lastOk = outcome == CallOutcome.SUCCESS;
      }
      AttemptEvent fin = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
      CallOutcome outcome = fin == null ? CallOutcome.FAILURE : fin.outcome();
      sink.accept(new CallEndEvent(id, r.nextInt(8) == 0 ? null : "task-" + r.nextInt(3), tags,
          fin == null ? null : fin.provider(), fin == null ? null : fin.model(), total,
          cost == null ? Cost.unknown() : cost, Duration.ofMillis(30 + r.nextInt(9_000)),
          lastOk && r.nextBoolean() ? Duration.ofMillis(r.nextInt(800)) : null, attempts,
          outcome, outcome == CallOutcome.SUCCESS ? null
              : fin == null ? new TimeoutException("no deployment") : fin.error()));
    }
  }

  /** A cost of 1 to 9 significant digits at scale 0 to 14. */
  private static BigDecimal odd(Random r) {
    return BigDecimal.valueOf(1 + r.nextInt(999_999_999), r.nextInt(15));
  }

  /** Writes the same calls to a JSONL directory and to a table; returns the JSONL directory. */
  private Path writeBoth(String table, int n, long seed) {
    Path jsonl = dir.resolve("jsonl-" + table);
    SetClock clock = new SetClock();
    JdbcLedger db = JdbcLedger.builder().url(pg.jdbcUrl()).table(table)
        .spool(dir.resolve("spool-" + table)).clock(clock).build();
    try (UsageLedger files = UsageLedger.open(jsonl, clock, ZoneOffset.UTC)) {
      generate(n, seed, clock, e -> {
        files.onCallEnd(e);
        db.onCallEnd(e);
      });
    } finally {
      db.close();
    }
    JdbcLedger.Stats s = db.stats();
    assertThat(s.written() + s.replayed()).as("rows written").isEqualTo(n);
    return jsonl;
  }

  static Map<String, String> settings(String table) {
    return Map.of("table", table);
  }

  /** Every entry of a pass, by request id; fails on a request id seen twice. */
  static Map<String, LedgerReader.Entry> entries(LedgerSource s, @Nullable Instant since) {
    Map<String, LedgerReader.Entry> all = new TreeMap<>();
    LedgerReader.Stats st = s.forEach(since, e ->
        assertThat(all.put(e.requestId(), e)).as("seen once: " + e.requestId()).isNull());
    assertThat(st.entries()).isEqualTo(all.size());
    assertThat(st.skippedLines()).isZero();
    return all;
  }

  @Test
  void theSameCalls_readFromPostgresAndFromJsonl_areEqualEntries_summariesAndReports() {
    Path jsonl = writeBoth("eq_calls", CALLS, 42);
    try (LedgerSource db = LedgerSource.open(pg.jdbcUrl(), settings("eq_calls"));
        LedgerSource files = LedgerSource.jsonl(jsonl)) {
      assertThat(db.getClass().getSimpleName()).isEqualTo("JdbcLedgerSource");
      Map<String, LedgerReader.Entry> fromDb = entries(db, null);
      Map<String, LedgerReader.Entry> fromFiles = entries(files, null);
      assertThat(fromFiles).hasSize(CALLS);
      assertThat(fromDb.keySet()).isEqualTo(fromFiles.keySet());
      int capped = 0;
      for (String id : fromFiles.keySet()) {
        assertThat(fromDb.get(id)).as(id).isEqualTo(fromFiles.get(id));
        capped += fromFiles.get(id).attempts() > fromFiles.get(id).attemptDetails().size() ? 1 : 0;
      }
      // The shapes that matter were there.
      assertThat(capped).as("calls with more attempts than details kept").isPositive();
      assertThat(fromFiles.values()).anyMatch(e -> e.tags().size() == LedgerReader.Entry.MAX_TAGS)
          .anyMatch(e -> e.costUsd() == null).anyMatch(LedgerReader.Entry::costEstimated)
          .anyMatch(LedgerReader.Entry::fellBack).anyMatch(e -> e.attempts() == 0)
          .anyMatch(e -> e.outcome().equals("CANCELLED")).anyMatch(e -> e.ttftMs() != null)
          .anyMatch(e -> e.cachedInputTokens() > 0);

      UsageReport.Options all = UsageReport.Options.of(null, "team");
      assertThat(UsageReport.build(db, all)).isEqualTo(UsageReport.build(files, all));
      assertThat(LedgerReader.summarize(db, null, LedgerReader.Entry::model, 100))
          .isEqualTo(LedgerReader.summarize(files, null, LedgerReader.Entry::model, 100));

      // since: in SQL, the same records as the JSONL reader's filter, at microsecond edges too.
      List<Instant> times = fromFiles.values().stream().map(LedgerReader.Entry::ts).sorted()
          .toList();
      Instant mid = times.get(CALLS / 2);
      for (Instant since : List.of(mid, mid.minusNanos(1), mid.plusNanos(1), mid.plusNanos(999),
          times.get(0), times.get(CALLS - 1).plusMillis(1))) {
        Map<String, LedgerReader.Entry> d = entries(db, since);
        assertThat(d).as("since " + since).isEqualTo(entries(files, since));
        assertThat(d.values()).allMatch(e -> !e.ts().isBefore(since));
      }
      assertThat(entries(db, mid)).hasSize(CALLS - CALLS / 2);
      assertThat(entries(db, mid.plusNanos(1))).hasSize(CALLS - CALLS / 2 - 1);
      UsageReport.Options recent = UsageReport.Options.of(mid, "feature");
      assertThat(UsageReport.build(db, recent)).isEqualTo(UsageReport.build(files, recent));
      System.out.printf("%d calls written to PostgreSQL and JSONL: every entry equal, the"
          + " reports equal (%d with capped attempt details)%n", CALLS, capped);
    }
  }

  @Test
  void aTableNameOfOurOwn_aMissingTable_andABadName_areClearErrors() {
    writeBoth("billing_calls", 10, 7);
    try (LedgerSource s = LedgerSource.open(pg.jdbcUrl(), settings("billing_calls"))) {
      assertThat(entries(s, null)).hasSize(10);
      assertThat(s.describe()).contains("table billing_calls");
    }
    try (LedgerSource missing = LedgerSource.open(pg.jdbcUrl(), Map.of())) {
      Throwable t = catchThrowable(() -> missing.forEach(null, e -> { }));
      assertThat(t).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("no ledger tables vectornode_calls and vectornode_attempts")
          .hasMessageContaining("--jdbc-table");
    }
    Throwable bad = catchThrowable(() -> LedgerSource.open(pg.jdbcUrl(),
        settings("x; DROP TABLE billing_calls")));
    assertThat(bad).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("ledger.jdbc.table: must be a lowercase name");
    Throwable unknown = catchThrowable(() -> LedgerSource.open(pg.jdbcUrl(),
        Map.of("tabel", "x")));
    assertThat(unknown).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("tabel");
  }

  @Test
  void aRowEditedByHand_isSkippedAndCounted_notThrown() throws Exception {
    writeBoth("edited_calls", 20, 11);
    try (Connection c = pg.connect(); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE edited_calls SET input_tokens = -1 WHERE request_id = 'req-11-3'");
      st.executeUpdate("UPDATE edited_calls SET cost_usd = NULL, cost_known = true"
          + " WHERE request_id = 'req-11-4'");
      st.executeUpdate("UPDATE edited_calls SET tags = '[1]' WHERE request_id = 'req-11-5'");
    }
    try (LedgerSource s = LedgerSource.open(pg.jdbcUrl(), settings("edited_calls"))) {
      List<String> ids = new ArrayList<>();
      LedgerReader.Stats st = s.forEach(null, e -> ids.add(e.requestId()));
      assertThat(st.entries()).isEqualTo(17);
      assertThat(st.skippedLines()).isEqualTo(3);
      assertThat(ids).doesNotContain("req-11-3", "req-11-4", "req-11-5");
    }
  }

  @Test
  void thePassword_isInNoDescriptionExceptionOrLogLine() {
    String canary = "canary-read-5e1f9a7c3b2d8064";
    try (TestPostgres secured = TestPostgres.startWithPassword(canary)) {
      LogCapture.clear();
      JdbcLedger w = JdbcLedger.builder().url(secured.plainUrl() + "?user=postgres")
          .password(Secret.of(canary)).table("secret_calls").spool(dir.resolve("spool"))
          .build();
      SetClock clock = new SetClock();
      generate(5, 3, clock, w::onCallEnd);
      w.close();
      List<String> shown = new ArrayList<>();
      Map<String, String> right = new LinkedHashMap<>(Map.of("user", "postgres", "password",
          canary, "table", "secret_calls"));
      try (LedgerSource s = LedgerSource.open(secured.plainUrl(), right)) {
        assertThat(s.forEach(null, e -> { }).entries()).isEqualTo(5);
        shown.add(s.describe());
        shown.add(s.toString());
      }
      // The password in the URL instead: read, and shown as ***.
      try (LedgerSource s = LedgerSource.open(secured.plainUrl() + "?user=postgres&password="
          + canary, settings("secret_calls"))) {
        assertThat(s.forEach(null, e -> { }).entries()).isEqualTo(5);
        assertThat(s.describe()).contains("password=***");
        shown.add(s.describe());
      }
      // A wrong password, a wrong table, a closed port: errors without the password.
      Map<String, String> wrong = new HashMap<>(right);
      wrong.put("password", "wrong-" + canary.substring(7));
      for (LedgerSource s : List.of(LedgerSource.open(secured.plainUrl(), wrong),
          LedgerSource.open(secured.plainUrl(), Map.of("user", "postgres", "password",
              canary, "table", "none_calls")),
          LedgerSource.open("jdbc:postgresql://127.0.0.1:1/x?connectTimeout=2&password="
              + canary, right))) {
        Throwable t = catchThrowable(() -> s.forEach(null, e -> { }));
        assertThat(t).isInstanceOf(ConfigurationException.class);
        shown.add(JdbcSecretsTest.everything(t));
        shown.add(s.describe());
        s.close();
      }
      Throwable malformed = catchThrowable(() -> LedgerSource.open(
          "jdbc:postgresql://postgres:" + canary + "@127.0.0.1/x", right));
      assertThat(malformed).isInstanceOf(ConfigurationException.class);
      shown.add(JdbcSecretsTest.everything(malformed));
      assertThat(shown.get(shown.size() - 7)).contains("password authentication failed");
      assertThat(shown).allSatisfy(s -> assertThat(s).doesNotContain(canary)
          .doesNotContain(canary.substring(7)));
      assertThat(LogCapture.text()).doesNotContain(canary).doesNotContain(canary.substring(7));
    }
  }
}
