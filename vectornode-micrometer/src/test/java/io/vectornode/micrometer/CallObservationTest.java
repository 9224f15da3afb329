package io.vectornode.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.error.InvalidRequestException;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.RecordingModelCallListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * One Micrometer {@link Observation} per call, on a {@link TestObservationRegistry} (which also
 * checks that each Observation is started and stopped once, and that no scope is left open).
 */
class CallObservationTest extends RoutedCalls {
  private static final ChatRequest HI = ChatRequest.builder().task("r").user("hi").build();

  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final VectorNodeMetrics metrics = VectorNodeMetrics.create(new SimpleMeterRegistry(),
      observations, MetricsOptions.defaults());
  private final RecordingModelCallListener events = new RecordingModelCallListener();
  /** The thread that started and the one that stopped each Observation, by its name. */
  private final Map<String, String> threads = new ConcurrentHashMap<>();

  CallObservationTest() {
    observations.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return context instanceof VectorNodeObservationContext;
      }

      @Override
      public void onStart(Observation.Context context) {
        threads.put("start", Thread.currentThread().getName());
      }

      @Override
      public void onStop(Observation.Context context) {
        threads.put("stop", Thread.currentThread().getName());
      }
    });
  }

  @Test
  @SuppressWarnings("try") // the scope only makes a span or observation current
  void call_isAnObservation_childOfTheCallersCurrentOne_withTheConventionsKeyValues() {
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    b.enqueue(AnthropicStubs.message("hello"));
    VectorNodeClient ai = build(router(metrics).listener(events));

    Observation parent = Observation.start("http.server.requests", observations);
    try (Observation.Scope scope = parent.openScope()) {
      ai.chat(HI);
    }
    parent.stop();

    CallEndEvent end = events.singleEnd();
    assertThat(observations).hasNumberOfObservationsWithNameEqualTo("vectornode.call", 1)
        .hasObservationWithNameEqualTo("vectornode.call").that()
        .hasBeenStarted().hasBeenStopped()
        .hasParentObservationEqualTo(parent)
        .hasContextualNameEqualTo("chat r") // what the caller asked for: the task
        .hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
        .hasLowCardinalityKeyValue("gen_ai.provider.name", "anthropic")
        .hasLowCardinalityKeyValue("gen_ai.request.model", "claude-sonnet-4-5")
        .hasLowCardinalityKeyValue("gen_ai.response.model", AnthropicStubs.MODEL)
        .hasLowCardinalityKeyValue("vectornode.task", "r")
        .hasLowCardinalityKeyValue("vectornode.outcome", "success")
        .hasLowCardinalityKeyValue("error.type", "none")
        .hasHighCardinalityKeyValue("vectornode.request.id", end.requestId())
        .hasHighCardinalityKeyValue("vectornode.attempts", "3")
        .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "12")
        .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "1")
        .doesNotHaveError();
    assertThat(observations).hasHandledContextsThatSatisfy(contexts -> {
      VectorNodeObservationContext c = contexts.stream()
          .filter(VectorNodeObservationContext.class::isInstance)
          .map(VectorNodeObservationContext.class::cast).findFirst().orElseThrow();
      assertThat(c.startEvent().requestId()).isEqualTo(end.requestId());
      assertThat(c.endEvent()).isSameAs(end);
    });
    assertThat(metrics.callsInFlight()).isZero();
  }

  @Test
  @SuppressWarnings("try") // the scope only makes a span or observation current
  void asyncCall_startsOnTheCallersThread_andStopsOnTheThreadThatEndsIt() throws Exception {
    a.enqueue(OpenAiStubs.chat("async"));
    VectorNodeClient ai = build(router(metrics).listener(events));
    Observation parent = Observation.start("job", observations);
    ChatResponse r;
    try (Observation.Scope scope = parent.openScope()) {
      r = ai.chatAsync(HI).get();
    }
    parent.stop();
    assertThat(r.text()).isEqualTo("async");
    String caller = Thread.currentThread().getName();
    assertThat(threads.get("start")).isEqualTo(caller);
    assertThat(threads.get("stop")).as("the client's executor ended the call")
        .isNotEqualTo(caller);
    assertThat(observations).hasObservationWithNameEqualTo("vectornode.call").that()
        .hasParentObservationEqualTo(parent).hasBeenStopped();
    assertThat(metrics.callsInFlight()).isZero();
  }

  @Test
  void failedCall_observationCarriesTheErrorAndItsType() {
    a.enqueue(OpenAiStubs.error(400, "invalid_request_error", "bad", "no such thing"));
    b.enqueue(AnthropicStubs.error(400, "invalid_request_error", "no such thing either"));
    VectorNodeClient ai = build(router(metrics).listener(events));
    assertThatThrownBy(() -> ai.chat(HI)).isInstanceOf(InvalidRequestException.class);
    assertThat(observations).hasObservationWithNameEqualTo("vectornode.call").that()
        .hasBeenStopped().hasError()
        .hasLowCardinalityKeyValue("vectornode.outcome", "failure")
        .hasLowCardinalityKeyValue("error.type", InvalidRequestException.class.getName())
        .hasLowCardinalityKeyValue("gen_ai.response.model", "none")
        .doesNotHaveParentObservation();
    assertThat(events.singleEnd().attempts()).hasSize(2);
  }

  @Test
  void withoutObservationRegistry_noObservation_andCallsAreStillFollowedOnlyUntilTheirEnd() {
    VectorNodeMetrics plain = VectorNodeMetrics.create(new SimpleMeterRegistry());
    a.enqueue(OpenAiStubs.chat("x"));
    build(router(plain)).chat(HI);
    assertThat(plain.callsInFlight()).isZero();
    assertThat(List.copyOf(threads.values())).isEmpty();
  }
}
