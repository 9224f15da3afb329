package io.vectornode.providers.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.EmbeddingRequest;
import io.vectornode.EmbeddingResponse;
import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.UnsupportedFeatureException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.EmbeddingStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.StubReply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Embeddings on the wire for each built-in provider, on the stub server: 2,500 inputs split into
 * the provider's batches, joined in input order, usage summed; replies that lie refused.
 */
class EmbeddingsTest {
  static final String KEY = "sk-emb-CANARY-4b1d0e9f7a6c5e3d2";
  static final int N = 2_500;
  static final ObjectMapper JSON = new ObjectMapper();

  ProviderStubServer server;
  ProviderContext context;
  final List<ModelClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
    context = ProviderContext.builder().build();
  }

  @AfterEach
  void stop() {
    clients.forEach(ModelClient::close);
    context.resources().close();
    server.close();
  }

  ModelClient client(String name, String type, String baseUrl,
      UnaryOperator<ProviderConfig.Builder> customize) {
    ModelClient c = ProviderRegistry.load().create(customize.apply(
        ProviderConfig.builder(name).type(type).apiKey(KEY).baseUrl(baseUrl)).build(), context);
    clients.add(c);
    return c;
  }

  static List<String> inputs(int n) {
    List<String> in = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      in.add("document number " + i);
    }
    return in;
  }

  static EmbeddingRequest request(String model, int n) {
    return EmbeddingRequest.builder().model(model).inputs(inputs(n)).build();
  }

  static JsonNode json(RecordedCall call) {
    try {
      return JSON.readTree(call.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Enqueues one reply per batch of {@code size}, each vector marking its input. */
  void enqueueBatches(int n, int size, Function<List<float[]>, StubReply> reply) {
    for (int from = 0; from < n; from += size) {
      server.enqueue(reply.apply(EmbeddingStubs.markers(from, Math.min(size, n - from))));
    }
  }

  /** Takes every request and returns the inputs of each. */
  List<List<String>> batchesSeen(Function<RecordedCall, List<String>> read,
      java.util.function.Consumer<RecordedCall> check) {
    List<List<String>> out = new ArrayList<>();
    while (server.requestCount() > out.size()) {
      RecordedCall c = server.takeRequest();
      check.accept(c);
      out.add(read.apply(c));
    }
    return out;
  }

  static void assertInOrder(EmbeddingResponse r, int n) {
    assertThat(r.size()).isEqualTo(n);
    assertThat(r.dimensions()).isEqualTo(4);
    for (int i = 0; i < n; i++) {
      assertThat(r.vector(i)).as("vector %d", i).containsExactly(EmbeddingStubs.marker(i));
    }
  }

  static List<Integer> sizes(List<List<String>> batches) {
    return batches.stream().map(List::size).toList();
  }

  static List<String> joined(List<List<String>> batches) {
    return batches.stream().flatMap(List::stream).toList();
  }

  @Test
  void openAi_2500Inputs_twoBatchesOf2048And452_base64_inOrder_usageSummed() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    assertThat(c.maxEmbeddingInputs()).isEqualTo(2048);
    enqueueBatches(N, 2048, v -> EmbeddingStubs.openAi(v, 7L * v.size(), true));

    EmbeddingResponse r = c.embed(EmbeddingRequest.builder().model("text-embedding-3-small")
        .inputs(inputs(N)).dimensions(4).build());

    assertInOrder(r, N);
    assertThat(r.usage().inputTokens()).isEqualTo(7L * N);
    assertThat(r.usageEstimated()).isFalse();
    assertThat(r.provider()).isEqualTo("openai");
    assertThat(r.model()).isEqualTo("text-embedding-3-small");
    List<List<String>> batches = batchesSeen(EmbeddingStubs::openAiInputs, call -> {
      assertThat(call.path()).isEqualTo("/v1/embeddings");
      assertThat(call.header("Authorization")).contains("Bearer " + KEY);
      JsonNode body = json(call);
      assertThat(body.get("model").asText()).isEqualTo("text-embedding-3-small");
      assertThat(body.get("encoding_format").asText()).isEqualTo("base64");
      assertThat(body.get("dimensions").asInt()).isEqualTo(4);
    });
    assertThat(sizes(batches)).containsExactly(2048, 452);
    assertThat(joined(batches)).isEqualTo(inputs(N));
  }

  @Test
  void mistralPreset_2500Inputs_batchesOf256_floats_inOrder() {
    ModelClient c = client("mistral", "mistral", server.baseUrl(), b -> b);
    enqueueBatches(N, 256, v -> EmbeddingStubs.openAi(v, 3L * v.size(), false));

    EmbeddingResponse r = c.embed(request("mistral/mistral-embed", N));

    assertInOrder(r, N);
    assertThat(r.usage().inputTokens()).isEqualTo(3L * N);
    List<List<String>> batches = batchesSeen(EmbeddingStubs::openAiInputs, call -> {
      assertThat(call.path()).isEqualTo("/v1/embeddings");
      JsonNode body = json(call);
      assertThat(body.get("model").asText()).isEqualTo("mistral-embed");
      assertThat(body.get("encoding_format").asText()).isEqualTo("float");
      assertThat(body.has("dimensions")).isFalse();
    });
    assertThat(sizes(batches)).hasSize(10).startsWith(256, 256).endsWith(196);
    assertThat(joined(batches)).isEqualTo(inputs(N));
  }

  @Test
  void gemini_2500Inputs_25BatchesOf100_inOrder_usageEstimated() {
    ModelClient c = client("gemini", "gemini", server.rootUrl(), b -> b);
    assertThat(c.maxEmbeddingInputs()).isEqualTo(100);
    enqueueBatches(N, 100, EmbeddingStubs::gemini);

    EmbeddingResponse r = c.embed(EmbeddingRequest.builder().model("gemini-embedding-001")
        .inputs(inputs(N)).dimensions(4).build());

    assertInOrder(r, N);
    // batchEmbedContents reports no tokens: a token per 4 characters, marked estimated.
    long chars = inputs(N).stream().mapToLong(String::length).sum();
    assertThat(r.usageEstimated()).isTrue();
    assertThat(r.usage().inputTokens()).isBetween(chars / 4, chars / 4 + 25);
    List<List<String>> batches = batchesSeen(EmbeddingStubs::geminiInputs, call -> {
      assertThat(call.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
      assertThat(call.header("x-goog-api-key")).contains(KEY);
      assertThat(call.path()).doesNotContain(KEY);
      JsonNode first = json(call).get("requests").get(0);
      assertThat(first.get("model").asText()).isEqualTo("models/gemini-embedding-001");
      assertThat(first.get("outputDimensionality").asInt()).isEqualTo(4);
    });
    assertThat(sizes(batches)).hasSize(25).allMatch(s -> s == 100);
    assertThat(joined(batches)).isEqualTo(inputs(N));
  }

  @Test
  void azure_postsToTheDeploymentsEmbeddingsUrl_withApiKeyHeader() {
    ModelClient c = client("azure", "azure-openai", server.rootUrl(), b -> b);
    server.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 2), 4, true));

    EmbeddingResponse r = c.embed(request("my-embeddings", 2));

    assertInOrder(r, 2);
    RecordedCall call = server.takeRequest();
    assertThat(call.path())
        .isEqualTo("/openai/deployments/my-embeddings/embeddings?api-version=2024-10-21");
    assertThat(call.header("api-key")).contains(KEY);
    assertThat(call.header("Authorization")).isEmpty();
  }

  @Test
  void azureV1_postsToTheVersionlessEmbeddingsUrl_withTheModelInTheBody() {
    ModelClient c = client("azure", "azure-openai", server.rootUrl(),
        b -> b.option("apiVersion", "v1"));
    server.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 2), 4, true));

    assertInOrder(c.embed(request("my-embeddings", 2)), 2);
    RecordedCall call = server.takeRequest();
    assertThat(call.path()).isEqualTo("/openai/v1/embeddings");
    assertThat(json(call).get("model").asText()).isEqualTo("my-embeddings");
  }

  @Test
  void ollamaPreset_servesEmbeddingsAtV1Embeddings() {
    ModelClient c = client("ollama", "ollama", server.baseUrl(), b -> b);
    server.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 3), 9, false));

    assertInOrder(c.embed(request("nomic-embed-text", 3)), 3);
    assertThat(server.takeRequest().path()).isEqualTo("/v1/embeddings");
  }

  @Test
  void shuffledIndices_areReorderedToInputOrder() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    List<float[]> v = List.of(EmbeddingStubs.marker(2), EmbeddingStubs.marker(0),
        EmbeddingStubs.marker(1));
    server.enqueue(EmbeddingStubs.openAi(v, new int[] {2, 0, 1}, 6, true));

    assertInOrder(c.embed(request("text-embedding-3-small", 3)), 3);
  }

  @Test
  void lyingServer_duplicateIndex_isATypedError() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    server.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 3), new int[] {0, 1, 1}, 6,
        false));

    Throwable e = catchThrowable(() -> c.embed(request("text-embedding-3-small", 3)));

    assertThat(e).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("index 1 is answered twice");
  }

  @Test
  void lyingServer_indexOutOfRange_isATypedError() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    server.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 2), new int[] {0, 7}, 6,
        false));

    assertThat(catchThrowable(() -> c.embed(request("text-embedding-3-small", 2))))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("index 7");
  }

  @Test
  void lyingServer_moreVectorsThanInputs_isATypedError() {
    ModelClient c = client("gemini", "gemini", server.rootUrl(), b -> b);
    server.enqueue(EmbeddingStubs.gemini(EmbeddingStubs.markers(0, 4)));

    assertThat(catchThrowable(() -> c.embed(request("gemini-embedding-001", 3))))
        .isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("more than 3 vectors for 3 inputs");
  }

  @Test
  void lyingServer_vectorsOfDifferentLengths_isATypedError() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    server.enqueue(EmbeddingStubs.openAi(List.of(new float[] {1, 2}, new float[] {1, 2, 3}),
        4, false));

    assertThat(catchThrowable(() -> c.embed(request("text-embedding-3-small", 2))))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("3 values");
  }

  @Test
  void lyingServer_nonFiniteValueInBase64_isATypedError() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    server.enqueue(EmbeddingStubs.openAi(List.of(new float[] {1, Float.NaN}), 4, true));

    assertThat(catchThrowable(() -> c.embed(request("text-embedding-3-small", 1))))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("NaN");
  }

  @Test
  void lyingServer_noDataArray_isATypedError() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    server.enqueue(StubReply.json(200, "{\"object\":\"list\",\"usage\":{\"prompt_tokens\":1}}"));

    assertThat(catchThrowable(() -> c.embed(request("text-embedding-3-small", 1))))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("no data");
  }

  @Test
  void aBatchRateLimited_surfacesTyped_afterTheEarlierBatchWasSent() {
    ModelClient c = client("gemini", "gemini", server.rootUrl(), b -> b);
    server.enqueue(EmbeddingStubs.gemini(EmbeddingStubs.markers(0, 100)));
    server.enqueue(StubReply.json(429, "{\"error\":{\"code\":429,\"message\":\"Resource has"
        + " been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}"));

    Throwable e = catchThrowable(() -> c.embed(request("gemini-embedding-001", 150)));

    assertThat(e).isInstanceOf(RateLimitException.class);
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void groqAndAnthropic_refuseBeforeSending_naming_theProviderType() {
    ModelClient groq = client("groq", "groq", server.baseUrl(), b -> b);
    ModelClient claude = client("claude", "anthropic", server.rootUrl(), b -> b);
    assertThat(groq.maxEmbeddingInputs()).isZero();
    assertThat(claude.maxEmbeddingInputs()).isZero();

    Throwable g = catchThrowable(() -> groq.embed(request("any", 1)));
    Throwable a = catchThrowable(() -> claude.embed(request("any", 1)));

    assertThat(g).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("groq").hasMessageContaining("embeddingInputs");
    assertThat(((UnsupportedFeatureException) g).feature()).isEqualTo("embeddings");
    assertThat(a).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("anthropic");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void embeddingInputsOption_enablesAndSizesAPresetsEmbeddings() {
    ModelClient c = client("groq", "groq", server.baseUrl(), b -> b.option("embeddingInputs", 2));
    enqueueBatches(5, 2, v -> EmbeddingStubs.openAi(v, v.size(), false));

    assertInOrder(c.embed(request("some-embedder", 5)), 5);
    assertThat(sizes(batchesSeen(EmbeddingStubs::openAiInputs, x -> { })))
        .containsExactly(2, 2, 1);
  }

  @Test
  void embeddingInputsOption_notANumber_namesTheField() {
    Throwable e = catchThrowable(() -> client("local", "openai-compatible", server.baseUrl(),
        b -> b.option("embeddingInputs", "lots")));

    assertThat(e).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.local.options.embeddingInputs")
        .hasMessageContaining("lots");
  }

  @Test
  void noModel_isAConfigurationError_beforeSending() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);

    Throwable e = catchThrowable(() -> c.embed(EmbeddingRequest.builder().input("x").build()));

    assertThat(e).isInstanceOf(ConfigurationException.class).hasMessageContaining("model");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void canaryKey_echoedInAnError_neverReachesTheMessage() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    server.enqueue(StubReply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
        + KEY + ".\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));

    Throwable e = catchThrowable(() -> c.embed(request("text-embedding-3-small", 1)));

    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(KEY).contains("invalid_api_key");
  }

  /** Every provider type that serves embeddings, 2,500 inputs each. */
  @ParameterizedTest(name = "{0}: batches of {2}")
  @CsvSource({
      "openai,            /v1/embeddings,                                  2048, true",
      "azure-openai,      /openai/deployments/m/embeddings?api-version=2024-10-21, 2048, true",
      "openai-compatible, /v1/embeddings,                                  2048, false",
      "mistral,           /v1/embeddings,                                  256,  false",
      "together,          /v1/embeddings,                                  256,  false",
      "fireworks,         /v1/embeddings,                                  256,  false",
      "ollama,            /v1/embeddings,                                  2048, false",
      "vllm,              /v1/embeddings,                                  2048, false",
      "lmstudio,          /v1/embeddings,                                  2048, false",
      "gemini,            /v1beta/models/m:batchEmbedContents,             100,  false"})
  void everyProviderWithEmbeddings_2500Inputs_providerSizedBatches_inOrder_withUsage(
      String type, String path, int batch, boolean base64) {
    boolean gemini = type.equals("gemini");
    boolean root = gemini || type.equals("azure-openai");
    ModelClient c = client(type, type, root ? server.rootUrl() : server.baseUrl(), b -> b);
    assertThat(c.maxEmbeddingInputs()).isEqualTo(batch);
    enqueueBatches(N, batch, v -> gemini ? EmbeddingStubs.gemini(v)
        : EmbeddingStubs.openAi(v, 2L * v.size(), base64));

    EmbeddingResponse r = c.embed(request("m", N));

    assertInOrder(r, N);
    assertThat(r.usage().inputTokens()).isPositive();
    assertThat(r.usageEstimated()).isEqualTo(gemini);
    if (!gemini) {
      assertThat(r.usage().inputTokens()).isEqualTo(2L * N);
    }
    List<List<String>> batches = batchesSeen(
        gemini ? EmbeddingStubs::geminiInputs : EmbeddingStubs::openAiInputs, call -> {
          assertThat(call.path()).isEqualTo(path);
          if (!gemini) {
            assertThat(json(call).get("encoding_format").asText())
                .isEqualTo(base64 ? "base64" : "float");
          }
        });
    assertThat(batches).hasSize((N + batch - 1) / batch);
    assertThat(sizes(batches)).allMatch(x -> x <= batch);
    assertThat(sizes(batches).get(0)).isEqualTo(batch);
    assertThat(joined(batches)).isEqualTo(inputs(N));
  }

  /** Every provider type that serves none refuses before sending, naming its type. */
  @ParameterizedTest
  @CsvSource({"groq", "deepseek", "xai", "openrouter", "anthropic"})
  void everyProviderWithoutEmbeddings_refusesBeforeSending(String type) {
    ModelClient c = client(type, type, type.equals("anthropic") ? server.rootUrl()
        : server.baseUrl(), b -> b);

    Throwable e = catchThrowable(() -> c.embed(request("m", N)));

    assertThat(e).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("'" + type + "'");
    assertThat(server.requestCount()).isZero();
  }
  /** Review: a later batch's vectors of another length must be a typed error, not an IAE. */
  @Test
  void lyingServer_batchesOfDifferentLengths_isATypedError_notAnIllegalArgument() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    server.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 2048), 2048, true));
    server.enqueue(EmbeddingStubs.openAi(List.of(new float[] {1, 2, 3}), 1, true));

    Throwable e = catchThrowable(() -> c.embed(request("text-embedding-3-small", 2049)));

    assertThat(e).isInstanceOf(ResponseParseException.class).hasMessageContaining("3")
        .hasMessageContaining("4");
  }

  /**
   * Review: OpenAI caps one request at 300,000 input tokens in total; 2,048 inputs of 1,000
   * bytes each (up to 2,048,000 tokens) must be sent in several requests, each within the cap
   * by the UTF-8 byte bound (a token covers at least one byte), in order.
   */
  @Test
  void openAi_longInputs_areSplitSoThatEachRequestFitsTheTokenCap() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    int n = 2048;
    List<String> in = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String head = "doc " + i + " ";
      in.add(head + "x".repeat(1000 - head.length()));
    }
    int perBatch = 300_000 / 1000;
    for (int from = 0; from < n; from += perBatch) {
      server.enqueue(EmbeddingStubs.openAi(
          EmbeddingStubs.markers(from, Math.min(perBatch, n - from)), 1, true));
    }

    EmbeddingResponse r = c.embed(EmbeddingRequest.builder().model("text-embedding-3-small")
        .inputs(in).build());

    assertInOrder(r, n);
    List<List<String>> batches = batchesSeen(EmbeddingStubs::openAiInputs, call -> { });
    assertThat(sizes(batches)).containsExactly(300, 300, 300, 300, 300, 300, 248);
    assertThat(joined(batches)).isEqualTo(in);
    assertThat(r.usage().inputTokens()).isEqualTo(7);
  }
  /** Review: vectors of another length than the dimensions asked for are a lie, not a success. */
  @Test
  void lyingServer_vectorsNotOfTheRequestedDimensions_isATypedError() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    server.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 2), 4, true));
    ModelClient g = client("gemini", "gemini", server.rootUrl(), b -> b);
    server.enqueue(EmbeddingStubs.gemini(EmbeddingStubs.markers(0, 2)));

    Throwable e = catchThrowable(() -> c.embed(EmbeddingRequest.builder()
        .model("text-embedding-3-small").inputs(inputs(2)).dimensions(256).build()));
    Throwable ge = catchThrowable(() -> g.embed(EmbeddingRequest.builder()
        .model("gemini-embedding-001").inputs(inputs(2)).dimensions(256).build()));

    assertThat(e).isInstanceOf(ResponseParseException.class).hasMessageContaining("256")
        .hasMessageContaining("4");
    assertThat(ge).isInstanceOf(ResponseParseException.class).hasMessageContaining("256");
  }
  /**
   * Review: a usage of 0 (or null) tokens for non-empty inputs is impossible: it must not make
   * the vectors free, but be estimated and marked so.
   */
  @Test
  void lyingServer_zeroOrNullPromptTokens_isEstimated_neverFree() {
    ModelClient c = client("openai", "openai", server.baseUrl(), b -> b);
    server.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 2), 0, true));
    server.enqueue(StubReply.json(200, EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 2), 0,
        true).body().replace("\"prompt_tokens\":0", "\"prompt_tokens\":null")));

    EmbeddingResponse zero = c.embed(request("text-embedding-3-small", 2));
    EmbeddingResponse nul = c.embed(request("text-embedding-3-small", 2));

    for (EmbeddingResponse r : List.of(zero, nul)) {
      assertInOrder(r, 2);
      assertThat(r.usageEstimated()).isTrue();
      assertThat(r.usage().inputTokens()).isPositive();
    }
  }
}
