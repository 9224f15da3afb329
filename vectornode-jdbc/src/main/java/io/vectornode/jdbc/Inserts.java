package io.vectornode.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.usage.LedgerRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Writes a batch of records: one {@code INSERT ... SELECT FROM unnest(arrays) ON CONFLICT
 * (request_id) DO NOTHING RETURNING request_id} for the calls (one statement and one round trip
 * however many rows; the returned ids are the rows actually inserted), then the attempts of
 * exactly those calls, in the caller's transaction. Every value is a bound parameter.
 *
 * <p>Values are made storable rather than refused: PostgreSQL's text cannot hold NUL (it
 * becomes U+FFFD, in tags too), and names (task, provider, model, deployment, key id, error,
 * reason, outcome) are cut to {@value #MAX_TEXT} characters, which keeps them within a b-tree
 * index entry. A request id is stored as it is (cut, two calls could become one). Not
 * thread-safe: one per writer.
 */
final class Inserts {
  static final int MAX_TEXT = 512;
  private static final JsonFactory JSON = new JsonFactory();

  private final String callsSql;
  private final String attemptsSql;

  Inserts(Schema schema) {
    this.callsSql = "INSERT INTO " + schema.calls + " (request_id, ts, task, tags, provider,"
        + " model, deployment, key_id, outcome, error, input_tokens, output_tokens,"
        + " cached_input_tokens, cache_write_tokens, reasoning_tokens, cost_usd, cost_known,"
        + " cost_estimated, catalog_version, latency_ms, ttft_ms, attempts, operation, cache_hit)"
        + " SELECT * FROM unnest(?::text[], ?::text[]::timestamptz[], ?::text[],"
        + " ?::text[]::jsonb[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
        + " ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::text[]::numeric[],"
        + " ?::bool[], ?::bool[], ?::text[], ?::int8[], ?::int8[], ?::int4[], ?::text[],"
        + " ?::bool[])"
        + " ON CONFLICT (request_id) DO NOTHING RETURNING request_id";
    this.attemptsSql = "INSERT INTO " + schema.attempts + " (request_id, n, ts, deployment,"
        + " provider, model, key_id, outcome, error, reason, local_state, latency_ms, ttft_ms,"
        + " input_tokens, output_tokens, cached_input_tokens, cache_write_tokens,"
        + " reasoning_tokens, cost_usd, cost_known, cost_estimated, catalog_version)"
        + " SELECT * FROM unnest(?::text[], ?::int4[], ?::text[]::timestamptz[], ?::text[],"
        + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bool[],"
        + " ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],"
        + " ?::text[]::numeric[], ?::bool[], ?::bool[], ?::text[])"
        + " ON CONFLICT (request_id, n) DO NOTHING";
  }

  /**
   * Inserts a batch in the connection's transaction (the caller commits).
   *
   * @param c the connection, auto-commit off
   * @param batch the records; a request id seen twice is inserted once
   * @param timeoutSeconds each statement's timeout
   * @return how many calls were inserted (the others were already there)
   * @throws SQLException as the database refused it
   */
  int insert(Connection c, List<LedgerRecord> batch, int timeoutSeconds) throws SQLException {
    Map<String, LedgerRecord> byId = new LinkedHashMap<>();
    for (LedgerRecord r : batch) {
      byId.putIfAbsent(id(r.requestId()), r);
    }
    List<LedgerRecord> rows = new ArrayList<>(byId.values());
    int n = rows.size();
    if (n == 0) {
      return 0;
    }
    Set<String> inserted = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(callsSql)) {
      ps.setQueryTimeout(timeoutSeconds);
      String[] ids = new String[n];
      String[] ts = new String[n];
      String[] task = new String[n];
      String[] tags = new String[n];
      String[] provider = new String[n];
      String[] model = new String[n];
      String[] deployment = new String[n];
      String[] keyId = new String[n];
      String[] outcome = new String[n];
      String[] error = new String[n];
      Long[][] tokens = new Long[5][n];
      String[] usd = new String[n];
      Boolean[] known = new Boolean[n];
      Boolean[] estimated = new Boolean[n];
      String[] catalog = new String[n];
      Long[] latency = new Long[n];
      Long[] ttft = new Long[n];
      Integer[] attempts = new Integer[n];
      String[] operation = new String[n];
      Boolean[] cacheHit = new Boolean[n];
      for (int i = 0; i < n; i++) {
        LedgerRecord r = rows.get(i);
        ids[i] = id(r.requestId());
        ts[i] = r.ts().toString();
        task[i] = text(r.task());
        tags[i] = tags(r.tags());
        provider[i] = text(r.provider());
        model[i] = text(r.model());
        deployment[i] = text(r.deployment());
        keyId[i] = text(r.keyId());
        outcome[i] = r.outcome().name();
        error[i] = text(r.error());
        tokens(tokens, i, r.usage());
        usd[i] = usd(r.cost());
        known[i] = r.cost().known();
        estimated[i] = r.cost().estimated();
        catalog[i] = text(r.cost().catalogVersion());
        latency[i] = r.latencyMs();
        ttft[i] = r.ttftMs();
        attempts[i] = r.attempts().size();
        operation[i] = r.operation() == io.vectornode.Operation.EMBEDDING ? "embedding" : "chat";
        cacheHit[i] = r.cacheHit();
      }
      int p = 1;
      ps.setArray(p++, c.createArrayOf("text", ids));
      ps.setArray(p++, c.createArrayOf("text", ts));
      ps.setArray(p++, c.createArrayOf("text", task));
      ps.setArray(p++, c.createArrayOf("text", tags));
      ps.setArray(p++, c.createArrayOf("text", provider));
      ps.setArray(p++, c.createArrayOf("text", model));
      ps.setArray(p++, c.createArrayOf("text", deployment));
      ps.setArray(p++, c.createArrayOf("text", keyId));
      ps.setArray(p++, c.createArrayOf("text", outcome));
      ps.setArray(p++, c.createArrayOf("text", error));
      for (Long[] t : tokens) {
        ps.setArray(p++, c.createArrayOf("int8", t));
      }
      ps.setArray(p++, c.createArrayOf("text", usd));
      ps.setArray(p++, c.createArrayOf("bool", known));
      ps.setArray(p++, c.createArrayOf("bool", estimated));
      ps.setArray(p++, c.createArrayOf("text", catalog));
      ps.setArray(p++, c.createArrayOf("int8", latency));
      ps.setArray(p++, c.createArrayOf("int8", ttft));
      ps.setArray(p++, c.createArrayOf("int4", attempts));
      ps.setArray(p++, c.createArrayOf("text", operation));
      ps.setArray(p, c.createArrayOf("bool", cacheHit));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inserted.add(rs.getString(1));
        }
      }
    }
    insertAttempts(c, rows, inserted, timeoutSeconds);
    return inserted.size();
  }

  private void insertAttempts(Connection c, List<LedgerRecord> rows, Set<String> inserted,
      int timeoutSeconds) throws SQLException {
    List<String> ids = new ArrayList<>();
    List<String> ts = new ArrayList<>();
    List<LedgerRecord.Attempt> all = new ArrayList<>();
    for (LedgerRecord r : rows) {
      String id = id(r.requestId());
      if (!inserted.contains(id)) {
        continue;
      }
      for (LedgerRecord.Attempt a : r.attempts()) {
        ids.add(id);
        ts.add(r.ts().toString());
        all.add(a);
      }
    }
    int n = all.size();
    if (n == 0) {
      return;
    }
    Integer[] num = new Integer[n];
    String[] deployment = new String[n];
    String[] provider = new String[n];
    String[] model = new String[n];
    String[] keyId = new String[n];
    String[] outcome = new String[n];
    String[] error = new String[n];
    String[] reason = new String[n];
    Boolean[] local = new Boolean[n];
    Long[] latency = new Long[n];
    Long[] ttft = new Long[n];
    Long[][] tokens = new Long[5][n];
    String[] usd = new String[n];
    Boolean[] known = new Boolean[n];
    Boolean[] estimated = new Boolean[n];
    String[] catalog = new String[n];
    for (int i = 0; i < n; i++) {
      LedgerRecord.Attempt a = all.get(i);
      num[i] = a.n();
      deployment[i] = text(a.deployment());
      provider[i] = text(a.provider());
      model[i] = text(a.model());
      keyId[i] = text(a.keyId());
      outcome[i] = a.outcome().name();
      error[i] = text(a.error());
      reason[i] = text(a.reason());
      local[i] = a.localState();
      latency[i] = a.latencyMs();
      ttft[i] = a.ttftMs();
      tokens(tokens, i, a.usage());
      usd[i] = usd(a.cost());
      known[i] = a.cost().known();
      estimated[i] = a.cost().estimated();
      catalog[i] = text(a.cost().catalogVersion());
    }
    try (PreparedStatement ps = c.prepareStatement(attemptsSql)) {
      ps.setQueryTimeout(timeoutSeconds);
      int p = 1;
      ps.setArray(p++, c.createArrayOf("text", ids.toArray(new String[0])));
      ps.setArray(p++, c.createArrayOf("int4", num));
      ps.setArray(p++, c.createArrayOf("text", ts.toArray(new String[0])));
      for (String[] t : List.of(deployment, provider, model, keyId, outcome, error, reason)) {
        ps.setArray(p++, c.createArrayOf("text", t));
      }
      ps.setArray(p++, c.createArrayOf("bool", local));
      ps.setArray(p++, c.createArrayOf("int8", latency));
      ps.setArray(p++, c.createArrayOf("int8", ttft));
      for (Long[] t : tokens) {
        ps.setArray(p++, c.createArrayOf("int8", t));
      }
      ps.setArray(p++, c.createArrayOf("text", usd));
      ps.setArray(p++, c.createArrayOf("bool", known));
      ps.setArray(p++, c.createArrayOf("bool", estimated));
      ps.setArray(p, c.createArrayOf("text", catalog));
      ps.executeUpdate();
    }
  }

  private static void tokens(Long[][] t, int i, Usage u) {
    t[0][i] = u.inputTokens();
    t[1][i] = u.outputTokens();
    t[2][i] = u.cachedInputTokens();
    t[3][i] = u.cacheWriteTokens();
    t[4][i] = u.reasoningTokens();
  }

  /** A cost as PostgreSQL's numeric reads it (exponent form stays short for extreme scales). */
  private static @Nullable String usd(Cost c) {
    return c.usd().map(BigDecimal::toString).orElse(null);
  }

  /** A request id: NUL replaced, never cut. */
  static String id(String requestId) {
    return requestId.replace('\u0000', '\uFFFD');
  }

  /** A name: NUL replaced, at most {@value #MAX_TEXT} characters (whole code points). */
  static @Nullable String text(@Nullable String s) {
    if (s == null) {
      return null;
    }
    String t = s.replace('\u0000', '\uFFFD');
    if (t.length() > MAX_TEXT) {
      int end = MAX_TEXT;
      if (Character.isHighSurrogate(t.charAt(end - 1))) {
        end--;
      }
      t = t.substring(0, end);
    }
    return t;
  }

  /** The tags as a JSON object (keys sorted), NUL replaced: jsonb refuses {@code \u0000}. */
  static String tags(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return "{}";
    }
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      for (Map.Entry<String, String> e : new TreeMap<>(tags).entrySet()) {
        g.writeStringField(id(e.getKey()), id(e.getValue()));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
