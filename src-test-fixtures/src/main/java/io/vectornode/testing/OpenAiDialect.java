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

/**
 * The OpenAI Chat Completions dialect, for {@code openai}, {@code openai-compatible} and the
 * presets (Azure's deployment URLs and {@code api-key} header included).
 */
public final class OpenAiDialect implements WireDialect {
  private final String name;
  private final String type;
  private final boolean azure;

  private OpenAiDialect(String name, String type, boolean azure) {
    this.name = name;
    this.type = type;
    this.azure = azure;
  }

  /**
   * A dialect for a provider type that speaks Chat Completions at {@code {baseUrl}/chat/...}.
   *
   * @param type the provider type id, for example {@code openai} or {@code groq}
   * @return the dialect
   */
  public static OpenAiDialect of(String type) {
    return new OpenAiDialect(type, type, false);
  }

  /** @return the dialect for {@code azure-openai} */
  public static OpenAiDialect azure() {
    return new OpenAiDialect("azure", "azure-openai", true);
  }

  @Override
  public ProviderConfig config(ProviderStubServer server, String apiKey) {
    return ProviderConfig.builder(name).type(type).apiKey(apiKey)
        .baseUrl(azure ? server.rootUrl() : server.baseUrl()).build();
  }

  @Override
  public String model() {
    return azure ? "gpt-4o-mini-deployment" : "gpt-4o-mini";
  }

  @Override
  public StubReply text(String text) {
    return OpenAiStubs.chat(text);
  }

  @Override
  public StubReply toolCalls(List<ContentPart.ToolCall> calls) {
    return OpenAiStubs.toolCalls(calls.toArray(new ContentPart.ToolCall[0]));
  }

  @Override
  public StubReply streamText(List<String> deltas) {
    return OpenAiStubs.stream(deltas.toArray(new String[0]));
  }

  @Override
  public StubReply streamToolCalls(List<ContentPart.ToolCall> calls) {
    List<String> events = new ArrayList<>();
    events.add(OpenAiStubs.chunk("{\"role\":\"assistant\",\"content\":null}", null));
    for (int i = 0; i < calls.size(); i++) {
      events.add(OpenAiStubs.toolCallChunk(i, calls.get(i).id(), calls.get(i).name(), ""));
    }
    // Fragments of every call, interleaved by index, three characters at a time.
    int longest = calls.stream().mapToInt(c -> c.arguments().length()).max().orElse(0);
    for (int off = 0; off < longest; off += 3) {
      for (int i = 0; i < calls.size(); i++) {
        String a = calls.get(i).arguments();
        if (off < a.length()) {
          events.add(OpenAiStubs.toolCallChunk(i, null, null,
              a.substring(off, Math.min(a.length(), off + 3))));
        }
      }
    }
    events.add(OpenAiStubs.chunk("{}", "tool_calls"));
    events.add(OpenAiStubs.usageChunk(OpenAiStubs.usage(80, 30, 0, 0)));
    events.add(OpenAiStubs.done());
    return StubReply.sse(events);
  }

  @Override
  public StubReply cutStream(List<String> deltas) {
    return streamText(deltas).disconnectAfterEvents(3); // role chunk + two deltas
  }

  @Override
  public StubReply idleStream(List<String> deltas) {
    return streamText(deltas).keepAliveAfterEvents(2);
  }

  @Override
  public StubReply jsonAnswer(String json) {
    return OpenAiStubs.chat(json);
  }

  @Override
  public UsageCase usageCase() {
    return new UsageCase(OpenAiStubs.chat("42", 2006, 300, 1920, 192),
        new Usage(2006, 300, 1920, 0, 192));
  }

  @Override
  public Optional<StubReply> finish(FinishReason reason) {
    String msg = "{\"role\":\"assistant\",\"content\":\"x\"}";
    String usage = OpenAiStubs.usage(5, 1, 0, 0);
    return switch (reason) {
      case STOP -> Optional.of(OpenAiStubs.completion(msg, "stop", usage));
      case LENGTH -> Optional.of(OpenAiStubs.completion(msg, "length", usage));
      case TOOL_CALLS -> Optional.of(OpenAiStubs.toolCalls(
          new ContentPart.ToolCall("call_1", "f", "{}")));
      case CONTENT_FILTER -> Optional.of(OpenAiStubs.completion(msg, "content_filter", usage));
      case REFUSAL -> Optional.of(OpenAiStubs.completion("{\"role\":\"assistant\","
          + "\"content\":null,\"refusal\":\"I can't help with that.\"}", "stop", usage));
      case OTHER -> Optional.of(OpenAiStubs.completion(msg, "something_new", usage));
      case PAUSED -> Optional.empty();
    };
  }

  @Override
  public Optional<StubReply> error(ErrorCase error) {
    return Optional.of(switch (error) {
      case INVALID_REQUEST -> OpenAiStubs.error(400, "invalid_request_error", null,
          "Invalid value for 'messages'.");
      case CONTEXT_LENGTH -> OpenAiStubs.error(400, "invalid_request_error",
          "context_length_exceeded", "This model's maximum context length is 128000 tokens.");
      case AUTHENTICATION -> OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
          "Incorrect API key provided.");
      case PERMISSION -> OpenAiStubs.error(403, "invalid_request_error",
          "unsupported_country_region_territory", "Country, region, or territory not supported");
      case NOT_FOUND -> OpenAiStubs.error(404, "invalid_request_error", "model_not_found",
          "The model `gpt-9` does not exist or you do not have access to it.");
      case RATE_LIMIT -> OpenAiStubs.rateLimited(Duration.ofSeconds(2));
      case QUOTA -> OpenAiStubs.error(429, "insufficient_quota", "insufficient_quota",
          "You exceeded your current quota, please check your plan and billing details.");
      case SERVER_ERROR -> OpenAiStubs.error(500, "server_error", null,
          "The server had an error while processing your request.");
      case OVERLOADED -> OpenAiStubs.error(503, "server_error", null,
          "The engine is currently overloaded, please try again later.");
    });
  }

  @Override
  public RequestView read(RecordedCall call) {
    JsonNode body = Dialects.json(call);
    String key = azure ? call.header("api-key").orElse(null)
        : call.header("Authorization").map(v -> v.replaceFirst("^Bearer ", "")).orElse(null);
    String system = null;
    List<String> turns = new ArrayList<>();
    int images = 0;
    int calls = 0;
    int results = 0;
    for (JsonNode m : body.path("messages")) {
      String role = m.path("role").asText();
      switch (role) {
        case "system", "developer" -> system = (system == null ? "" : system + "\n\n")
            + Dialects.text(m.get("content"));
        case "tool" -> results++;
        default -> {
          turns.add(role + ": " + Dialects.text(m.get("content")));
          for (JsonNode part : m.path("content")) {
            images += part.has("image_url") ? 1 : 0;
          }
          calls += m.path("tool_calls").size();
        }
      }
    }
    List<String> tools = new ArrayList<>();
    body.path("tools").forEach(t -> tools.add(t.path("function").path("name").asText()));
    return new RequestView(key, system, turns, images, tools, calls, results,
        body.path("stream").asBoolean(false));
  }

  @Override
  public Optional<String> responseSchema(RecordedCall call) {
    JsonNode schema = Dialects.json(call).path("response_format").path("json_schema")
        .get("schema");
    return Optional.ofNullable(schema).map(JsonNode::toString);
  }

  @Override
  public Optional<String> embeddingModel() {
    return Optional.of(azure ? "embedding-deployment" : "text-embedding-3-small");
  }

  @Override
  public StubReply embeddings(List<float[]> vectors, long inputTokens) {
    return EmbeddingStubs.openAi(vectors, inputTokens, false);
  }

  @Override
  public List<String> embeddingInputs(RecordedCall call) {
    return EmbeddingStubs.openAiInputs(call);
  }
}
