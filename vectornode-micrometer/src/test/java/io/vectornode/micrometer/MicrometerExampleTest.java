package io.vectornode.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.vectornode.ChatRequest;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of the README's "Metrics with Micrometer", run: a client from a config file with
 * the metrics listener, one call (to a loopback stub instead of OpenAI), and what a scrape of
 * the registry then holds. In an application the registry is Spring Boot's, Prometheus's or
 * OTLP's, and the ObservationRegistry the one Micrometer Tracing bridges to spans.
 */
class MicrometerExampleTest {

  @Test
  void example_configFileClient_withMetricsGaugesAndObservations(@TempDir Path dir)
      throws IOException {
    try (ProviderStubServer openai = ProviderStubServer.start()) {
      openai.enqueue(OpenAiStubs.chat("Paris."));
      Path config = Files.writeString(dir.resolve("vectornode.yaml"), """
          providers:
            openai: { apiKey: sk-example-0123456789, baseUrl: %s }
          models:
            fast: { provider: openai, model: gpt-4o-mini }
          """.formatted(openai.baseUrl()));

      MeterRegistry registry = new SimpleMeterRegistry();
      ObservationRegistry observations = ObservationRegistry.create();
      VectorNodeMetrics metrics = VectorNodeMetrics.create(registry, observations,
          MetricsOptions.builder().allowTag("team").build());
      try (VectorNodeClient ai = VectorNode.builderFromConfig(config).listener(metrics).build()) {
        metrics.monitor(ai);
        String answer = ai.chat(ChatRequest.builder().model("fast").user("Capital of France?")
            .tag("team", "geo").build()).text();
        assertThat(answer).isEqualTo("Paris.");
      }

      assertThat(registry.get("gen_ai.client.operation.duration")
          .tag("gen_ai.provider.name", "openai").tag("gen_ai.request.model", "gpt-4o-mini")
          .tag("gen_ai.response.model", OpenAiStubs.MODEL).tag("team", "geo").timer().count())
          .isEqualTo(1);
      assertThat(registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input")
          .summary().totalAmount()).isEqualTo(12);
      assertThat(registry.get("vectornode.client.cost").counter().count()).isPositive();
      assertThat(registry.get("vectornode.deployment.breaker.state")
          .tag("vectornode.deployment", "fast").tag("vectornode.breaker.state", "closed")
          .gauge()).isNotNull();
    }
  }

  @Test
  void reloadingClient_aDeploymentTheReloadAdds_getsItsGaugesAtItsFirstAttempt(@TempDir Path dir)
      throws IOException {
    try (ProviderStubServer openai = ProviderStubServer.start()) {
      String providers = "providers:\n  openai: { apiKey: sk-example-0123456789, baseUrl: "
          + openai.baseUrl() + " }\nmodels:\n  fast: { provider: openai, model: gpt-4o-mini }\n";
      Path config = Files.writeString(dir.resolve("vectornode.yaml"), providers);
      MockClock clock = new MockClock();
      SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
      VectorNodeMetrics metrics = VectorNodeMetrics.create(registry);
      try (VectorNodeClient ai = VectorNode.watch(config, metrics)) {
        metrics.monitor(ai);
        assertThat(registry.find("vectornode.deployment.breaker.state").gauges()).hasSize(3);

        Files.writeString(config, providers + "  big: { provider: openai, model: gpt-4o }\n");
        assertThat(ai.reload()).isTrue();
        clock.add(java.time.Duration.ofSeconds(2));
        openai.enqueue(OpenAiStubs.chat("from big"));
        assertThat(ai.chat(ChatRequest.builder().model("big").user("hi").build()).text())
            .isEqualTo("from big");
        assertThat(registry.get("vectornode.deployment.breaker.state")
            .tag("vectornode.deployment", "big").tag("vectornode.breaker.state", "closed")
            .gauge().value()).isEqualTo(1.0);
        assertThat(registry.find("vectornode.deployment.breaker.state").gauges()).hasSize(6);
      }
    }
  }
}
