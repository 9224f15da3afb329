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

/** The Anthropic Messages dialect, for the {@code anthropic} provider. */
public final class AnthropicDialect implements WireDialect {
  /** Creates the dialect. */
  public AnthropicDialect() {}

  @Override
  public ProviderConfig config(ProviderStubServer server, String apiKey) {
    return ProviderConfig.builder("anthropic").apiKey(apiKey).baseUrl(server.rootUrl()).build();
  }

  @Override
  public String model() {
    return "claude-sonnet-4-5";
  }

  @Override
  public StubReply text(String text) {
    return AnthropicStubs.message(text);
  }

  @Override
  public StubReply toolCalls(List<ContentPart.ToolCall> calls) {
    return AnthropicStubs.toolUse(calls.toArray(new ContentPart.ToolCall[0]));
  }

  @Override
  public StubReply streamText(List<String> deltas) {
    return AnthropicStubs.stream(deltas.toArray(new String[0]));
  }

  @Override
  public StubReply streamToolCalls(List<ContentPart.ToolCall> calls) {
    List<String> events = new ArrayList<>();
    events.add(AnthropicStubs.messageStart(AnthropicStubs.usage(380, 1, 0, 0)));
    for (int i = 0; i < calls.size(); i++) {
      ContentPart.ToolCall c = calls.get(i);
      events.add(AnthropicStubs.blockStart(i, "{\"type\":\"tool_use\",\"id\":"
          + Jsons.quote(c.id()) + ",\"name\":" + Jsons.quote(c.name()) + ",\"input\":{}}"));
      events.add(AnthropicStubs.jsonDelta(i, ""));
      String a = c.arguments();
      for (int off = 0; off < a.length(); off += 4) {
        events.add(AnthropicStubs.jsonDelta(i, a.substring(off, Math.min(a.length(), off + 4))));
      }
      events.add(AnthropicStubs.blockStop(i));
    }
    events.add(AnthropicStubs.messageDelta("tool_use", "{\"output_tokens\":60}"));
    events.add(AnthropicStubs.messageStop());
    return StubReply.sse(events);
  }

  @Override
  public StubReply cutStream(List<String> deltas) {
    return streamText(deltas).disconnectAfterEvents(5); // start, block, ping, two deltas
  }

  @Override
  public StubReply idleStream(List<String> deltas) {
    return streamText(deltas).keepAliveAfterEvents(4);
  }

  @Override
  public StubReply jsonAnswer(String json) {
    // Anthropic answers a JSON-schema request through the forced tool named after the schema.
    return AnthropicStubs.messageWith("[{\"type\":\"tool_use\",\"id\":\"toolu_json\","
        + "\"name\":\"answer\",\"input\":" + json + "}]", "tool_use",
        AnthropicStubs.usage(50, 10, 0, 0));
  }

  @Override
  public UsageCase usageCase() {
    return new UsageCase(AnthropicStubs.message("42", 100, 30, 1800, 200),
        new Usage(2100, 30, 1800, 200, 0));
  }

  @Override
  public Optional<StubReply> finish(FinishReason reason) {
    String text = "[{\"type\":\"text\",\"text\":\"x\"}]";
    String usage = AnthropicStubs.usage(5, 1, 0, 0);
    return switch (reason) {
      case STOP -> Optional.of(AnthropicStubs.messageWith(text, "end_turn", usage));
      case LENGTH -> Optional.of(AnthropicStubs.messageWith(text, "max_tokens", usage));
      case TOOL_CALLS -> Optional.of(AnthropicStubs.toolUse(
          new ContentPart.ToolCall("toolu_1", "f", "{}")));
      case REFUSAL -> Optional.of(AnthropicStubs.messageWith(text, "refusal", usage));
      case PAUSED -> Optional.of(AnthropicStubs.messageWith(text, "pause_turn", usage));
      case OTHER -> Optional.of(AnthropicStubs.messageWith(text, "something_new", usage));
      case CONTENT_FILTER -> Optional.empty();
    };
  }

  @Override
  public Optional<StubReply> error(ErrorCase error) {
    return Optional.of(switch (error) {
      case INVALID_REQUEST -> AnthropicStubs.error(400, "invalid_request_error",
          "messages: text content blocks must be non-empty");
      case CONTEXT_LENGTH -> AnthropicStubs.error(400, "invalid_request_error",
          "prompt is too long: 208310 tokens > 200000 maximum");
      case AUTHENTICATION -> AnthropicStubs.error(401, "authentication_error",
          "invalid x-api-key");
      case PERMISSION -> AnthropicStubs.error(403, "permission_error",
          "Your API key does not have permission to use the specified resource.");
      case NOT_FOUND -> AnthropicStubs.error(404, "not_found_error", "model: claude-9");
      case RATE_LIMIT -> AnthropicStubs.rateLimited(Duration.ofSeconds(2));
      case QUOTA -> AnthropicStubs.error(402, "billing_error",
          "Your credit balance is too low to access the Anthropic API.");
      case SERVER_ERROR -> AnthropicStubs.error(500, "api_error", "Internal server error");
      case OVERLOADED -> AnthropicStubs.error(529, "overloaded_error", "Overloaded");
    });
  }

  @Override
  public RequestView read(RecordedCall call) {
    JsonNode body = Dialects.json(call);
    JsonNode sys = body.get("system");
    String system = sys == null ? null : Dialects.text(sys);
    List<String> turns = new ArrayList<>();
    int images = 0;
    int calls = 0;
    int results = 0;
    for (JsonNode m : body.path("messages")) {
      boolean onlyResults = true;
      for (JsonNode block : m.path("content")) {
        String type = block.path("type").asText();
        images += type.equals("image") ? 1 : 0;
        calls += type.equals("tool_use") ? 1 : 0;
        results += type.equals("tool_result") ? 1 : 0;
        onlyResults &= type.equals("tool_result");
      }
      if (!onlyResults || m.path("content").isTextual()) {
        turns.add(m.path("role").asText() + ": " + Dialects.text(m.get("content")));
      }
    }
    List<String> tools = new ArrayList<>();
    body.path("tools").forEach(t -> tools.add(t.path("name").asText()));
    return new RequestView(call.header("x-api-key").orElse(null), system, turns, images, tools,
        calls, results, body.path("stream").asBoolean(false));
  }

  @Override
  public Optional<String> responseSchema(RecordedCall call) {
    JsonNode body = Dialects.json(call);
    String forced = body.path("tool_choice").path("name").asText(null);
    for (JsonNode t : body.path("tools")) {
      if (forced != null && forced.equals(t.path("name").asText())) {
        return Optional.ofNullable(t.get("input_schema")).map(JsonNode::toString);
      }
    }
    return Optional.empty();
  }
}
