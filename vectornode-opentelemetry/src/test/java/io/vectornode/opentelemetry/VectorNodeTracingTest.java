package io.vectornode.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.routing.Hedging;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.RecordingModelCallListener;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans of routed and direct calls, read back from the SDK's in-memory exporter. */
class VectorNodeTracingTest extends RoutedCalls {
  private static final ChatRequest HI = ChatRequest.builder().task("r").user("hi").build();

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(tracerProvider)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final RecordingModelCallListener events = new RecordingModelCallListener();

  @AfterEach
  void shutdown() {
    tracerProvider.close();
  }

  /** The call span of this name. */
  private SpanData span(String name) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name) && s.getKind() == SpanKind.INTERNAL)
        .findFirst().orElseThrow(() -> new AssertionError("no span " + name + " in "
            + exporter.getFinishedSpanItems()));
  }

  /** The attempt spans, in the order their attempts were numbered. */
  private List<SpanData> attempts() {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT)
        .sorted(Comparator.comparing(s -> s.getAttributes().get(Attrs.ATTEMPT_NUMBER)))
        .toList();
  }

  private static String traceparent(SpanData s) {
    return "00-" + s.getTraceId() + "-" + s.getSpanId() + "-"
        + s.getSpanContext().getTraceFlags().asHex();
  }

  @Test
  @SuppressWarnings("try") // the scope only makes a span or observation current
  void routedCall_withRetryAndFallback_isACallSpanWithAnAttemptSpanEach_andSendsEachsContext() {
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    b.enqueue(AnthropicStubs.message("hello from b"));
    VectorNodeClient ai = build(router(VectorNodeTracing.create(otel)).listener(events));

    Span parent = otel.getTracer("test").spanBuilder("GET /ask").startSpan();
    try (Scope scope = parent.makeCurrent()) {
      ai.chat(HI.toBuilder().temperature(0.2).maxOutputTokens(50).build());
    } finally {
      parent.end();
    }
    CallEndEvent end = events.singleEnd();

    SpanData call = span("chat r");
    assertThat(call.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(call.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(call.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    var ca = call.getAttributes();
    assertThat(ca.get(Attrs.OPERATION)).isEqualTo("chat");
    assertThat(ca.get(Attrs.PROVIDER)).isEqualTo("anthropic");
    assertThat(ca.get(Attrs.REQUEST_MODEL)).isEqualTo("claude-sonnet-4-5");
    assertThat(ca.get(Attrs.RESPONSE_MODEL)).isEqualTo(AnthropicStubs.MODEL);
    assertThat(ca.get(Attrs.RESPONSE_ID)).isEqualTo(AnthropicStubs.ID);
    assertThat(ca.get(Attrs.FINISH_REASONS)).containsExactly("stop");
    assertThat(ca.get(Attrs.TEMPERATURE)).isEqualTo(0.2);
    assertThat(ca.get(Attrs.MAX_TOKENS)).isEqualTo(50L);
    assertThat(ca.get(Attrs.OUTPUT_TYPE)).isEqualTo("text");
    assertThat(ca.get(Attrs.INPUT_TOKENS)).isEqualTo(12L);
    assertThat(ca.get(Attrs.OUTPUT_TOKENS)).isEqualTo(3L);
    assertThat(ca.get(Attrs.REQUEST_ID)).isEqualTo(end.requestId());
    assertThat(ca.get(Attrs.TASK)).isEqualTo("r");
    assertThat(ca.get(Attrs.DEPLOYMENT)).isEqualTo("b");
    assertThat(ca.get(Attrs.ATTEMPTS)).isEqualTo(3L);
    assertThat(ca.get(Attrs.OUTCOME)).isEqualTo("success");
    assertThat(ca.get(Attrs.COST_USD)).isPositive()
        .isCloseTo(end.cost().usd().orElseThrow().doubleValue(), within(1e-12));
    assertThat(ca.get(Attrs.COST_ESTIMATED)).isFalse();
    assertThat(ca.get(Attrs.ERROR_TYPE)).isNull();
    assertThat(ca.get(Attrs.INPUT_MESSAGES)).as("content is opt-in").isNull();
    assertThat(ca.get(Attrs.OUTPUT_MESSAGES)).isNull();

    List<SpanData> attempts = attempts();
    assertThat(attempts).hasSize(3).allSatisfy(s -> {
      assertThat(s.getParentSpanId()).isEqualTo(call.getSpanId());
      assertThat(s.getTraceId()).isEqualTo(call.getTraceId());
      assertThat(s.getAttributes().get(Attrs.OPERATION)).isEqualTo("chat");
      assertThat(s.getAttributes().get(Attrs.REQUEST_ID)).isEqualTo(end.requestId());
    });
    assertThat(attempts).extracting(SpanData::getName)
        .containsExactly("chat gpt-4o-mini", "chat gpt-4o-mini", "chat claude-sonnet-4-5");
    assertThat(attempts).extracting(s -> s.getAttributes().get(Attrs.ATTEMPT_KIND))
        .containsExactly("first", "retry", "fallback");
    assertThat(attempts).extracting(s -> s.getAttributes().get(Attrs.DEPLOYMENT))
        .containsExactly("a", "a", "b");
    assertThat(attempts).extracting(s -> s.getAttributes().get(Attrs.PROVIDER))
        .containsExactly("openai", "openai", "anthropic");
    assertThat(attempts).extracting(s -> s.getAttributes().get(Attrs.OUTCOME))
        .containsExactly("failure", "failure", "success");
    for (SpanData failed : attempts.subList(0, 2)) {
      assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(failed.getAttributes().get(Attrs.ERROR_TYPE))
          .isEqualTo(ServiceUnavailableException.class.getName());
      assertThat(failed.getEvents()).extracting(e -> e.getName()).contains("exception");
    }
    assertThat(attempts.get(0).getAttributes().get(Attrs.ATTEMPT_REASON)).startsWith("retry in");
    assertThat(attempts.get(1).getAttributes().get(Attrs.ATTEMPT_REASON))
        .contains("next deployment");
    SpanData won = attempts.get(2);
    assertThat(won.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(won.getAttributes().get(Attrs.RESPONSE_MODEL)).isEqualTo(AnthropicStubs.MODEL);
    assertThat(won.getAttributes().get(Attrs.INPUT_TOKENS)).isEqualTo(12L);
    assertThat(won.getAttributes().get(Attrs.KEY_ID)).startsWith("key-");
    assertThat(won.getAttributes().get(Attrs.TEMPERATURE)).isEqualTo(0.2);

    // each HTTP request carried its own attempt span's context
    RecordedCall first = a.takeRequest();
    RecordedCall second = a.takeRequest();
    RecordedCall third = b.takeRequest();
    assertThat(first.header("traceparent")).contains(traceparent(attempts.get(0)));
    assertThat(second.header("traceparent")).contains(traceparent(attempts.get(1)));
    assertThat(third.header("traceparent")).contains(traceparent(attempts.get(2)));
    assertThat(first.header("Authorization")).contains("Bearer " + KEY_A);
  }

  @Test
  void lostHedge_isACancelledAttemptSpan_besideTheWinner() {
    a.enqueue(OpenAiStubs.chat("slow").headersDelay(Duration.ofSeconds(5)));
    b.enqueue(AnthropicStubs.message("fast"));
    VectorNodeClient ai = build(router(VectorNodeTracing.create(otel)).listener(events)
        .route(Route.fallback("h", "a", "b").withHedging(Hedging.after(Duration.ofMillis(50)))));
    assertThat(ai.chat(ChatRequest.builder().task("h").user("hi").build()).text())
        .isEqualTo("fast");

    SpanData call = span("chat h");
    List<SpanData> attempts = attempts();
    assertThat(attempts).hasSize(2)
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(call.getSpanId()));
    SpanData lost = attempts.get(0);
    assertThat(lost.getAttributes().get(Attrs.DEPLOYMENT)).isEqualTo("a");
    assertThat(lost.getAttributes().get(Attrs.ATTEMPT_KIND)).isEqualTo("first");
    assertThat(lost.getAttributes().get(Attrs.OUTCOME)).isEqualTo("cancelled");
    assertThat(lost.getAttributes().get(Attrs.ATTEMPT_REASON)).isEqualTo("hedge lost to b");
    assertThat(lost.getStatus().getStatusCode()).as("losing a race is no error")
        .isEqualTo(StatusCode.UNSET);
    assertThat(lost.getAttributes().get(Attrs.COST_ESTIMATED)).isTrue();
    assertThat(lost.getAttributes().get(Attrs.INPUT_TOKENS)).as("an estimate is no count")
        .isNull();
    SpanData hedge = attempts.get(1);
    assertThat(hedge.getAttributes().get(Attrs.DEPLOYMENT)).isEqualTo("b");
    assertThat(hedge.getAttributes().get(Attrs.ATTEMPT_KIND)).isEqualTo("hedge");
    assertThat(hedge.getAttributes().get(Attrs.OUTCOME)).isEqualTo("success");
    assertThat(b.takeRequest().header("traceparent")).contains(traceparent(hedge));
    assertThat(call.getAttributes().get(Attrs.DEPLOYMENT)).isEqualTo("b");
  }

  @Test
  void captureContent_isOptIn_andRecordsTheConversationAsTheConventionsJson() {
    b.enqueue(AnthropicStubs.message("Hi \"there\""));
    VectorNodeClient ai = build(router(VectorNodeTracing.create(otel,
        TracingOptions.builder().captureContent(true).build())));
    ai.chat(ChatRequest.builder().model("b").system("Be brief.").user("hello\nworld").build());

    var ca = span("chat b").getAttributes();
    assertThat(ca.get(Attrs.SYSTEM_INSTRUCTIONS))
        .isEqualTo("[{\"type\":\"text\",\"content\":\"Be brief.\"}]");
    assertThat(ca.get(Attrs.INPUT_MESSAGES)).isEqualTo(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hello\\nworld\"}]}]");
    assertThat(ca.get(Attrs.OUTPUT_MESSAGES)).isEqualTo("[{\"role\":\"assistant\",\"parts\":"
        + "[{\"type\":\"text\",\"content\":\"Hi \\\"there\\\"\"}],\"finish_reason\":\"stop\"}]");
    assertThat(ca.get(Attrs.MODEL_REFERENCE)).isEqualTo("b");
    // on the call span only: attempts do not repeat the conversation
    assertThat(attempts()).singleElement()
        .satisfies(s -> assertThat(s.getAttributes().get(Attrs.INPUT_MESSAGES)).isNull());
  }

  @Test
  void propagationOff_sendsNoTraceContext_andTheLegacySystemAttributeIsOptIn() {
    a.enqueue(OpenAiStubs.chat("x"));
    VectorNodeClient ai = build(router(VectorNodeTracing.create(otel, TracingOptions.builder()
        .propagate(false).legacySystemAttribute(true).build())));
    ai.chat(HI);
    assertThat(a.takeRequest().header("traceparent")).isEmpty();
    SpanData attempt = attempts().get(0);
    assertThat(attempt.getAttributes().get(Attrs.SYSTEM)).isEqualTo("openai");
    assertThat(attempt.getAttributes().get(Attrs.PROVIDER)).isEqualTo("openai");
    assertThat(span("chat r").getParentSpanContext().isValid()).as("no caller span: a root")
        .isFalse();
  }

  @Test
  @SuppressWarnings("try") // the scope only makes baggage current
  void baggage_staysHome_unlessTheConfiguredPropagatorIsAskedFor() {
    OpenTelemetrySdk withBaggage = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
        .setPropagators(ContextPropagators.create(io.opentelemetry.context.propagation
            .TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(),
                io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator.getInstance())))
        .build();
    io.opentelemetry.api.baggage.Baggage baggage = io.opentelemetry.api.baggage.Baggage.builder()
        .put("tenant", "acme-internal-42").build();
    for (boolean configured : new boolean[] {false, true}) {
      a.enqueue(OpenAiStubs.chat("x"));
      VectorNodeClient ai = build(router(VectorNodeTracing.create(withBaggage,
          TracingOptions.builder().configuredPropagator(configured).build())));
      try (Scope scope = baggage.makeCurrent()) {
        ai.chat(HI);
      }
      var sent = a.takeRequest();
      assertThat(sent.header("traceparent")).as("configured %s", configured).isPresent();
      if (configured) {
        assertThat(sent.header("baggage")).contains("tenant=acme-internal-42");
      } else {
        assertThat(sent.header("baggage")).isEmpty();
      }
      ai.close();
    }
  }

  @Test
  void noPropagatorConfigured_stillSendsW3cTraceContext() {
    OpenTelemetrySdk bare = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    a.enqueue(OpenAiStubs.chat("x"));
    build(router(VectorNodeTracing.create(bare))).chat(HI);
    assertThat(a.takeRequest().header("traceparent")).contains(traceparent(attempts().get(0)));
  }

  @Test
  @SuppressWarnings("try") // the scope only makes a span or observation current
  void streamAndAsyncCalls_areTraced_withTheCallersContextAtTheirStart() throws Exception {
    a.enqueue(OpenAiStubs.stream("one ", "two"));
    a.enqueue(OpenAiStubs.chat("async"));
    VectorNodeClient ai = build(router(VectorNodeTracing.create(otel)));
    Span parent = otel.getTracer("test").spanBuilder("job").startSpan();
    ChatResponse async;
    try (Scope scope = parent.makeCurrent()) {
      try (ChatStream s = ai.stream(HI)) {
        assertThat(s.response().text()).isEqualTo("one two");
      }
      async = ai.chatAsync(HI.toBuilder().task(null).model("a").build()).get();
    } finally {
      parent.end();
    }
    assertThat(async.text()).isEqualTo("async");
    SpanData stream = span("chat r");
    SpanData asyncCall = span("chat a");
    assertThat(stream.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(asyncCall.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(stream.getAttributes().get(Attrs.REQUEST_STREAM)).isTrue();
    assertThat(stream.getAttributes().get(Attrs.TIME_TO_FIRST_CHUNK)).isNotNull();
    assertThat(asyncCall.getAttributes().get(Attrs.REQUEST_STREAM)).isNull();
    assertThat(asyncCall.getAttributes().get(Attrs.TIME_TO_FIRST_CHUNK)).isNull();
    assertThat(attempts()).hasSize(2);
  }

  @Test
  void directClient_withoutRouter_isTracedAndPropagatesToo() {
    a.enqueue(OpenAiStubs.chat("direct"));
    VectorNodeTracing tracing = VectorNodeTracing.create(otel);
    try (ModelClient direct = ProviderRegistry.load().create(ProviderConfig.builder("openai")
        .apiKey(KEY_A).baseUrl(a.baseUrl()).build(), List.of(tracing))) {
      direct.chat(ChatRequest.builder().model("gpt-4o-mini").user("hi").build());
    }
    SpanData call = span("chat gpt-4o-mini");
    SpanData attempt = attempts().get(0);
    assertThat(call.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(attempt.getAttributes().get(Attrs.DEPLOYMENT)).isNull();
    assertThat(attempt.getAttributes().get(Attrs.RESPONSE_MODEL)).isEqualTo(OpenAiStubs.MODEL);
    assertThat(a.takeRequest().header("traceparent")).contains(traceparent(attempt));
    assertThat(tracing.callsInFlight()).isZero();
  }

  @Test
  void embeddingCall_isAnEmbeddingsSpan_withAnEmbeddingsAttemptSpan() {
    a.enqueue(io.vectornode.testing.EmbeddingStubs.openAi(
        io.vectornode.testing.EmbeddingStubs.markers(0, 2), 4, true));
    VectorNodeClient ai = build(router(VectorNodeTracing.create(otel)).listener(events)
        .model("emb", "pa", "text-embedding-3-small"));

    ai.embed(io.vectornode.EmbeddingRequest.builder().model("emb").input("a").input("b")
        .build());

    SpanData call = span("embeddings emb");
    assertThat(call.getAttributes().get(Attrs.OPERATION)).isEqualTo("embeddings");
    assertThat(attempts()).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("embeddings text-embedding-3-small");
      assertThat(s.getAttributes().get(Attrs.OPERATION)).isEqualTo("embeddings");
      assertThat(s.getParentSpanId()).isEqualTo(call.getSpanId());
    });
  }
}
