package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Usage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Synthetic calls and database checks for the ledger's tests. */
final class Calls {
  static final String COST = "0.0000123";

  private Calls() {}

  /** A call with two attempts (a fallback), tagged with a team. */
  static CallEndEvent call(String id) {
    AttemptEvent first = new AttemptEvent(id, 1, "openai", "gpt-4o-mini", "fast", "key-0a1b2c3d",
        CallOutcome.FAILURE, new IllegalStateException("overloaded"), Usage.ZERO, Cost.unknown(),
        Duration.ofMillis(12), null, "fallback", false);
    AttemptEvent second = new AttemptEvent(id, 2, "anthropic", "claude-haiku", "backup",
        "key-9f8e7d6c", CallOutcome.SUCCESS, null, new Usage(100, 20, 50, 10, 5),
        Cost.of(new BigDecimal(COST), "test-catalog"), Duration.ofMillis(80),
        Duration.ofMillis(30), null, true);
    return new CallEndEvent(id, "summarize", Map.of("team", "t" + (id.hashCode() & 7)),
        "anthropic", "claude-haiku", new Usage(100, 20, 50, 10, 5),
        Cost.of(new BigDecimal(COST), "test-catalog"), Duration.ofMillis(95),
        Duration.ofMillis(42), List.of(first, second), CallOutcome.SUCCESS, null);
  }

  static Connection connect(TestPostgres pg) throws SQLException {
    return pg.connect();
  }

  static long count(TestPostgres pg, String sql) {
    try (Connection c = connect(pg); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The request ids in a calls table; fails if any is there twice. */
  static Set<String> ids(TestPostgres pg, String table) {
    List<String> all = new ArrayList<>();
    try (Connection c = connect(pg); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT request_id FROM " + table)) {
      while (rs.next()) {
        all.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Set<String> set = new HashSet<>(all);
    assertThat(all).as("rows of %s, each request id once", table).hasSize(set.size());
    return set;
  }

  /** The spool segments in a directory. */
  static List<Path> segments(Path spool) {
    try (Stream<Path> s = Files.list(spool)) {
      return s.filter(p -> p.getFileName().toString().matches("spool-\\d+\\.jsonl")).toList();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Polls a condition every 10 ms until it holds, failing after the bound (a wait for another
   * thread's work, never a fixed sleep).
   */
  static void await(String what, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + bound + ": " + what);
      }
      try {
        Thread.sleep(10); // the poll interval
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
