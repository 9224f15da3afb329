package io.vectornode.benchmarks;

import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.routing.Hedging;
import io.vectornode.routing.Route;
import io.vectornode.routing.RouteTarget;
import io.vectornode.routing.Strategy;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * The router's own decision, without HTTP: resolve the route, filter by capability, order by
 * the strategy (weighted), skip unhealthy deployments.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterDecisionBenchmark {
  @Param({"1", "3", "10"})
  public int deployments;

  @Param({"WEIGHTED"})
  public Strategy strategy;

  private VectorNodeClient client;
  private VectorNodeClient router;
  private ChatRequest request;

  /** Builds a router over N deployments of one stubless provider. */
  @Setup(Level.Trial)
  public void setUp() {
    VectorNode.Builder b = VectorNode.builder().logCalls(false).provider(ProviderConfig
        .builder("p").type("openai-compatible").baseUrl("http://127.0.0.1:9/v1").build());
    List<RouteTarget> targets = new ArrayList<>();
    for (int i = 0; i < deployments; i++) {
      b.model("d" + i, "p", "gpt-4o-mini");
      targets.add(new RouteTarget("d" + i, 1 + i % 3));
    }
    client = b.route(new Route("r", strategy, targets, Set.of(), null, Hedging.OFF))
        .build();
    router = client;
    request = ChatRequest.builder().task("r").system(Bench.SYSTEM).user(Bench.PROMPT)
        .maxOutputTokens(100).build();
  }

  /** Closes the router. */
  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
  }

  /** @return the first deployment chosen */
  @Benchmark
  public String decide() {
    return router.plan(request).get(0);
  }
}
