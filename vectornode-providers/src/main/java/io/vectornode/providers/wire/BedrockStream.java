package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.AbstractChatStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A ConverseStream answer: AWS event-stream messages ({@link EventStreamReader}) whose {@code
 * :event-type} is {@code messageStart}, {@code contentBlockStart} (a tool use's id and name),
 * {@code contentBlockDelta} (text, a tool's input JSON in fragments, reasoning text, its
 * signature, or redacted reasoning), {@code contentBlockStop}, {@code messageStop} (the stop
 * reason) and {@code metadata} (usage, after the stop). An {@code exception} message after the
 * 200 ({@code throttlingException}, {@code modelStreamErrorException}, ...) is thrown as its
 * typed exception, retryable where it is; the router's commit point decides what the caller
 * sees. Closing the stream cancels the HTTP call.
 */
final class BedrockStream extends AbstractChatStream {
  /** More content blocks than any answer has: a server sending more is lying. */
  static final int MAX_BLOCKS = 1024;

  private final StreamContext ctx;
  private final @Nullable String jsonTool;
  private final EventStreamReader reader;
  private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>(4);
  private final List<Block> blocks = new ArrayList<>(2);
  private final Map<Integer, Block> byIndex = new HashMap<>(4);
  private @Nullable String stopReason;
  private boolean stopped;
  private @Nullable Usage usage;
  private int toolCount;
  private long firstTokenAt;
  private long content;
  private int messages;
  private boolean finished;

  BedrockStream(StreamContext ctx, @Nullable String jsonTool) {
    this.ctx = ctx;
    this.jsonTool = jsonTool;
    this.reader = new EventStreamReader(ctx.body(), ctx.provider(), ctx.maxEventBytes());
  }

  /** One content block being assembled. */
  private static final class Block {
    final String type; // text, toolUse, reasoning
    final StringBuilder text = new StringBuilder();
    final StringBuilder signature = new StringBuilder();
    boolean redacted;
    @Nullable String toolId;
    @Nullable String toolName;
    int toolIndex = -1;
    boolean json;

    Block(String type) {
      this.type = type;
    }
  }

  @Override
  protected @Nullable StreamEvent nextEvent() {
    while (pending.isEmpty()) {
      if (finished) {
        return null;
      }
      EventStreamMessage m;
      try {
        m = reader.next();
      } catch (IOException e) {
        if (isClosed()) {
          return null;
        }
        throw ProviderErrors.io(ctx.provider(), e, true, ctx.redactor(), ctx.timeouts());
      } catch (IllegalStateException e) {
        // A close from another thread can race okio's timeout bookkeeping (see SseChatStream).
        if (isClosed()) {
          return null;
        }
        throw e;
      } catch (ResponseParseException e) {
        end();
        throw e;
      }
      try {
        if (m == null) {
          if (isClosed()) {
            return null;
          }
          if (!stopped) {
            end();
            throw new TransportException(ctx.provider(),
                TransportException.Kind.INCOMPLETE_STREAM, true,
                "stream ended without messageStop after " + messages + " messages", null);
          }
          finish();
          continue;
        }
        messages++;
        onMessage(m);
      } catch (VectorNodeException e) {
        end();
        throw e;
      } catch (RuntimeException e) {
        end();
        throw ProviderErrors.unreadable(ctx.provider(), e, ctx.redactor());
      }
    }
    return pending.poll();
  }

  private void onMessage(EventStreamMessage m) {
    String kind = m.messageType();
    if ("exception".equals(kind)) {
      JsonNode data = tree(m);
      String message = Json.text(data, "message");
      if (message == null) {
        message = Json.text(data, "Message");
      }
      throw BedrockResponses.streamError(ctx.provider(), m.exceptionType(),
          ctx.redactor().excerpt(String.valueOf(message), 1000), requestId(), ctx.headers(),
          ctx.redactor());
    }
    if ("error".equals(kind)) {
      throw BedrockResponses.streamError(ctx.provider(), m.headers().get(":error-code"),
          String.valueOf(m.headers().get(":error-message")), requestId(), ctx.headers(),
          ctx.redactor());
    }
    String type = m.eventType();
    if (type == null) {
      return;
    }
    switch (type) {
      case "contentBlockStart" -> start(tree(m));
      case "contentBlockDelta" -> delta(tree(m));
      case "messageStop" -> {
        stopReason = Json.text(tree(m), "stopReason");
        stopped = true;
      }
      case "metadata" -> {
        usage = BedrockResponses.usage(ctx.provider(), tree(m).get("usage"));
        pending.add(new StreamEvent.UsageUpdate(usage));
        if (stopped) {
          finish();
        }
      }
      default -> {
        // messageStart, contentBlockStop and future events carry nothing to assemble
      }
    }
  }

  /** The response's request id (the kept headers do not keep it). */
  private @Nullable String requestId() {
    return ctx.response().header("x-amzn-RequestId");
  }

  private JsonNode tree(EventStreamMessage m) {
    try {
      return Shape.tree(m.bytes(), m.offset(), m.length());
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage()
          : e.toString();
      throw new ResponseParseException(ctx.provider(), "malformed stream event ("
          + ctx.redactor().excerpt(String.valueOf(why), 300) + "): "
          + ctx.redactor().excerpt(new String(m.bytes(), m.offset(), Math.min(m.length(), 4096),
              java.nio.charset.StandardCharsets.UTF_8), 200), null);
    }
  }

  private Block block(int index, String type) {
    Block b = byIndex.get(index);
    if (b == null) {
      // Text and reasoning blocks have no start event: their first delta opens them.
      b = add(index, type);
    } else if (!b.type.equals(type)) {
      throw new ResponseParseException(ctx.provider(), type + " delta for a " + b.type
          + " block (index " + index + ")", null);
    }
    return b;
  }

  private Block add(int index, String type) {
    if (blocks.size() >= MAX_BLOCKS) {
      throw new ResponseParseException(ctx.provider(),
          "the stream started more than " + MAX_BLOCKS + " content blocks", null);
    }
    if (byIndex.containsKey(index)) {
      throw new ResponseParseException(ctx.provider(),
          "a second content block started at index " + index, null);
    }
    Block b = new Block(type);
    blocks.add(b);
    byIndex.put(index, b);
    return b;
  }

  private void start(JsonNode data) {
    int index = data.path("contentBlockIndex").asInt(blocks.size());
    JsonNode use = data.path("start").get("toolUse");
    if (use == null) {
      return; // future start kinds: their deltas open a block
    }
    Block b = add(index, "toolUse");
    b.toolId = Json.text(use, "toolUseId");
    b.toolName = Json.text(use, "name");
    if (b.toolName != null && b.toolName.equals(jsonTool)) {
      b.json = true;
    } else {
      b.toolIndex = toolCount++;
      firstToken();
      pending.add(new StreamEvent.ToolCallDelta(b.toolIndex, b.toolId, b.toolName, ""));
    }
  }

  private void delta(JsonNode data) {
    int index = data.path("contentBlockIndex").asInt(blocks.size());
    JsonNode d = data.path("delta");
    if (d.has("text")) {
      String text = String.valueOf(Json.text(d, "text"));
      Block b = block(index, "text");
      b.text.append(text);
      if (!text.isEmpty()) {
        firstToken();
        pending.add(new StreamEvent.TextDelta(text));
      }
    } else if (d.has("toolUse")) {
      Block b = byIndex.get(index);
      if (b == null || !b.type.equals("toolUse")) {
        throw new ResponseParseException(ctx.provider(),
            "toolUse delta for a block that did not start as a tool use (index " + index + ")",
            null);
      }
      String fragment = String.valueOf(Json.text(d.get("toolUse"), "input"));
      b.text.append(fragment);
      if (!fragment.isEmpty()) {
        firstToken();
        pending.add(b.json ? new StreamEvent.TextDelta(fragment)
            : new StreamEvent.ToolCallDelta(b.toolIndex, null, null, fragment));
      }
    } else if (d.has("reasoningContent")) {
      JsonNode rc = d.get("reasoningContent");
      Block b = block(index, "reasoning");
      if (rc.has("text")) {
        String text = String.valueOf(Json.text(rc, "text"));
        b.text.append(text);
        if (!text.isEmpty()) {
          firstToken();
          pending.add(new StreamEvent.ReasoningDelta(text));
        }
      } else if (rc.has("signature")) {
        String sig = String.valueOf(Json.text(rc, "signature"));
        retained(sig.length());
        b.signature.append(sig);
      } else if (rc.has("redactedContent")) {
        String data2 = String.valueOf(Json.text(rc, "redactedContent"));
        retained(data2.length());
        b.redacted = true;
        b.text.append(data2);
      }
    }
    for (StreamEvent e : pending) {
      if (e instanceof StreamEvent.TextDelta t) {
        retained(t.text().length());
      } else if (e instanceof StreamEvent.ReasoningDelta r) {
        retained(r.text().length());
      } else if (e instanceof StreamEvent.ToolCallDelta c) {
        retained(c.argumentsDelta().length());
      }
    }
  }

  private void retained(long chars) {
    content += chars;
    if (content > ctx.maxContent()) {
      end();
      throw new ResponseParseException(ctx.provider(), "the stream's content is larger than "
          + ctx.maxContent() + " characters (maxResponseBytes)", null);
    }
  }

  private void firstToken() {
    if (firstTokenAt == 0) {
      firstTokenAt = ctx.ticker().read();
    }
  }

  private void finish() {
    List<ContentPart> parts = new ArrayList<>(blocks.size());
    boolean jsonAnswered = false;
    for (Block b : blocks) {
      switch (b.type) {
        case "text" -> parts.add(new ContentPart.Text(b.text.toString()));
        case "toolUse" -> {
          String args = b.text.length() == 0 ? "{}" : b.text.toString();
          if (b.json) {
            parts.add(new ContentPart.Text(args));
            jsonAnswered = true;
          } else {
            if (b.toolId == null || b.toolName == null) {
              throw new ResponseParseException(ctx.provider(),
                  "a streamed toolUse block has no toolUseId or name", null);
            }
            parts.add(new ContentPart.ToolCall(b.toolId, b.toolName, args));
          }
        }
        default -> parts.add(new ContentPart.Reasoning(b.text.toString(),
            b.redacted || b.signature.length() == 0 ? null : b.signature.toString(),
            b.redacted));
      }
    }
    FinishReason finish = BedrockResponses.finishReason(stopReason);
    if (finish == FinishReason.CONTENT_FILTER) {
      end();
      throw BedrockResponses.filtered(ctx.provider(), stopReason,
          BedrockResponses.text(parts), ctx.redactor());
    }
    if (parts.stream().noneMatch(p -> p instanceof ContentPart.Text
        || p instanceof ContentPart.ToolCall)) {
      parts.add(new ContentPart.Text(""));
    }
    if (jsonAnswered && finish == FinishReason.TOOL_CALLS) {
      finish = FinishReason.STOP;
    }
    Duration latency = Duration.ofNanos(ctx.ticker().read() - ctx.start());
    String requestId = ctx.response().header("x-amzn-RequestId");
    end();
    pending.add(new StreamEvent.Completed(ChatResponse.of(
        requestId == null ? BedrockResponses.NO_ID : ctx.redactor().identifier(requestId),
        ctx.provider(), ctx.model(), Message.assistant(parts), finish,
        usage == null ? Usage.ZERO : usage, latency,
        firstTokenAt == 0 ? latency : Duration.ofNanos(firstTokenAt - ctx.start()))));
  }

  /** Marks the stream finished and releases the connection. */
  private void end() {
    finished = true;
    ctx.response().close();
  }

  @Override
  protected void cancel() {
    ctx.call().cancel();
    ctx.response().close();
  }
}
