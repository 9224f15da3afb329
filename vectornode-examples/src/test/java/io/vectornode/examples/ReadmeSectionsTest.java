package io.vectornode.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.EmbeddingRequest;
import io.vectornode.EmbeddingResponse;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.providers.vertex.VertexAiProvider;
import io.vectornode.routing.ResponseCache;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.structured.StructuredOutput;
import io.vectornode.structured.StructuredOutputException;
import io.vectornode.structured.StructuredResponse;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.BedrockStubs;
import io.vectornode.testing.EmbeddingStubs;
import io.vectornode.testing.GeminiStubs;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.ResponsesStubs;
import io.vectornode.testing.VertexStubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's sections on the response cache, environment variables, tools and the tool loop,
 * multi-turn calls, typed output, embeddings, Vertex AI, the Responses API and Bedrock: each Java
 * snippet written out here as closely as it compiles ({@code ...} filled with stand-ins) and run
 * against the loopback stub server; each YAML snippet read from README.md itself, with stub URLs
 * (and a stand-in credential) substituted, and loaded and called.
 */
class ReadmeSectionsTest {
  private static final String KEY = "sk-readme-0123456789abcdef";

  private final ProviderStubServer server = ProviderStubServer.start();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  private VectorNode.Builder openAi() {
    return VectorNode.builder().provider(ProviderConfig.builder("openai").apiKey(KEY)
        .baseUrl(server.baseUrl()).build());
  }

  // ---------------------------------------------------------------- Response cache (exact match)

  @Test
  void responseCache_javaSnippet_answersTheRouteAndTheTaggedRequestsFromTheCache() {
    try (ModelClient ai = openAi()
        .model("faq", "openai", "gpt-4o-mini")
        .model("other", "openai", "gpt-4o-mini")
        // from the README:
        .responseCache(ResponseCache.builder()
            .routes("faq")                                        // every call routed to "faq"
            .when(r -> "yes".equals(r.tags().get("cache")))        // and any request you pick
            .maximumSize(10_000).ttl(Duration.ofHours(1))          // in memory (LRU, TTL)
            .build())
        .build()) {
      server.enqueue(OpenAiStubs.chat("first"));
      server.enqueue(OpenAiStubs.chat("tagged"));
      server.enqueue(OpenAiStubs.chat("untagged"));
      ChatRequest faq = ChatRequest.builder().model("faq").user("Opening hours?")
          .temperature(0.0).build();
      assertThat(ai.chat(faq).cached()).isFalse();
      ChatResponse hit = ai.chat(faq);
      assertThat(hit.cached()).isTrue();
      assertThat(hit.text()).isEqualTo("first");
      assertThat(hit.attempts()).isZero();
      ChatRequest tagged = ChatRequest.builder().model("other").user("Hi").temperature(0.0)
          .tag("cache", "yes").build();
      ai.chat(tagged);
      assertThat(ai.chat(tagged).cached()).isTrue();
      ChatRequest untagged = ChatRequest.builder().model("other").user("Hi!").temperature(0.0)
          .build();
      ai.chat(untagged);
      assertThat(server.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void responseCache_yamlSnippet_loads_andCachesTheRouteAndTheListedOne() throws IOException {
    String yaml = "providers:\n  openai:\n    apiKey: " + KEY + "\n    baseUrl: "
        + server.baseUrl() + "\n"
        + "models:\n  gpt-4o-mini: { provider: openai, model: gpt-4o-mini }\n"
        + yamlBlock("routes:\n  faq:");
    assertThat(yaml).contains("cacheSampled: false").contains("ttl: 1h");
    try (VectorNodeClient ai = VectorNode.builderFromConfigText("README", yaml,
        Map.<String, String>of()::get).build()) {
      server.enqueue(OpenAiStubs.chat("faq answer"));
      server.enqueue(OpenAiStubs.chat("support answer"));
      server.enqueue(OpenAiStubs.chat("sampled"));
      server.enqueue(OpenAiStubs.chat("sampled again"));
      for (String route : List.of("faq", "support")) {
        ChatRequest r = ChatRequest.builder().model(route).user("Hi").temperature(0.0).build();
        assertThat(ai.chat(r).cached()).isFalse();
        assertThat(ai.chat(r).cached()).as(route).isTrue();
      }
      // cacheSampled: false, so a request without a temperature is not cached
      ChatRequest sampled = ChatRequest.builder().model("faq").user("Hi").build();
      assertThat(ai.chat(sampled).text()).isEqualTo("sampled");
      assertThat(ai.chat(sampled).text()).isEqualTo("sampled again");
      assertThat(server.requestCount()).isEqualTo(4);
    }
  }

  // ------------------------------------------------------------------------ Environment variables

  @Test
  void environment_bedrockAndVertexRows() throws Exception {
    Path sa = dir.resolve("sa.json");
    Files.writeString(sa, serviceAccountJson());
    try (VectorNodeClient c = VectorNode.builderFromEnvironment(Map.of(
        "AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-0123456789", "AWS_DEFAULT_REGION", "eu-west-1",
        "GOOGLE_APPLICATION_CREDENTIALS", sa.toString(), "GOOGLE_CLOUD_PROJECT", "my-project"))
        .build()) {
      assertThat(c.providers()).contains("bedrock", "vertex");
    }
    // without a region the Bedrock key is skipped; without a project, the key file
    try (VectorNodeClient c = VectorNode.builderFromEnvironment(Map.of(
        "AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-0123456789", "OPENAI_API_KEY", KEY,
        "GOOGLE_APPLICATION_CREDENTIALS", sa.toString())).build()) {
      assertThat(c.providers()).doesNotContain("bedrock", "vertex");
    }
  }

  // --------------------------------------------------------------------- Tools and the tool loop

  /** The README's class, its {@code forecasts} and {@code ...} filled in. */
  static class TravelDesk {
    record Forecast(String city, int celsius, String sky) {}
    enum Currency { EUR, NOK, USD }

    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

    @io.vectornode.tools.ToolMethod(description = "The weather in a city now")
    Forecast weather(@io.vectornode.tools.Param(value = "city",
        description = "a city name, e.g. Oslo") String city) {
      calls.add("weather " + city);
      return new Forecast(city, -3, "snow");
    }

    @io.vectornode.tools.ToolMethod(name = "convert_currency",
        description = "Converts an amount between currencies")
    BigDecimal convert(@io.vectornode.tools.Param("amount") BigDecimal amount,
        @io.vectornode.tools.Param("from") Currency from,
        @io.vectornode.tools.Param("to") Currency to) {
      calls.add("convert " + amount + " " + from + " " + to);
      return amount.multiply(new BigDecimal("11.7"));
    }
  }

  @Test
  void toolLoop_snippet_runsBothToolsAndReturnsTheFinalAnswer() {
    TravelDesk desk = new TravelDesk();
    server.enqueue(OpenAiStubs.toolCalls(
        new ContentPart.ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}"),
        new ContentPart.ToolCall("call_2", "convert_currency",
            "{\"amount\":200,\"from\":\"EUR\",\"to\":\"NOK\"}")));
    server.enqueue(OpenAiStubs.chat("Snow, -3 C; 200 EUR is 2340 NOK."));
    server.enqueue(OpenAiStubs.stream("Snow ", "in Oslo."));
    StringBuilder printed = new StringBuilder();
    try (ModelClient ai = openAi().model("fast", "openai", "gpt-4o-mini").build()) {
      ChatRequest request = ChatRequest.builder().model("fast").user("Weather in Oslo?").build();
      // from the README:
      io.vectornode.tools.ToolLoop loop = io.vectornode.tools.ToolLoop.of(
          io.vectornode.tools.Tools.from(desk)).maxSteps(8);
      ChatResponse answer = loop.chat(ai, ChatRequest.builder().model("fast")
          .user("I'm flying to Oslo with 200 EUR. Weather, and how much is that in NOK?").build());
      assertThat(answer.text()).isEqualTo("Snow, -3 C; 200 EUR is 2340 NOK.");
      assertThat(answer.attempts()).isEqualTo(2);
      assertThat(answer.cost()).isNotNull();

      try (ChatStream stream = loop.stream(ai, request)) {   // every turn's text as it arrives
        for (StreamEvent e : stream) if (e instanceof StreamEvent.TextDelta d) printed.append(d.text());
      }
    }
    assertThat(desk.calls).containsExactlyInAnyOrder("weather Oslo", "convert 200 EUR NOK");
    assertThat(printed).hasToString("Snow in Oslo.");
    RecordedCall first = server.takeRequest();
    assertThat(first.body()).contains("\"convert_currency\"").contains("\"weather\"");
    RecordedCall second = server.takeRequest();
    assertThat(second.body()).contains("call_1").contains("snow").contains("2340");
  }

  // ---------------------------------------------------------- Multi-turn calls (agent loops)

  @Test
  void multiTurn_snippet_sendsTurnsUntilNull_andStreamsEachTurn() {
    server.enqueue(OpenAiStubs.chat("draft"));
    server.enqueue(OpenAiStubs.chat("final"));
    server.enqueue(OpenAiStubs.stream("streamed"));
    try (VectorNodeClient ai = openAi().model("fast", "openai", "gpt-4o-mini").build()) {
      ChatRequest request = ChatRequest.builder().model("fast").user("Write a haiku").build();
      ChatResponse r = ai.chat(request, previous -> done(previous) ? null : nextRequest(previous));
      assertThat(r.text()).isEqualTo("final");
      assertThat(r.attempts()).isEqualTo(2);
      AtomicInteger turns = new AtomicInteger();
      try (ChatStream s = ai.stream(request, previous -> {
        turns.incrementAndGet();
        return null;
      })) {
        StringBuilder text = new StringBuilder();
        for (StreamEvent e : s) if (e instanceof StreamEvent.TextDelta d) text.append(d.text());
        assertThat(text).hasToString("streamed");
      }
      assertThat(turns).hasValue(1);
    }
    server.takeRequest();
    assertThat(server.takeRequest().body()).contains("draft").contains("Improve it");
  }

  private static boolean done(ChatResponse previous) {
    return !previous.text().equals("draft");
  }

  private static ChatRequest nextRequest(ChatResponse previous) {
    return ChatRequest.builder().model("fast").user("Write a haiku")
        .message(io.vectornode.Message.assistant(previous.text())).user("Improve it").build();
  }

  // ------------------------------------------------------------------ Typed structured output

  public enum Priority { LOW, NORMAL, URGENT }

  @JsonClassDescription("A task for one team")
  public record Action(String team, String task) {}

  public record Triage(@JsonPropertyDescription("One line") String summary, Priority priority,
      List<Action> actions, Optional<String> reply) {}

  private static final String GOOD = "{\"summary\":\"Printer down\",\"priority\":\"URGENT\","
      + "\"actions\":[{\"team\":\"it\",\"task\":\"fix it\"}],\"reply\":null}";
  private static final String BAD = GOOD.replace("URGENT", "P0");

  @Test
  void typedOutput_snippet_everyForm() {
    try (VectorNodeClient ai = openAi().model("fast", "openai", "gpt-4o-mini").build()) {
      ChatRequest request = ChatRequest.builder().model("fast").user("Triage this").build();
      ModelClient directClient = ai;

      server.enqueue(OpenAiStubs.chat(GOOD));
      Triage t = ai.chat(request, Triage.class);                 // ai: a VectorNodeClient
      assertThat(t.priority()).isEqualTo(Priority.URGENT);
      assertThat(t.actions()).containsExactly(new Action("it", "fix it"));
      assertThat(t.reply()).isEmpty();
      assertThat(server.takeRequest().body()).contains("json_schema").contains("One line");

      server.enqueue(OpenAiStubs.chat(BAD));
      server.enqueue(OpenAiStubs.chat(GOOD));
      StructuredResponse<Triage> r = ai.chat(request, StructuredOutput.of(Triage.class).repairs(1));
      assertThat(r.value().summary()).isEqualTo("Printer down");
      assertThat(r.repairs()).isEqualTo(1);
      server.takeRequest();
      server.takeRequest();

      server.enqueue(OpenAiStubs.chat(GOOD));
      StructuredResponse<Triage> d = StructuredOutput.of(Triage.class).call(directClient, request);
      assertThat(d.value()).isEqualTo(t);
      server.takeRequest();

      server.enqueue(OpenAiStubs.stream(GOOD.substring(0, 20), GOOD.substring(20)));
      StructuredOutput<Triage> triage = StructuredOutput.of(Triage.class);
      try (ChatStream s = ai.stream(triage.apply(request))) {
        Triage streamed = triage.read(s).value();
        assertThat(streamed).isEqualTo(t);
      }
      server.takeRequest();

      server.enqueue(OpenAiStubs.stream(BAD));
      server.enqueue(OpenAiStubs.stream(GOOD));
      StructuredOutput<Triage> out = triage;
      var s = out.repairs(1).session(request);
      try (ChatStream st = ai.stream(s.first(), s::next)) {
        assertThat(s.result(st.response()).value()).isEqualTo(t);
      }
      server.takeRequest();
      server.takeRequest();

      server.enqueue(OpenAiStubs.chat(BAD));
      List<String> errors = new ArrayList<>();
      String raw = null;
      try {
        ai.chat(request, Triage.class);
      } catch (StructuredOutputException e) {   // a ResponseParseException: not retryable
        errors.addAll(e.errors());
        raw = e.rawText();
        assertThat(e.retryable()).isFalse();
      }
      assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("$.priority: expected one of")
          .contains("\"P0\""));
      assertThat(raw).isEqualTo(BAD);
    }
  }

  // ----------------------------------------------------------------------------------- Embeddings

  @Test
  void embeddings_snippet_returnsVectorsInOrder() {
    List<String> chunks = List.of("alpha", "beta", "gamma");
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      float[] v = new float[256];
      v[0] = i;
      vectors.add(v);
    }
    server.enqueue(EmbeddingStubs.openAi(vectors, 9, true));
    String printed;
    try (ModelClient ai = openAi().build()) {
      // from the README:
      EmbeddingResponse r = ai.embed(EmbeddingRequest.builder()
          .model("openai/text-embedding-3-small")     // provider/model, a deployment or a route
          .inputs(chunks)                             // any number: split into the provider's batches
          .dimensions(256)                            // optional: shorter vectors, where the model can
          .tag("feature", "rag-index")                // budgets, listeners and the ledger, as for chat
          .build());
      float[] v = r.vector(0);                        // a copy; r.buffer(i) is a read-only view, no copy
      printed = r.size() + " x " + r.dimensions() + ", " + r.usage().inputTokens()
          + " tokens" + (r.usageEstimated() ? " (estimated)" : "") + ", " + r.cost();
      assertThat(v).hasSize(256);
      assertThat(r.vector(2)[0]).isEqualTo(2f);
      assertThat(r.buffer(1).get(0)).isEqualTo(1f);
    }
    assertThat(printed).startsWith("3 x 256, 9 tokens, ");
    assertThat(EmbeddingStubs.openAiInputs(server.takeRequest())).containsExactlyElementsOf(chunks);
  }

  // -------------------------------------------------------------------------------- Vertex AI

  @Test
  void vertex_yamlSnippet_loads_andReachesGeminiAndClaude() throws Exception {
    Path sa = dir.resolve("vertex-sa.json");
    Files.writeString(sa, serviceAccountJson());
    String yaml = yamlBlock("providers:\n  vertex:\n    type: vertex-ai")
        .replace("/secrets/vertex-sa.json", sa.toString())
        .replace("    options:\n", "    baseUrl: " + server.rootUrl() + "\n    options:\n"
            + "      tokenUrl: " + server.rootUrl() + "token\n");
    server.enqueue(VertexStubs.token("ya29.readme-token-01", 3599));
    server.enqueue(GeminiStubs.response("from gemini"));
    server.enqueue(AnthropicStubs.message("from claude"));
    try (VectorNodeClient ai = VectorNode.builderFromConfigText("README", yaml,
        Map.<String, String>of()::get).build()) {
      assertThat(ai.chat("gemini", "Hi").text()).isEqualTo("from gemini");
      assertThat(ai.chat("claude", "Hi").text()).isEqualTo("from claude");
    }
    assertThat(server.takeRequest().path()).isEqualTo("/token");
    String base = "/v1/projects/my-project/locations/us-east5/publishers/";
    RecordedCall gemini = server.takeRequest();
    assertThat(gemini.path()).isEqualTo(base + "google/models/gemini-2.5-flash:generateContent");
    assertThat(gemini.header("Authorization")).contains("Bearer ya29.readme-token-01");
    RecordedCall claude = server.takeRequest();
    assertThat(claude.path())
        .isEqualTo(base + "anthropic/models/claude-sonnet-4-5@20250929:rawPredict");
    assertThat(claude.body()).contains("vertex-2023-10-16");
  }

  /** A stand-in for Google's auth library class the README's snippet uses. */
  static final class GoogleCredentials {
    static final AtomicInteger REFRESHES = new AtomicInteger();

    static GoogleCredentials getApplicationDefault() throws IOException {
      return new GoogleCredentials();
    }

    GoogleCredentials createScoped(String scope) {
      assertThat(scope).isEqualTo("https://www.googleapis.com/auth/cloud-platform");
      return this;
    }

    void refreshIfExpired() throws IOException {
      REFRESHES.incrementAndGet();
    }

    AccessToken getAccessToken() {
      return new AccessToken("ya29.from-google-auth");
    }

    record AccessToken(String getTokenValue) {}
  }

  @Test
  void vertex_tokenSourceSnippet_compilesAndSendsTheSuppliedToken() throws IOException {
    server.enqueue(GeminiStubs.response("token source works"));
    // from the README (a baseUrl and a model added for the stub server):
    GoogleCredentials google = GoogleCredentials.getApplicationDefault()
        .createScoped("https://www.googleapis.com/auth/cloud-platform");
    ModelProvider vertex = VertexAiProvider.withTokens(() -> {
      try {
        google.refreshIfExpired();
        return google.getAccessToken().getTokenValue();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try (VectorNodeClient client = VectorNode.builder()
        .registry(ProviderRegistry.of(List.of(vertex))) // with the other providers you use
        .provider(ProviderConfig.builder("vertex").type("vertex-ai").baseUrl(server.rootUrl())
            .option("project", "my-project").option("location", "global").build())
        .model("flash", "vertex", "gemini-2.5-flash")
        .build()) {
      assertThat(client.chat("flash", "Hi").text()).isEqualTo("token source works");
    }
    RecordedCall call = server.takeRequest();
    assertThat(call.path()).isEqualTo(
        "/v1/projects/my-project/locations/global/publishers/google/models/gemini-2.5-flash"
            + ":generateContent");
    assertThat(call.header("Authorization")).contains("Bearer ya29.from-google-auth");
    assertThat(GoogleCredentials.REFRESHES.get()).isPositive();
  }

  // ------------------------------------------------------------------------ OpenAI Responses API

  @Test
  void responses_yamlSnippet_loads_autoSendsReasoningModelsToResponses() throws IOException {
    String yaml = yamlBlock("providers:\n  openai:\n    apiKey: ${env:OPENAI_API_KEY}")
        .replace("    options:\n", "    baseUrl: " + server.baseUrl() + "\n    options:\n");
    server.enqueue(ResponsesStubs.text("reasoned"));
    server.enqueue(OpenAiStubs.chat("chatted"));
    try (VectorNodeClient ai = VectorNode.builderFromConfigText("README", yaml,
        Map.of("OPENAI_API_KEY", KEY)::get).build()) {
      assertThat(ai.chat("openai/gpt-5-mini", "Hi").text()).isEqualTo("reasoned");
      assertThat(ai.chat("openai/gpt-4o-mini", "Hi").text()).isEqualTo("chatted");
    }
    RecordedCall responses = server.takeRequest();
    assertThat(responses.path()).endsWith("/responses");
    assertThat(responses.body().replace(" ", "")).contains("\"effort\":\"low\"")
        .contains("\"summary\":\"auto\"").contains("\"store\":false");
    assertThat(server.takeRequest().path()).endsWith("/chat/completions");
  }

  // -------------------------------------------------------------------------------- AWS Bedrock

  @Test
  void bedrock_yamlSnippet_loads_andConverses() throws IOException {
    String yaml = yamlBlock("providers:\n  bedrock:\n")
        .replaceFirst("    # baseUrl: \\S+", "    baseUrl: " + server.rootUrl()
            + "\n    apiKey: bedrock-api-key-0123456789");
    assertThat(yaml).contains("baseUrl: " + server.rootUrl());
    server.enqueue(BedrockStubs.text("from nova"));
    try (VectorNodeClient ai = VectorNode.builderFromConfigText("README", yaml,
        Map.<String, String>of()::get).build()) {
      assertThat(ai.chat("nova", "Hi").text()).isEqualTo("from nova");
    }
    RecordedCall call = server.takeRequest();
    assertThat(call.path()).contains("us.amazon.nova-lite-v1").endsWith("/converse");
    assertThat(call.header("Authorization")).contains("Bearer bedrock-api-key-0123456789");
  }

  // ---------------------------------------------------------------------------------- helpers

  /** The README's YAML block that starts with {@code start}. */
  private static String yamlBlock(String start) throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8)
        .replace("\r\n", "\n");
    int from = readme.indexOf("```yaml\n" + start);
    assertThat(from).as("README.md has a YAML block starting " + start).isPositive();
    from += "```yaml\n".length();
    return readme.substring(from, readme.indexOf("\n```", from) + 1);
  }

  private static String serviceAccountJson() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String pem = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder()
        .encodeToString(g.generateKeyPair().getPrivate().getEncoded())
        + "\\n-----END PRIVATE KEY-----\\n";
    return "{\"type\": \"service_account\", \"project_id\": \"" + VertexStubs.PROJECT + "\","
        + " \"private_key_id\": \"k1\", \"private_key\": \"" + pem + "\", \"client_email\":"
        + " \"vn@" + VertexStubs.PROJECT + ".iam.gserviceaccount.com\"}";
  }
}
