package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.CallEndEvent;
import io.vectornode.error.ConfigurationException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema: created on first use, versioned, idempotent, safe when instances start together,
 * applicable by hand, and named only by validated (then quoted) identifiers.
 */
class SchemaTest {
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

  static long indexes(String table) {
    return Calls.count(pg, "SELECT count(*) FROM pg_indexes WHERE tablename = '" + table + "'");
  }

  @Test
  void migrate_twice_isVersion2_andChangesNothingTheSecondTime() throws Exception {
    Schema s = Schema.of("twice_calls");
    try (Connection c = Calls.connect(pg)) {
      assertThat(s.version(c)).isZero();
      assertThat(s.migrate(c)).isEqualTo(2);
      long objects = Calls.count(pg, "SELECT count(*) FROM pg_class");
      assertThat(s.migrate(c)).isEqualTo(2);
      assertThat(Calls.count(pg, "SELECT count(*) FROM pg_class")).isEqualTo(objects);
      assertThat(s.version(c)).isEqualTo(2);
      assertThat(c.getAutoCommit()).isTrue(); // restored
    }
    assertThat(indexes("twice_calls")).isEqualTo(5); // primary key, ts, tags, deployment, model
    assertThat(indexes("twice_attempts")).isEqualTo(2); // primary key, deployment
    assertThat(Calls.count(pg, "SELECT count(*) FROM vectornode_schema WHERE table_name ="
        + " 'twice_calls' AND version = 2")).isEqualTo(1);
  }

  @Test
  void migrate_fromEightConnectionsAtOnce_oneCreates_allSucceed() throws Exception {
    Schema s = Schema.of("together_calls");
    int n = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Callable<Integer> migrate = () -> {
          try (Connection c = Calls.connect(pg)) {
            go.await();
            return s.migrate(c);
          }
        };
        results.add(pool.submit(migrate));
      }
      go.countDown();
      for (Future<Integer> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(2);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(indexes("together_calls")).isEqualTo(5);
    assertThat(Calls.count(pg, "SELECT count(*) FROM vectornode_schema WHERE table_name ="
        + " 'together_calls'")).isEqualTo(1);
  }

  @Test
  void twoLedgersStartingTogether_onAFreshDatabase_bothWrite() throws Exception {
    JdbcLedger a = JdbcLedger.builder().url(pg.jdbcUrl()).table("pair_calls")
        .spool(dir.resolve("a")).retryEvery(Duration.ofMillis(50)).build();
    JdbcLedger b = JdbcLedger.builder().url(pg.jdbcUrl()).table("pair_calls")
        .spool(dir.resolve("b")).retryEvery(Duration.ofMillis(50)).build();
    for (int i = 0; i < 100; i++) {
      a.onCallEnd(Calls.call("a-" + i));
      b.onCallEnd(Calls.call("b-" + i));
    }
    Calls.await("both wrote", WAIT, () -> a.stats().written() == 100
        && b.stats().written() == 100);
    a.close();
    b.close();
    assertThat(Calls.ids(pg, "pair_calls")).hasSize(200);
    assertThat(a.stats().outages() + b.stats().outages()).isZero();
  }

  @Test
  void theDdlFile_asADbaAppliesIt_letsAUserWithoutDdlRightsWrite() throws Exception {
    try (Connection c = Calls.connect(pg); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE dba");
    }
    String url = pg.jdbcUrl().replace("/postgres?", "/dba?");
    String ddl;
    try (InputStream in = Schema.class.getResourceAsStream("schema/V1.sql")) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(Schema.of("vectornode_calls").ddl(1)).isEqualTo(ddl); // what runs is the file
    String ddl2;
    try (InputStream in = Schema.class.getResourceAsStream("schema/V2.sql")) {
      ddl2 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(Schema.of("vectornode_calls").ddl(2)).isEqualTo(ddl2);
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute(ddl); // by hand, as a DBA would: psql -f V1.sql, then -f V2.sql
      st.execute(ddl2);
      st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      st.execute("CREATE ROLE ledger_writer LOGIN");
      st.execute("GRANT SELECT ON vectornode_schema TO ledger_writer");
      st.execute("GRANT SELECT, INSERT ON vectornode_calls, vectornode_attempts TO"
          + " ledger_writer");
    }
    String writerUrl = url.replace("user=postgres", "user=ledger_writer");
    try (Connection c = DriverManager.getConnection(writerUrl); Statement st =
        c.createStatement()) {
      Throwable ddlRefused = catchThrowable(() -> st.execute("CREATE TABLE x (a int)"));
      assertThat(ddlRefused).hasMessageContaining("permission denied");
    }
    JdbcLedger ledger = JdbcLedger.builder().url(writerUrl).spool(dir.resolve("spool"))
        .retryEvery(Duration.ofMillis(50)).build();
    for (int i = 0; i < 10; i++) {
      ledger.onCallEnd(Calls.call("dba-" + i));
    }
    Calls.await("written", WAIT, () -> ledger.stats().written() == 10);
    ledger.close();
    assertThat(ledger.stats().outages()).isZero();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM vectornode_calls")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(10);
    }
  }

  @Test
  void upgradeFromVersion1_keepsItsRows_andStoresOperationAndCacheHit() throws Exception {
    Schema s = Schema.of("up_calls");
    try (Connection c = Calls.connect(pg); Statement st = c.createStatement()) {
      st.execute(s.ddl(1)); // a ledger written by the previous version
      st.execute("INSERT INTO up_calls (request_id, ts, outcome, input_tokens, output_tokens,"
          + " cached_input_tokens, cache_write_tokens, reasoning_tokens, cost_known,"
          + " cost_estimated, latency_ms, attempts) VALUES ('old-1', now(), 'SUCCESS', 1, 1, 0,"
          + " 0, 0, true, false, 5, 1)");
      assertThat(s.version(c)).isEqualTo(1);
    }
    JdbcLedger ledger = JdbcLedger.builder().url(pg.jdbcUrl()).table("up_calls")
        .spool(dir.resolve("up")).retryEvery(Duration.ofMillis(50)).build();
    CallEndEvent plain = Calls.call("new-chat");
    ledger.onCallEnd(plain);
    ledger.onCallEnd(new CallEndEvent("new-hit", "faq", Map.of(), "openai", "gpt-4o-mini",
        new io.vectornode.Usage(10, 2, 0, 0, 0), io.vectornode.Cost.of(java.math.BigDecimal.ZERO,
            "test-catalog"), Duration.ofMillis(1), Duration.ofMillis(1), List.of(),
        io.vectornode.CallOutcome.SUCCESS, null, null, true));
    ledger.onCallEnd(new CallEndEvent("new-embed", "search", Map.of(), plain.provider(),
        plain.model(), plain.usage(), plain.cost(), plain.latency(), null, plain.attempts(),
        plain.outcome(), null, null, false, io.vectornode.Operation.EMBEDDING));
    Calls.await("written", WAIT, () -> ledger.stats().written() == 3);
    ledger.close();
    assertThat(Calls.count(pg, "SELECT version FROM vectornode_schema WHERE table_name ="
        + " 'up_calls'")).isEqualTo(2);
    try (Connection c = Calls.connect(pg); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT request_id, operation, cache_hit FROM up_calls ORDER BY"
            + " request_id")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
      }
      assertThat(rows).containsExactly("new-chat chat false", "new-embed embedding false",
          "new-hit chat true", "old-1 chat false");
    }
  }

  @Test
  void theReadme_showsTheDdlThatRuns() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
    String ddl = Schema.of("vectornode_calls").ddl(1);
    String statements = ddl.substring(ddl.indexOf("CREATE TABLE IF NOT EXISTS \"vectornode_schema\""))
        .strip();
    assertThat(readme).contains("```sql\n" + statements + "\n```");
    String v2 = Schema.of("vectornode_calls").ddl(2);
    assertThat(readme).contains("```sql\n" + v2.substring(v2.indexOf("ALTER TABLE")).strip()
        + "\n```");
  }

  @Test
  void aTableInItsOwnSchema_getsItsAttemptsAndVersionTablesThere() throws Exception {
    try (Connection c = Calls.connect(pg); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA billing");
    }
    JdbcLedger ledger = JdbcLedger.builder().url(pg.jdbcUrl()).table("billing.ai_calls")
        .spool(dir.resolve("spool")).retryEvery(Duration.ofMillis(50)).build();
    ledger.onCallEnd(Calls.call("b-1"));
    Calls.await("written", WAIT, () -> ledger.stats().written() == 1);
    ledger.close();
    assertThat(Calls.ids(pg, "billing.ai_calls")).containsExactly("b-1");
    assertThat(Calls.count(pg, "SELECT count(*) FROM billing.ai_attempts")).isEqualTo(2);
    assertThat(Calls.count(pg, "SELECT version FROM billing.vectornode_schema WHERE table_name"
        + " = 'billing.ai_calls'")).isEqualTo(2);
    assertThat(Calls.count(pg, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'billing'"
        + " AND indexname = 'ai_calls_tags_idx'")).isEqualTo(1);
    assertThat(ledger.toString()).contains("table billing.ai_calls");
  }

  @Test
  void aTableNameThatIsNotAPlainIdentifier_isRefusedNamingTheField() {
    List<String> bad = List.of("", "Calls", "calls; DROP TABLE vectornode_calls", "a.b.c",
        "1calls", "calls\"", "calls--", "calls name", "x".repeat(41), "public." + "y".repeat(41),
        "vectornode_schema", ".calls", "calls.", "cälls", "calls\u0000");
    for (String table : bad) {
      Throwable built = catchThrowable(() -> JdbcLedger.builder().table(table));
      Throwable configured = catchThrowable(() -> new JdbcLedgerFactory().create(Map.of("url",
          pg.jdbcUrl(), "table", table), dir));
      for (Throwable t : List.of(built, configured)) {
        assertThat(t).as(table).isInstanceOf(ConfigurationException.class);
        assertThat(((ConfigurationException) t).field()).isEqualTo("ledger.jdbc.table");
        assertThat(t.getMessage()).doesNotContain("\u0000");
      }
    }
    assertThat(Schema.of("public.x_calls").attemptsName()).isEqualTo("public.x_attempts");
    assertThat(Schema.of("usage").attemptsName()).isEqualTo("usage_attempts");
  }
}
