package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.Usage;
import io.vectornode.error.ResponseParseException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Reads Chat Completions responses and usage; errors are {@link OpenAiErrors}. */
final class OpenAiResponses {
  private OpenAiResponses() {}

  /**
   * Reads a Chat Completions response token by token, without building a tree. Fields may come
   * in any order; the first choice is read.
   *
   * @param p the parser, on the body's opening {@code START_OBJECT}
   */
  static ChatResponse read(JsonParser p, OpenAiSettings s, String requestedModel,
      Headers headers, Supplier<Duration> latency, Redactor redactor)
      throws IOException {
    String id = null;
    String model = null;
    Usage usage = Usage.ZERO;
    Choice choice = null;
    boolean choices = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "id" -> id = text(p, t);
        case "model" -> model = text(p, t);
        case "usage" -> {
          if (t == JsonToken.START_OBJECT) {
            usage = usage(s.provider(), p, s.reasoningInOutput());
          } else {
            p.skipChildren();
          }
        }
        case "choices" -> {
          if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            continue;
          }
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (!choices) {
              choices = true;
              choice = p.currentToken() == JsonToken.START_OBJECT ? choice(p, s) : null;
              if (choice == null) {
                p.skipChildren();
              }
            } else {
              p.skipChildren();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    if (!choices) {
      throw new ResponseParseException(s.provider(), "response has no choices", null);
    }
    if (choice == null || !choice.message) {
      throw new ResponseParseException(s.provider(), "choices[0] has no message", null);
    }
    List<ContentPart> parts = new ArrayList<>(2);
    if (choice.reasoning != null && !choice.reasoning.isEmpty()) {
      parts.add(new ContentPart.Reasoning(choice.reasoning, null, false));
    }
    String content = choice.content;
    String refusal = choice.refusal;
    if (content != null && !content.isEmpty()) {
      parts.add(new ContentPart.Text(content));
    } else if (refusal != null && !refusal.isEmpty()) {
      parts.add(new ContentPart.Text(refusal));
    }
    if (choice.calls != null) {
      parts.addAll(choice.calls);
    }
    boolean hasToolCalls = choice.calls != null && !choice.calls.isEmpty();
    if (parts.isEmpty() || (parts.size() == 1 && parts.get(0) instanceof ContentPart.Reasoning)) {
      parts.add(new ContentPart.Text(""));
    }
    FinishReason finish = finishReason(choice.finish, hasToolCalls);
    if (refusal != null && !refusal.isEmpty() && (content == null || content.isEmpty())) {
      finish = FinishReason.REFUSAL;
    }
    Message message = Message.assistant(parts);
    Duration took = latency.get();
    ChatResponse response =
        ChatResponse.of(
            id == null || id.isEmpty() ? syntheticId() : redactor.identifier(id),
            s.provider(),
            model == null || model.isEmpty() ? requestedModel : redactor.identifier(model),
            message,
            finish,
            usage,
            took,
            took);
    if (finish == FinishReason.CONTENT_FILTER) {
      throw OpenAiErrors.contentFiltered(s.provider(),
          ProviderErrors.keptHeaders(headers), message.text(), redactor);
    }
    return response;
  }

  /** What the first choice holds. */
  private static final class Choice {
    boolean message;
    @Nullable String reasoning;
    @Nullable String reasoningAlt;
    @Nullable String content;
    @Nullable String refusal;
    @Nullable String finish;
    @Nullable List<ContentPart.ToolCall> calls;
  }

  private static Choice choice(JsonParser p, OpenAiSettings s) throws IOException {
    Choice c = new Choice();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("finish_reason")) {
        c.finish = text(p, t);
      } else if (field.equals("message") && t == JsonToken.START_OBJECT) {
        c.message = true;
        message(p, c, s);
      } else {
        p.skipChildren();
      }
    }
    if (c.reasoning == null) {
      c.reasoning = c.reasoningAlt;
    }
    return c;
  }

  private static void message(JsonParser p, Choice c, OpenAiSettings s) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "content" -> c.content = text(p, t);
        case "refusal" -> c.refusal = text(p, t);
        case "reasoning_content" -> c.reasoning = text(p, t);
        case "reasoning" -> c.reasoningAlt = text(p, t);
        case "tool_calls" -> {
          if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            continue;
          }
          c.calls = new ArrayList<>(2);
          while (p.nextToken() != JsonToken.END_ARRAY) {
            c.calls.add(toolCall(p, s));
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static ContentPart.ToolCall toolCall(JsonParser p, OpenAiSettings s)
      throws IOException {
    String id = null;
    String name = null;
    String args = null;
    if (p.currentToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals("id")) {
          id = text(p, t);
        } else if (field.equals("function") && t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (f.equals("name")) {
              name = text(p, v);
            } else if (f.equals("arguments")) {
              args = text(p, v);
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } else {
      p.skipChildren();
    }
    if (name == null || name.isBlank()) {
      throw new ResponseParseException(s.provider(), "a tool call has no function name", null);
    }
    return new ContentPart.ToolCall(id == null || id.isEmpty() ? syntheticId() : id, name,
        args == null ? "{}" : args);
  }

  /**
   * The current value as {@link Json#text} would give it from a tree: null for null, the text
   * of a scalar, the JSON of an object or array.
   */
  private static @Nullable String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      return Shape.ALL.read(p).toString(); // within Shape.MAX_NODES
    }
    return p.getText();
  }

  static String syntheticId() {
    return "vn-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  static FinishReason finishReason(@Nullable String raw, boolean hasToolCalls) {
    if (raw == null || raw.isEmpty()) {
      // Compatible servers often leave it null; infer what happened.
      return hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }
    return switch (raw) {
      case "stop", "eos", "end_turn", "stop_sequence" -> hasToolCalls
          ? FinishReason.TOOL_CALLS : FinishReason.STOP;
      case "length", "max_tokens" -> FinishReason.LENGTH;
      case "tool_calls", "function_call", "tool_use" -> FinishReason.TOOL_CALLS;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  /**
   * Reads and normalizes a usage object token by token, with no tree: input counts every prompt
   * token with cached as a subset; output counts every generated token with reasoning as a
   * subset (reasoning is added to {@code completion_tokens} when the server reports it beside).
   *
   * @param p the parser, on the usage object's {@code START_OBJECT}; left on its {@code END_OBJECT}
   */
  static Usage usage(String provider, JsonParser p, boolean reasoningInOutput)
      throws IOException {
    long input = 0;
    long output = 0;
    long cached = 0;
    long cacheHit = 0;
    long reasoning = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "prompt_tokens" -> input = Counts.of(provider, p, t, field);
        case "completion_tokens" -> output = Counts.of(provider, p, t, field);
        case "prompt_cache_hit_tokens" -> cacheHit = Counts.of(provider, p, t, field); // DeepSeek
        case "prompt_tokens_details" -> cached = detail(provider, p, t, "cached_tokens");
        case "completion_tokens_details" ->
            reasoning = detail(provider, p, t, "reasoning_tokens");
        default -> p.skipChildren();
      }
    }
    if (cached == 0) {
      cached = cacheHit;
    }
    if (!reasoningInOutput) {
      output += reasoning;
    }
    return new Usage(input, output, Math.min(cached, input), 0, Math.min(reasoning, output));
  }

  /** One count from a details object ({@code prompt_tokens_details.cached_tokens}...). */
  private static long detail(String provider, JsonParser p, JsonToken t, String name)
      throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return 0;
    }
    long n = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (field.equals(name)) {
        n = Counts.of(provider, p, v, name);
      } else {
        p.skipChildren();
      }
    }
    return n;
  }
}
