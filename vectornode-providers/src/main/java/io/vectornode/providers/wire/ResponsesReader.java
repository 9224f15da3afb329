package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.Usage;
import io.vectornode.error.ProviderError;
import io.vectornode.error.ProviderException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.providers.wire.ProviderErrors.Hint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads Responses API answers: a whole {@code response} object, and the pieces a stream shares
 * with it (output items, usage, status, the error of a failed response).
 */
final class ResponsesReader {
  /** More output items than any answer has: a server sending more is lying. */
  static final int MAX_ITEMS = 1024;

  /** The fields of an output item that are read; the rest (annotations...) is skipped unread. */
  static final Shape ITEM = Shape.of("type", "id", "call_id", "name", "arguments",
      "encrypted_content", "content", Shape.of("type", "text", "refusal"),
      "summary", Shape.of("type", "text"));

  /** The fields of an error object that are read. */
  static final Shape ERROR = Shape.of("code", "message", "type");

  /** The fields of a {@code response} object that are read; the rest is skipped unread. */
  static final Shape RESPONSE = Shape.of("id", "model", "status", "error", ERROR,
      "incomplete_details", Shape.of("reason"), "output", ITEM,
      "usage", Shape.of("input_tokens", "output_tokens", "input_tokens_details",
          Shape.of("cached_tokens", "cache_write_tokens"), "output_tokens_details",
          Shape.of("reasoning_tokens")));

  private ResponsesReader() {}

  static ChatResponse read(JsonParser p, String provider, String requestedModel, Headers headers,
      Supplier<Duration> latency, Redactor redactor) throws IOException {
    JsonNode r = RESPONSE.read(p);
    Map<String, String> kept = ProviderErrors.keptHeaders(headers);
    String status = Json.text(r, "status");
    JsonNode error = r.get("error");
    if ("failed".equals(status) || "cancelled".equals(status)
        || (error != null && error.isObject())) {
      throw failure(provider, error, kept, redactor);
    }
    if (status != null && !status.equals("completed") && !status.equals("incomplete")) {
      throw new ResponseParseException(provider, "the response is not finished (status '"
          + redactor.excerpt(status, 40) + "'); background responses are not supported", null);
    }
    JsonNode output = r.get("output");
    if (output == null || !output.isArray()) {
      throw new ResponseParseException(provider, "response has no output array", null);
    }
    if (output.size() > MAX_ITEMS) {
      throw new ResponseParseException(provider, "response has more than " + MAX_ITEMS
          + " output items", null);
    }
    Assembly a = new Assembly(provider, redactor);
    for (JsonNode item : output) {
      a.item(item);
    }
    Usage usage = usage(provider, r.get("usage"));
    FinishReason finish = finish(status, r.get("incomplete_details"), a.hasCalls(),
        a.refusalOnly());
    Message message = a.message();
    if (finish == FinishReason.CONTENT_FILTER) {
      throw OpenAiErrors.contentFiltered(provider, kept, message.text(), redactor);
    }
    Duration took = latency.get();
    return ChatResponse.of(id(r, redactor), provider, model(r, requestedModel, redactor),
        message, finish, usage, took, took);
  }

  static String id(JsonNode r, Redactor redactor) {
    String id = Json.text(r, "id");
    return id == null || id.isEmpty() ? OpenAiResponses.syntheticId() : redactor.identifier(id);
  }

  static String model(JsonNode r, String requested, Redactor redactor) {
    String model = Json.text(r, "model");
    return model == null || model.isEmpty() ? requested : redactor.identifier(model);
  }

  /**
   * The finish reason: {@code incomplete} for {@code max_output_tokens} is {@link
   * FinishReason#LENGTH}, for {@code content_filter} {@link FinishReason#CONTENT_FILTER}; a
   * completed answer with function calls is {@link FinishReason#TOOL_CALLS}, one that is only a
   * refusal {@link FinishReason#REFUSAL}.
   */
  static FinishReason finish(@Nullable String status, @Nullable JsonNode incomplete,
      boolean calls, boolean refusal) {
    if ("incomplete".equals(status)
        || (incomplete != null && incomplete.isObject() && status == null)) {
      String reason = Json.text(incomplete, "reason");
      if ("max_output_tokens".equals(reason) || "max_tokens".equals(reason)) {
        return FinishReason.LENGTH;
      }
      if ("content_filter".equals(reason)) {
        return FinishReason.CONTENT_FILTER;
      }
      return FinishReason.OTHER;
    }
    return calls ? FinishReason.TOOL_CALLS : refusal ? FinishReason.REFUSAL : FinishReason.STOP;
  }

  /**
   * Normalizes a usage object: {@code input_tokens} counts every prompt token, with {@code
   * input_tokens_details.cached_tokens} and {@code cache_write_tokens} subsets of it; {@code
   * output_tokens} every generated token, with {@code output_tokens_details.reasoning_tokens} a
   * subset. A subset larger than its
   * whole, or a count that is not a believable count, fails the call.
   */
  static Usage usage(String provider, @Nullable JsonNode u) {
    if (u == null || !u.isObject()) {
      return Usage.ZERO;
    }
    long input = Counts.of(provider, u, "input_tokens");
    long output = Counts.of(provider, u, "output_tokens");
    long cached = Counts.of(provider, u.get("input_tokens_details"), "cached_tokens");
    long written = Counts.of(provider, u.get("input_tokens_details"), "cache_write_tokens");
    long reasoning = Counts.of(provider, u.get("output_tokens_details"), "reasoning_tokens");
    if (cached + written > input || reasoning > output) {
      throw new ResponseParseException(provider, "usage reports more " + (cached + written
          > input ? "cached and cache-write tokens (" + cached + " + " + written
              + ") than input tokens (" + input + ")"
          : "reasoning tokens (" + reasoning + ") than output tokens (" + output + ")")
          + ": refusing a usage report that would make the cost wrong", null);
    }
    return new Usage(input, output, cached, written, reasoning);
  }

  /**
   * The exception for a failed response ({@code response.failed}, a failed {@code response}
   * object) or an {@code error} event: its code decides the class and whether to retry.
   */
  static ProviderException failure(String provider, @Nullable JsonNode error,
      Map<String, String> headers, Redactor redactor) {
    String code = Json.text(error, "code");
    if (code == null) {
      code = Json.text(error, "type");
    }
    String message = Json.text(error, "message");
    int status = statusOf(code);
    Hint hint = hintOf(code, message);
    ProviderError e = new ProviderError(provider, 0, code,
        message == null ? "the response failed" : message, headers.get("x-request-id"),
        ProviderErrors.retryableStatus(status), null, headers);
    return ProviderErrors.exception(e, hint, status, redactor);
  }

  /** The HTTP status an error code stands for, to classify it. */
  static int statusOf(@Nullable String code) {
    if (code == null) {
      return 500;
    }
    return switch (code) {
      case "server_error", "vector_store_timeout" -> 500;
      case "rate_limit_exceeded", "insufficient_quota" -> 429;
      default -> code.startsWith("invalid_") || code.contains("image")
          || code.startsWith("unsupported_") || code.startsWith("empty_")
          || code.equals("context_length_exceeded") || code.equals("data_residency_mismatch")
          || code.equals("bio_policy") ? 400 : 500;
    };
  }

  private static Hint hintOf(@Nullable String code, @Nullable String message) {
    if (code == null) {
      return Hint.NONE;
    }
    if (code.equals("insufficient_quota")) {
      return Hint.QUOTA;
    }
    if (code.equals("context_length_exceeded")) {
      return Hint.CONTEXT_LENGTH;
    }
    if (code.equals("bio_policy") || code.contains("content_policy")
        || code.equals("content_filter")) {
      return Hint.CONTENT_FILTER;
    }
    return Hint.NONE;
  }

  /**
   * Turns output items into an assistant message, in their order: {@code reasoning} items into
   * {@link ContentPart.Reasoning} (summary text, {@code encrypted_content} as the signature, the
   * item id), {@code message} items into text, {@code function_call} items into tool calls
   * ({@code call_id} as the id). Other item types (hosted tools) are skipped. Not thread-safe.
   */
  static final class Assembly {
    private final String provider;
    private final Redactor redactor;
    private final List<ContentPart> parts = new ArrayList<>(4);
    private final Set<String> ids = new HashSet<>();
    private boolean calls;
    private boolean text;
    private boolean refusal;

    Assembly(String provider, Redactor redactor) {
      this.provider = provider;
      this.redactor = redactor;
    }

    void item(JsonNode item) {
      String type = Json.text(item, "type");
      String id = Json.text(item, "id");
      if (id != null && !ids.add(id)) {
        throw new ResponseParseException(provider, "two output items share the id '"
            + redactor.excerpt(id, 80) + "'", null);
      }
      if (type == null) {
        return;
      }
      switch (type) {
        case "message" -> {
          for (JsonNode c : item.path("content")) {
            String t = Json.text(c, "type");
            if ("output_text".equals(t)) {
              text(Json.text(c, "text"), false);
            } else if ("refusal".equals(t)) {
              text(Json.text(c, "refusal"), true);
            }
          }
        }
        case "function_call" -> call(Json.text(item, "call_id"), Json.text(item, "name"),
            Json.text(item, "arguments"));
        case "reasoning" -> {
          StringBuilder summary = new StringBuilder();
          for (JsonNode s : item.path("summary")) {
            String t = Json.text(s, "text");
            if (t != null && !t.isEmpty()) {
              summary.append(summary.length() > 0 ? "\n\n" : "").append(t);
            }
          }
          if (summary.length() == 0) {
            for (JsonNode s : item.path("content")) { // reasoning_text of open models
              String t = Json.text(s, "text");
              summary.append(t == null ? "" : t);
            }
          }
          reasoning(summary.toString(), Json.text(item, "encrypted_content"), id);
        }
        default -> { } // hosted tools' items: not part of the conversation we model
      }
    }

    void text(@Nullable String t, boolean isRefusal) {
      if (t == null || t.isEmpty()) {
        return;
      }
      if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof ContentPart.Text last) {
        parts.set(parts.size() - 1, new ContentPart.Text(last.text() + t));
      } else {
        parts.add(new ContentPart.Text(t));
      }
      if (isRefusal) {
        refusal = true;
      } else {
        text = true;
      }
    }

    void call(@Nullable String callId, @Nullable String name, @Nullable String arguments) {
      if (name == null || name.isBlank()) {
        throw new ResponseParseException(provider, "a function_call item has no name", null);
      }
      if (callId == null || callId.isBlank()) {
        // Without its call_id the result could never be paired with the call next turn.
        throw new ResponseParseException(provider, "a function_call item has no call_id", null);
      }
      parts.add(new ContentPart.ToolCall(callId, name,
          arguments == null || arguments.isEmpty() ? "{}" : arguments));
      calls = true;
    }

    void reasoning(String summary, @Nullable String encrypted, @Nullable String id) {
      if (summary.isEmpty() && encrypted == null) {
        return; // nothing to show and nothing to carry
      }
      parts.add(new ContentPart.Reasoning(summary, encrypted, false, id));
    }

    boolean hasCalls() {
      return calls;
    }

    boolean refusalOnly() {
      return refusal && !text;
    }

    Message message() {
      List<ContentPart> out = new ArrayList<>(parts);
      boolean visible = false;
      for (ContentPart p : out) {
        visible |= !(p instanceof ContentPart.Reasoning);
      }
      if (!visible) {
        out.add(new ContentPart.Text(""));
      }
      return Message.assistant(out);
    }
  }
}
