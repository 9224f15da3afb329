package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Messages API stream: {@code message_start}, content blocks (text, tool use with
 * {@code input_json_delta} fragments, thinking with {@code signature_delta}, redacted thinking),
 * {@code message_delta} with the stop reason and cumulative usage, {@code message_stop}; {@code
 * ping} ignored; an {@code error} event after the 200 thrown as its typed exception.
 */
final class AnthropicStream extends SseChatStream {
  /** More content blocks than any answer has: a server sending more is lying. */
  static final int MAX_BLOCKS = 1024;

  private final @Nullable String jsonTool;
  private final EventParser json = new EventParser();
  /** Every block in the order it started: a server reusing an index never drops one. */
  private final List<Block> blocks = new ArrayList<>(2);
  /** The block each index currently refers to. */
  private final Map<Integer, Block> byIndex = new HashMap<>(4);
  private @Nullable String id;
  private @Nullable String model;
  private @Nullable String stopReason;
  private @Nullable Usage usage;
  private int toolCount;

  AnthropicStream(StreamContext ctx, @Nullable String jsonTool) {
    super(ctx);
    this.jsonTool = jsonTool;
  }

  /** One content block being assembled. */
  private static final class Block {
    final String type;
    final StringBuilder text = new StringBuilder();
    final StringBuilder signature = new StringBuilder();
    @Nullable String toolId;
    @Nullable String toolName;
    int toolIndex = -1;
    boolean json;

    Block(String type) {
      this.type = type;
    }
  }

  @Override
  protected void onEndOfBody() {
    throw new TransportException(ctx.provider(), TransportException.Kind.INCOMPLETE_STREAM, true,
        "stream ended without message_stop after " + eventCount() + " events", null);
  }

  @Override
  protected void onEvent(SseEvent event) {
    if ("content_block_delta".equals(event.event()) && fastDelta(event)) {
      return;
    }
    JsonNode data = tree(event);
    String type = Json.text(data, "type");
    if (type == null) {
      type = event.event();
    }
    if (type == null) {
      return;
    }
    switch (type) {
      case "message_start" -> {
        JsonNode message = data.get("message");
        id = Json.text(message, "id");
        model = Json.text(message, "model");
        usage = AnthropicResponses.usage(ctx.provider(),
            message == null ? null : message.get("usage"), null);
        pending.add(new StreamEvent.UsageUpdate(usage));
      }
      case "content_block_start" -> start(data);
      case "content_block_delta" -> delta(data);
      case "message_delta" -> {
        String reason = Json.text(data.get("delta"), "stop_reason");
        if (reason != null) {
          stopReason = reason;
        }
        usage = AnthropicResponses.usage(ctx.provider(), data.get("usage"), usage);
        pending.add(new StreamEvent.UsageUpdate(usage));
      }
      case "message_stop" -> finish();
      case "error" -> {
        finishWithoutCompletion();
        JsonNode err = data.get("error");
        throw AnthropicResponses.streamError(ctx.provider(), err == null ? data : err,
            ctx.headers(), ctx.redactor());
      }
      default -> {
        // ping, content_block_stop and future events carry nothing to assemble
      }
    }
  }

  private Block block(@Nullable Integer index) {
    Block b = index == null ? null : byIndex.get(index);
    if (b == null) {
      throw new ResponseParseException(ctx.provider(),
          "delta for a content block that never started (index " + index + ")", null);
    }
    return b;
  }

  /**
   * The hot path: a {@code content_block_delta} read with a streaming parser straight from the
   * event's bytes, without building a tree.
   *
   * @return false when the payload is not the expected shape (the tree path then handles it)
   */
  private boolean fastDelta(SseEvent event) {
    Integer index = null;
    String type = null;
    String deltaType = null;
    String value = null;
    String valueField = null;
    try {
      JsonParser p = json.begin(event);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        json.reset();
        return false;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "type" -> type = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "index" -> index = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
          case "delta" -> {
            if (t != JsonToken.START_OBJECT) {
              json.reset();
              return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              JsonToken v = p.nextToken();
              if (f.equals("type") && v == JsonToken.VALUE_STRING) {
                deltaType = p.getText();
              } else if (v == JsonToken.VALUE_STRING && (f.equals("text")
                  || f.equals("partial_json") || f.equals("thinking")
                  || f.equals("signature"))) {
                valueField = f;
                value = p.getText();
              } else {
                p.skipChildren();
              }
            }
          }
          default -> p.skipChildren();
        }
      }
      json.end();
    } catch (IOException e) {
      json.reset();
      throw malformed(event, e);
    }
    if (!"content_block_delta".equals(type) || deltaType == null) {
      return false;
    }
    String expected = switch (deltaType) {
      case "text_delta" -> "text";
      case "input_json_delta" -> "partial_json";
      case "thinking_delta" -> "thinking";
      case "signature_delta" -> "signature";
      default -> null;
    };
    if (expected != null && !expected.equals(valueField)) {
      return false; // an unusual shape: let the tree path apply its defaults
    }
    applyDelta(block(index), deltaType, value);
    return true;
  }

  private void start(JsonNode data) {
    JsonNode cb = data.get("content_block");
    String type = String.valueOf(Json.text(cb, "type"));
    Block b = new Block(type);
    if (blocks.size() >= MAX_BLOCKS) {
      throw new ResponseParseException(ctx.provider(),
          "the stream started more than " + MAX_BLOCKS + " content blocks", null);
    }
    blocks.add(b);
    byIndex.put(data.path("index").asInt(blocks.size() - 1), b);
    switch (type) {
      case "text" -> {
        String initial = Json.text(cb, "text");
        if (initial != null && !initial.isEmpty()) {
          emitText(b, initial);
        }
      }
      case "tool_use" -> {
        b.toolId = Json.text(cb, "id");
        b.toolName = Json.text(cb, "name");
        if (b.toolName != null && b.toolName.equals(jsonTool)) {
          b.json = true;
        } else {
          b.toolIndex = toolCount++;
          firstToken();
          pending.add(new StreamEvent.ToolCallDelta(b.toolIndex, b.toolId, b.toolName, ""));
        }
      }
      case "thinking" -> {
        String initial = Json.text(cb, "thinking");
        if (initial != null && !initial.isEmpty()) {
          emitReasoning(b, initial);
        }
      }
      case "redacted_thinking" -> {
        String redacted = String.valueOf(Json.text(cb, "data"));
        retained(redacted.length());
        b.text.append(redacted);
      }
      default -> {
        // server tools and future block types are not modelled
      }
    }
  }

  private void delta(JsonNode data) {
    JsonNode index = data.get("index");
    Block b = block(index == null ? null : index.asInt());
    JsonNode d = data.get("delta");
    String type = String.valueOf(Json.text(d, "type"));
    String value = switch (type) {
      case "text_delta" -> Json.text(d, "text");
      case "input_json_delta" -> Json.text(d, "partial_json");
      case "thinking_delta" -> Json.text(d, "thinking");
      case "signature_delta" -> Json.text(d, "signature");
      default -> null;
    };
    applyDelta(b, type, value);
  }

  private void applyDelta(Block b, String type, @Nullable String value) {
    switch (type) {
      case "text_delta" -> emitText(b, String.valueOf(value));
      case "input_json_delta" -> {
        String fragment = String.valueOf(value);
        b.text.append(fragment);
        if (fragment.isEmpty()) {
          return;
        }
        firstToken();
        if (b.json) {
          pending.add(new StreamEvent.TextDelta(fragment));
        } else {
          pending.add(new StreamEvent.ToolCallDelta(b.toolIndex, null, null, fragment));
        }
      }
      case "thinking_delta" -> emitReasoning(b, String.valueOf(value));
      case "signature_delta" -> {
        String piece = String.valueOf(value);
        retained(piece.length());
        b.signature.append(piece); // a builder: a signature arrives in many pieces
      }
      default -> {
        // citations_delta and future deltas are not modelled
      }
    }
  }

  private void emitText(Block b, String text) {
    if (text.isEmpty()) {
      return;
    }
    firstToken();
    b.text.append(text);
    pending.add(new StreamEvent.TextDelta(text));
  }

  private void emitReasoning(Block b, String text) {
    if (text.isEmpty()) {
      return;
    }
    firstToken();
    b.text.append(text);
    pending.add(new StreamEvent.ReasoningDelta(text));
  }

  private void finish() {
    json.reset(); // returns the parser's symbol table, so the next stream finds the names
    List<ContentPart> parts = new ArrayList<>(blocks.size());
    boolean jsonAnswered = false;
    for (Block b : blocks) {
      switch (b.type) {
        case "text" -> parts.add(new ContentPart.Text(b.text.toString()));
        case "tool_use" -> {
          String args = b.text.length() == 0 ? "{}" : b.text.toString();
          if (b.json) {
            parts.add(new ContentPart.Text(args));
            jsonAnswered = true;
          } else {
            if (b.toolId == null || b.toolName == null) {
              throw new ResponseParseException(ctx.provider(),
                  "a streamed tool_use block has no id or name", null);
            }
            parts.add(new ContentPart.ToolCall(b.toolId, b.toolName, args));
          }
        }
        case "thinking" -> parts.add(
            new ContentPart.Reasoning(b.text.toString(),
                b.signature.length() == 0 ? null : b.signature.toString(), false));
        case "redacted_thinking" -> parts.add(
            new ContentPart.Reasoning(b.text.toString(), null, true));
        default -> {
          // not modelled
        }
      }
    }
    if (parts.stream().noneMatch(p -> p instanceof ContentPart.Text
        || p instanceof ContentPart.ToolCall)) {
      parts.add(new ContentPart.Text(""));
    }
    FinishReason finish = AnthropicResponses.finishReason(stopReason);
    if (jsonAnswered && finish == FinishReason.TOOL_CALLS) {
      finish = FinishReason.STOP;
    }
    Duration latency = latency();
    complete(new StreamEvent.Completed(ChatResponse.of(
        id == null ? "vn-anthropic" : ctx.redactor().identifier(id), ctx.provider(),
        model == null ? ctx.model() : ctx.redactor().identifier(model),
        Message.assistant(parts), finish, usage == null ? Usage.ZERO : usage,
        latency, timeToFirstToken(latency))));
  }
}
