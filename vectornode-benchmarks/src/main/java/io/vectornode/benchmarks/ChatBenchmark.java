package io.vectornode.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One blocking chat call per operation by every contestant; the subclasses choose the mode, the
 * callers and the body size (JMH generates a benchmark for each subclass).
 */
@State(Scope.Benchmark)
public abstract class ChatBenchmark {
  @Param({"raw-okhttp", "vectornode", "vectornode-router", "openai-java", "langchain4j"})
  public String contestant;

  private Contestant c;

  /** @return {@code small} (about 1 KB) or {@code large} (about 10 KB) */
  abstract String size();

  /** Builds the contestant and warms its connection. */
  @Setup(Level.Trial)
  public void setUp() {
    c = Contestant.create(contestant, Bench.base(size()));
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
