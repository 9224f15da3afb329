package io.vectornode.benchmarks;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.jdbc.JdbcLedger;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Insert throughput of a {@link JdbcLedger} into the benchmark's loopback PostgreSQL, in its own
 * JVM: {@code records} calls recorded from one thread as fast as it can, timed from the first
 * {@code onCallEnd} until every record is committed (the writer's pace, batches of 500, one
 * transaction each), in rounds, with a queue that holds them all (every record goes the queue's
 * way) and with the default queue of 10,000 (the overflow waits in the spool and is replayed).
 * Prints one JSON line.
 *
 * <p>Arguments: the JDBC URL, the number of records, the number of rounds.
 */
public final class JdbcThroughput {
  private JdbcThroughput() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int n = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    List<String> runs = new ArrayList<>();
    for (String config : List.of("queue-holds-all", "default-queue")) {
      for (int r = 0; r <= rounds; r++) { // round 0 warms up and is not kept
        List<CallEndEvent> events = events(config + r + "-", n);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          s.execute("DO $$ BEGIN IF to_regclass('vectornode_calls') IS NOT NULL THEN"
              + " TRUNCATE vectornode_calls, vectornode_attempts; END IF; END $$");
        }
        Path spool = Files.createTempDirectory("bench-spool-");
        JdbcLedger.Builder b = JdbcLedger.builder().url(url).spool(spool)
            .closeTimeout(Duration.ofSeconds(60));
        if (config.equals("queue-holds-all")) {
          b.queueCapacity(n);
        }
        JdbcLedger ledger = b.build();
        while (!ledger.stats().available()) {
          Thread.sleep(5); // the poll interval: the writer connects and creates the tables
        }
        long start = System.nanoTime();
        for (CallEndEvent e : events) {
          ledger.onCallEnd(e);
        }
        long recorded = System.nanoTime();
        while (ledger.stats().written() + ledger.stats().replayed() < n) {
          Thread.sleep(1); // the poll interval
        }
        long committed = System.nanoTime();
        JdbcLedger.Stats st = ledger.stats();
        ledger.close();
        JdbcRouter.deleteTree(spool);
        long rows = BenchPostgres.calls(url);
        if (rows != n || st.dropped() != 0) {
          throw new IllegalStateException("expected " + n + " rows, found " + rows + "; " + st);
        }
        String run = String.format(Locale.ROOT, "{\"config\":\"%s\",\"round\":%d,"
            + "\"records\":%d,\"seconds\":%.3f,\"recordsPerSecond\":%.0f,"
            + "\"callerNsPerRecord\":%.0f,\"spooled\":%d,\"replayed\":%d}", config, r, n,
            (committed - start) / 1e9, n / ((committed - start) / 1e9),
            (recorded - start) / (double) n, st.spooled(), st.replayed());
        System.err.println(run);
        if (r > 0) {
          runs.add(run);
        }
      }
    }
    System.out.println("{\"probe\":\"jdbc-throughput\",\"runs\":[" + String.join(",", runs)
        + "]}");
  }

  /** Calls of one attempt each, as a routed call without a retry records them. */
  static List<CallEndEvent> events(String prefix, int n) {
    List<CallEndEvent> out = new ArrayList<>(n);
    Cost cost = Cost.of(new BigDecimal("0.0000213"), "bench");
    Usage usage = new Usage(120, 40, 0, 0, 0);
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      AttemptEvent a = new AttemptEvent(id, 1, "a", "gpt-4o-mini", "one", "key-0a1b2c3d",
          CallOutcome.SUCCESS, null, usage, cost, Duration.ofMillis(80), Duration.ofMillis(30),
          null);
      out.add(new CallEndEvent(id, null, Map.of("team", "t" + (i % 8), "feature", "bench"), "a",
          "gpt-4o-mini", usage, cost, Duration.ofMillis(81), Duration.ofMillis(31), List.of(a),
          CallOutcome.SUCCESS, null));
    }
    return out;
  }
}
