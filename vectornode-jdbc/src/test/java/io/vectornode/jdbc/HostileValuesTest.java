package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.testing.LogCapture;
import io.vectornode.usage.LedgerRecord;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Odd and hostile values (quotes, backslashes, array and JSON syntax, NUL, emoji, SQL, huge
 * counts and names) are stored as they were, or as close as PostgreSQL allows (NUL becomes
 * U+FFFD; names are cut to 512 characters); a record PostgreSQL refuses outright is set aside in
 * {@code rejected.jsonl} without holding up the rest of its batch.
 */
class HostileValuesTest {
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

  static final Map<String, String> TAGS = Map.of(
      "team", "a\"b'c\\d",
      "array", "{x,\"y\"},NULL",
      "json", "{\"k\": [1, null]}",
      "null", "NULL",
      "unicode", "résumé ✓ 日本語 🚀🧪",
      "nul", "before\u0000after",
      "ctl", "tab\there\nnewline\r\u0001\u001f",
      "sql", "'); DROP TABLE odd_calls; --",
      "long", "v".repeat(10_000),
      "", "empty key");

  static CallEndEvent odd(String id, String model, Cost cost) {
    AttemptEvent a = new AttemptEvent(id, 1, "pro\"vider", model, "dep'loy\\ment", "key-00000000",
        CallOutcome.SUCCESS, null, new Usage(Long.MAX_VALUE, Long.MAX_VALUE - 1, 1, 2, 3), cost,
        Duration.ofMillis(Integer.MAX_VALUE * 4L), Duration.ZERO, "re\u0000ason");
    return new CallEndEvent(id, "task \"quoted\" \u0000 and 🚀", TAGS, "pro\"vider", model,
        new Usage(Long.MAX_VALUE, Long.MAX_VALUE - 1, 1, 2, 3), cost,
        Duration.ofMillis(Integer.MAX_VALUE * 4L), null, List.of(a), CallOutcome.SUCCESS, null);
  }

  @Test
  void oddValues_roundTrip() throws Exception {
    String longModel = "m".repeat(5_000);
    String id = "id with 'quotes', \"doubles\", {braces}, \\ and 🚀";
    Cost cost = Cost.of(new BigDecimal("123456789012345678901234567890.123456789012345678901234567890"), "v\"1");
    JdbcLedger ledger = JdbcLedger.builder().url(pg.jdbcUrl()).table("odd_calls")
        .spool(dir.resolve("spool")).retryEvery(Duration.ofMillis(50)).build();
    ledger.onCallEnd(odd(id, longModel, cost));
    ledger.onCallEnd(odd("plain", "NULL", Cost.unknown()));
    ledger.close();
    assertThat(ledger.stats().written()).isEqualTo(2);
    assertThat(ledger.stats().rejected()).isZero();

    try (Connection c = Calls.connect(pg); PreparedStatement ps = c.prepareStatement(
        "SELECT task, tags::text, provider, model, deployment, input_tokens, output_tokens,"
            + " cost_usd, catalog_version, latency_ms, cost_known FROM odd_calls WHERE"
            + " request_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("task \"quoted\" \uFFFD and 🚀");
        Map<String, String> tags = new ObjectMapper().readValue(rs.getString(2),
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
        Map<String, String> expected = new HashMap<>(TAGS);
        expected.put("nul", "before\uFFFDafter");
        assertThat(tags).isEqualTo(expected);
        assertThat(rs.getString(3)).isEqualTo("pro\"vider");
        assertThat(rs.getString(4)).isEqualTo("m".repeat(Inserts.MAX_TEXT));
        assertThat(rs.getString(5)).isEqualTo("dep'loy\\ment");
        assertThat(rs.getLong(6)).isEqualTo(Long.MAX_VALUE);
        assertThat(rs.getLong(7)).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(rs.getBigDecimal(8)).isEqualTo(cost.usd().orElseThrow());
        assertThat(rs.getString(9)).isEqualTo("v\"1");
        assertThat(rs.getLong(10)).isEqualTo(Integer.MAX_VALUE * 4L);
        assertThat(rs.getBoolean(11)).isTrue();
      }
      ps.setString(1, "plain");
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(4)).isEqualTo("NULL"); // the text, not SQL NULL
        assertThat(rs.getObject(8)).isNull(); // unknown cost
        assertThat(rs.getBoolean(11)).isFalse();
      }
    }
    assertThat(Calls.count(pg, "SELECT count(*) FROM odd_attempts WHERE reason = 're\uFFFDason'"
        + " AND input_tokens = " + Long.MAX_VALUE)).isEqualTo(2);
    assertThat(Calls.count(pg, "SELECT count(*) FROM odd_calls WHERE tags @> '{\"sql\": \"'');"
        + " DROP TABLE odd_calls; --\"}'")).isEqualTo(2);
  }

  @Test
  void aRecordPostgresRefuses_isSetAside_andTheRestOfItsBatchIsWritten() throws Exception {
    LogCapture.clear();
    // Too large for PostgreSQL's numeric (at most 131072 digits before the point): SQLSTATE
    // 22003. And an incompressible 4,000-character request id: too large for a b-tree index
    // entry (2704 bytes), SQLSTATE 54000.
    Cost huge = Cost.of(new BigDecimal("1E+200000"), "v");
    Random random = new Random(42);
    StringBuilder longId = new StringBuilder();
    while (longId.length() < 4_000) {
      longId.appendCodePoint(0x4E00 + random.nextInt(0x5000));
    }
    JdbcLedger ledger = JdbcLedger.builder().url(pg.jdbcUrl()).table("refused_calls")
        .spool(dir.resolve("spool")).retryEvery(Duration.ofMillis(50)).build();
    ledger.onCallEnd(Calls.call("ok-1"));
    ledger.onCallEnd(odd("too-costly", "m", huge));
    ledger.onCallEnd(Calls.call("ok-2"));
    ledger.onCallEnd(Calls.call(longId.toString()));
    ledger.onCallEnd(Calls.call("ok-3"));
    ledger.close();
    assertThat(Calls.ids(pg, "refused_calls")).containsExactlyInAnyOrder("ok-1", "ok-2", "ok-3");
    JdbcLedger.Stats s = ledger.stats();
    assertThat(s.rejected()).isEqualTo(2);
    assertThat(s.written()).isEqualTo(3);
    assertThat(s.outages()).as("a refused record is not an outage").isZero();
    List<String> rejected = Files.readAllLines(dir.resolve("spool").resolve("rejected.jsonl"));
    assertThat(rejected).hasSize(2);
    // Read as plain JSON: a 200,001-digit cost is more than LedgerRecord.parse accepts.
    ObjectMapper json = new ObjectMapper();
    List<String> ids = new java.util.ArrayList<>();
    for (String line : rejected) {
      ids.add(json.readTree(line).get("requestId").asText());
    }
    assertThat(ids).containsExactlyInAnyOrder("too-costly", longId.toString());
    assertThat(LedgerRecord.parse(rejected.get(rejected.size() - 1))).isPresent();
    assertThat(LogCapture.lines()).filteredOn(l -> l.level() == Level.WARN
        && l.message().contains("refused the record of request")).hasSize(2)
        .anySatisfy(l -> assertThat(l.message()).contains("SQLSTATE 22003"))
        .anySatisfy(l -> assertThat(l.message()).contains("SQLSTATE 54000"));
  }
}
