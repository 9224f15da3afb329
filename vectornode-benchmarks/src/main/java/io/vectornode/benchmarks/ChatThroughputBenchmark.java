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
import org.openjdk.jmh.annotations.Threads;

/** 64 concurrent callers sharing one client: calls per second. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(64)
public class ChatThroughputBenchmark {
  @Param({"raw-okhttp", "vectornode", "vectornode-router", "openai-java", "langchain4j"})
  public String contestant;

  private Contestant c;

  /** Builds the contestant. */
  @Setup(Level.Trial)
  public void setUp() {
    c = Contestant.create(contestant, Bench.base("small"));
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
