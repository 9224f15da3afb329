package io.vectornode.jdbc;

import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The ledger's tables: their names (validated, then always quoted: a name is never SQL) and
 * their versioned DDL, the {@code schema/V<n>.sql} resources, applied in order on first use.
 *
 * <p>Migration runs in one transaction (PostgreSQL's DDL is transactional): the version is read
 * without a lock first, so that an up-to-date schema needs no lock and no DDL privilege (a DBA
 * may have applied the files by hand); when it is behind, a transaction-level advisory lock
 * (keyed by the calls table's name) makes instances that start together apply it one after the
 * other, the later ones finding it done. Thread-safe (immutable).
 */
final class Schema {
  /** The newest version this code writes. */
  static final int LATEST = 2;
  static final String DEFAULT_TABLE = "vectornode_calls";

  /** A lowercase identifier, optionally after a schema; short enough for the index names. */
  private static final Pattern NAME = Pattern.compile(
      "(?:([a-z_][a-z0-9_]{0,39})\\.)?([a-z_][a-z0-9_]{0,39})");
  private static final Pattern QUOTED = Pattern.compile("\"vectornode_(calls|attempts|schema)(\\w*)\"");
  private static final int QUERY_TIMEOUT_SECONDS = 60;

  /** The calls table, quoted and qualified as given: {@code "billing"."ai_calls"}. */
  final String calls;
  /** The attempts table, quoted. */
  final String attempts;
  /** The version table, quoted. */
  final String versions;
  /** The calls table as the user wrote it (the version table's key). */
  final String name;
  private final String callsBare;
  private final String attemptsBare;
  private final long lockKey;

  private Schema(String name, @org.jspecify.annotations.Nullable String schema, String table) {
    this.name = name;
    String prefix = schema == null ? "" : quote(schema) + ".";
    this.callsBare = table;
    this.attemptsBare = table.endsWith("_calls")
        ? table.substring(0, table.length() - "_calls".length()) + "_attempts"
        : table + "_attempts";
    this.calls = prefix + quote(callsBare);
    this.attempts = prefix + quote(attemptsBare);
    this.versions = prefix + quote("vectornode_schema");
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    // A fixed high half ("vn" + "ledger" in spirit) so that the key is unlikely to be another
    // application's advisory lock.
    this.lockKey = 0x766e_4c44_0000_0000L | crc.getValue();
  }

  /**
   * Validates a table name.
   *
   * @param table {@code name} or {@code schema.name}: lowercase letters, digits and underscores,
   *     each part at most 40 characters and not starting with a digit
   * @return the schema's names
   * @throws ConfigurationException naming {@code ledger.jdbc.table}
   */
  static Schema of(String table) {
    Matcher m = NAME.matcher(table);
    if (!m.matches() || m.group(2).equals("vectornode_schema")) {
      String shown = table.length() > 80 ? table.substring(0, 80) + "..." : table;
      throw new ConfigurationException("ledger.jdbc.table", "must be a lowercase name or"
          + " schema.name (letters a-z, digits, '_'; each part 1 to 40 characters, not starting"
          + " with a digit; not vectornode_schema), was '" + Redaction.printable(shown) + "'");
    }
    return new Schema(table, m.group(1), m.group(2));
  }

  private static String quote(String identifier) {
    return '"' + identifier + '"'; // validated: no quote inside
  }

  /** The attempts table's name as the user would write it. */
  String attemptsName() {
    int dot = name.indexOf('.');
    return (dot < 0 ? "" : name.substring(0, dot + 1)) + attemptsBare;
  }

  /**
   * The DDL of a version with this schema's names.
   *
   * @param version 1 to {@link #LATEST}
   * @return the SQL text
   */
  String ddl(int version) {
    String text = resource(version);
    Matcher m = QUOTED.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 256);
    while (m.find()) {
      String which = m.group(1);
      String rest = m.group(2);
      String replacement;
      if (rest.isEmpty()) {
        replacement = switch (which) {
          case "calls" -> calls;
          case "attempts" -> attempts;
          default -> versions;
        };
      } else {
        // An index name: never schema-qualified (an index lives in its table's schema).
        replacement = quote((which.equals("calls") ? callsBare : which.equals("attempts")
            ? attemptsBare : "vectornode_schema") + rest);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString().replace("'" + DEFAULT_TABLE + "'", "'" + name + "'");
  }

  private static String resource(int version) {
    try (InputStream in = Schema.class.getResourceAsStream("schema/V" + version + ".sql")) {
      if (in == null) {
        throw new IllegalStateException("schema/V" + version + ".sql missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Brings the tables to {@link #LATEST} (or leaves a newer schema as it is).
   *
   * @param c a connection; its auto-commit is restored
   * @return the schema's version now
   * @throws SQLException when the database refuses (the transaction is rolled back)
   */
  int migrate(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      int v = version(c);
      if (v < LATEST) {
        try (Statement s = c.createStatement()) {
          s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
          s.execute("SELECT pg_advisory_xact_lock(" + lockKey + ")");
        }
        v = version(c); // another instance may have migrated while this one waited
        for (int next = v + 1; next <= LATEST; next++) {
          try (Statement s = c.createStatement()) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            s.execute(ddl(next));
          }
        }
        v = Math.max(v, LATEST);
      }
      c.commit();
      return v;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is broken: the pool discards it
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(auto);
      } catch (SQLException ignored) {
        // as above
      }
    }
  }

  /** @return the version recorded for this calls table, 0 when none */
  int version(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, versions);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return 0;
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT version FROM " + versions + " WHERE table_name = ?")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** @return the names, for messages */
  List<String> tables() {
    return List.of(name, attemptsName());
  }
}
