package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.EmbeddingRequest;
import io.vectornode.EmbeddingResponse;
import io.vectornode.ModelClient;
import io.vectornode.Operation;
import io.vectornode.Usage;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.UnsupportedFeatureException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.EmbeddingStubs;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.StubReply;
import io.vectornode.usage.LedgerRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Embeddings through the router: batches per deployment joined in order, cost from the catalog's
 * embedding prices, a rate-limited batch retried from where it stopped, a fallback that starts
 * over on the other model, budgets, deployments without embeddings, lies, listeners and ledger.
 */
class EmbeddingRoutingTest extends RouterTestSupport {
  static final int N = 2_500;
  static final String CANARY = "sk-emb-route-CANARY-0a9b8c7d6e5f4";

  static List<String> inputs(int n) {
    List<String> in = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      in.add("passage " + i);
    }
    return in;
  }

  static EmbeddingRequest request(String model, int n) {
    return EmbeddingRequest.builder().model(model).inputs(inputs(n)).tag("team", "search")
        .build();
  }

  static ProviderConfig gemini(String name, ProviderStubServer s) {
    return ProviderConfig.builder(name).type("gemini").apiKey("gm-" + name + "-key-0123456789")
        .baseUrl(s.rootUrl()).build();
  }

  static void enqueue(ProviderStubServer s, int n, int size,
      Function<List<float[]>, StubReply> reply) {
    for (int from = 0; from < n; from += size) {
      s.enqueue(reply.apply(EmbeddingStubs.markers(from, Math.min(size, n - from))));
    }
  }

  static List<Integer> batchSizes(ProviderStubServer s,
      Function<RecordedCall, List<String>> read) {
    List<Integer> out = new ArrayList<>();
    int n = s.requestCount();
    for (int i = 0; i < n; i++) {
      out.add(read.apply(s.takeRequest()).size());
    }
    return out;
  }

  static void assertInOrder(EmbeddingResponse r, int n) {
    assertThat(r.size()).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      assertThat(r.vector(i)).as("vector %d", i).containsExactly(EmbeddingStubs.marker(i));
    }
  }

  @Test
  void openAi_2500Inputs_batchedInOrder_withUsageAndCatalogCost_andEmbeddingEvents() {
    ProviderStubServer s = server();
    enqueue(s, N, 2048, v -> EmbeddingStubs.openAi(v, 8L * v.size(), true));
    List<io.vectornode.AttemptStartEvent> attemptStarts = new ArrayList<>();
    ModelClient c = build(builder().provider(openai("oa", s))
        .model("emb", "oa", "text-embedding-3-small")
        .listener(new io.vectornode.ModelCallListener() {
          @Override
          public java.util.Map<String, String> onAttemptStart(io.vectornode.AttemptStartEvent e) {
            attemptStarts.add(e);
            return java.util.Map.of();
          }
        }));

    EmbeddingResponse r = c.embed(request("emb", N));

    assertInOrder(r, N);
    assertThat(attemptStarts).as("no chat request to show: no attempt start").isEmpty();
    assertThat(batchSizes(s, EmbeddingStubs::openAiInputs)).containsExactly(2048, 452);
    assertThat(r.usage()).isEqualTo(Usage.of(8L * N, 0));
    // text-embedding-3-small: $0.02 per million input tokens (the catalog's LiteLLM row)
    assertThat(r.cost().usd()).hasValueSatisfying(usd ->
        assertThat(usd).isEqualByComparingTo(new BigDecimal("0.0004")));
    assertThat(r.cost().estimated()).isFalse();
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.provider()).isEqualTo("oa");
    assertThat(listener.starts()).singleElement()
        .satisfies(e -> assertThat(e.operation()).isEqualTo(Operation.EMBEDDING));
    CallEndEvent end = listener.singleEnd();
    assertThat(end.operation()).isEqualTo(Operation.EMBEDDING);
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.response()).isNull();
    assertThat(end.usage()).isEqualTo(r.usage());
    assertThat(end.cost().usd()).isEqualTo(r.cost().usd());
    assertThat(end.tags()).containsEntry("team", "search");
    assertThat(end.attempts()).singleElement()
        .satisfies(a -> assertThat(a.deployment()).isEqualTo("emb"));
  }

  @Test
  void gemini_2500Inputs_25Batches_costEstimatedFromTheEstimatedUsage() {
    ProviderStubServer s = server();
    enqueue(s, N, 100, EmbeddingStubs::gemini);
    ModelClient c = build(builder().provider(gemini("g", s)));

    EmbeddingResponse r = c.embed(request("g/gemini-embedding-001", N));

    assertInOrder(r, N);
    assertThat(batchSizes(s, EmbeddingStubs::geminiInputs)).hasSize(25).allMatch(x -> x == 100);
    assertThat(r.usageEstimated()).isTrue();
    assertThat(r.usage().inputTokens()).isPositive();
    assertThat(r.cost().estimated()).isTrue();
    // gemini-embedding-001: $0.15 per million input tokens
    assertThat(r.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo(
        new BigDecimal("0.15").multiply(BigDecimal.valueOf(r.usage().inputTokens()))
            .movePointLeft(6)));
  }

  @Test
  void rateLimitedSecondBatch_isRetriedAlone_andTheVectorsStayInOrder() {
    ProviderStubServer s = server();
    s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 2048), 8L * 2048, true));
    s.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(1)));
    s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(2048, 452), 8L * 452, true));
    ModelClient c = build(builder().provider(openai("oa", s))
        .model("emb", "oa", "text-embedding-3-small"));

    EmbeddingResponse r = c.embed(request("emb", N));

    assertInOrder(r, N);
    assertThat(batchSizes(s, EmbeddingStubs::openAiInputs)).containsExactly(2048, 452, 452);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.usage()).isEqualTo(Usage.of(8L * N, 0));
    List<AttemptEvent> attempts = listener.singleEnd().attempts();
    assertThat(attempts).extracting(AttemptEvent::outcome)
        .containsExactly(CallOutcome.FAILURE, CallOutcome.SUCCESS);
    // Each attempt is charged the batches it sent: the failed one its first, billed, batch.
    assertThat(attempts.get(0).usage()).isEqualTo(Usage.of(8L * 2048, 0));
    assertThat(attempts.get(1).usage()).isEqualTo(Usage.of(8L * 452, 0));
    assertThat(listener.singleEnd().usage()).isEqualTo(Usage.of(8L * N, 0));
  }

  @Test
  void fallbackAfterAPartialAnswer_startsOverOnTheOtherModel_neverMixingVectors() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    // "a" embeds 2 inputs a request: its first batch succeeds, then it fails three times.
    a.enqueue(EmbeddingStubs.openAi(List.of(new float[] {9, 9, 9, 9}, new float[] {9, 9, 9, 9}),
        4, false));
    for (int i = 0; i < 3; i++) {
      a.enqueue(OpenAiStubs.error(503, "server_error", null, "The server is overloaded."));
    }
    b.enqueue(EmbeddingStubs.gemini(EmbeddingStubs.markers(0, 5)));
    ProviderConfig small = ProviderConfig.builder("pa").type("openai-compatible")
        .baseUrl(a.baseUrl()).option("embeddingInputs", 2).build();
    ModelClient c = build(builder().provider(small).provider(gemini("pb", b))
        .model("a", "pa", "local-embedder").model("b", "pb", "gemini-embedding-001")
        .route(Route.fallback("vectors", "a", "b")));

    EmbeddingResponse r = c.embed(request("vectors", 5));

    assertInOrder(r, 5);
    assertThat(r.provider()).isEqualTo("pb");
    assertThat(r.model()).isEqualTo("gemini-embedding-001");
    assertThat(batchSizes(a, EmbeddingStubs::openAiInputs)).containsExactly(2, 2, 2, 2);
    assertThat(batchSizes(b, EmbeddingStubs::geminiInputs)).containsExactly(5);
    assertThat(listener.singleEnd().attempts()).extracting(AttemptEvent::deployment)
        .containsExactly("a", "a", "a", "b");
  }

  @Test
  void budgetTooSmall_refusesBeforeSending() {
    ProviderStubServer s = server();
    ModelClient c = build(builder().provider(openai("oa", s))
        .model("emb", "oa", "text-embedding-3-large")
        .budget(Budget.of("tiny", BudgetScope.global(), Budget.Period.MONTH, "0.000001")));

    Throwable e = catchThrowable(() -> c.embed(request("emb", N)));

    assertThat(e).isInstanceOf(BudgetExceededException.class);
    assertThat(s.requestCount()).isZero();
    assertThat(listener.singleEnd().operation()).isEqualTo(Operation.EMBEDDING);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  @Test
  void budget_isSettledToTheEmbeddingsCost() {
    ProviderStubServer s = server();
    s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 10), 1_000_000, true));
    ModelClient c = build(builder().provider(openai("oa", s))
        .model("emb", "oa", "text-embedding-3-large")
        .budget(Budget.of("month", BudgetScope.global(), Budget.Period.MONTH, "100")));

    c.embed(request("emb", 10));

    // text-embedding-3-large: $0.13 per million input tokens
    assertThat(budget(c, "month").spent()).isEqualByComparingTo("0.13");
    assertThat(budget(c, "month").reserved()).isEqualByComparingTo("0");
  }

  @Test
  void deploymentWithoutEmbeddings_isPassedOver_andAloneIsRefusedByType() {
    ProviderStubServer g = server();
    ProviderStubServer s = server();
    s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 3), 6, true));
    ModelClient c = build(builder()
        .provider(ProviderConfig.builder("gq").type("groq").apiKey("gsk-0123456789abcdef")
            .baseUrl(g.baseUrl()).build())
        .provider(openai("oa", s))
        .model("fast", "gq", "llama-3.1-8b-instant").model("emb", "oa", "text-embedding-3-small")
        .route(Route.fallback("mixed", "fast", "emb")));

    assertInOrder(c.embed(request("mixed", 3)), 3);
    Throwable e = catchThrowable(() -> c.embed(request("fast", 3)));

    assertThat(e).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("fast").hasMessageContaining("groq");
    assertThat(g.requestCount()).isZero();
  }

  @Test
  void lyingServer_duplicateIndex_isATypedErrorAfterRetries_neverASuccess() {
    ProviderStubServer s = server();
    for (int i = 0; i < 3; i++) {
      s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 3), new int[] {0, 0, 2}, 6,
          true));
    }
    ModelClient c = build(builder().provider(openai("oa", s))
        .model("emb", "oa", "text-embedding-3-small"));

    Throwable e = catchThrowable(() -> c.embed(request("emb", 3)));

    assertThat(e).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("answered twice");
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  @Test
  void canaryKey_neverInTheException_theEvents_orTheLedgerLine() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: " + CANARY + "."));
    ModelClient c = build(builder()
        .provider(ProviderConfig.builder("oa").type("openai").apiKey(CANARY)
            .baseUrl(s.baseUrl()).build())
        .model("emb", "oa", "text-embedding-3-small"));

    Throwable e = catchThrowable(() -> c.embed(request("emb", 2)));

    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(CANARY);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.toString()).doesNotContain(CANARY);
    String line = LedgerRecord.of(end, Instant.EPOCH).toJson();
    assertThat(line).doesNotContain(CANARY).contains("\"operation\":\"embedding\"");
  }

  @Test
  void ledgerLine_keepsTheOperation_andOlderLinesReadAsChat() {
    ProviderStubServer s = server();
    s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 2), 4, true));
    ModelClient c = build(builder().provider(openai("oa", s))
        .model("emb", "oa", "text-embedding-3-small"));
    c.embed(request("emb", 2));

    String line = LedgerRecord.of(listener.singleEnd(), Instant.EPOCH).toJson();
    LedgerRecord back = LedgerRecord.parse(line).orElseThrow();
    String older = line.replace(",\"operation\":\"embedding\"", "");

    assertThat(back.operation()).isEqualTo(Operation.EMBEDDING);
    assertThat(back.usage()).isEqualTo(Usage.of(4, 0));
    assertThat(older).doesNotContain("operation");
    assertThat(LedgerRecord.parse(older).orElseThrow().operation()).isEqualTo(Operation.CHAT);
  }

  /** The catalog's embedding prices, per provider type, on 2,500 inputs of 10 tokens each. */
  @ParameterizedTest(name = "{0}/{1}: ${2} per million")
  @CsvSource({
      "openai,    text-embedding-3-large,          0.13,  2048",
      "openai,    text-embedding-ada-002,          0.1,   2048",
      "mistral,   mistral-embed,                   0.1,   256",
      "together,  BAAI/bge-base-en-v1.5,           0.008, 256",
      "fireworks, nomic-ai/nomic-embed-text-v1.5,  0.008, 256"})
  void catalogEmbeddingPrices_priceTheUsage(String type, String model, String perMillion,
      int batch) {
    ProviderStubServer s = server();
    enqueue(s, N, batch, v -> EmbeddingStubs.openAi(v, 10L * v.size(), false));
    ModelClient c = build(builder().provider(ProviderConfig.builder("p").type(type)
        .apiKey("key-0123456789abcdef").baseUrl(s.baseUrl()).build())
        .model("emb", "p", model));

    EmbeddingResponse r = c.embed(request("emb", N));

    assertInOrder(r, N);
    assertThat(r.usage().inputTokens()).isEqualTo(10L * N);
    assertThat(r.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo(
        new BigDecimal(perMillion).multiply(BigDecimal.valueOf(10L * N)).movePointLeft(6)));
    assertThat(listener.singleEnd().cost().usd()).isEqualTo(r.cost().usd());
  }
  /**
   * Review: a call's usage is the sum of its batches, far above an embedding model's context
   * window (8,191 for text-embedding-3-small, which bounds each input alone): no usage anomaly.
   */
  @Test
  void largeEmbeddingCall_isNoUsageAnomaly() {
    ProviderStubServer s = server();
    s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 10), 50_000, true));
    List<io.vectornode.UsageAnomalyEvent> anomalies = new ArrayList<>();
    ModelClient c = build(builder().provider(openai("oa", s))
        .model("emb", "oa", "text-embedding-3-small")
        // A catalog whose row gives the model a maximum output (as a config's override may):
        // the model's limits then bound one input, never the sum of a call's batches.
        .catalog(io.vectornode.catalog.ModelCatalog.bundled().with(
            io.vectornode.catalog.ModelInfo.builder("openai", "text-embedding-3-small")
                .contextWindow(8191).maxOutputTokens(1)
                .prices(io.vectornode.catalog.Prices.of("0.02", "0")).build()))
        .listener(new io.vectornode.ModelCallListener() {
          @Override
          public void onUsageAnomaly(io.vectornode.UsageAnomalyEvent e) {
            anomalies.add(e);
          }
        }));

    EmbeddingResponse r = c.embed(request("emb", 10));

    assertThat(r.usage()).isEqualTo(Usage.of(50_000, 0));
    assertThat(anomalies).isEmpty();
  }

  /**
   * Review: the call's timeout bounds all its batches together: each batch is sent with what is
   * left of it, not with what was left when the attempt began.
   */
  @Test
  void eachBatch_getsWhatIsLeftOfTheCallsTimeout() {
    List<Duration> timeouts = new ArrayList<>();
    io.vectornode.spi.ModelProvider slow = new io.vectornode.spi.ModelProvider() {
      @Override
      public String id() {
        return "slowembed";
      }

      @Override
      public ModelClient create(ProviderConfig config, io.vectornode.spi.ProviderContext ctx) {
        return new ModelClient() {
          @Override
          public io.vectornode.ChatResponse chat(io.vectornode.ChatRequest r) {
            throw new UnsupportedOperationException();
          }

          @Override
          public java.util.concurrent.CompletableFuture<io.vectornode.ChatResponse> chatAsync(
              io.vectornode.ChatRequest r) {
            throw new UnsupportedOperationException();
          }

          @Override
          public io.vectornode.ChatStream stream(io.vectornode.ChatRequest r) {
            throw new UnsupportedOperationException();
          }

          @Override
          public int maxEmbeddingInputs() {
            return 2;
          }

          @Override
          public EmbeddingResponse embed(EmbeddingRequest r) {
            timeouts.add(r.timeout().orElseThrow());
            time.advance(Duration.ofSeconds(10));
            int from = Integer.parseInt(r.inputs().get(0).substring("passage ".length()));
            return EmbeddingResponse.of("se", "m", EmbeddingStubs.markers(from, r.inputs().size()),
                Usage.of(r.inputs().size(), 0), false, Duration.ofSeconds(10));
          }

          @Override
          public void close() {}
        };
      }
    };
    ModelClient c = build(builder()
        .registry(io.vectornode.spi.ProviderRegistry.of(List.of(slow)))
        .provider(ProviderConfig.builder("se").type("slowembed").build())
        .model("emb", "se", "m"));

    EmbeddingResponse r = c.embed(request("emb", 6).toBuilder().timeout(Duration.ofSeconds(35))
        .build());

    assertInOrder(r, 6);
    assertThat(timeouts).containsExactly(Duration.ofSeconds(35), Duration.ofSeconds(25),
        Duration.ofSeconds(15));
  }
  /**
   * Review: batches cut by OpenAI's 300,000-token request cap are the router's batches too: a
   * rate-limited one is retried alone, the one before it billed and charged once.
   */
  @Test
  void tokenCappedBatches_rateLimitedSecond_isRetriedAlone_firstChargedOnce() {
    ProviderStubServer s = server();
    List<String> in = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String head = "passage " + i + " ";
      in.add(head + "x".repeat(1000 - head.length()));
    }
    s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 300), 75_000, true));
    s.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(1)));
    s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(300, 300), 75_000, true));
    ModelClient c = build(builder().provider(openai("oa", s))
        .model("emb", "oa", "text-embedding-3-small"));

    EmbeddingResponse r = c.embed(EmbeddingRequest.builder().model("emb").inputs(in).build());

    assertInOrder(r, 600);
    assertThat(batchSizes(s, EmbeddingStubs::openAiInputs)).containsExactly(300, 300, 300);
    List<AttemptEvent> attempts = listener.singleEnd().attempts();
    assertThat(attempts).extracting(AttemptEvent::usage)
        .containsExactly(Usage.of(75_000, 0), Usage.of(75_000, 0));
    assertThat(r.usage()).isEqualTo(Usage.of(150_000, 0));
    assertThat(listener.singleEnd().usage()).isEqualTo(Usage.of(150_000, 0));
  }
}
