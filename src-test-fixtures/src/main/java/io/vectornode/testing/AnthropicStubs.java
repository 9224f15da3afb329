package io.vectornode.testing;

import io.vectornode.ContentPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replies in the Anthropic Messages wire format, as documented in Anthropic's API reference and
 * recorded from the live API: {@code message} bodies with content blocks, SSE streams of named
 * events ({@code message_start} ... {@code message_stop}), and error bodies with {@code
 * request-id} and {@code anthropic-ratelimit-*} headers.
 */
public final class AnthropicStubs {
  /** The model name the stubs report. */
  public static final String MODEL = "claude-sonnet-4-5-20250929";
  /** The message id the stubs report. */
  public static final String ID = "msg_01QC4g3HwBThD4BaNtBckFDJ";

  private AnthropicStubs() {}

  /**
   * A text message with plain usage.
   *
   * @param text the text
   * @return the reply
   */
  public static StubReply message(String text) {
    return message(text, 12, Math.max(1, text.split("\\s+").length), 0, 0);
  }

  /**
   * A text message with the given usage, in Anthropic's terms.
   *
   * @param text the text
   * @param inputTokens {@code input_tokens} (not counting cache reads and writes)
   * @param outputTokens {@code output_tokens}
   * @param cacheRead {@code cache_read_input_tokens}
   * @param cacheWrite {@code cache_creation_input_tokens}
   * @return the reply
   */
  public static StubReply message(String text, long inputTokens, long outputTokens,
      long cacheRead, long cacheWrite) {
    return messageWith("[{\"type\":\"text\",\"text\":" + Jsons.quote(text) + "}]", "end_turn",
        usage(inputTokens, outputTokens, cacheRead, cacheWrite));
  }

  /**
   * A message asking for tool calls ({@code stop_reason: tool_use}).
   *
   * @param calls the calls; arguments must be JSON objects
   * @return the reply
   */
  public static StubReply toolUse(ContentPart.ToolCall... calls) {
    StringBuilder sb = new StringBuilder("[{\"type\":\"text\",\"text\":\"I'll check that.\"}");
    for (ContentPart.ToolCall c : calls) {
      sb.append(",{\"type\":\"tool_use\",\"id\":").append(Jsons.quote(c.id()))
          .append(",\"name\":").append(Jsons.quote(c.name())).append(",\"input\":")
          .append(c.arguments()).append('}');
    }
    return messageWith(sb.append(']').toString(), "tool_use", usage(380, 60, 0, 0));
  }

  /**
   * A message with any content array, stop reason and usage.
   *
   * @param contentJson the {@code content} array as JSON
   * @param stopReason the {@code stop_reason}
   * @param usageJson the {@code usage} object as JSON
   * @return the reply
   */
  public static StubReply messageWith(String contentJson, String stopReason, String usageJson) {
    String body = "{\"id\":\"" + ID + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
        + MODEL + "\",\"content\":" + contentJson + ",\"stop_reason\":"
        + (stopReason == null ? "null" : Jsons.quote(stopReason))
        + ",\"stop_sequence\":null,\"usage\":" + usageJson + "}";
    return withHeaders(StubReply.json(200, body));
  }

  /**
   * A {@code usage} object as Anthropic sends it.
   *
   * @param input {@code input_tokens}
   * @param output {@code output_tokens}
   * @param cacheRead {@code cache_read_input_tokens}
   * @param cacheWrite {@code cache_creation_input_tokens}
   * @return the JSON
   */
  public static String usage(long input, long output, long cacheRead, long cacheWrite) {
    return "{\"input_tokens\":" + input + ",\"cache_creation_input_tokens\":" + cacheWrite
        + ",\"cache_read_input_tokens\":" + cacheRead + ",\"cache_creation\":{"
        + "\"ephemeral_5m_input_tokens\":" + cacheWrite + ",\"ephemeral_1h_input_tokens\":0},"
        + "\"output_tokens\":" + output + ",\"service_tier\":\"standard\"}";
  }

  /**
   * A streamed text message: {@code message_start}, a text block with one delta per piece and a
   * {@code ping}, {@code message_delta} with the stop reason and usage, {@code message_stop}.
   *
   * @param deltas the text pieces
   * @return the reply
   */
  public static StubReply stream(String... deltas) {
    List<String> events = new ArrayList<>();
    events.add(messageStart(usage(12, 1, 0, 0)));
    events.add(blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"));
    events.add(ping());
    for (String d : deltas) {
      events.add(textDelta(0, d));
    }
    events.add(blockStop(0));
    events.add(messageDelta("end_turn", "{\"output_tokens\":" + deltas.length + "}"));
    events.add(messageStop());
    return withHeaders(StubReply.sse(events));
  }

  /**
   * The {@code message_start} event.
   *
   * @param usageJson the initial usage
   * @return the event text
   */
  public static String messageStart(String usageJson) {
    return event("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"" + MODEL
        + "\",\"id\":\"" + ID + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + usageJson + "}}");
  }

  /**
   * A {@code content_block_start} event.
   *
   * @param index the block index
   * @param blockJson the {@code content_block} object
   * @return the event text
   */
  public static String blockStart(int index, String blockJson) {
    return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
        + ",\"content_block\":" + blockJson + "}");
  }

  /**
   * A {@code text_delta}.
   *
   * @param index the block index
   * @param text the text
   * @return the event text
   */
  public static String textDelta(int index, String text) {
    return delta(index, "{\"type\":\"text_delta\",\"text\":" + Jsons.quote(text) + "}");
  }

  /**
   * An {@code input_json_delta}.
   *
   * @param index the block index
   * @param partialJson the fragment
   * @return the event text
   */
  public static String jsonDelta(int index, String partialJson) {
    return delta(index, "{\"type\":\"input_json_delta\",\"partial_json\":"
        + Jsons.quote(partialJson) + "}");
  }

  /**
   * A {@code thinking_delta}.
   *
   * @param index the block index
   * @param thinking the text
   * @return the event text
   */
  public static String thinkingDelta(int index, String thinking) {
    return delta(index, "{\"type\":\"thinking_delta\",\"thinking\":" + Jsons.quote(thinking)
        + "}");
  }

  /**
   * A {@code signature_delta}.
   *
   * @param index the block index
   * @param signature the signature
   * @return the event text
   */
  public static String signatureDelta(int index, String signature) {
    return delta(index, "{\"type\":\"signature_delta\",\"signature\":" + Jsons.quote(signature)
        + "}");
  }

  private static String delta(int index, String deltaJson) {
    return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
        + ",\"delta\":" + deltaJson + "}");
  }

  /**
   * A {@code content_block_stop}.
   *
   * @param index the block index
   * @return the event text
   */
  public static String blockStop(int index) {
    return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index
        + "}");
  }

  /**
   * A {@code message_delta} with the stop reason and cumulative usage.
   *
   * @param stopReason the stop reason
   * @param usageJson the usage
   * @return the event text
   */
  public static String messageDelta(String stopReason, String usageJson) {
    return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
        + Jsons.quote(stopReason) + ",\"stop_sequence\":null},\"usage\":" + usageJson + "}");
  }

  /** @return the {@code message_stop} event */
  public static String messageStop() {
    return event("message_stop", "{\"type\":\"message_stop\"}");
  }

  /** @return a {@code ping} event */
  public static String ping() {
    return event("ping", "{\"type\": \"ping\"}");
  }

  /**
   * An {@code error} event, as sent after a 200 when the API fails mid-stream.
   *
   * @param type the error type, for example {@code overloaded_error}
   * @param message the message
   * @return the event text
   */
  public static String errorEvent(String type, String message) {
    return event("error", "{\"type\":\"error\",\"error\":{\"type\":" + Jsons.quote(type)
        + ",\"message\":" + Jsons.quote(message) + "}}");
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data;
  }

  /**
   * An error reply with Anthropic's body shape: {@code {"type":"error","error":{"type",
   * "message"},"request_id"}}.
   *
   * @param status the HTTP status
   * @param type the error type, for example {@code rate_limit_error}
   * @param message the message
   * @return the reply
   */
  public static StubReply error(int status, String type, String message) {
    String body = "{\"type\":\"error\",\"error\":{\"type\":" + Jsons.quote(type)
        + ",\"message\":" + Jsons.quote(message) + "},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
    return withHeaders(StubReply.json(status, body));
  }

  /**
   * A 429 with {@code retry-after} and the {@code anthropic-ratelimit-*} headers.
   *
   * @param retryAfter the wait asked for (whole seconds, as Anthropic sends it)
   * @return the reply
   */
  public static StubReply rateLimited(Duration retryAfter) {
    return error(429, "rate_limit_error",
        "This request would exceed the rate limit for your organization of 50 requests per"
            + " minute.")
        .header("retry-after", Long.toString(retryAfter.toSeconds()))
        .header("anthropic-ratelimit-requests-limit", "50")
        .header("anthropic-ratelimit-requests-remaining", "0")
        .header("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:30Z")
        .header("anthropic-ratelimit-input-tokens-limit", "30000")
        .header("anthropic-ratelimit-input-tokens-remaining", "29000")
        .header("anthropic-ratelimit-output-tokens-limit", "8000");
  }

  private static StubReply withHeaders(StubReply reply) {
    return reply.header("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy")
        .header("anthropic-organization-id", "00000000-0000-0000-0000-000000000000");
  }
}
