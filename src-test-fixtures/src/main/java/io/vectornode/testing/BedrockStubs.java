package io.vectornode.testing;

import io.vectornode.ContentPart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Scripted Amazon Bedrock Converse replies, shaped like the documented wire: {@code converse}
 * JSON answers ({@code output.message.content[]}, {@code stopReason}, {@code usage}, {@code
 * metrics}) with an {@code x-amzn-RequestId}; AWS errors ({@code {"message":...}} with {@code
 * x-amzn-ErrorType}); and ConverseStream's binary AWS event-stream messages ({@link #frame}:
 * prelude, headers, payload, both CRC32s), whose JSON payloads carry the {@code "p"} padding
 * field Bedrock adds to hide their length.
 */
public final class BedrockStubs {
  /** The padding field Bedrock adds to each stream event's payload. */
  static final String PAD = ",\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0\"";

  private BedrockStubs() {}

  /**
   * A Converse answer.
   *
   * @param contentJson the {@code output.message.content} array
   * @param stopReason the stop reason
   * @param usageJson the {@code usage} object
   * @return the reply
   */
  public static StubReply converse(String contentJson, String stopReason, String usageJson) {
    return StubReply.json(200, "{\"metrics\":{\"latencyMs\":412},\"output\":{\"message\":"
        + "{\"content\":" + contentJson + ",\"role\":\"assistant\"}},\"stopReason\":"
        + Jsons.quote(stopReason) + ",\"usage\":" + usageJson + "}")
        .header("x-amzn-RequestId", "6a4f2d1c-0b8e-4c51-9d7e-2f3a1b0c9e88");
  }

  /**
   * A plain text answer.
   *
   * @param text the text
   * @return the reply
   */
  public static StubReply text(String text) {
    return converse("[{\"text\":" + Jsons.quote(text) + "}]", "end_turn", usage(12, 9, 0, 0));
  }

  /**
   * A usage object.
   *
   * @param input {@code inputTokens} (without cached tokens)
   * @param output {@code outputTokens}
   * @param cacheRead {@code cacheReadInputTokens}, omitted when 0
   * @param cacheWrite {@code cacheWriteInputTokens}, omitted when 0
   * @return the JSON
   */
  public static String usage(long input, long output, long cacheRead, long cacheWrite) {
    return "{\"inputTokens\":" + input + ",\"outputTokens\":" + output + ",\"totalTokens\":"
        + (input + output + cacheRead + cacheWrite)
        + (cacheRead > 0 ? ",\"cacheReadInputTokens\":" + cacheRead : "")
        + (cacheWrite > 0 ? ",\"cacheWriteInputTokens\":" + cacheWrite : "") + "}";
  }

  /**
   * An answer asking for tool calls.
   *
   * @param calls the calls
   * @return the reply
   */
  public static StubReply toolUse(List<ContentPart.ToolCall> calls) {
    StringBuilder sb = new StringBuilder("[{\"text\":\"Let me look that up.\"}");
    for (ContentPart.ToolCall c : calls) {
      sb.append(",{\"toolUse\":{\"toolUseId\":").append(Jsons.quote(c.id()))
          .append(",\"name\":").append(Jsons.quote(c.name())).append(",\"input\":")
          .append(c.arguments()).append("}}");
    }
    return converse(sb.append(']').toString(), "tool_use", usage(380, 60, 0, 0));
  }

  /**
   * An AWS error reply.
   *
   * @param status the HTTP status
   * @param type the error type ({@code ThrottlingException}...), sent as {@code
   *     x-amzn-ErrorType}
   * @param message the message
   * @return the reply
   */
  public static StubReply error(int status, String type, String message) {
    return StubReply.json(status, "{\"message\":" + Jsons.quote(message) + "}")
        .header("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        .header("x-amzn-RequestId", "0c6b1f0e-3a2d-4e8f-9b71-5d4c3b2a1f00");
  }

  /**
   * A throttling error. Bedrock documents no {@code Retry-After}; this one carries one, as a
   * gateway in front of it may, to check that it is honoured.
   *
   * @param retryAfter the wait
   * @return the reply
   */
  public static StubReply throttled(Duration retryAfter) {
    return error(429, "ThrottlingException", "Too many requests, please wait before trying"
        + " again.").header("Retry-After", Long.toString(retryAfter.toSeconds()));
  }

  /**
   * One AWS event-stream message: 12-byte prelude (total length, headers length, CRC32 of the
   * 8 bytes before it), string-typed headers, the payload and the CRC32 of all that.
   *
   * @param headers the headers, each sent as a string (type 7)
   * @param payload the payload
   * @return the message's bytes
   */
  public static byte[] frame(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    headers.forEach((k, v) -> {
      byte[] name = k.getBytes(StandardCharsets.UTF_8);
      byte[] value = v.getBytes(StandardCharsets.UTF_8);
      h.write(name.length);
      h.writeBytes(name);
      h.write(7);
      h.write(value.length >> 8);
      h.write(value.length & 0xff);
      h.writeBytes(value);
    });
    byte[] hb = h.toByteArray();
    int total = 12 + hb.length + payload.length + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream(total);
    writeInt(out, total);
    writeInt(out, hb.length);
    CRC32 crc = new CRC32();
    crc.update(out.toByteArray(), 0, 8);
    writeInt(out, (int) crc.getValue());
    out.writeBytes(hb);
    out.writeBytes(payload);
    crc.reset();
    byte[] sofar = out.toByteArray();
    crc.update(sofar, 0, sofar.length);
    writeInt(out, (int) crc.getValue());
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  /**
   * A stream event message.
   *
   * @param type the {@code :event-type}
   * @param json the payload without its padding field, a JSON object
   * @return the message
   */
  public static byte[] event(String type, String json) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(":event-type", type);
    h.put(":content-type", "application/json");
    h.put(":message-type", "event");
    String padded = json.endsWith("}") ? json.substring(0, json.length() - 1) + PAD + "}" : json;
    return frame(h, padded.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A stream exception message, as ConverseStream sends one after its 200.
   *
   * @param type the {@code :exception-type}, for example {@code throttlingException}
   * @param message the message
   * @return the message
   */
  public static byte[] exception(String type, String message) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(":exception-type", type);
    h.put(":content-type", "application/json");
    h.put(":message-type", "exception");
    return frame(h, ("{\"message\":" + Jsons.quote(message) + "}")
        .getBytes(StandardCharsets.UTF_8));
  }

  /** @return {@code messageStart} */
  public static byte[] messageStart() {
    return event("messageStart", "{\"role\":\"assistant\"}");
  }

  /**
   * A text delta.
   *
   * @param index the content block index
   * @param text the text
   * @return the message
   */
  public static byte[] textDelta(int index, String text) {
    return event("contentBlockDelta", "{\"contentBlockIndex\":" + index + ",\"delta\":{\"text\":"
        + Jsons.quote(text) + "}}");
  }

  /**
   * A tool use's start.
   *
   * @param index the content block index
   * @param id the tool use id
   * @param name the tool name
   * @return the message
   */
  public static byte[] toolStart(int index, String id, String name) {
    return event("contentBlockStart", "{\"contentBlockIndex\":" + index + ",\"start\":"
        + "{\"toolUse\":{\"toolUseId\":" + Jsons.quote(id) + ",\"name\":" + Jsons.quote(name)
        + "}}}");
  }

  /**
   * A fragment of a tool use's input JSON.
   *
   * @param index the content block index
   * @param fragment the fragment
   * @return the message
   */
  public static byte[] toolDelta(int index, String fragment) {
    return event("contentBlockDelta", "{\"contentBlockIndex\":" + index + ",\"delta\":"
        + "{\"toolUse\":{\"input\":" + Jsons.quote(fragment) + "}}}");
  }

  /**
   * A content block's end.
   *
   * @param index the content block index
   * @return the message
   */
  public static byte[] blockStop(int index) {
    return event("contentBlockStop", "{\"contentBlockIndex\":" + index + "}");
  }

  /**
   * The message's end.
   *
   * @param stopReason the stop reason
   * @return the message
   */
  public static byte[] messageStop(String stopReason) {
    return event("messageStop", "{\"stopReason\":" + Jsons.quote(stopReason) + "}");
  }

  /**
   * The usage and metrics that follow the stop.
   *
   * @param usageJson the usage object
   * @return the message
   */
  public static byte[] metadata(String usageJson) {
    return event("metadata", "{\"usage\":" + usageJson + ",\"metrics\":{\"latencyMs\":380}}");
  }

  /**
   * What the stub repeats while idling. Bedrock sends nothing while a model thinks; a stub must
   * write to notice the client hang up, so it writes an event type that readers ignore.
   *
   * @return the message
   */
  public static byte[] idle() {
    return event("vnIdle", "{}");
  }

  /**
   * A streamed text answer.
   *
   * @param deltas the text pieces
   * @return the reply
   */
  public static StubReply stream(List<String> deltas) {
    List<byte[]> frames = new ArrayList<>();
    frames.add(messageStart());
    for (String d : deltas) {
      frames.add(textDelta(0, d));
    }
    frames.add(blockStop(0));
    frames.add(messageStop("end_turn"));
    frames.add(metadata(usage(25, deltas.size(), 0, 0)));
    return eventStream(frames);
  }

  /**
   * A ConverseStream reply of these messages, its request id set.
   *
   * @param frames the messages
   * @return the reply
   */
  public static StubReply eventStream(List<byte[]> frames) {
    return StubReply.eventStream(frames, idle())
        .header("x-amzn-RequestId", "a1b2c3d4-5e6f-4a8b-9c0d-e1f2a3b4c5d6");
  }
}
