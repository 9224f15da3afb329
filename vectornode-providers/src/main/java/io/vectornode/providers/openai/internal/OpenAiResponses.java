package io.vectornode.providers.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.Cost;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.Usage;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ProviderError;
import io.vectornode.error.ProviderException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.providers.internal.Json;
import io.vectornode.providers.internal.ProviderErrors;
import io.vectornode.providers.internal.ProviderErrors.Hint;
import io.vectornode.providers.internal.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Reads Chat Completions responses, usage and errors. */
final class OpenAiResponses {
  private OpenAiResponses() {}

  static ChatResponse parse(
      JsonNode root, OpenAiSettings s, String requestedModel, Map<String, String> headers,
      Duration latency) {
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new ResponseParseException(s.provider(), "response has no choices", null);
    }
    JsonNode choice = choices.get(0);
    JsonNode msg = choice.get("message");
    if (msg == null || !msg.isObject()) {
      throw new ResponseParseException(s.provider(), "choices[0] has no message", null);
    }
    List<ContentPart> parts = new ArrayList<>(2);
    String reasoning = Json.text(msg, "reasoning_content");
    if (reasoning == null) {
      reasoning = Json.text(msg, "reasoning");
    }
    if (reasoning != null && !reasoning.isEmpty()) {
      parts.add(new ContentPart.Reasoning(reasoning, null, false));
    }
    String content = Json.text(msg, "content");
    String refusal = Json.text(msg, "refusal");
    if (content != null && !content.isEmpty()) {
      parts.add(new ContentPart.Text(content));
    } else if (refusal != null && !refusal.isEmpty()) {
      parts.add(new ContentPart.Text(refusal));
    }
    JsonNode calls = msg.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (JsonNode call : calls) {
        JsonNode fn = call.get("function");
        String name = Json.text(fn, "name");
        if (name == null || name.isBlank()) {
          throw new ResponseParseException(s.provider(), "a tool call has no function name", null);
        }
        String id = Json.text(call, "id");
        String args = Json.text(fn, "arguments");
        parts.add(new ContentPart.ToolCall(
            id == null || id.isEmpty() ? syntheticId() : id, name, args == null ? "{}" : args));
      }
    }
    boolean hasToolCalls = calls != null && calls.isArray() && !calls.isEmpty();
    if (parts.isEmpty() || (parts.size() == 1 && parts.get(0) instanceof ContentPart.Reasoning)) {
      parts.add(new ContentPart.Text(""));
    }
    FinishReason finish = finishReason(Json.text(choice, "finish_reason"), hasToolCalls);
    if (refusal != null && !refusal.isEmpty() && (content == null || content.isEmpty())) {
      finish = FinishReason.REFUSAL;
    }
    Message message = Message.assistant(parts);
    Usage usage = usage(root.get("usage"), s.reasoningInOutput());
    String id = Json.text(root, "id");
    String model = Json.text(root, "model");
    ChatResponse response =
        new ChatResponse(
            id == null || id.isEmpty() ? syntheticId() : id,
            s.provider(),
            model == null || model.isEmpty() ? requestedModel : model,
            message,
            finish,
            usage,
            Cost.unknown(),
            1,
            latency,
            latency);
    if (finish == FinishReason.CONTENT_FILTER) {
      throw contentFiltered(s.provider(), headers, message.text());
    }
    return response;
  }

  static ContentFilteredException contentFiltered(
      String provider, Map<String, String> headers, @Nullable String partial) {
    return new ContentFilteredException(
        new ProviderError(provider, 200, "content_filter",
            "the provider's content filter stopped the completion", headers.get("x-request-id"),
            false, null, headers),
        partial);
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
   * Normalizes usage: input counts every prompt token with cached as a subset; output counts
   * every generated token with reasoning as a subset.
   */
  static Usage usage(@Nullable JsonNode u, boolean reasoningInOutput) {
    if (u == null || !u.isObject()) {
      return Usage.ZERO;
    }
    long input = Json.count(u, "prompt_tokens");
    long output = Json.count(u, "completion_tokens");
    long cached = Json.count(u.get("prompt_tokens_details"), "cached_tokens");
    if (cached == 0) {
      cached = Json.count(u, "prompt_cache_hit_tokens"); // DeepSeek
    }
    long reasoning = Json.count(u.get("completion_tokens_details"), "reasoning_tokens");
    if (!reasoningInOutput) {
      output += reasoning;
    }
    return new Usage(input, output, Math.min(cached, input), 0, Math.min(reasoning, output));
  }

  /** Maps an error status and body. */
  static ProviderException error(
      OpenAiSettings s, int status, Headers headers, String body, Clock clock, Redactor redactor) {
    JsonNode root = null;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (Exception notJson) {
      // keep null: the body is shown as text below
    }
    JsonNode err = root == null ? null : root.get("error");
    String message = null;
    String code = null;
    String type = null;
    if (err != null && err.isObject()) {
      message = Json.text(err, "message");
      code = Json.text(err, "code");
      type = Json.text(err, "type");
    } else if (err != null && err.isTextual()) {
      message = err.asText();
    } else if (root != null && root.isObject()) {
      message = Json.text(root, "message");
      if (message == null) {
        message = Json.text(root, "detail");
      }
      type = Json.text(root, "type");
    }
    if (message == null || message.isBlank()) {
      String snippet = body.strip();
      message = snippet.isEmpty() ? "HTTP " + status
          : snippet.length() > 300 ? snippet.substring(0, 300) + "..." : snippet;
    }
    message = redactor.redact(message);
    Map<String, String> kept = ProviderErrors.keptHeaders(headers);
    boolean retryable = ProviderErrors.retryableStatus(status);
    Boolean should = ProviderErrors.shouldRetry(headers);
    if (should != null) {
      retryable = should;
    }
    ProviderError e = new ProviderError(
        s.provider(), status, code != null ? code : type, message, headers.get("x-request-id"),
        retryable, ProviderErrors.retryAfter(headers, clock), kept);
    return ProviderErrors.exception(e, hint(status, code, type, message));
  }

  /** Maps an error object that arrived inside a 200 stream. */
  static ProviderException streamError(
      OpenAiSettings s, JsonNode err, Map<String, String> headers, Redactor redactor) {
    String message = Json.text(err, "message");
    String code = Json.text(err, "code");
    String type = Json.text(err, "type");
    int classifyAs = 500;
    JsonNode numeric = err.get("code");
    if (numeric != null && numeric.isInt()) {
      classifyAs = numeric.asInt();
    } else if (contains(type, "invalid_request") || contains(code, "invalid_request")) {
      classifyAs = 400;
    } else if (contains(type, "rate_limit") || contains(code, "rate_limit")
        || contains(code, "insufficient_quota")) {
      classifyAs = 429;
    }
    String text = redactor.redact(message == null ? "error event in stream" : message);
    ProviderError e = new ProviderError(
        s.provider(), 0, code != null ? code : type, text, headers.get("x-request-id"),
        ProviderErrors.retryableStatus(classifyAs), null, headers);
    return ProviderErrors.exception(e, hint(classifyAs, code, type, text), classifyAs);
  }

  private static Hint hint(
      int status, @Nullable String code, @Nullable String type, @Nullable String message) {
    if (contains(code, "insufficient_quota") || contains(type, "insufficient_quota")) {
      return Hint.QUOTA;
    }
    if (contains(code, "context_length_exceeded")
        || (status == 400 && message != null
            && message.toLowerCase(Locale.ROOT).contains("maximum context length"))) {
      return Hint.CONTEXT_LENGTH;
    }
    if (contains(code, "content_filter") || contains(code, "content_policy_violation")) {
      return Hint.CONTENT_FILTER;
    }
    return Hint.NONE;
  }

  private static boolean contains(@Nullable String s, String part) {
    return s != null && s.contains(part);
  }
}
