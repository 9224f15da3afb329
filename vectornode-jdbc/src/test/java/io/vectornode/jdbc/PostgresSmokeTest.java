package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real PostgreSQL through pgJDBC and HikariCP: writes from threads, a kill, a restart. */
class PostgresSmokeTest {

  private static final int THREADS = 8;
  private static final int ROWS = 1_000;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void writesFromThreadsSurviveAKilledAndRestartedServer() throws Exception {
    try (TestPostgres pg = TestPostgres.start()) {
      assertThat(pg.serverUser()).isNotIn("root", "(stopped)", "(unknown)");
      try (HikariDataSource pool = pool(pg)) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
          s.execute("CREATE TABLE usage_smoke (id BIGSERIAL PRIMARY KEY, thread INT NOT NULL,"
              + " n INT NOT NULL)");
        }
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(threads.submit(() -> {
              for (int n = thread; n < ROWS; n += THREADS) {
                try (Connection c = pool.getConnection();
                    PreparedStatement ps =
                        c.prepareStatement("INSERT INTO usage_smoke (thread, n) VALUES (?, ?)")) {
                  ps.setInt(1, thread);
                  ps.setInt(2, n);
                  ps.executeUpdate();
                }
              }
              return null;
            }));
          }
          for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
          }
        } finally {
          threads.shutdownNow();
        }
        assertThat(count(pool)).isEqualTo(ROWS);
      }

      pg.stop();
      assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl()).close())
          .isInstanceOf(SQLException.class);

      pg.restart();
      try (HikariDataSource pool = pool(pg)) {
        assertThat(count(pool)).isEqualTo(ROWS);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(DISTINCT n), min(n), max(n) FROM usage_smoke")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(ROWS);
          assertThat(rs.getInt(2)).isZero();
          assertThat(rs.getInt(3)).isEqualTo(ROWS - 1);
        }
      }
    }
  }

  private static HikariDataSource pool(TestPostgres pg) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.jdbcUrl());
    config.setMaximumPoolSize(THREADS);
    config.setConnectionTimeout(5_000);
    config.setPoolName("smoke");
    return new HikariDataSource(config);
  }

  private static long count(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM usage_smoke")) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }
}
