package io.vectornode.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vectornode.ChatRequest;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of the README's "Tracing with OpenTelemetry", run: an SDK (in an application,
 * with an OTLP exporter, or the agent's {@code GlobalOpenTelemetry.get()}), a client from a
 * config file with the tracing listener, one call inside the application's own span (to a
 * loopback stub instead of OpenAI), and the trace it leaves.
 */
class OpenTelemetryExampleTest {

  @Test
  @SuppressWarnings("try") // the scope only makes a span or observation current
  void example_configFileClient_tracedInsideTheCallersSpan(@TempDir Path dir) throws IOException {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (ProviderStubServer openai = ProviderStubServer.start();
        SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracing)
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
      openai.enqueue(OpenAiStubs.chat("Paris."));
      Path config = Files.writeString(dir.resolve("vectornode.yaml"), """
          providers:
            openai: { apiKey: sk-example-0123456789, baseUrl: %s }
          models:
            fast: { provider: openai, model: gpt-4o-mini }
          """.formatted(openai.baseUrl()));

      try (VectorNodeClient ai = VectorNode.builderFromConfig(config)
          .listener(VectorNodeTracing.create(otel)).build()) {
        Span request = otel.getTracer("my-app").spanBuilder("GET /capital").startSpan();
        try (Scope scope = request.makeCurrent()) {
          ai.chat(ChatRequest.builder().model("fast").user("Capital of France?").build());
        } finally {
          request.end();
        }
      }

      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertThat(spans).extracting(SpanData::getName)
          .containsExactlyInAnyOrder("chat gpt-4o-mini", "chat fast", "GET /capital");
      SpanData attempt = spans.stream().filter(s -> s.getName().equals("chat gpt-4o-mini"))
          .findFirst().orElseThrow();
      assertThat(openai.takeRequest().header("traceparent")).hasValueSatisfying(
          t -> assertThat(t).contains(attempt.getSpanId()).contains(attempt.getTraceId()));
    }
  }
}
