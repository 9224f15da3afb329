package io.vectornode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Usage;
import io.vectornode.spi.ProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Gemini {@code generateContent} dialect, for the {@code gemini} provider. */
public final class GeminiDialect implements WireDialect {
  /** Creates the dialect. */
  public GeminiDialect() {}

  @Override
  public ProviderConfig config(ProviderStubServer server, String apiKey) {
    return ProviderConfig.builder("gemini").apiKey(apiKey).baseUrl(server.rootUrl()).build();
  }

  @Override
  public String model() {
    return "gemini-2.5-flash";
  }

  @Override
  public StubReply text(String text) {
    return GeminiStubs.response(text);
  }

  @Override
  public StubReply toolCalls(List<ContentPart.ToolCall> calls) {
    return GeminiStubs.functionCalls(calls.toArray(new ContentPart.ToolCall[0]));
  }

  @Override
  public StubReply streamText(List<String> deltas) {
    return GeminiStubs.stream(deltas.toArray(new String[0]));
  }

  @Override
  public StubReply streamToolCalls(List<ContentPart.ToolCall> calls) {
    // Gemini streams each function call whole, one chunk per call.
    List<String> events = new ArrayList<>();
    for (ContentPart.ToolCall c : calls) {
      events.add(GeminiStubs.chunk("[" + GeminiStubs.functionCallPart(c) + "]", null,
          GeminiStubs.usage(71, 10, 0, 0)));
    }
    events.add(GeminiStubs.chunk("[{\"text\":\"\"}]", "STOP", GeminiStubs.usage(71, 19, 0, 0)));
    return StubReply.sse(events);
  }

  @Override
  public StubReply cutStream(List<String> deltas) {
    return streamText(deltas).disconnectAfterEvents(2);
  }

  @Override
  public StubReply idleStream(List<String> deltas) {
    return streamText(deltas).keepAliveAfterEvents(1);
  }

  @Override
  public StubReply jsonAnswer(String json) {
    return GeminiStubs.response(json);
  }

  @Override
  public UsageCase usageCase() {
    return new UsageCase(GeminiStubs.response("42", 2000, 30, 1500, 120),
        new Usage(2000, 150, 1500, 0, 120));
  }

  @Override
  public Optional<StubReply> finish(FinishReason reason) {
    String parts = "[{\"text\":\"x\"}]";
    String usage = GeminiStubs.usage(5, 1, 0, 0);
    return switch (reason) {
      case STOP -> Optional.of(GeminiStubs.responseWith(parts, "STOP", usage));
      case LENGTH -> Optional.of(GeminiStubs.responseWith(parts, "MAX_TOKENS", usage));
      case TOOL_CALLS -> Optional.of(GeminiStubs.functionCalls(
          new ContentPart.ToolCall("vn-1", "f", "{}")));
      case CONTENT_FILTER -> Optional.of(GeminiStubs.responseWith(parts, "SAFETY", usage));
      case OTHER -> Optional.of(GeminiStubs.responseWith(parts, "OTHER", usage));
      case REFUSAL, PAUSED -> Optional.empty();
    };
  }

  @Override
  public Optional<StubReply> error(ErrorCase error) {
    return Optional.of(switch (error) {
      case INVALID_REQUEST -> GeminiStubs.error(400, "INVALID_ARGUMENT",
          "Invalid JSON payload received. Unknown name \"foo\".", null);
      case CONTEXT_LENGTH -> GeminiStubs.error(400, "INVALID_ARGUMENT", "The input token count"
          + " (1200000) exceeds the maximum number of tokens allowed (1048576).", null);
      case AUTHENTICATION -> GeminiStubs.error(400, "INVALID_ARGUMENT",
          "API key not valid. Please pass a valid API key.", "[{\"@type\":"
              + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\","
              + "\"domain\":\"googleapis.com\"}]");
      case PERMISSION -> GeminiStubs.error(403, "PERMISSION_DENIED",
          "Method doesn't allow unregistered callers.", null);
      case NOT_FOUND -> GeminiStubs.error(404, "NOT_FOUND",
          "models/gemini-9 is not found for API version v1beta.", null);
      case RATE_LIMIT -> GeminiStubs.rateLimited(Duration.ofSeconds(2));
      case QUOTA -> GeminiStubs.error(429, "RESOURCE_EXHAUSTED", "You exceeded your current"
          + " quota.", "[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
          + "\"violations\":[{\"quotaId\":\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\""
          + "}]}]");
      case SERVER_ERROR -> GeminiStubs.error(500, "INTERNAL", "An internal error has occurred.",
          null);
      case OVERLOADED -> GeminiStubs.error(503, "UNAVAILABLE",
          "The model is overloaded. Please try again later.", null);
    });
  }

  @Override
  public RequestView read(RecordedCall call) {
    JsonNode body = Dialects.json(call);
    JsonNode sys = body.path("systemInstruction").get("parts");
    String system = sys == null ? null : Dialects.text(sys);
    List<String> turns = new ArrayList<>();
    int images = 0;
    int calls = 0;
    int results = 0;
    for (JsonNode c : body.path("contents")) {
      boolean onlyResults = true;
      for (JsonNode part : c.path("parts")) {
        images += part.has("inlineData") || part.has("fileData") ? 1 : 0;
        calls += part.has("functionCall") ? 1 : 0;
        results += part.has("functionResponse") ? 1 : 0;
        onlyResults &= part.has("functionResponse");
      }
      if (!onlyResults) {
        String role = c.path("role").asText().equals("model") ? "assistant" : "user";
        turns.add(role + ": " + Dialects.text(c.get("parts")));
      }
    }
    List<String> tools = new ArrayList<>();
    body.path("tools").forEach(t -> t.path("functionDeclarations")
        .forEach(d -> tools.add(d.path("name").asText())));
    return new RequestView(call.header("x-goog-api-key").orElse(null), system, turns, images,
        tools, calls, results, call.path().contains(":streamGenerateContent"));
  }

  @Override
  public Optional<String> responseSchema(RecordedCall call) {
    JsonNode schema = Dialects.json(call).path("generationConfig").get("responseSchema");
    return Optional.ofNullable(schema).map(JsonNode::toString);
  }

  @Override
  public Optional<String> embeddingModel() {
    return Optional.of("gemini-embedding-001");
  }

  @Override
  public StubReply embeddings(List<float[]> vectors, long inputTokens) {
    return EmbeddingStubs.gemini(vectors); // batchEmbedContents reports no usage
  }

  @Override
  public List<String> embeddingInputs(RecordedCall call) {
    return EmbeddingStubs.geminiInputs(call);
  }
}
