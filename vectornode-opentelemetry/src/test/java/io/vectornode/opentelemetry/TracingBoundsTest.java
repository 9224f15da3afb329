package io.vectornode.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.CallStartEvent;
import io.vectornode.ChatRequest;
import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.error.AuthenticationException;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.StubReply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No secret in any span; the calls followed are bounded. */
class TracingBoundsTest extends RoutedCalls {
  private static final String CANARY = "sk-canary-7f3a9c1e5b2d4f6a8c0e";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(tracerProvider).build();

  @AfterEach
  void shutdown() {
    tracerProvider.close();
  }

  @Test
  void canaryKey_isInNoSpanNameAttributeOrEvent_evenWhenServersEchoIt_withContentCaptured() {
    VectorNodeClient ai = build(router(VectorNodeTracing.create(otel,
        TracingOptions.builder().captureContent(true).build()), CANARY));
    ChatRequest hi = ChatRequest.builder().task("r").user("hi").build();
    a.enqueue(StubReply.json(200, "{\"id\":\"" + CANARY + "\",\"object\":\"chat.completion\","
        + "\"created\":1741569952,\"model\":\"" + CANARY + "\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}"));
    ai.chat(hi);
    a.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: " + CANARY));
    b.enqueue(AnthropicStubs.error(401, "authentication_error", "bad key " + KEY_B));
    Throwable t = catchThrowable(() -> ai.chat(hi));
    assertThat(t).isInstanceOf(AuthenticationException.class);

    List<String> seen = new ArrayList<>();
    for (SpanData s : exporter.getFinishedSpanItems()) {
      seen.add(s.getName());
      s.getAttributes().forEach((k, v) -> seen.add(k.getKey() + "=" + v));
      for (EventData e : s.getEvents()) {
        e.getAttributes().forEach((k, v) -> seen.add(k.getKey() + "=" + v));
      }
      seen.add(s.getStatus().getDescription());
    }
    assertThat(seen).anySatisfy(x -> assertThat(x).startsWith("exception.message="))
        .anySatisfy(x -> assertThat(x).startsWith("gen_ai.response.model="));
    // each server echoes the key it was sent; no 8 characters of either may show
    for (String key : List.of(CANARY, KEY_B)) {
      for (int i = 0; i + 8 <= key.length(); i++) {
        String fragment = key.substring(i, i + 8);
        assertThat(seen).noneSatisfy(x -> assertThat(x).contains(fragment));
      }
    }
  }

  @Test
  void callsInFlight_areBounded_andStaleOnesEndedToMakeRoom() {
    AtomicLong now = new AtomicLong();
    VectorNodeTracing tracing = new VectorNodeTracing(otel,
        TracingOptions.builder().maxCallsInFlight(2).build(), now::get);
    tracing.onCallStart(start("vn-1"));
    tracing.onCallStart(start("vn-2"));
    tracing.onCallStart(start("vn-3")); // full: not traced
    assertThat(tracing.callsInFlight()).isEqualTo(2);
    tracing.onCallEnd(end("vn-3"));
    assertThat(exporter.getFinishedSpanItems()).isEmpty();

    now.addAndGet(TimeUnit.HOURS.toNanos(2)); // vn-1 and vn-2 never ended
    tracing.onCallStart(start("vn-4"));
    assertThat(tracing.callsInFlight()).isEqualTo(1);
    assertThat(exporter.getFinishedSpanItems()).hasSize(2).allSatisfy(s ->
        assertThat(s.getAttributes().get(Attrs.OUTCOME)).isEqualTo("unknown"));
    tracing.onCallEnd(end("vn-4"));
    assertThat(tracing.callsInFlight()).isZero();
    assertThat(exporter.getFinishedSpanItems()).hasSize(3);
  }

  @Test
  void options_refuseABadBound() {
    assertThatThrownBy(() -> TracingOptions.builder().maxCallsInFlight(0))
        .hasMessage("maxCallsInFlight: must be at least 1, was 0");
    assertThat(TracingOptions.defaults().propagate()).isTrue();
    assertThat(TracingOptions.defaults().captureContent()).isFalse();
    assertThat(TracingOptions.builder().captureContent(true).build().newBuilder().build()
        .captureContent()).isTrue();
  }

  private static CallStartEvent start(String id) {
    return new CallStartEvent(id, "r", null, Map.of(), false, Instant.EPOCH);
  }

  private static CallEndEvent end(String id) {
    return new CallEndEvent(id, "r", Map.of(), null, null, Usage.ZERO, Cost.unknown(),
        Duration.ofMillis(5), null, List.of(), CallOutcome.FAILURE,
        new IllegalStateException("none"));
  }
}
