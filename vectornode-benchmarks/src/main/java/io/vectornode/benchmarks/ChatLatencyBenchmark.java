package io.vectornode.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/** One caller, one blocking chat call per operation: latency distribution and allocation. */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChatLatencyBenchmark extends ChatBenchmark {
  @Param({"small", "large"})
  public String size;

  @Override
  String size() {
    return size;
  }
}
