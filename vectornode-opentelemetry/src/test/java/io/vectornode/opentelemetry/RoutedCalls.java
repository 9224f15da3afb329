package io.vectornode.opentelemetry;

import io.vectornode.ModelCallListener;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.ProviderStubServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Routers on stub servers (loopback) and virtual time, as the tests build them: deployment
 * {@code a} ({@code openai} instance {@code pa}, {@code gpt-4o-mini}) and {@code b} ({@code
 * anthropic} instance {@code pb}, {@code claude-sonnet-4-5}), route {@code r} falling back from
 * {@code a} to {@code b}, two attempts per deployment, a backoff of exactly one second.
 */
abstract class RoutedCalls {
  static final String KEY_A = "sk-pa-key-0123456789abcdef";
  static final String KEY_B = "sk-ant-pb-key-0123456789abcdef";

  final ManualTime time = ManualTime.create();
  final ProviderStubServer a = ProviderStubServer.start();
  final ProviderStubServer b = ProviderStubServer.start();
  private final List<AutoCloseable> closing = new ArrayList<>(List.of(a, b));

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  /** The two deployments and the fallback route, on virtual time. */
  VectorNode.Builder router(ModelCallListener listener) {
    return router(listener, KEY_A);
  }

  /** The same, with {@code pa}'s key given. */
  VectorNode.Builder router(ModelCallListener listener, String keyA) {
    return VectorNode.builder().ticker(time).clock(time.clock()).sleeper(time).seed(42)
        .provider(ProviderConfig.builder("pa").type("openai").apiKey(keyA).baseUrl(a.baseUrl())
            .readTimeout(Duration.ofSeconds(5)).build())
        .provider(ProviderConfig.builder("pb").type("anthropic").apiKey(KEY_B)
            .baseUrl(b.rootUrl()).readTimeout(Duration.ofSeconds(5)).build())
        .model("a", "pa", "gpt-4o-mini")
        .model("b", "pb", "claude-sonnet-4-5")
        .route(Route.fallback("r", "a", "b"))
        .resilience(Resilience.custom().maxAttemptsPerDeployment(2)
            .initialBackoff(Duration.ofSeconds(1)).jitter(0).build())
        .listener(listener);
  }

  VectorNodeClient build(VectorNode.Builder builder) {
    VectorNodeClient c = builder.build();
    closing.add(0, c);
    return c;
  }
}
