package io.vectornode.routing;

import io.vectornode.catalog.Capability;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.catalog.Prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.AttemptEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.RoutingException;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.FakeModelClient;
import io.vectornode.testing.FakeProvider;
import io.vectornode.testing.FakeScript;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.StubReply;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest extends RouterTestSupport {
  private static final ChatRequest HI = ChatRequest.builder().user("hi").build();

  /** A fake whose calls take a configured virtual time ({@code latencyMs} option). */
  private final class LatencyProvider implements ModelProvider {
    @Override
    public String id() {
      return "latency";
    }

    @Override
    public ModelClient create(ProviderConfig config, ProviderContext context) {
      long ms = Long.parseLong(config.option("latencyMs").orElse("0"));
      FakeModelClient fake = new FakeModelClient(
          ProviderConfig.builder(config.name()).type("fake").build(),
          FakeScript.repeating(config.name()));
      return new ModelClient() {
        @Override
        public ChatResponse chat(ChatRequest r) {
          time.advance(Duration.ofMillis(ms));
          return fake.chat(r);
        }

        @Override
        public java.util.concurrent.CompletableFuture<ChatResponse> chatAsync(ChatRequest r) {
          return fake.chatAsync(r);
        }

        @Override
        public ChatStream stream(ChatRequest r) {
          return fake.stream(r);
        }

        @Override
        public void close() {}
      };
    }
  }

  private VectorNode.Builder fakes(String... names) {
    VectorNode.Builder b = builder().registry(ProviderRegistry.of(List.of(new FakeProvider(),
        new LatencyProvider())));
    for (String n : names) {
      b.provider(ProviderConfig.builder(n).type("fake").option("reply", n).build());
      b.model(n, n, "m-" + n);
    }
    return b;
  }

  private Map<String, Integer> firstChoice(ModelClient c, int calls, ChatRequest r) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < calls; i++) {
      counts.merge(c.chat(r).text(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void weighted_isSeededAndFollowsTheWeights() {
    Route route = new Route("mix", Strategy.WEIGHTED,
        List.of(new RouteTarget("a", 3), new RouteTarget("b", 1)), Set.of(), null, Hedging.OFF);
    Map<String, Integer> first = firstChoice(build(fakes("a", "b").route(route)), 400,
        HI.toBuilder().model("mix").build());
    Map<String, Integer> again = firstChoice(build(fakes("a", "b").route(route)), 400,
        HI.toBuilder().model("mix").build());
    assertThat(first.get("a")).isBetween(260, 340);
    assertThat(first).isEqualTo(again); // same seed, same choices
  }

  @Test
  void blockingCall_firstTokenIsTheAnswer_andStartEventsGoOnlyToListenersThatWantThem() {
    List<io.vectornode.CallEndEvent> ends = new java.util.ArrayList<>();
    io.vectornode.ModelCallListener endsOnly = new io.vectornode.ModelCallListener() {
      @Override
      public void onCallEnd(io.vectornode.CallEndEvent e) {
        ends.add(e);
      }
    };
    VectorNode.Builder b = builder().registry(ProviderRegistry.of(List.of(new LatencyProvider())))
        .provider(ProviderConfig.builder("slow").type("latency").option("latencyMs", "250")
            .build())
        .model("slow", "slow", "m");
    ChatResponse r = build(b).chat(HI.toBuilder().model("slow").build());
    assertThat(r.latency()).isEqualTo(Duration.ofMillis(250));
    assertThat(r.timeToFirstToken()).isEqualTo(r.latency());
    AttemptEvent a = listener.singleEnd().attempts().get(0);
    assertThat(a.timeToFirstToken()).isEqualTo(a.latency()).isEqualTo(Duration.ofMillis(250));
    assertThat(listener.starts()).hasSize(1); // the recording listener overrides onCallStart

    ModelClient quiet = build(VectorNode.builder().ticker(time).clock(time.clock())
        .registry(ProviderRegistry.of(List.of(new LatencyProvider())))
        .provider(ProviderConfig.builder("slow").type("latency").option("latencyMs", "10")
            .build())
        .model("slow", "slow", "m").listener(endsOnly));
    quiet.chat(HI.toBuilder().model("slow").build());
    assertThat(ends).singleElement().satisfies(e -> {
      assertThat(e.latency()).isEqualTo(Duration.ofMillis(10));
      assertThat(e.requestId()).matches("vn-[0-9a-f]{20}");
    });
  }

  @Test
  void leastLatency_prefersTheFastest_butKeepsExploring() {
    VectorNode.Builder b = builder().registry(ProviderRegistry.of(List.of(new LatencyProvider())))
        .provider(ProviderConfig.builder("slow").type("latency").option("latencyMs", "900")
            .build())
        .provider(ProviderConfig.builder("fast").type("latency").option("latencyMs", "100")
            .build())
        .model("slow", "slow", "m").model("fast", "fast", "m")
        .route(new Route("quick", Strategy.LEAST_LATENCY,
            List.of(RouteTarget.of("slow"), RouteTarget.of("fast")), Set.of(), null,
            Hedging.OFF));
    Map<String, Integer> counts = firstChoice(build(b), 300, HI.toBuilder().task("quick")
        .build());
    assertThat(counts.get("fast")).isGreaterThan(250);
    assertThat(counts.get("slow")).isBetween(5, 40); // exploration keeps measuring it
  }

  @Test
  void leastCost_ordersByCatalogPrice_unknownLast() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.chat("cheap"));
    ModelClient c = build(builder().provider(openai("p", s))
        .model("big", "p", "gpt-4o").model("unknown", "p", "my-finetune")
        .model("small", "p", "gpt-4o-mini")
        .route(new Route("cheap", Strategy.LEAST_COST, List.of(RouteTarget.of("big"),
            RouteTarget.of("unknown"), RouteTarget.of("small")), Set.of(), null, Hedging.OFF)));
    ChatResponse r = c.chat(HI.toBuilder().task("cheap").build());
    assertThat(listener.singleEnd().attempts().get(0).deployment()).isEqualTo("small");
    assertThat(r.cost().usd()).isPresent();
    assertThat(r.cost().catalogVersion()).isEqualTo(ModelCatalog.bundled().version());
  }

  @Test
  void capabilityFilter_skipsDeploymentsThatCannotServe_andExplainsWhenNoneCan() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.chat("I see a cat"));
    ModelClient c = build(builder().provider(openai("p", s))
        .model("text", "p", "o3-mini").model("vision", "p", "gpt-4o-mini")
        .route(Route.fallback("see", "text", "vision"))
        .route(Route.fallback("blind", "text"))
        .route(Route.fallback("tiny", "vision").requiring(Capability.REASONING)));
    ChatRequest image = ChatRequest.builder().task("see").message(Message.user(
        new ContentPart.Text("what?"), new ContentPart.ImageData(new byte[] {1}, "image/png")))
        .build();
    assertThat(c.chat(image).text()).isEqualTo("I see a cat");
    assertThat(listener.singleEnd().attempts()).singleElement()
        .satisfies(a -> assertThat(a.deployment()).isEqualTo("vision"));

    Throwable t = catchThrowable(() -> c.chat(image.toBuilder().task("blind").build()));
    assertThat(t).isInstanceOf(RoutingException.class)
        .hasMessageContaining("route 'blind'").hasMessageContaining("text lacks vision");
    assertThat(catchThrowable(() -> c.chat(HI.toBuilder().task("tiny").build())))
        .hasMessageContaining("vision lacks reasoning");
    assertThat(catchThrowable(() -> c.chat(HI.toBuilder().task("see").maxOutputTokens(200_000)
        .build()))).hasMessageContaining("context window");
    assertThat(s.requestCount()).isEqualTo(1);
  }

  @Test
  void contextLengthExceeded_movesToALargerWindow() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.error(400, "invalid_request_error", "context_length_exceeded",
        "too long"));
    s.enqueue(OpenAiStubs.chat("fits in a million"));
    ModelClient c = build(builder().provider(openai("p", s))
        .model("small", "p", "gpt-4o").model("same", "p", "gpt-4o-mini")
        .model("large", "p", "gpt-4.1").route(Route.fallback("long", "small", "same", "large")));
    assertThat(c.chat(HI.toBuilder().task("long").build()).text())
        .isEqualTo("fits in a million");
    List<AttemptEvent> attempts = listener.singleEnd().attempts();
    assertThat(attempts).extracting(AttemptEvent::deployment).containsExactly("small", "large");
    assertThat(attempts.get(0).reason())
        .isEqualTo("context length exceeded -> larger window large");
  }

  @Test
  void contentFiltered_goesToTheContentPolicyFallback_orSurfaces() {
    ProviderStubServer s = server();
    String filtered = "{\"role\":\"assistant\",\"content\":\"\"}";
    s.enqueue(OpenAiStubs.completion(filtered, "content_filter", OpenAiStubs.usage(5, 0, 0, 0)));
    s.enqueue(OpenAiStubs.chat("policy model answers"));
    s.enqueue(OpenAiStubs.completion(filtered, "content_filter", OpenAiStubs.usage(5, 0, 0, 0)));
    ModelClient c = build(builder().provider(openai("p", s))
        .model("main", "p", "gpt-4o").model("other", "p", "gpt-4o-mini")
        .model("lenient", "p", "gpt-4.1")
        .route(Route.fallback("chat", "main", "other").withContentPolicyFallback("lenient"))
        .route(Route.fallback("strict", "main", "other")));
    assertThat(c.chat(HI.toBuilder().task("chat").build()).text())
        .isEqualTo("policy model answers");
    assertThat(listener.ends().get(0).attempts()).extracting(AttemptEvent::deployment)
        .containsExactly("main", "lenient");
    assertThat(catchThrowable(() -> c.chat(HI.toBuilder().task("strict").build())))
        .isInstanceOf(ContentFilteredException.class);
    assertThat(s.requestCount()).isEqualTo(3);
  }

  @Test
  void eachDeploymentsKey_goesOnlyToItsOwnProvider() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    b.enqueue(OpenAiStubs.chat("b"));
    ModelClient c = build(builder().provider(openai("pa", a)).provider(openai("pb", b))
        .model("a", "pa", "m").model("b", "pb", "m").route(Route.fallback("r", "a", "b")));
    c.chat(HI.toBuilder().model("r").build());
    for (int i = 0; i < 3; i++) {
      assertThat(a.takeRequest().header("Authorization")).contains("Bearer sk-pa-key-0123456789");
    }
    assertThat(b.takeRequest().header("Authorization")).contains("Bearer sk-pb-key-0123456789");
  }

  @Test
  void deadline_boundsTheWholeCallAcrossAttempts() {
    ProviderStubServer s = server();
    for (int i = 0; i < 5; i++) {
      s.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    }
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "x")
        .resilience(Resilience.custom().maxAttemptsPerDeployment(5)
            .initialBackoff(Duration.ofSeconds(1)).jitter(0).totalTimeout(Duration.ofMillis(2500))
            .build()));
    Throwable t = catchThrowable(() -> c.chat("m", "hi"));
    assertThat(t).isInstanceOf(io.vectornode.error.VectorNodeException.class);
    // 1 s then 2 s of backoff would pass 2.5 s: the second retry is not waited for.
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    assertThat(s.requestCount()).isEqualTo(2);
  }

  @Test
  void firstTokenTimeout_abandonsALateStreamBeforeItsCommitPoint() {
    ProviderStubServer slow = server();
    ProviderStubServer fast = server();
    slow.enqueue(OpenAiStubs.stream("late").eventDelay(Duration.ofSeconds(3)));
    fast.enqueue(OpenAiStubs.stream("on ", "time"));
    ModelClient c = build(builder().provider(openai("pa", slow)).provider(openai("pb", fast))
        .model("a", "pa", "m").model("b", "pb", "m").route(Route.fallback("r", "a", "b"))
        .resilience(Resilience.custom().maxAttemptsPerDeployment(1)
            .firstTokenTimeout(Duration.ofMillis(200)).build()));
    try (ChatStream s = c.stream(HI.toBuilder().task("r").build())) {
      assertThat(s.response().text()).isEqualTo("on time");
    }
    AttemptEvent first = listener.singleEnd().attempts().get(0);
    assertThat(first.deployment()).isEqualTo("a");
    assertThat(first.error()).hasMessageContaining("no first token within 200 ms");
  }

  @Test
  void hedgedStream_takesTheFirstToCommit() {
    ProviderStubServer slow = server();
    ProviderStubServer fast = server();
    slow.enqueue(OpenAiStubs.stream("slow").headersDelay(Duration.ofMillis(1500)));
    fast.enqueue(OpenAiStubs.stream("fast ", "stream"));
    ModelClient c = build(builder().provider(openai("pa", slow)).provider(openai("pb", fast))
        .model("a", "pa", "m").model("b", "pb", "m")
        .route(Route.fallback("r", "a", "b").withHedging(Hedging.after(Duration.ofMillis(100)))));
    try (ChatStream s = c.stream(HI.toBuilder().task("r").build())) {
      assertThat(s.response().text()).isEqualTo("fast stream");
    }
    assertThat(listener.singleEnd().attempts()).extracting(AttemptEvent::outcome)
        .containsExactlyInAnyOrder(io.vectornode.CallOutcome.CANCELLED,
            io.vectornode.CallOutcome.SUCCESS);
  }

  @Test
  void requestsPerMinute_skipsToTheNextDeploymentUntilTheWindowRefills() {
    VectorNode.Builder b = fakes("b")
        .provider(ProviderConfig.builder("a").type("fake").option("reply", "a").build())
        .deployment(new Deployment("a", "a", "m", new DeploymentLimits(2, 0, 0), null))
        .route(Route.fallback("r", "a", "b"));
    ModelClient c = build(b);
    ChatRequest r = HI.toBuilder().task("r").build();
    assertThat(List.of(c.chat(r).text(), c.chat(r).text(), c.chat(r).text()))
        .containsExactly("a", "a", "b");
    time.advance(Duration.ofSeconds(31));
    assertThat(c.chat(r).text()).isEqualTo("a");
  }

  @Test
  void resolution_taskRouteDeploymentAndProviderSlashModel() {
    ModelClient c = build(fakes("a", "b").route(Route.fallback("r", "b")).defaultModel("a"));
    assertThat(c.chat(HI).text()).isEqualTo("a");
    assertThat(c.chat(HI.toBuilder().task("r").build()).text()).isEqualTo("b");
    assertThat(c.chat(HI.toBuilder().model("r").build()).text()).isEqualTo("b");
    assertThat(c.chat(HI.toBuilder().model("b").build()).text()).isEqualTo("b");
    assertThat(c.chat(HI.toBuilder().model("a/any-model").build()).model())
        .isEqualTo("any-model");
    assertThatThrownBy(() -> c.chat(HI.toBuilder().task("nope").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("routes: [r]");
    assertThatThrownBy(() -> build(fakes("a").route(Route.fallback("r", "missing"))))
        .hasMessageContaining("routes.r.targets").hasMessageContaining("'missing'");
  }

  @Test
  void catalog_findsSnapshotsAndAcceptsOverrides() {
    ModelCatalog cat = ModelCatalog.bundled();
    assertThat(cat.models().size()).isGreaterThanOrEqualTo(25);
    assertThat(cat.find("anthropic", "claude-sonnet-4-5-20250929")).get()
        .extracting(ModelInfo::model).isEqualTo("claude-sonnet-4-5");
    assertThat(cat.find("openai", "gpt-4o-mini-2024-07-18")).get()
        .extracting(ModelInfo::model).isEqualTo("gpt-4o-mini");
    assertThat(cat.find("openai", "gpt-4o-mini-tts")).isEmpty();
    assertThat(cat.find("openai", "no-such-model")).isEmpty();
    ModelInfo mine = new ModelInfo("openai", "ft:gpt-4o-mini:acme", List.of(), 128_000, 16_384,
        EnumSet.of(Capability.TOOLS), Prices.of("0.3", "1.2"));
    ModelCatalog extended = cat.with(mine);
    assertThat(extended.find("openai", "ft:gpt-4o-mini:acme")).contains(mine);
    assertThat(extended.version()).isEqualTo(cat.version());
    assertThat(cat.find("openai", "ft:gpt-4o-mini:acme")).isEmpty();
    assertThat(mine.prices().cachedInputOrInput()).isEqualTo(new BigDecimal("0.3"));
  }

  @Test
  void stream_throughTheRouter_reportsOneEventWithTheAttempt() {
    ModelClient c = build(fakes("a"));
    try (ChatStream s = c.stream(HI.toBuilder().model("a").build())) {
      int deltas = 0;
      for (StreamEvent e : s) {
        deltas += e instanceof StreamEvent.TextDelta ? 1 : 0;
      }
      assertThat(deltas).isEqualTo(1);
    }
    assertThat(listener.ends()).hasSize(1);
    assertThat(listener.singleEnd().attempts()).hasSize(1);
    assertThat(listener.starts().get(0).streaming()).isTrue();
  }

  @Test
  void stream_closedEarly_reportsCancelledOnce() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.stream("a", "b", "c").keepAliveAfterEvents(2));
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "x"));
    ChatStream st = c.stream(HI.toBuilder().model("m").build());
    var it = st.iterator();
    assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("a"));
    st.close();
    assertThat(s.awaitClientDisconnect(Duration.ofSeconds(5))).isTrue();
    assertThat(listener.ends()).hasSize(1);
    assertThat(listener.singleEnd().outcome()).isEqualTo(io.vectornode.CallOutcome.CANCELLED);
    assertThat(listener.singleEnd().attempts()).singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(io.vectornode.CallOutcome.CANCELLED));
  }

  @Test
  void chat_minimalCompatibleResponse_passesThroughTheRouter() {
    ProviderStubServer s = server();
    s.enqueue(StubReply.json(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\","
        + "\"content\":\"raw\"}}]}"));
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "x"));
    assertThat(c.chat("m", "x").text()).isEqualTo("raw");
  }
}
