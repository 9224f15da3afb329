package io.vectornode.benchmarks;

import io.vectornode.jdbc.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The loopback PostgreSQL 14 of {@code benchmarks.jar jdbc}: vectornode-jdbc's test server
 * (zonky's binaries, fsync off, its own data directory), and a few statements to look at it.
 */
final class BenchPostgres {
  private BenchPostgres() {}

  static TestPostgres start() {
    return TestPostgres.start();
  }

  /** @return the URL of the benchmark's server, from {@code -Dpg.url} */
  static String configuredUrl() {
    String u = System.getProperty("pg.url");
    if (u == null) {
      throw new IllegalStateException("-Dpg.url is not set: run through BenchMain jdbc");
    }
    return u;
  }

  /** Empties the ledger's tables, if they exist (each fork starts alike). */
  static void truncate(TestPostgres pg) throws SQLException {
    try (Connection c = pg.connect(); Statement s = c.createStatement()) {
      s.execute("DO $$ BEGIN IF to_regclass('vectornode_calls') IS NOT NULL THEN"
          + " TRUNCATE vectornode_calls, vectornode_attempts; END IF; END $$");
    }
  }

  /** @return the rows of the calls table */
  static long calls(String url) throws SQLException {
    try (Connection c = java.sql.DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM vectornode_calls")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
