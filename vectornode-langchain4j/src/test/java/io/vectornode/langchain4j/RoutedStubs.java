package io.vectornode.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.budget.Budget;
import io.vectornode.catalog.Capability;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.catalog.Prices;
import io.vectornode.routing.Deployment;
import io.vectornode.routing.DeploymentLimits;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.RecordingModelCallListener;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A VectorNode router on two OpenAI-style stub servers, as vectornode-routing's tests build one:
 * provider {@code primary} (deployment {@code main}) and provider {@code backup} (deployment
 * {@code spare}), route {@code support} = fallback [main, spare], two attempts per deployment (one
 * retry) on virtual time, priced models, and a recording listener. Loopback only; no sleeps.
 */
final class RoutedStubs implements AutoCloseable {
  /** The primary's API key: it must never appear in a response, metadata or exception. */
  static final String CANARY = "sk-canary-3f9d2a7c41e8b6";
  static final String BACKUP_KEY = "sk-backup-key-0123456789";
  /** gpt-4o-mini's list prices, USD per million tokens. */
  static final BigDecimal INPUT = new BigDecimal("0.15");
  static final BigDecimal OUTPUT = new BigDecimal("0.60");
  private static final ObjectMapper JSON = new ObjectMapper();

  final ProviderStubServer primary = ProviderStubServer.start();
  final ProviderStubServer backup = ProviderStubServer.start();
  final ManualTime time = ManualTime.create();
  final RecordingModelCallListener listener = new RecordingModelCallListener();
  final VectorNodeClient client;

  RoutedStubs() {
    this(List.of());
  }

  RoutedStubs(List<Budget> budgets) {
    VectorNode.Builder b = VectorNode.builder()
        .ticker(time).clock(time.clock()).sleeper(time).seed(7).listener(listener)
        .provider(openai("primary", primary, CANARY))
        .provider(openai("backup", backup, BACKUP_KEY))
        .deployment(priced("main", "primary"))
        .deployment(priced("spare", "backup"))
        .route(Route.fallback("support", "main", "spare"))
        .resilience(Resilience.custom().maxAttemptsPerDeployment(2).jitter(0).build());
    budgets.forEach(b::budget);
    client = b.build();
  }

  private static ProviderConfig openai(String name, ProviderStubServer s, String key) {
    return ProviderConfig.builder(name).type("openai").apiKey(key).baseUrl(s.baseUrl())
        .readTimeout(Duration.ofSeconds(5)).build();
  }

  private static Deployment priced(String name, String provider) {
    return new Deployment(name, provider, "gpt-4o-mini", DeploymentLimits.NONE,
        ModelInfo.builder("openai", "gpt-4o-mini").maxOutputTokens(1_000)
            .capabilities(Capability.TOOLS, Capability.JSON_SCHEMA, Capability.VISION)
            .prices(new Prices(INPUT, OUTPUT, null, null, null)).build());
  }

  /** The cost VectorNode computes for these counts at the prices above. */
  static BigDecimal cost(long input, long output) {
    return INPUT.multiply(BigDecimal.valueOf(input))
        .add(OUTPUT.multiply(BigDecimal.valueOf(output))).movePointLeft(6);
  }

  /** Every request a server received, bodies parsed. */
  static List<JsonNode> bodies(ProviderStubServer s) {
    List<JsonNode> out = new ArrayList<>();
    for (int i = s.requestCount(); i > 0; i--) {
      out.add(parse(s.takeRequest()));
    }
    return out;
  }

  static JsonNode parse(RecordedCall call) {
    try {
      return JSON.readTree(call.body());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    primary.close();
    backup.close();
  }
}
