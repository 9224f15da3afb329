package io.vectornode.benchmarks;

import io.vectornode.ChatRequest;
import io.vectornode.routing.Hedging;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.Route;
import io.vectornode.routing.RouteTarget;
import io.vectornode.routing.Strategy;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.usage.UsageMeter;
import java.util.List;
import java.util.Set;

/**
 * VectorNode through its router: three weighted deployments, retries, circuit breakers and a
 * usage meter, all active and none firing.
 */
final class VectorNodeRouter extends VectorNodeContestant {
  VectorNodeRouter(String base) {
    super(VectorNode.builder()
        .provider(config("a", base))
        .provider(config("b", base))
        .provider(config("c", base))
        .model("one", "a", "gpt-4o-mini").model("two", "b", "gpt-4o-mini")
        .model("three", "c", "gpt-4o-mini")
        .route(new Route("chat", Strategy.WEIGHTED, List.of(new RouteTarget("one", 3),
            new RouteTarget("two", 2), new RouteTarget("three", 1)), Set.of(), null, Hedging.OFF))
        .resilience(Resilience.custom().totalTimeout(Bench.CALL_TIMEOUT).build())
        .listener(UsageMeter.create())
        .logCalls(false)
        .maxIdleConnections(128) // sized like the floor's pool
        .build(),
        ChatRequest.builder().task("chat").system(Bench.SYSTEM).user(Bench.PROMPT)
            .maxOutputTokens(100).build());
  }

  private static ProviderConfig config(String name, String base) {
    return ProviderConfig.builder(name).type("openai").apiKey("sk-bench-" + name).baseUrl(base)
        .connectTimeout(Bench.CONNECT_TIMEOUT).readTimeout(Bench.CALL_TIMEOUT)
        .callTimeout(Bench.CALL_TIMEOUT).build();
  }
}
