package io.vectornode.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vectornode.error.ConfigurationException;
import io.vectornode.usage.LedgerReader;
import io.vectornode.usage.LedgerSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's tables read back as {@link LedgerReader.Entry} records: what {@code vectornode
 * usage --jdbc} and {@code vectornode report --jdbc} read, through {@link JdbcLedgerSourceFactory}.
 * A row yields exactly the entry that the JSONL line of the same call yields (see {@code
 * LedgerParser}), within what the writer stores: text cut to {@value Inserts#MAX_TEXT} characters
 * and NUL replaced ({@link Inserts}), times in microseconds (PostgreSQL's precision), and of more
 * than {@link LedgerReader.Entry#MAX_TAGS} tags the first in jsonb's key order.
 *
 * <p>Each {@link #forEach} opens one connection of its own (no pool: a command reads once), in a
 * read-only transaction with auto-commit off, so that pgJDBC reads the calls through a server-side
 * portal {@value #FETCH_SIZE} rows at a time; {@code since} is a {@code WHERE ts >= ?} (the
 * {@code ts} index). For every {@value #BATCH} calls, one query fetches their attempts in order
 * ({@code request_id = ANY(?) ORDER BY request_id, n}, the primary key's order, also streamed),
 * and keeps at most {@link LedgerReader.Entry#MAX_ATTEMPT_DETAILS} of each call as the JSONL
 * reader does. Memory is bounded by the batch, not by the ledger.
 *
 * <p>Rows are untrusted (a table may be edited by hand): a row that the JSONL reader would refuse
 * as a line (a negative count, a known cost without a modest amount, tags that are not an object
 * of scalars) is skipped and counted, never thrown. The password is never in {@link
 * #describe()}, an exception or a log line (nothing is logged). Thread-safe: the state is
 * immutable and each pass has its own connection.
 */
final class JdbcLedgerSource implements LedgerSource {
  /** Rows per round trip of the calls' and the attempts' portals. */
  static final int FETCH_SIZE = 1_000;
  /** Calls whose attempts are fetched together. */
  static final int BATCH = 500;

  private static final int MAX_COST_SCALE = 30;
  private static final int MAX_COST_PRECISION = 40;
  private static final int CONNECT_TIMEOUT_SECONDS = 10;
  private static final String SUCCESS = "SUCCESS";
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
      .build();

  private final String url;
  private final @Nullable String user;
  private final @Nullable String password;
  private final Schema schema;
  private final Redaction redaction;
  private final String callsSql;
  private final String callsSinceSql;
  private final String attemptsSql;
  private volatile boolean closed;

  /**
   * @param url a PostgreSQL JDBC URL (checked as the writer checks it)
   * @param user the database user, or null (the URL's, or the driver's default)
   * @param password the password, or null (a {@code password} parameter of the URL is used then)
   * @param table the calls table, validated as the writer validates it
   */
  JdbcLedgerSource(String url, @Nullable String user, @Nullable String password, String table) {
    this.url = JdbcLedger.Builder.checkUrl(url);
    this.user = user;
    this.password = password != null ? password : Redaction.passwordParameter(this.url);
    this.redaction = Redaction.of(password, this.url);
    this.schema = Schema.of(requireNonNull(table, "table"));
    String select = "SELECT request_id, ts, task, tags::text, provider, model, deployment,"
        + " outcome, error, input_tokens, output_tokens, cached_input_tokens,"
        + " cache_write_tokens, reasoning_tokens, cost_usd, cost_known, cost_estimated,"
        + " catalog_version, latency_ms, ttft_ms, attempts FROM " + schema.calls;
    this.callsSql = select;
    this.callsSinceSql = select + " WHERE ts >= ?";
    this.attemptsSql = "SELECT request_id, n, deployment, provider, model, key_id, outcome,"
        + " error, reason, local_state, latency_ms, ttft_ms, input_tokens, output_tokens,"
        + " cached_input_tokens, cache_write_tokens, reasoning_tokens, cost_usd, cost_known,"
        + " cost_estimated FROM " + schema.attempts
        + " WHERE request_id = ANY(?) ORDER BY request_id, n";
  }

  @Override
  public LedgerReader.Stats forEach(@Nullable Instant since,
      Consumer<? super LedgerReader.Entry> action) {
    requireNonNull(action, "action");
    if (closed) {
      throw new IllegalStateException("the ledger source " + describe() + " is closed");
    }
    long[] counts = new long[2];
    try (Connection c = connect()) {
      c.setAutoCommit(false); // a portal (server-side cursor) lives within a transaction
      c.setReadOnly(true);
      checkTables(c);
      try (PreparedStatement ps = c.prepareStatement(since == null ? callsSql : callsSinceSql,
          ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(FETCH_SIZE);
        if (since != null) {
          ps.setObject(1, OffsetDateTime.ofInstant(ceilMicros(since), ZoneOffset.UTC));
        }
        try (ResultSet rs = ps.executeQuery()) {
          List<Call> batch = new ArrayList<>(BATCH);
          while (rs.next()) {
            batch.add(call(rs));
            if (batch.size() == BATCH) {
              deliver(c, batch, action, counts);
              batch.clear();
            }
          }
          deliver(c, batch, action, counts);
        }
      }
      c.rollback(); // read only: nothing to keep
    } catch (SQLException e) {
      throw new ConfigurationException("ledger", "cannot read the ledger " + describe() + " ("
          + redaction.scrub(e.getMessage()) + (e.getSQLState() == null ? ""
              : ", SQL state " + e.getSQLState()) + ")");
    }
    return new LedgerReader.Stats(counts[0], counts[1], 0);
  }

  @Override
  public String describe() {
    return Redaction.url(url) + (user == null ? "" : " as " + Redaction.printable(user))
        + ", table " + schema.name;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "JdbcLedgerSource[" + describe() + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("ApplicationName", "vectornode-reader");
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    // The password is a property, never part of a URL that the driver may quote.
    return DriverManager.getConnection(Redaction.withoutPassword(url), p);
  }

  /** Refuses, clearly, a database without the ledger's tables (never written, or another name). */
  private void checkTables(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT to_regclass(?) IS NOT NULL, to_regclass(?) IS NOT NULL")) {
      ps.setString(1, schema.calls);
      ps.setString(2, schema.attempts);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        List<String> missing = new ArrayList<>();
        if (!rs.getBoolean(1)) {
          missing.add(schema.name);
        }
        if (!rs.getBoolean(2)) {
          missing.add(schema.attemptsName());
        }
        if (!missing.isEmpty()) {
          throw new ConfigurationException("ledger", "no ledger table" + (missing.size() > 1
              ? "s " : " ") + String.join(" and ", missing) + " in " + Redaction.url(url)
              + " (visible to " + (user == null ? "this user" : Redaction.printable(user))
              + "): nothing has been written there with this table name (another"
              + " --jdbc-table?), or the tables are in a schema not on the search_path");
        }
      }
    }
  }

  /** Microseconds are PostgreSQL's precision: {@code ts >= since} holds for the same rows. */
  private static Instant ceilMicros(Instant t) {
    Instant down = t.truncatedTo(ChronoUnit.MICROS);
    return down.equals(t) ? t : down.plus(1, ChronoUnit.MICROS);
  }

  /** A call's row; {@code bad} when the JSONL reader would have skipped its line. */
  private static final class Call {
    @Nullable String requestId;
    @Nullable Instant ts;
    @Nullable String task;
    Map<String, String> tags = Map.of();
    @Nullable String provider;
    @Nullable String model;
    @Nullable String deployment;
    String outcome = "";
    @Nullable String error;
    long input;
    long output;
    long cached;
    long cacheWrite;
    long reasoning;
    @Nullable BigDecimal usd;
    boolean estimated;
    @Nullable String catalog;
    long latency;
    @Nullable Long ttft;
    int attempts;
    final List<LedgerReader.Attempt> details = new ArrayList<>();
    boolean bad;
  }

  private static Call call(ResultSet rs) throws SQLException {
    Call k = new Call();
    try {
      k.requestId = rs.getString(1);
      OffsetDateTime ts = rs.getObject(2, OffsetDateTime.class);
      k.ts = ts == null ? null : ts.toInstant();
      k.task = rs.getString(3);
      k.tags = tags(rs.getString(4));
      k.provider = rs.getString(5);
      k.model = rs.getString(6);
      k.deployment = rs.getString(7);
      k.outcome = orEmpty(rs.getString(8));
      k.error = rs.getString(9);
      k.input = count(rs, 10);
      k.output = count(rs, 11);
      k.cached = count(rs, 12);
      k.cacheWrite = count(rs, 13);
      k.reasoning = count(rs, 14);
      k.usd = cost(rs.getBigDecimal(15), rs.getBoolean(16));
      k.estimated = k.usd != null && rs.getBoolean(17);
      k.catalog = rs.getString(18);
      k.latency = count(rs, 19);
      k.ttft = optionalCount(rs, 20);
      k.attempts = rs.getInt(21);
      if (k.requestId == null || k.ts == null || k.attempts < 0) {
        k.bad = true;
      }
    } catch (IllegalArgumentException | IOException e) {
      k.bad = true; // what the JSONL reader would skip as a line
    }
    return k;
  }

  /** Fetches the batch's attempts, then hands each whole call over (or counts it skipped). */
  private void deliver(Connection c, List<Call> batch, Consumer<? super LedgerReader.Entry> action,
      long[] counts) throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    Map<String, Call> byId = new HashMap<>(batch.size() * 2);
    for (Call k : batch) {
      if (!k.bad) {
        byId.put(k.requestId, k);
      }
    }
    if (!byId.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(attemptsSql, ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(FETCH_SIZE);
        ps.setArray(1, c.createArrayOf("text", byId.keySet().toArray(new String[0])));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Call k = byId.get(rs.getString(1));
            if (k != null && !k.bad) {
              LedgerReader.Attempt a = attempt(rs);
              if (a == null) {
                k.bad = true;
              } else {
                keep(k.details, a);
              }
            }
          }
        }
      }
    }
    for (Call k : batch) {
      LedgerReader.Entry e = k.bad ? null : entry(k);
      if (e == null) {
        counts[1]++;
      } else {
        counts[0]++;
        action.accept(e);
      }
    }
  }

  private static LedgerReader.@Nullable Entry entry(Call k) {
    try {
      return new LedgerReader.Entry(requireNonNull(k.ts), requireNonNull(k.requestId), k.task,
          k.tags, k.provider, k.model, k.deployment, k.outcome, k.attempts, k.input, k.output,
          k.usd, k.latency, k.error, k.ttft, k.cached, k.cacheWrite, k.reasoning, k.estimated,
          k.catalog, k.details);
    } catch (IllegalArgumentException e) {
      return null; // fewer attempts than attempt rows: edited by hand
    }
  }

  /** An attempt row, or null when its line would not have been a record. */
  private static LedgerReader.@Nullable Attempt attempt(ResultSet rs) throws SQLException {
    try {
      BigDecimal usd = cost(rs.getBigDecimal(18), rs.getBoolean(19));
      return new LedgerReader.Attempt(rs.getInt(2), rs.getString(3), rs.getString(4),
          rs.getString(5), rs.getString(6), orEmpty(rs.getString(7)), rs.getString(8),
          rs.getString(9), rs.getBoolean(10), count(rs, 11), optionalCount(rs, 12), count(rs, 13),
          count(rs, 14), count(rs, 15), count(rs, 16), count(rs, 17), usd,
          usd != null && rs.getBoolean(20));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * As the JSONL reader keeps attempt details: the first {@link
   * LedgerReader.Entry#MAX_ATTEMPT_DETAILS}, and the first successful one in place of the last
   * kept when it comes later.
   */
  static void keep(List<LedgerReader.Attempt> details, LedgerReader.Attempt a) {
    if (details.size() < LedgerReader.Entry.MAX_ATTEMPT_DETAILS) {
      details.add(a);
    } else if (a.outcome().equals(SUCCESS)
        && details.stream().noneMatch(d -> d.outcome().equals(SUCCESS))) {
      details.set(details.size() - 1, a);
    }
  }

  /** A known cost, as the JSONL reader bounds it; null when unknown. */
  private static @Nullable BigDecimal cost(@Nullable BigDecimal usd, boolean known) {
    if (!known) {
      return null;
    }
    if (usd == null || Math.abs(usd.scale()) > MAX_COST_SCALE
        || usd.precision() > MAX_COST_PRECISION) {
      throw new IllegalArgumentException("known cost without a modest usd");
    }
    return usd;
  }

  private static long count(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column); // NULL reads as 0, as a JSON null does
    if (v < 0) {
      throw new IllegalArgumentException("negative");
    }
    return v;
  }

  private static @Nullable Long optionalCount(ResultSet rs, int column) throws SQLException {
    long v = count(rs, column);
    return rs.wasNull() ? null : v;
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  /**
   * The tags' jsonb text: an object whose values are scalars (null ones ignored), the first
   * {@link LedgerReader.Entry#MAX_TAGS} kept; anything else makes the row a skipped one.
   */
  private static Map<String, String> tags(@Nullable String json) throws IOException {
    if (json == null) {
      return Map.of();
    }
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        return Map.of();
      }
      if (t != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("tags not an object");
      }
      Map<String, String> tags = new HashMap<>();
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_NULL) {
          continue;
        }
        if (!v.isScalarValue()) {
          throw new IllegalArgumentException("a tag that is not a scalar");
        }
        if (tags.size() < LedgerReader.Entry.MAX_TAGS) {
          tags.put(name, p.getText());
        }
      }
      return tags;
    }
  }
}
