package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.LogCapture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database password (a canary) is never shown: in no log line at any level (ours and
 * HikariCP's through SLF4J, down to TRACE; pgJDBC's through java.util.logging, down to FINEST),
 * no exception, no {@code toString()}, no stats; through a password given apart, a password in
 * the URL, a config file, a wrong password, an outage and a restart, and malformed URLs.
 */
class JdbcSecretsTest {
  static final String CANARY = "canary-pg-8d2f6a1c9e3b7045";
  static final String WRONG = "wrong-pg-3b7e0c5a9d1f2468";
  static final Duration WAIT = Duration.ofSeconds(60);

  TestPostgres pg;
  @TempDir Path dir;
  final List<String> shown = new ArrayList<>();
  final List<String> jul = new CopyOnWriteArrayList<>();
  /** Held: java.util.logging keeps loggers weakly, and a collected one loses its handler. */
  Logger pgjdbc;
  Handler handler;

  @BeforeEach
  void start() {
    pg = TestPostgres.startWithPassword(CANARY);
    LogCapture.clear();
    pgjdbc = Logger.getLogger("org.postgresql");
    pgjdbc.setLevel(Level.FINEST);
    SimpleFormatter f = new SimpleFormatter();
    handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        jul.add(f.format(r));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    handler.setLevel(Level.ALL);
    pgjdbc.addHandler(handler);
  }

  @AfterEach
  void stop() {
    pgjdbc.removeHandler(handler);
    pgjdbc.setLevel(null);
    pg.close();
  }

  static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return t + "\n" + w;
  }

  private void show(JdbcLedger l) {
    shown.add(l.toString());
    shown.add(l.stats().toString());
  }

  JdbcLedger.Builder builder(String url, String spool) {
    return JdbcLedger.builder().url(url).spool(dir.resolve(spool)).table("secret_calls")
        .retryEvery(Duration.ofMillis(50)).connectTimeout(Duration.ofSeconds(1));
  }

  @Test
  void theRightPassword_apartOrInTheUrl_aWrongOne_anOutage_andARestart_showNoPassword()
      throws Exception {
    JdbcLedger apart = builder(pg.plainUrl() + "?user=postgres", "apart")
        .password(Secret.of(CANARY)).build();
    JdbcLedger inUrl = builder(pg.plainUrl() + "?user=postgres&password=" + CANARY, "in-url")
        .build();
    JdbcLedger wrong = builder(pg.plainUrl() + "?user=postgres", "wrong")
        .password(Secret.of(WRONG)).build();
    for (int i = 0; i < 5; i++) {
      apart.onCallEnd(Calls.call("apart-" + i));
      inUrl.onCallEnd(Calls.call("in-url-" + i));
      wrong.onCallEnd(Calls.call("wrong-" + i));
    }
    Calls.await("written with the right password", WAIT, () -> apart.stats().written() == 5
        && inUrl.stats().written() == 5);
    Calls.await("the wrong password refused", WAIT, () -> wrong.stats().outages() == 1);
    assertThat(wrong.stats().written()).isZero();
    assertThat(inUrl.toString()).contains("password=***").doesNotContain(CANARY);
    show(apart);
    show(inUrl);
    show(wrong);

    pg.stop();
    for (int i = 5; i < 10; i++) {
      apart.onCallEnd(Calls.call("apart-" + i));
      inUrl.onCallEnd(Calls.call("in-url-" + i));
    }
    Calls.await("the outage noticed", WAIT, () -> apart.stats().outages() == 1
        && inUrl.stats().outages() == 1);
    show(apart);
    show(inUrl);
    pg.restart();
    Calls.await("replayed after the restart", WAIT,
        () -> apart.stats().written() + apart.stats().replayed() == 10
            && inUrl.stats().written() + inUrl.stats().replayed() == 10);
    for (JdbcLedger l : List.of(apart, inUrl, wrong)) {
      l.close();
      show(l);
    }
    assertThat(Calls.ids(pg, "secret_calls")).hasSize(20);
    assertThat(LogCapture.lines()).anySatisfy(l -> assertThat(l.message())
        .contains("password authentication failed").contains("is unavailable"));
    assertNoSecret(CANARY);
    assertNoSecret(WRONG);
  }

  @Test
  void aConfigWithThePasswordInTheEnvironment_writes_andShowsNoPassword() throws IOException {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, """
        providers:
          local: {type: fake}
        models:
          m: {provider: local, model: echo}
        ledger:
          directory: usage
          jdbc:
            url: ${env:VN_DB_URL}
            user: postgres
            password: ${env:VN_DB_PASSWORD}
            table: config_calls
            spool: spool/
        """);
    Map<String, String> env = Map.of("VN_DB_URL", pg.plainUrl(), "VN_DB_PASSWORD", CANARY);
    try (VectorNodeClient c = VectorNode.fromConfig(file, env::get)) {
      c.chat(ChatRequest.builder().model("m").user("hello").tag("team", "t1").build());
      shown.add(c.toString());
    }
    // Both ledgers: the database (written on close) and the JSONL files.
    assertThat(Calls.count(pg, "SELECT count(*) FROM config_calls WHERE tags->>'team' ="
        + " 't1'")).isEqualTo(1);
    assertThat(dir.resolve("usage")).isDirectoryContaining("glob:**/vectornode-usage-*.jsonl");
    assertThat(Calls.segments(dir.resolve("spool"))).isEmpty();

    // The same file with a URL that carries the password and is malformed.
    Throwable t = catchThrowable(() -> VectorNode.fromConfig(file, Map.of("VN_DB_URL",
        "jdbc:postgresql://127.0.0.1:notaport/postgres?password=" + CANARY,
        "VN_DB_PASSWORD", CANARY)::get));
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ledger.jdbc.url");
    shown.add(everything(t));
    assertNoSecret(CANARY);
  }

  /** URLs that cannot be used, each holding the canary. */
  static final List<String> MALFORMED = List.of(
      "jdbc:postgresql://127.0.0.1:notaport/postgres?password=" + CANARY,
      "jdbc:postgresql://postgres:" + CANARY + "@127.0.0.1:5432/postgres",
      "jdbc:mysql://127.0.0.1:3306/app?password=" + CANARY,
      "postgresql://127.0.0.1/app?password=" + CANARY,
      CANARY);

  @Test
  void aMalformedUrl_isAConfigurationExceptionNamingTheField_notTheValue() {
    for (String url : MALFORMED) {
      Throwable built = catchThrowable(() -> JdbcLedger.builder().url(url));
      Throwable created = catchThrowable(() -> new JdbcLedgerFactory().create(
          Map.of("url", url), dir));
      for (Throwable t : List.of(built, created)) {
        assertThat(t).as(url).isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("ledger.jdbc.url: ")
            .hasMessageContaining("the value is not shown");
        shown.add(everything(t));
      }
    }
    assertThat(shown).hasSize(MALFORMED.size() * 2);
    assertThat(shown).allSatisfy(s -> assertThat(s).doesNotContain(CANARY));
    assertThat(LogCapture.text()).doesNotContain(CANARY);
  }

  private void assertNoSecret(String secret) {
    assertThat(shown).isNotEmpty().allSatisfy(s -> assertThat(s).doesNotContain(secret));
    List<LogCapture.Line> lines = LogCapture.lines();
    // The capture saw the pool's lowest levels and the driver's: the checks below mean something.
    assertThat(lines).anySatisfy(l -> assertThat(l.logger()).startsWith("com.zaxxer.hikari"));
    assertThat(lines).anySatisfy(l -> assertThat(l.level()).isIn(org.slf4j.event.Level.DEBUG,
        org.slf4j.event.Level.TRACE));
    assertThat(jul).anySatisfy(r -> assertThat(r).contains("FINE"));
    assertThat(lines).allSatisfy(l -> assertThat(l.toString()).doesNotContain(secret));
    assertThat(jul).allSatisfy(r -> assertThat(r).doesNotContain(secret));
    System.out.printf("%s: %d SLF4J lines, %d pgJDBC (java.util.logging) records, %d things"
        + " shown; none with the password%n", secret.substring(0, 9), lines.size(), jul.size(),
        shown.size());
  }
}
