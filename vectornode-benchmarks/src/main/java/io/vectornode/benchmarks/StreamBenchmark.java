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
 * One caller consuming streamed answers of {@value Payloads#STREAM_DELTAS} deltas: streams per
 * second (events per second = that times the deltas) and bytes allocated per stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamBenchmark {
  @Param({"raw-okhttp", "vectornode", "vectornode-router", "openai-java", "langchain4j",
      "raw-okhttp-anthropic", "vectornode-anthropic"})
  public String contestant;

  private Contestant c;

  /** Builds the contestant and checks it sees every delta. */
  @Setup(Level.Trial)
  public void setUp() {
    c = Contestant.create(contestant, Bench.base("small"));
    int n = c.stream();
    if (n != Payloads.STREAM_DELTAS) {
      throw new IllegalStateException(contestant + " saw " + n + " deltas, expected "
          + Payloads.STREAM_DELTAS);
    }
  }

  /** Closes the contestant. */
  @TearDown(Level.Trial)
  public void tearDown() {
    c.close();
  }

  /** @return the deltas seen */
  @Benchmark
  public int stream() {
    return c.stream();
  }
}
