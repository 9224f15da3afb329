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

/** One caller, one blocking chat call per operation: latency distribution and allocation. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChatLatencyBenchmark {
  @Param({"raw-okhttp", "vectornode", "vectornode-router", "openai-java", "langchain4j"})
  public String contestant;

  @Param({"small", "large"})
  public String size;

  private Contestant c;

  /** Builds the contestant and warms its connection. */
  @Setup(Level.Trial)
  public void setUp() {
    c = Contestant.create(contestant, Bench.base(size));
    c.chat();
  }

  /** Closes the contestant. */
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
