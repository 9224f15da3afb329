package io.vectornode.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.CallStartEvent;
import io.vectornode.ChatRequest;
import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.error.AuthenticationException;
import io.vectornode.routing.Hedging;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.RecordingModelCallListener;
import io.vectornode.testing.StubReply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Tags stay bounded and secret-free; calls in flight are bounded; hedges are counted. */
class MetricsBoundsTest extends RoutedCalls {
  private static final String CANARY = "sk-canary-7f3a9c1e5b2d4f6a8c0e";

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT,
      clock);
  private final RecordingModelCallListener events = new RecordingModelCallListener();

  private Set<String> values(String tagKey) {
    Set<String> out = new TreeSet<>();
    for (Meter m : registry.getMeters()) {
      String v = m.getId().getTag(tagKey);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  /** An OpenAI reply naming any model, as a server may. */
  private static StubReply replyNaming(String model) {
    return StubReply.json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
        + "\"created\":1741569952,\"model\":\"" + model + "\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}");
  }

  @Test
  void tagValues_areBounded_perKey_andLongOnesAreOther() {
    VectorNodeMetrics metrics = VectorNodeMetrics.create(registry,
        MetricsOptions.builder().allowTag("team").maxTagValues(3).build());
    VectorNodeClient ai = build(router(metrics));
    for (int i = 0; i < 10; i++) {
      a.enqueue(replyNaming("model-" + i));
      ai.chat(ChatRequest.builder().task("r").user("hi").tag("team", "team-" + i).build());
    }
    a.enqueue(replyNaming("m".repeat(200)));
    ai.chat(ChatRequest.builder().task("r").user("hi").tag("team", "t".repeat(200)).build());

    assertThat(values("gen_ai.response.model"))
        .containsExactlyInAnyOrder("model-0", "model-1", "model-2", "_OTHER");
    assertThat(values("team")).containsExactlyInAnyOrder("team-0", "team-1", "team-2", "_OTHER");
    assertThat(registry.get("gen_ai.client.operation.duration").tag("team", "_OTHER")
        .timer().count()).isEqualTo(8);
  }

  @Test
  void canaryKey_isInNoTagAndNoObservationKeyValue_evenWhenAServerEchoesIt() {
    TestObservationRegistry observations = TestObservationRegistry.create();
    VectorNodeMetrics metrics = VectorNodeMetrics.create(registry, observations,
        MetricsOptions.builder().allowTag("team").build());
    VectorNodeClient ai = build(router(metrics, CANARY).listener(events));
    metrics.monitor(ai);
    ChatRequest hi = ChatRequest.builder().task("r").user("hi").tag("team", "search").build();

    // a server that names the key as its model, then one that rejects it and echoes it back
    a.enqueue(replyNaming(CANARY));
    ai.chat(hi);
    a.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: " + CANARY));
    b.enqueue(AnthropicStubs.message("fallback"));
    ai.chat(hi);
    // and a call that fails with the echo in its exception
    a.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key", CANARY));
    b.enqueue(AnthropicStubs.error(401, "authentication_error", "bad key " + KEY_B));
    Throwable t = catchThrowable(() -> ai.chat(hi));
    assertThat(t).isInstanceOf(AuthenticationException.class);
    assertThat(events.ends()).hasSize(3);
    assertThat(registry.get("vectornode.keys.disabled").counter().count()).isPositive();

    List<String> fragments = new ArrayList<>(); // each server echoes the key it was sent
    for (String key : List.of(CANARY, KEY_B)) {
      for (int i = 0; i + 8 <= key.length(); i++) {
        fragments.add(key.substring(i, i + 8)); // a shortened echo, as the redactor fears
      }
    }
    List<String> seen = new ArrayList<>();
    for (Meter m : registry.getMeters()) {
      for (Tag tag : m.getId().getTags()) {
        seen.add(tag.getKey() + "=" + tag.getValue());
      }
    }
    assertThat(observations).hasHandledContextsThatSatisfy(contexts -> contexts.forEach(c -> {
      for (KeyValue kv : c.getAllKeyValues()) {
        seen.add(kv.getKey() + "=" + kv.getValue());
      }
      seen.add(String.valueOf(c.getContextualName()));
    }));
    assertThat(seen).isNotEmpty().anySatisfy(s -> assertThat(s).startsWith("gen_ai.response.model="));
    for (String s : seen) {
      for (String f : fragments) {
        assertThat(s).doesNotContain(f);
      }
    }
  }

  @Test
  void callsInFlight_areBounded_staleOnesDropped_andAnUnfollowedCallStillGetsItsMeters() {
    VectorNodeMetrics metrics = VectorNodeMetrics.create(registry,
        MetricsOptions.builder().maxCallsInFlight(2).build());
    metrics.onCallStart(start("vn-1"));
    metrics.onCallStart(start("vn-2"));
    metrics.onCallStart(start("vn-3")); // full: not followed
    assertThat(metrics.callsInFlight()).isEqualTo(2);

    metrics.onCallEnd(end("vn-3"));
    assertThat(registry.get("gen_ai.client.operation.duration").timer().count()).isEqualTo(1);

    clock.add(Duration.ofHours(2)); // vn-1 and vn-2 never ended: lost, and dropped for vn-4
    metrics.onCallStart(start("vn-4"));
    assertThat(metrics.callsInFlight()).isEqualTo(1);
    metrics.onCallEnd(end("vn-4"));
    assertThat(metrics.callsInFlight()).isZero();
  }

  private static CallStartEvent start(String id) {
    return new CallStartEvent(id, "r", null, Map.of(), true, Instant.EPOCH);
  }

  private static CallEndEvent end(String id) {
    return new CallEndEvent(id, "r", Map.of(), null, null, Usage.ZERO, Cost.unknown(),
        Duration.ofMillis(5), null, List.of(), CallOutcome.FAILURE,
        new IllegalStateException("none"));
  }

  @Test
  void lostHedge_isCounted_andChargedAnEstimate_withoutTokens() {
    VectorNodeMetrics metrics = VectorNodeMetrics.create(registry);
    // a answers after 5 s; b is raced after 50 ms and wins; a is cancelled at once
    a.enqueue(OpenAiStubs.chat("slow").headersDelay(Duration.ofSeconds(5)));
    b.enqueue(AnthropicStubs.message("fast"));
    VectorNodeClient ai = build(router(metrics).listener(events)
        .route(Route.fallback("h", "a", "b").withHedging(Hedging.after(Duration.ofMillis(50)))));
    assertThat(ai.chat(ChatRequest.builder().task("h").user("hi").build()).text())
        .isEqualTo("fast");

    assertThat(events.singleEnd().attempts()).extracting(e -> e.deployment() + ":" + e.outcome())
        .containsExactly("a:CANCELLED", "b:SUCCESS");
    assertThat(registry.get("vectornode.client.hedges").tag("vectornode.deployment", "b")
        .counter().count()).isEqualTo(1);
    assertThat(registry.find("vectornode.client.fallbacks").counters()).isEmpty();
    assertThat(registry.get("vectornode.client.cost.estimated").tag("vectornode.deployment", "a")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("vectornode.client.cost").tag("vectornode.deployment", "a")
        .tag("vectornode.cost.estimated", "true").counter().count()).isPositive();
    assertThat(registry.find("gen_ai.client.token.usage").tag("vectornode.deployment", "a")
        .summaries()).as("an estimate is not a reported token count").isEmpty();
    assertThat(registry.get("vectornode.client.attempt.duration")
        .tag("vectornode.deployment", "a").tag("vectornode.outcome", "cancelled").timer()
        .count()).isEqualTo(1);
  }
}
