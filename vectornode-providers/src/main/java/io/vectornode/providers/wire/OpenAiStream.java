package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParseException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Chat Completions SSE stream: parses each {@code data:} chunk with a streaming parser,
 * assembles text, reasoning and interleaved tool-call fragments, and ends with {@link
 * StreamEvent.Completed} at {@code [DONE]}. A stream that ends without {@code [DONE]} fails.
 */
final class OpenAiStream extends SseChatStream {
  /** More tool calls than any model makes in one answer: a server sending more is lying. */
  static final int MAX_TOOL_CALLS = 1024;

  private final OpenAiSettings settings;
  private final EventParser json = new EventParser();
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder reasoning = new StringBuilder();
  private final List<ToolAcc> tools = new ArrayList<>(0);
  /** Which call each id and index names; made on the first tool-call fragment. */
  private @Nullable Map<String, Integer> slotById;
  private @Nullable Map<Integer, Integer> slotByIndex;
  private @Nullable String id;
  private @Nullable String model;
  private @Nullable String finishReason;
  private @Nullable Usage usage;

  OpenAiStream(OpenAiSettings settings, StreamContext ctx) {
    super(ctx);
    this.settings = settings;
  }

  /** One tool call being assembled from fragments. */
  private static final class ToolAcc {
    @Nullable String id;
    @Nullable String name;
    final StringBuilder args = new StringBuilder();
  }

  @Override
  protected void onEndOfBody() {
    throw new TransportException(ctx.provider(), TransportException.Kind.INCOMPLETE_STREAM, true,
        "stream ended without [DONE] after " + eventCount() + " events", null);
  }

  @Override
  protected void onEvent(SseEvent event) {
    if (event.isDone()) {
      finish();
    } else if (!event.isEmpty()) {
      chunk(event);
    }
  }

  private void finish() {
    json.reset(); // returns the parser's symbol table, so the next stream finds the names
    List<ContentPart> parts = new ArrayList<>(2 + tools.size());
    if (reasoning.length() > 0) {
      parts.add(new ContentPart.Reasoning(reasoning.toString(), null, false));
    }
    if (text.length() > 0) {
      parts.add(new ContentPart.Text(text.toString()));
    }
    for (ToolAcc t : tools) {
      if (t.name == null || t.name.isEmpty()) {
        throw new ResponseParseException(
            settings.provider(), "a streamed tool call never received its name", null);
      }
      parts.add(new ContentPart.ToolCall(
          t.id == null || t.id.isEmpty() ? OpenAiResponses.syntheticId() : t.id, t.name,
          t.args.length() == 0 ? "{}" : t.args.toString()));
    }
    if (parts.isEmpty() || (text.length() == 0 && tools.isEmpty())) {
      parts.add(new ContentPart.Text(""));
    }
    FinishReason finish = OpenAiResponses.finishReason(finishReason, !tools.isEmpty());
    if (finish == FinishReason.CONTENT_FILTER) {
      finishWithoutCompletion();
      throw OpenAiErrors.contentFiltered(settings.provider(), ctx.headers(), text.toString(),
          ctx.redactor());
    }
    Duration latency = latency();
    complete(new StreamEvent.Completed(ChatResponse.of(
        id == null || id.isEmpty() ? OpenAiResponses.syntheticId() : ctx.redactor().identifier(id),
        settings.provider(),
        model == null || model.isEmpty() ? ctx.model() : ctx.redactor().identifier(model),
        Message.assistant(parts),
        finish,
        usage == null ? Usage.ZERO : usage,
        latency,
        timeToFirstToken(latency))));
  }

  /** An error object sent after the 200, as the whole chunk or under {@code error}. */
  private RuntimeException streamError(SseEvent event) {
    json.reset();
    JsonNode root = tree(event);
    JsonNode err = root.get("error");
    return OpenAiErrors.streamError(settings, err != null && err.isObject() ? err : root,
        ctx.headers(), ctx.redactor());
  }

  private void chunk(SseEvent event) {
    try {
      JsonParser p = json.begin(event);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        json.reset();
        throw malformed(event, new JsonParseException(p, "stream chunk is not a JSON object"));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "id" -> {
            if (id == null && value == JsonToken.VALUE_STRING) {
              id = p.getText();
            }
          }
          case "model" -> {
            if (model == null && value == JsonToken.VALUE_STRING) {
              model = p.getText();
            }
          }
          case "choices" -> {
            if (value == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                choice(p);
              }
            } else {
              p.skipChildren();
            }
          }
          case "error" -> {
            if (value == JsonToken.START_OBJECT) {
              throw streamError(event);
            }
            p.skipChildren();
          }
          case "object" -> {
            // Compared by length first: no String is made for "chat.completion.chunk".
            if (value == JsonToken.VALUE_STRING && p.getTextLength() == 5
                && p.getText().equals("error")) {
              throw streamError(event);
            }
          }
          case "usage" -> {
            if (value == JsonToken.START_OBJECT) {
              usage = OpenAiResponses.usage(settings.provider(), p, settings.reasoningInOutput());
              pending.add(new StreamEvent.UsageUpdate(usage));
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
  }

  private void choice(JsonParser p) throws IOException {
    int index = 0;
    String content = null;
    String thought = null;
    String finish = null;
    List<Object[]> toolDeltas = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
        case "finish_reason" -> finish = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "delta", "message" -> {
          if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            continue;
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
              case "content" -> content = v == JsonToken.VALUE_STRING ? p.getText() : content;
              case "reasoning_content", "reasoning" ->
                  thought = v == JsonToken.VALUE_STRING ? p.getText() : thought;
              case "refusal" -> {
                if (v == JsonToken.VALUE_STRING && content == null) {
                  content = p.getText();
                }
              }
              case "tool_calls" -> {
                if (v == JsonToken.START_ARRAY) {
                  toolDeltas = new ArrayList<>(1);
                  while (p.nextToken() == JsonToken.START_OBJECT) {
                    toolDeltas.add(toolDelta(p));
                  }
                } else {
                  p.skipChildren();
                }
              }
              default -> p.skipChildren();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new JsonParseException(p, "the payload ends inside a choice");
    }
    if (index != 0) {
      return; // n > 1 is not supported: only the first choice is assembled
    }
    if (thought != null && !thought.isEmpty()) {
      firstToken();
      reasoning.append(thought);
      pending.add(new StreamEvent.ReasoningDelta(thought));
    }
    if (content != null && !content.isEmpty()) {
      firstToken();
      text.append(content);
      pending.add(new StreamEvent.TextDelta(content));
    }
    if (toolDeltas != null) {
      for (Object[] d : toolDeltas) {
        applyToolDelta((Integer) d[0], (String) d[1], (String) d[2], (String) d[3]);
      }
    }
    if (finish != null) {
      finishReason = finish;
    }
  }

  /** Returns {index or null, id, name, arguments fragment}. */
  private static Object[] toolDelta(JsonParser p) throws IOException {
    Integer index = null;
    String id = null;
    String name = null;
    String args = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken v = p.nextToken();
      switch (f) {
        case "index" -> index = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
        case "id" -> id = v == JsonToken.VALUE_STRING ? p.getText() : null;
        case "function" -> {
          if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            continue;
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String g = p.currentName();
            JsonToken w = p.nextToken();
            if (g.equals("name") && w == JsonToken.VALUE_STRING) {
              name = p.getText();
            } else if (g.equals("arguments") && w == JsonToken.VALUE_STRING) {
              args = p.getText();
            } else if (g.equals("arguments") && w == JsonToken.START_OBJECT) {
              args = Shape.ALL.read(p).toString(); // some servers send an object
            } else {
              p.skipChildren();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    return new Object[] {index, id, name, args};
  }

  /**
   * Routes a tool-call fragment to its call: by id where the fragment has one (a server that
   * reuses an index for a second call, or sends one call's id under two indices, then neither
   * corrupts nor splits a call), else by index (the usual continuation fragments carry only
   * their index), else to the last call. A call starts with its name: a new id that comes
   * without one continues the open call (servers that change the id mid-call).
   */
  private void applyToolDelta(
      @Nullable Integer index, @Nullable String callId, @Nullable String name,
      @Nullable String args) {
    String id = callId == null || callId.isEmpty() ? null : callId;
    Integer slot = null;
    if (slotById == null) {
      slotById = new HashMap<>(4);
      slotByIndex = new HashMap<>(4);
    }
    Map<String, Integer> slotById = this.slotById;
    Map<Integer, Integer> slotByIndex = java.util.Objects.requireNonNull(this.slotByIndex);
    boolean named = name != null && !name.isEmpty();
    if (id != null) {
      slot = slotById.get(id);
      if (slot == null && !named) {
        // A new id without a name continues a call (a call's first fragment brings its name;
        // some servers change the id mid-call): the one at this index, else the last one.
        Integer open = index != null ? slotByIndex.get(index)
            : tools.isEmpty() ? null : tools.size() - 1;
        if (open != null && tools.get(open).name != null) {
          slot = open;
          slotById.put(id, slot);
        }
      }
      if (slot == null) {
        slot = newCall();
        slotById.put(id, slot);
      }
      if (index != null) {
        slotByIndex.put(index, slot); // later fragments with only this index continue it
      }
    } else if (index != null) {
      slot = slotByIndex.get(index);
      String had = slot == null ? null : tools.get(slot).name;
      if (slot == null || (had != null && named && !had.equals(name))) {
        slot = newCall(); // a new index, or an index reused for a call of another name
        slotByIndex.put(index, slot);
      }
    } else {
      slot = tools.isEmpty() ? newCall() : tools.size() - 1;
    }
    ToolAcc acc = tools.get(slot);
    String newId = null;
    String newName = null;
    if (id != null && acc.id == null) {
      acc.id = id;
      newId = id;
    }
    if (name != null && !name.isEmpty() && acc.name == null) {
      acc.name = name;
      newName = name;
    }
    String fragment = args == null ? "" : args;
    acc.args.append(fragment);
    if (newId != null || newName != null || !fragment.isEmpty()) {
      firstToken();
      pending.add(new StreamEvent.ToolCallDelta(slot, newId, newName, fragment));
    }
  }

  private int newCall() {
    if (tools.size() >= MAX_TOOL_CALLS) {
      throw new ResponseParseException(settings.provider(),
          "the stream started more than " + MAX_TOOL_CALLS + " tool calls", null);
    }
    tools.add(new ToolAcc());
    return tools.size() - 1;
  }
}
