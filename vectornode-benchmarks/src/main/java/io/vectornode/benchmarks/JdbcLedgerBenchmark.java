package io.vectornode.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One caller, one blocking chat call per operation through the router, with no usage ledger,
 * the JSONL ledger, a {@code JdbcLedger} writing every call to the benchmark's loopback
 * PostgreSQL, or the same with its database unreachable ({@link JdbcRouter}): what the database
 * ledger adds to a call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdbcLedgerBenchmark {
  @Param({"router-none", "router-jsonl", "router-jdbc", "router-jdbc-down"})
  public String contestant;

  private JdbcRouter c;

  /** Builds the router (and the ledger, which connects and creates its tables). */
  @Setup(Level.Trial)
  public void setUp() {
    String base = Bench.base("small");
    c = switch (contestant) {
      case "router-jdbc" -> JdbcRouter.jdbc(base, BenchPostgres.configuredUrl());
      case "router-jdbc-down" -> JdbcRouter.jdbcDown(base);
      case "router-jsonl" -> JdbcRouter.jsonl(base);
      default -> JdbcRouter.none(base);
    };
    c.chat();
  }

  /** Closes the router and the ledger (which writes what it holds). */
  @TearDown(Level.Trial)
  public void tearDown() {
    c.close();
  }

  /** @return the answer */
  @Benchmark
  public String chat() {
    return c.chat();
  }
}
