package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatResponse;
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
 * A Responses API stream: typed events ({@code event:} line and a {@code data:} object with its
 * {@code type} and {@code sequence_number}). Output items are tracked by id from {@code
 * response.output_item.added} to {@code .done}; text, refusal, reasoning-summary and
 * function-call-argument deltas become stream events; {@code response.completed} (or {@code
 * response.incomplete}) ends the stream with the usage; {@code response.failed} and {@code
 * error} events become typed exceptions. A stream that ends without one of those fails, as does
 * one that lies: a delta for an item it never added, two items with one id, a sequence number
 * that goes back, more than {@value ResponsesReader#MAX_ITEMS} items.
 */
final class ResponsesStream extends SseChatStream {
  /** What is read of an event; everything else is skipped unread. */
  private static final Shape EVENT = Shape.of("type", "sequence_number", "item_id",
      "output_index", "summary_index", "delta", "arguments", "item", ResponsesReader.ITEM,
      "response", ResponsesReader.RESPONSE, "code", "message", "error", ResponsesReader.ERROR);

  private final String provider;
  private final Map<String, Item> byKey = new HashMap<>(8);
  private final List<Item> items = new ArrayList<>(4);
  private int tools;
  private long lastSequence = -1;
  private @Nullable String id;
  private @Nullable String model;

  ResponsesStream(String provider, StreamContext ctx) {
    super(ctx);
    this.provider = provider;
  }

  /** One output item being assembled. */
  private static final class Item {
    final String type;
    final @Nullable String id;
    @Nullable String callId;
    @Nullable String name;
    final StringBuilder text = new StringBuilder();
    boolean refusal;
    @Nullable String encrypted;
    int tool = -1;
    int summaryIndex = -1;

    Item(String type, @Nullable String id) {
      this.type = type;
      this.id = id;
    }
  }

  @Override
  protected void onEndOfBody() {
    throw new TransportException(ctx.provider(), TransportException.Kind.INCOMPLETE_STREAM, true,
        "stream ended without response.completed after " + eventCount() + " events", null);
  }

  @Override
  protected void onEvent(SseEvent event) {
    if (event.isEmpty() || event.isDone()) {
      return; // the API sends no [DONE]; a compatible server that does ends with completed first
    }
    JsonNode ev = read(event);
    String type = Json.text(ev, "type");
    if (type == null) {
      type = event.event();
    }
    if (type == null) {
      return;
    }
    JsonNode seq = ev.get("sequence_number");
    if (seq != null && seq.canConvertToLong()) {
      long n = seq.asLong();
      if (n <= lastSequence) {
        throw lie("sequence_number " + n + " after " + lastSequence);
      }
      lastSequence = n;
    }
    switch (type) {
      case "response.created", "response.in_progress", "response.queued" -> {
        JsonNode r = ev.get("response");
        if (r != null && id == null) {
          id = Json.text(r, "id");
          model = Json.text(r, "model");
        }
      }
      case "response.output_item.added" -> added(ev.get("item"), ev.get("output_index"));
      case "response.output_item.done" -> done(ev.get("item"), ev.get("output_index"));
      case "response.output_text.delta" -> text(ev, type, false);
      case "response.refusal.delta" -> text(ev, type, true);
      case "response.function_call_arguments.delta" -> {
        Item it = known(ev, type, "function_call");
        String d = delta(ev);
        if (!d.isEmpty()) {
          it.text.append(d);
          firstToken();
          pending.add(new StreamEvent.ToolCallDelta(it.tool, null, null, d));
        }
      }
      case "response.function_call_arguments.done" -> {
        Item it = known(ev, type, "function_call");
        String args = Json.text(ev, "arguments");
        if (args != null && !args.contentEquals(it.text)) {
          it.text.setLength(0);
          it.text.append(args); // the whole arguments are the final word
          retained(args.length()); // kept without an event: counted against the bound
        }
      }
      case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
          reasoning(ev, type);
      case "response.completed", "response.incomplete" -> finish(ev.get("response"), type);
      case "response.failed" -> {
        JsonNode r = ev.get("response");
        finishWithoutCompletion();
        throw ResponsesReader.failure(provider, r == null ? null : r.get("error"),
            ctx.headers(), ctx.redactor());
      }
      case "error" -> {
        JsonNode err = ev.get("error");
        finishWithoutCompletion();
        throw ResponsesReader.failure(provider, err != null && err.isObject() ? err : ev,
            ctx.headers(), ctx.redactor());
      }
      default -> { } // content parts, annotations, *.done of text: nothing new
    }
  }

  private JsonNode read(SseEvent event) {
    try (JsonParser p = Json.FACTORY.createParser(event.bytes(), 0, event.length())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed(event, new JsonParseException(p, "stream event is not a JSON object"));
      }
      JsonNode node = EVENT.read(p);
      if (p.nextToken() != null) {
        throw malformed(event, new JsonParseException(p, "more than one JSON value in one event"));
      }
      return node;
    } catch (IOException e) {
      throw malformed(event, e);
    }
  }

  private ResponseParseException lie(String what) {
    finishWithoutCompletion();
    return new ResponseParseException(provider, "the stream is inconsistent: " + what, null);
  }

  private static String key(@Nullable String itemId, @Nullable JsonNode outputIndex) {
    return itemId != null ? itemId : "@" + (outputIndex == null ? "?" : outputIndex.asText());
  }

  private static String delta(JsonNode ev) {
    String d = Json.text(ev, "delta");
    return d == null ? "" : d;
  }

  private Item known(JsonNode ev, String event, String itemType) {
    Item it = byKey.get(key(Json.text(ev, "item_id"), ev.get("output_index")));
    if (it == null) {
      throw lie(event + " for an item the stream never added");
    }
    if (!it.type.equals(itemType)) {
      throw lie(event + " for a " + ctx.redactor().excerpt(it.type, 40) + " item");
    }
    return it;
  }

  private Item added(@Nullable JsonNode item, @Nullable JsonNode outputIndex) {
    if (item == null || !item.isObject()) {
      throw lie("an output item event without its item");
    }
    String type = Json.text(item, "type");
    String itemId = Json.text(item, "id");
    String k = key(itemId, outputIndex);
    if (byKey.containsKey(k)) {
      throw lie("two output items share the id '" + ctx.redactor().excerpt(k, 80) + "'");
    }
    if (items.size() >= ResponsesReader.MAX_ITEMS) {
      throw lie("more than " + ResponsesReader.MAX_ITEMS + " output items");
    }
    Item it = new Item(type == null ? "" : type, itemId);
    byKey.put(k, it);
    items.add(it);
    if (it.type.equals("function_call")) {
      it.tool = tools++;
      it.callId = Json.text(item, "call_id");
      it.name = Json.text(item, "name");
      String args = Json.text(item, "arguments");
      if (args != null) {
        it.text.append(args);
      }
      firstToken();
      pending.add(new StreamEvent.ToolCallDelta(it.tool, it.callId, it.name,
          args == null ? "" : args));
    } else if (it.type.equals("reasoning")) {
      it.encrypted = Json.text(item, "encrypted_content");
    }
    return it;
  }

  private void done(@Nullable JsonNode item, @Nullable JsonNode outputIndex) {
    if (item == null || !item.isObject()) {
      throw lie("an output item event without its item");
    }
    Item it = byKey.get(key(Json.text(item, "id"), outputIndex));
    if (it == null) {
      it = added(item, outputIndex); // a server that skips .added: the item is whole here
    }
    switch (it.type) {
      case "function_call" -> {
        String callId = Json.text(item, "call_id");
        String name = Json.text(item, "name");
        it.callId = callId != null ? callId : it.callId;
        it.name = name != null ? name : it.name;
        String args = Json.text(item, "arguments");
        if (args != null && it.text.length() == 0 && !args.isEmpty()) {
          it.text.append(args);
          pending.add(new StreamEvent.ToolCallDelta(it.tool, null, null, args));
        } else if (args != null && !args.contentEquals(it.text)) {
          it.text.setLength(0);
          it.text.append(args);
          retained(args.length());
        }
      }
      case "reasoning" -> {
        String enc = Json.text(item, "encrypted_content");
        if (enc != null) {
          it.encrypted = enc; // the final blob covers the whole item
          retained(enc.length());
        }
        if (it.text.length() == 0) {
          for (JsonNode s : item.path("summary")) {
            String t = Json.text(s, "text");
            if (t != null && !t.isEmpty()) {
              String piece = (it.text.length() > 0 ? "\n\n" : "") + t;
              it.text.append(piece);
              pending.add(new StreamEvent.ReasoningDelta(piece));
            }
          }
        }
      }
      case "message" -> {
        if (it.text.length() == 0) {
          for (JsonNode c : item.path("content")) {
            String t = Json.text(c, "type");
            String s = "refusal".equals(t) ? Json.text(c, "refusal") : Json.text(c, "text");
            if (s != null && !s.isEmpty()) {
              it.refusal |= "refusal".equals(t);
              it.text.append(s);
              firstToken();
              pending.add(new StreamEvent.TextDelta(s));
            }
          }
        }
      }
      default -> { }
    }
  }

  private void text(JsonNode ev, String event, boolean refusal) {
    Item it = known(ev, event, "message");
    String d = delta(ev);
    if (!d.isEmpty()) {
      it.refusal |= refusal;
      it.text.append(d);
      firstToken();
      pending.add(new StreamEvent.TextDelta(d));
    }
  }

  private void reasoning(JsonNode ev, String event) {
    Item it = known(ev, event, "reasoning");
    String d = delta(ev);
    JsonNode si = ev.get("summary_index");
    int index = si != null && si.canConvertToInt() ? si.asInt() : 0;
    if (index != it.summaryIndex) {
      if (it.text.length() > 0) {
        d = "\n\n" + d; // a new summary part
      }
      it.summaryIndex = index;
    }
    if (!d.isEmpty()) {
      it.text.append(d);
      firstToken();
      pending.add(new StreamEvent.ReasoningDelta(d));
    }
  }

  private void finish(@Nullable JsonNode r, String event) {
    if (r == null || !r.isObject()) {
      throw lie(event + " without its response");
    }
    // The end event's response is read as the non-streaming reply is: failed, cancelled or
    // unfinished is never a success.
    String said = Json.text(r, "status");
    JsonNode error = r.get("error");
    if ("failed".equals(said) || "cancelled".equals(said) || (error != null && error.isObject())) {
      finishWithoutCompletion();
      throw ResponsesReader.failure(provider, error, ctx.headers(), ctx.redactor());
    }
    if (said != null && !said.equals("completed") && !said.equals("incomplete")) {
      throw lie(event + " for a response that is not finished (status '"
          + ctx.redactor().excerpt(said, 40) + "')");
    }
    Usage usage = ResponsesReader.usage(provider, r.get("usage"));
    ResponsesReader.Assembly a = new ResponsesReader.Assembly(provider, ctx.redactor());
    JsonNode output = r.get("output");
    if (items.isEmpty() && output != null && output.isArray()) {
      // No item events: a server that sends only the final response.
      if (output.size() > ResponsesReader.MAX_ITEMS) {
        throw lie("more than " + ResponsesReader.MAX_ITEMS + " output items");
      }
      output.forEach(a::item);
    }
    for (Item it : items) {
      switch (it.type) {
        case "message" -> a.text(it.text.toString(), it.refusal);
        case "function_call" -> a.call(it.callId, it.name, it.text.toString());
        case "reasoning" -> a.reasoning(it.text.toString(), it.encrypted, it.id);
        default -> { }
      }
    }
    String status = Json.text(r, "status");
    if (status == null) {
      status = event.equals("response.incomplete") ? "incomplete" : "completed";
    }
    FinishReason finish = ResponsesReader.finish(status, r.get("incomplete_details"),
        a.hasCalls(), a.refusalOnly());
    Message message = a.message();
    if (finish == FinishReason.CONTENT_FILTER) {
      finishWithoutCompletion();
      throw OpenAiErrors.contentFiltered(provider, ctx.headers(), message.text(), ctx.redactor());
    }
    String rid = Json.text(r, "id");
    String rmodel = Json.text(r, "model");
    rid = rid != null && !rid.isEmpty() ? rid : id;
    rmodel = rmodel != null && !rmodel.isEmpty() ? rmodel : model;
    Duration latency = latency();
    pending.add(new StreamEvent.UsageUpdate(usage));
    complete(new StreamEvent.Completed(ChatResponse.of(
        rid == null || rid.isEmpty() ? OpenAiResponses.syntheticId()
            : ctx.redactor().identifier(rid),
        provider,
        rmodel == null || rmodel.isEmpty() ? ctx.model() : ctx.redactor().identifier(rmodel),
        message, finish, usage, latency, timeToFirstToken(latency))));
  }
}
