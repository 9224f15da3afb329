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
 * OpenAI's Responses API, for the {@code openai} provider with {@code options.api: responses}:
 * requests to {@code {baseUrl}/responses} with {@code instructions} and {@code input} items,
 * answers and streams from {@link ResponsesStubs}.
 */
public final class ResponsesDialect implements WireDialect {
  private ResponsesDialect() {}

  /** @return the dialect */
  public static ResponsesDialect of() {
    return new ResponsesDialect();
  }

  @Override
  public ProviderConfig config(ProviderStubServer server, String apiKey) {
    return ProviderConfig.builder("openai").type("openai").apiKey(apiKey)
        .baseUrl(server.baseUrl()).option("api", "responses").build();
  }

  @Override
  public String model() {
    return "gpt-5-mini";
  }

  @Override
  public StubReply text(String text) {
    return ResponsesStubs.text(text);
  }

  @Override
  public StubReply toolCalls(List<ContentPart.ToolCall> calls) {
    return ResponsesStubs.toolCalls(calls);
  }

  @Override
  public StubReply streamText(List<String> deltas) {
    return ResponsesStubs.streamText(deltas.toArray(new String[0]));
  }

  @Override
  public StubReply streamToolCalls(List<ContentPart.ToolCall> calls) {
    ResponsesStubs.Stream s = ResponsesStubs.stream()
        .reasoning("rs_68af4050aa", "gAAAAABor0BQstream", "Two tools.");
    for (int i = 0; i < calls.size(); i++) {
      ContentPart.ToolCall c = calls.get(i);
      List<String> pieces = new ArrayList<>();
      for (int off = 0; off < c.arguments().length(); off += 3) {
        pieces.add(c.arguments().substring(off, Math.min(c.arguments().length(), off + 3)));
      }
      s.functionCall("fc_68af4051" + i, c.id(), c.name(), pieces.toArray(new String[0]));
    }
    return s.completed(ResponsesStubs.usage(80, 0, 30, 12)).build();
  }

  @Override
  public StubReply cutStream(List<String> deltas) {
    // created, in_progress, item added, content part added, then two deltas
    return streamText(deltas).disconnectAfterEvents(6);
  }

  @Override
  public StubReply idleStream(List<String> deltas) {
    return streamText(deltas).keepAliveAfterEvents(5);
  }

  @Override
  public StubReply jsonAnswer(String json) {
    return ResponsesStubs.completed(ResponsesStubs.usage(40, 0, 12, 0),
        ResponsesStubs.message("msg_68af4060c1", json));
  }

  @Override
  public UsageCase usageCase() {
    return new UsageCase(ResponsesStubs.completed(ResponsesStubs.usage(2006, 1920, 300, 192),
        ResponsesStubs.reasoning("rs_68af4070d2", null, "gAAAAABusage"),
        ResponsesStubs.message("msg_68af4070d3", "42")),
        new Usage(2006, 300, 1920, 0, 192));
  }

  @Override
  public Optional<StubReply> finish(FinishReason reason) {
    return switch (reason) {
      case STOP -> Optional.of(ResponsesStubs.text("x"));
      case LENGTH -> Optional.of(ResponsesStubs.incomplete("max_output_tokens", "x"));
      case TOOL_CALLS -> Optional.of(ResponsesStubs.toolCalls(
          List.of(new ContentPart.ToolCall("call_1", "f", "{}"))));
      case CONTENT_FILTER -> Optional.of(ResponsesStubs.incomplete("content_filter", "x"));
      case REFUSAL -> Optional.of(ResponsesStubs.completed(ResponsesStubs.usage(5, 0, 4, 0),
          ResponsesStubs.refusal("msg_68af4080e4", "I can't help with that.")));
      case OTHER -> Optional.of(ResponsesStubs.incomplete("something_new", "x"));
      case PAUSED -> Optional.empty();
    };
  }

  @Override
  public Optional<StubReply> error(ErrorCase error) {
    return Optional.of(switch (error) {
      case INVALID_REQUEST -> ResponsesStubs.error(400, "invalid_request_error", null,
          "Invalid value: 'input_txt'. Supported values are: 'input_text', 'input_image'.");
      case CONTEXT_LENGTH -> ResponsesStubs.error(400, "invalid_request_error",
          "context_length_exceeded", "Your input exceeds the context window of this model.");
      case AUTHENTICATION -> ResponsesStubs.error(401, "invalid_request_error",
          "invalid_api_key", "Incorrect API key provided.");
      case PERMISSION -> ResponsesStubs.error(403, "invalid_request_error",
          "unsupported_country_region_territory", "Country, region, or territory not supported");
      case NOT_FOUND -> ResponsesStubs.error(404, "invalid_request_error", "model_not_found",
          "The model `gpt-9` does not exist or you do not have access to it.");
      case RATE_LIMIT -> OpenAiStubs.rateLimited(Duration.ofSeconds(2));
      case QUOTA -> ResponsesStubs.error(429, "insufficient_quota", "insufficient_quota",
          "You exceeded your current quota, please check your plan and billing details.");
      case SERVER_ERROR -> ResponsesStubs.error(500, "server_error", null,
          "The server had an error while processing your request.");
      case OVERLOADED -> ResponsesStubs.error(503, "server_error", null,
          "The engine is currently overloaded, please try again later.");
    });
  }

  @Override
  public RequestView read(RecordedCall call) {
    if (call.path().endsWith("/embeddings")) {
      return OpenAiDialect.of("openai").read(call); // the same endpoint in either API mode
    }
    if (!call.path().endsWith("/responses")) {
      throw new AssertionError("expected a request to /responses, was " + call.path());
    }
    JsonNode body = Dialects.json(call);
    String key = call.header("Authorization").map(v -> v.replaceFirst("^Bearer ", ""))
        .orElse(null);
    String system = body.hasNonNull("instructions") ? body.get("instructions").asText() : null;
    List<String> turns = new ArrayList<>();
    int images = 0;
    int calls = 0;
    int results = 0;
    for (JsonNode item : body.path("input")) {
      String type = item.path("type").asText("message");
      switch (type) {
        case "function_call" -> calls++;
        case "function_call_output" -> results++;
        case "message" -> {
          String role = item.path("role").asText();
          if (role.equals("system") || role.equals("developer")) {
            system = (system == null ? "" : system + "\n\n") + Dialects.text(item.get("content"));
          } else {
            turns.add(role + ": " + Dialects.text(item.get("content")));
            for (JsonNode part : item.path("content")) {
              images += "input_image".equals(part.path("type").asText()) ? 1 : 0;
            }
          }
        }
        default -> { }
      }
    }
    List<String> tools = new ArrayList<>();
    body.path("tools").forEach(t -> tools.add(t.path("name").asText()));
    return new RequestView(key, system, turns, images, tools, calls, results,
        body.path("stream").asBoolean(false));
  }

  /** Embeddings are the same {@code /embeddings} endpoint in either API mode of the provider. */
  @Override
  public Optional<String> embeddingModel() {
    return Optional.of("text-embedding-3-small");
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
