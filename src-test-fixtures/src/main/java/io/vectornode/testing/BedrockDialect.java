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
 * The Amazon Bedrock Converse dialect, for the {@code bedrock} provider: JSON answers from
 * {@code /model/{id}/converse}, binary event-stream answers from {@code converse-stream}. The
 * key under test is a Bedrock API key (a bearer token), so that the suite's canary reaches the
 * wire as it does for the other providers; SigV4 is tested on its own.
 */
public final class BedrockDialect implements WireDialect {
  /** Creates the dialect. */
  public BedrockDialect() {}

  @Override
  public ProviderConfig config(ProviderStubServer server, String apiKey) {
    return ProviderConfig.builder("bedrock").apiKey(apiKey).baseUrl(server.rootUrl())
        .option("region", "us-east-1").build();
  }

  @Override
  public String model() {
    return "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
  }

  @Override
  public StubReply text(String text) {
    return BedrockStubs.text(text);
  }

  @Override
  public StubReply toolCalls(List<ContentPart.ToolCall> calls) {
    return BedrockStubs.toolUse(calls);
  }

  @Override
  public StubReply streamText(List<String> deltas) {
    return BedrockStubs.stream(deltas);
  }

  @Override
  public StubReply streamToolCalls(List<ContentPart.ToolCall> calls) {
    List<byte[]> frames = new ArrayList<>();
    frames.add(BedrockStubs.messageStart());
    for (int i = 0; i < calls.size(); i++) {
      ContentPart.ToolCall c = calls.get(i);
      frames.add(BedrockStubs.toolStart(i, c.id(), c.name()));
      String a = c.arguments();
      for (int off = 0; off < a.length(); off += 4) {
        frames.add(BedrockStubs.toolDelta(i, a.substring(off, Math.min(a.length(), off + 4))));
      }
      frames.add(BedrockStubs.blockStop(i));
    }
    frames.add(BedrockStubs.messageStop("tool_use"));
    frames.add(BedrockStubs.metadata(BedrockStubs.usage(380, 60, 0, 0)));
    return BedrockStubs.eventStream(frames);
  }

  @Override
  public StubReply cutStream(List<String> deltas) {
    return streamText(deltas).disconnectAfterEvents(3); // messageStart, two deltas
  }

  @Override
  public StubReply idleStream(List<String> deltas) {
    return streamText(deltas).keepAliveAfterEvents(2); // messageStart, one delta
  }

  @Override
  public StubReply jsonAnswer(String json) {
    // Bedrock answers a JSON-schema request through the forced tool named after the schema.
    return BedrockStubs.converse("[{\"toolUse\":{\"toolUseId\":\"tooluse_json\","
        + "\"name\":\"answer\",\"input\":" + json + "}}]", "tool_use",
        BedrockStubs.usage(50, 10, 0, 0));
  }

  @Override
  public UsageCase usageCase() {
    return new UsageCase(BedrockStubs.converse("[{\"text\":\"42\"}]", "end_turn",
        BedrockStubs.usage(100, 30, 1800, 200)), new Usage(2100, 30, 1800, 200, 0));
  }

  @Override
  public Optional<StubReply> finish(FinishReason reason) {
    String text = "[{\"text\":\"x\"}]";
    String usage = BedrockStubs.usage(5, 1, 0, 0);
    return switch (reason) {
      case STOP -> Optional.of(BedrockStubs.converse(text, "end_turn", usage));
      case LENGTH -> Optional.of(BedrockStubs.converse(text, "max_tokens", usage));
      case TOOL_CALLS -> Optional.of(BedrockStubs.toolUse(
          List.of(new ContentPart.ToolCall("tooluse_1", "f", "{}"))));
      case CONTENT_FILTER -> Optional.of(BedrockStubs.converse(
          "[{\"text\":\"Sorry, the model cannot answer this question.\"}]",
          "guardrail_intervened", usage));
      case OTHER -> Optional.of(BedrockStubs.converse(text, "something_new", usage));
      case REFUSAL, PAUSED -> Optional.empty();
    };
  }

  @Override
  public Optional<StubReply> error(ErrorCase error) {
    return Optional.of(switch (error) {
      case INVALID_REQUEST -> BedrockStubs.error(400, "ValidationException",
          "A conversation must start with a user message. Try again with a conversation that"
              + " starts with a user message.");
      case CONTEXT_LENGTH -> BedrockStubs.error(400, "ValidationException",
          "Input is too long for requested model.");
      case AUTHENTICATION -> BedrockStubs.error(403, "UnrecognizedClientException",
          "The security token included in the request is invalid.");
      case PERMISSION -> BedrockStubs.error(403, "AccessDeniedException",
          "You don't have access to the model with the specified model ID.");
      case NOT_FOUND -> BedrockStubs.error(404, "ResourceNotFoundException",
          "Model not found.");
      case RATE_LIMIT -> BedrockStubs.throttled(Duration.ofSeconds(2));
      case QUOTA -> BedrockStubs.error(400, "ServiceQuotaExceededException",
          "Too many tokens per day, please wait before trying again.");
      case SERVER_ERROR -> BedrockStubs.error(500, "InternalServerException",
          "The server encountered an error processing your request.");
      case OVERLOADED -> BedrockStubs.error(503, "ServiceUnavailableException",
          "Bedrock is unable to process your request.");
    });
  }

  @Override
  public RequestView read(RecordedCall call) {
    JsonNode body = Dialects.json(call);
    StringBuilder system = null;
    for (JsonNode s : body.path("system")) {
      if (s.has("text")) {
        system = system == null ? new StringBuilder() : system.append("\n\n");
        system.append(s.get("text").asText());
      }
    }
    List<String> turns = new ArrayList<>();
    int images = 0;
    int calls = 0;
    int results = 0;
    for (JsonNode m : body.path("messages")) {
      boolean onlyResults = true;
      StringBuilder text = new StringBuilder();
      for (JsonNode block : m.path("content")) {
        images += block.has("image") ? 1 : 0;
        calls += block.has("toolUse") ? 1 : 0;
        results += block.has("toolResult") ? 1 : 0;
        onlyResults &= block.has("toolResult");
        if (block.has("text")) {
          text.append(block.get("text").asText());
        }
      }
      if (!onlyResults) {
        turns.add(m.path("role").asText() + ": " + text);
      }
    }
    List<String> tools = new ArrayList<>();
    body.path("toolConfig").path("tools")
        .forEach(t -> tools.add(t.path("toolSpec").path("name").asText()));
    String auth = call.header("authorization").orElse("");
    return new RequestView(auth.startsWith("Bearer ") ? auth.substring(7) : null,
        system == null ? null : system.toString(), turns, images, tools, calls, results,
        call.path().contains("/converse-stream"));
  }
}
