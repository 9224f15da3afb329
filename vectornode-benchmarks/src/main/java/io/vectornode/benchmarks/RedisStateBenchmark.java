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
 * One caller, one blocking chat call per operation through the router with its limits and
 * budget in memory or in a loopback Redis ({@link StateRouter}): the latency and allocation the
 * fleet's shared state adds to a call, with every attempt asking Redis or with leases.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisStateBenchmark {
  @Param({"router-memory", "router-redis", "router-redis-leased"})
  public String contestant;

  private StateRouter c;

  /** Builds the router and warms its connections. */
  @Setup(Level.Trial)
  public void setUp() {
    c = switch (contestant) {
      case "router-redis" -> StateRouter.redis(Bench.base("small"), BenchRedis.configuredPort());
      case "router-redis-leased" -> StateRouter.redisLeased(Bench.base("small"),
          BenchRedis.configuredPort());
      default -> StateRouter.inMemory(Bench.base("small"));
    };
    c.chat();
  }

  /** Closes the router (and its RedisState). */
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
