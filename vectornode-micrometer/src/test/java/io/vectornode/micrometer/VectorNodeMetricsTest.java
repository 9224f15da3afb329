package io.vectornode.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.RecordingModelCallListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The meters of routed calls, read back from a {@link SimpleMeterRegistry}. */
class VectorNodeMetricsTest extends RoutedCalls {
  private static final ChatRequest HI = ChatRequest.builder().task("r").user("hi")
      .tag("team", "search").tag("user", "u-42").build();

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT,
      clock);
  private final RecordingModelCallListener events = new RecordingModelCallListener();
  private final VectorNodeMetrics metrics = VectorNodeMetrics.create(registry,
      MetricsOptions.builder().allowTag("team").build());

  private VectorNodeClient client(Resilience resilience) {
    return build(router(metrics).listener(events).resilience(resilience));
  }

  private VectorNodeClient client() {
    return build(router(metrics).listener(events));
  }

  /** a fails twice (503: one retry), then b answers (one fallback). */
  private void retryThenFallback() {
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    b.enqueue(AnthropicStubs.message("hello from b"));
  }

  private static Map<String, String> tags(Meter m) {
    return m.getId().getTags().stream().collect(Collectors.toMap(Tag::getKey, Tag::getValue));
  }

  @Test
  void routedCall_withOneRetryAndOneFallback_recordsConventionAndVectorNodeMeters() {
    retryThenFallback();
    VectorNodeClient ai = client();
    assertThat(ai.chat(HI).text()).isEqualTo("hello from b");
    CallEndEvent end = events.singleEnd();
    assertThat(end.attempts()).extracting(AttemptEvent::deployment)
        .containsExactly("a", "a", "b");

    // gen_ai.client.operation.duration: one call, tagged with what served it
    Timer duration = registry.get("gen_ai.client.operation.duration").timer();
    assertThat(tags(duration)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "gen_ai.operation.name", "chat",
        "gen_ai.provider.name", "anthropic",
        "gen_ai.request.model", "claude-sonnet-4-5",
        "gen_ai.response.model", AnthropicStubs.MODEL,
        "error.type", "none",
        "vectornode.deployment", "b",
        "vectornode.task", "r",
        "vectornode.outcome", "success",
        "team", "search"));
    assertThat(duration.count()).isEqualTo(1);
    // virtual time: the call lasted exactly its one backoff of 1 s
    assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(1.0);
    assertThat(end.latency()).isEqualTo(Duration.ofSeconds(1));

    // gen_ai.client.token.usage: the tokens b reported, input and output
    DistributionSummary input = registry.get("gen_ai.client.token.usage")
        .tag("gen_ai.token.type", "input").summary();
    DistributionSummary output = registry.get("gen_ai.client.token.usage")
        .tag("gen_ai.token.type", "output").summary();
    assertThat(input.count()).isEqualTo(1);
    assertThat(input.totalAmount()).isEqualTo(12);
    assertThat(output.totalAmount()).isEqualTo(3);
    assertThat(tags(input)).containsEntry("gen_ai.provider.name", "anthropic")
        .containsEntry("gen_ai.request.model", "claude-sonnet-4-5")
        .containsEntry("gen_ai.response.model", AnthropicStubs.MODEL)
        .containsEntry("vectornode.deployment", "b").containsEntry("team", "search");
    assertThat(input.getId().getBaseUnit()).isEqualTo("tokens");

    // attempts per call, retries, fallbacks, hedges
    DistributionSummary attempts = registry.get("vectornode.client.attempts").summary();
    assertThat(attempts.count()).isEqualTo(1);
    assertThat(attempts.totalAmount()).isEqualTo(3);
    Counter retry = registry.get("vectornode.client.retries").counter();
    assertThat(retry.count()).isEqualTo(1);
    assertThat(tags(retry)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
        "gen_ai.request.model", "gpt-4o-mini", "vectornode.deployment", "a", "team", "search"));
    Counter fallback = registry.get("vectornode.client.fallbacks").counter();
    assertThat(fallback.count()).isEqualTo(1);
    assertThat(tags(fallback)).containsEntry("vectornode.deployment", "b")
        .containsEntry("gen_ai.provider.name", "anthropic");
    assertThat(registry.find("vectornode.client.hedges").counters()).isEmpty();

    // each attempt's duration, with its outcome and error type
    assertThat(registry.get("vectornode.client.attempt.duration")
        .tag("vectornode.deployment", "a").tag("vectornode.outcome", "failure")
        .tag("error.type", ServiceUnavailableException.class.getName()).timer().count())
        .isEqualTo(2);
    assertThat(registry.get("vectornode.client.attempt.duration")
        .tag("vectornode.deployment", "b").tag("vectornode.outcome", "success")
        .tag("error.type", "none").timer().count()).isEqualTo(1);

    // cost: b's exact cost in USD, the same as the listener's event says
    Counter cost = registry.get("vectornode.client.cost").tag("vectornode.deployment", "b")
        .tag("vectornode.cost.estimated", "false").counter();
    assertThat(cost.getId().getBaseUnit()).isEqualTo("usd");
    assertThat(cost.count()).isPositive()
        .isCloseTo(end.attempts().get(2).cost().usd().orElseThrow().doubleValue(), within(1e-12));
    assertThat(registry.find("vectornode.client.cost.unknown").counters()).isEmpty();

    // a blocking call has no time to first chunk (the conventions: streams only)
    assertThat(registry.find("gen_ai.client.operation.time_to_first_chunk").timers()).isEmpty();

    // bounded tags: no request id, no request tag that was not allowed
    for (Meter m : registry.getMeters()) {
      for (Tag t : m.getId().getTags()) {
        assertThat(t.getValue()).doesNotContain(end.requestId()).doesNotContain("u-42");
        assertThat(t.getKey()).isNotEqualTo("user");
      }
    }
    assertThat(metrics.callsInFlight()).isZero();
  }

  @Test
  void streamingCall_recordsTimeToFirstChunk() {
    a.enqueue(OpenAiStubs.stream("streamed ", "reply"));
    VectorNodeClient ai = client();
    try (ChatStream s = ai.stream(HI)) {
      assertThat(s.response().text()).isEqualTo("streamed reply");
    }
    Timer first = registry.get("gen_ai.client.operation.time_to_first_chunk").timer();
    assertThat(first.count()).isEqualTo(1);
    assertThat(tags(first)).containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.request.model", "gpt-4o-mini")
        .containsEntry("gen_ai.response.model", OpenAiStubs.MODEL)
        .doesNotContainKey("error.type");
    assertThat(registry.get("gen_ai.client.operation.duration").timer().count()).isEqualTo(1);
  }

  @Test
  void budgetRefusal_isCounted_andRemainingBudgetIsAGauge() {
    b.enqueue(AnthropicStubs.message("cheap enough"));
    VectorNodeClient ai = build(router(metrics).listener(events)
        .budget(Budget.of("day", BudgetScope.global(), Budget.Period.DAY, "0.001")));
    metrics.monitor(ai);
    assertThat(registry.get("vectornode.budget.remaining").tag("vectornode.budget", "day")
        .gauge().value()).isEqualTo(0.001);
    assertThat(registry.get("vectornode.budget.limit").gauge().value()).isEqualTo(0.001);

    // a worst case above the limit (16,000 output tokens of gpt-4o-mini: ~$0.0096) is refused
    // before anything is sent
    ChatRequest huge = HI.toBuilder().maxOutputTokens(16_000).build();
    assertThatThrownBy(() -> ai.chat(huge)).isInstanceOf(BudgetExceededException.class);
    Counter refusals = registry.get("vectornode.client.budget.refusals").counter();
    assertThat(refusals.count()).isEqualTo(1);
    assertThat(tags(refusals)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "vectornode.task", "r", "vectornode.budget", "day", "team", "search"));
    Timer refused = registry.get("gen_ai.client.operation.duration")
        .tag("error.type", BudgetExceededException.class.getName()).timer();
    assertThat(tags(refused)).containsEntry("gen_ai.provider.name", "none")
        .containsEntry("vectornode.outcome", "failure");
    assertThat(registry.get("vectornode.client.attempts").summary().totalAmount()).isZero();
    assertThat(a.requestCount() + b.requestCount()).isZero();

    // a call that fits spends; the gauge shows it once its one-second snapshot is renewed
    a.enqueue(OpenAiStubs.chat("fits"));
    ai.chat(HI.toBuilder().maxOutputTokens(100).build());
    double spent = events.ends().get(1).cost().usd().orElseThrow().doubleValue();
    assertThat(spent).isPositive();
    assertThat(registry.get("vectornode.budget.remaining").gauge().value()).isEqualTo(0.001);
    clock.add(Duration.ofSeconds(2));
    assertThat(registry.get("vectornode.budget.remaining").gauge().value())
        .isCloseTo(0.001 - spent, within(1e-12));
  }

  @Test
  void breakerGauge_showsEachDeploymentsState() {
    retryThenFallback();
    VectorNodeClient ai = client(Resilience.custom().maxAttemptsPerDeployment(2)
        .initialBackoff(Duration.ofSeconds(1)).jitter(0).consecutiveFailures(2)
        .openDuration(Duration.ofMinutes(5)).build());
    metrics.monitor(ai);
    metrics.monitor(ai); // twice: nothing registered twice
    assertThat(registry.find("vectornode.deployment.breaker.state").gauges()).hasSize(6);
    assertThat(breaker("a", "closed")).isEqualTo(1.0);
    assertThat(breaker("a", "open")).isZero();

    ai.chat(HI); // a fails twice in a row: its breaker opens
    assertThat(ai.deployments().get(0).breaker().name()).isEqualTo("OPEN");
    assertThat(breaker("a", "closed")).as("one snapshot serves a second").isEqualTo(1.0);
    clock.add(Duration.ofSeconds(2));
    assertThat(breaker("a", "open")).isEqualTo(1.0);
    assertThat(breaker("a", "closed")).isZero();
    assertThat(breaker("b", "closed")).isEqualTo(1.0);
    assertThat(tags(registry.get("vectornode.deployment.breaker.state")
        .tag("vectornode.deployment", "b").tag("vectornode.breaker.state", "open").gauge()))
        .containsEntry("vectornode.provider", "pb");
  }

  private double breaker(String deployment, String state) {
    return registry.get("vectornode.deployment.breaker.state")
        .tag("vectornode.deployment", deployment).tag("vectornode.breaker.state", state)
        .gauge().value();
  }

  @Test
  void options_refuseTagKeysTakenForConventionOrVectorNodeTags_andBadBounds() {
    assertThatThrownBy(() -> MetricsOptions.builder().allowTag("gen_ai.request.model"))
        .hasMessageContaining("allowedTags: 'gen_ai.request.model'");
    assertThatThrownBy(() -> MetricsOptions.builder().allowTag("vectornode.task"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MetricsOptions.builder().allowTag("team").allowTag("team"))
        .hasMessageContaining("already allowed");
    assertThatThrownBy(() -> MetricsOptions.builder().maxTagValues(0))
        .hasMessage("maxTagValues: must be at least 1, was 0");
    assertThat(MetricsOptions.builder().allowTags(List.of("team", "feature")).build()
        .newBuilder().build().allowedTags()).containsExactly("team", "feature");
  }

  @Test
  void embeddingCall_isTaggedAsTheConventionsEmbeddingsOperation() {
    a.enqueue(io.vectornode.testing.EmbeddingStubs.openAi(
        io.vectornode.testing.EmbeddingStubs.markers(0, 2), 4, true));
    VectorNodeClient ai = build(router(metrics).listener(events)
        .model("emb", "pa", "text-embedding-3-small"));

    ai.embed(io.vectornode.EmbeddingRequest.builder().model("emb").input("a").input("b")
        .build());

    Timer duration = registry.get("gen_ai.client.operation.duration").timer();
    assertThat(tags(duration)).containsEntry("gen_ai.operation.name", "embeddings")
        .containsEntry("vectornode.deployment", "emb");
    DistributionSummary input = registry.get("gen_ai.client.token.usage")
        .tag("gen_ai.token.type", "input").summary();
    assertThat(tags(input)).containsEntry("gen_ai.operation.name", "embeddings");
    assertThat(input.totalAmount()).isEqualTo(4);
  }

  @Test
  void cacheHit_isCountedOnce_withItsModelAndTask_andNoAttemptMeters() {
    VectorNodeClient ai = build(router(metrics).listener(events)
        .responseCache(io.vectornode.routing.ResponseCache.builder().routes("r").build()));
    a.enqueue(OpenAiStubs.chat("Paris"));
    ChatRequest q = HI.toBuilder().temperature(0.0).build();
    ai.chat(q);
    assertThat(ai.chat(q).cached()).isTrue();
    assertThat(a.requestCount()).isEqualTo(1);

    Counter hits = registry.get("vectornode.client.cache.hits").counter();
    assertThat(hits.count()).isEqualTo(1);
    assertThat(tags(hits)).containsEntry("vectornode.task", "r").containsEntry("team", "search")
        .containsKey("gen_ai.response.model");
    // the hit is a call (duration) with no attempt: one attempt recorded in all, not two
    var calls = registry.get("vectornode.client.attempts").summaries();
    assertThat(calls.stream().mapToLong(io.micrometer.core.instrument.DistributionSummary::count)
        .sum()).isEqualTo(2);
    assertThat(calls.stream().mapToDouble(
        io.micrometer.core.instrument.DistributionSummary::totalAmount).sum()).isEqualTo(1);
  }
}
