package io.vectornode.providers.wire;

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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Reads Messages API responses, usage, stop reasons and errors. */
final class AnthropicResponses {
  private AnthropicResponses() {}

  static ChatResponse parse(JsonNode root, String provider, String requestedModel,
      @Nullable String jsonTool, Duration latency, Redactor redactor) {
    JsonNode content = root.get("content");
    if (content == null || !content.isArray()) {
      throw new ResponseParseException(provider, "response has no content array", null);
    }
    List<ContentPart> parts = new ArrayList<>(content.size());
    boolean jsonAnswered = false;
    for (JsonNode block : content) {
      String type = Json.text(block, "type");
      if (type == null) {
        continue;
      }
      switch (type) {
        case "text" -> {
          String text = Json.text(block, "text");
          if (text != null) {
            parts.add(new ContentPart.Text(text));
          }
        }
        case "tool_use" -> {
          String name = Json.text(block, "name");
          JsonNode input = block.get("input");
          String args = input == null || input.isNull() ? "{}" : input.toString();
          if (name != null && name.equals(jsonTool)) {
            parts.add(new ContentPart.Text(args));
            jsonAnswered = true;
          } else {
            parts.add(new ContentPart.ToolCall(require(provider, block, "id"),
                require(provider, block, "name"), args));
          }
        }
        case "thinking" -> parts.add(new ContentPart.Reasoning(
            String.valueOf(Json.text(block, "thinking")), Json.text(block, "signature"), false));
        case "redacted_thinking" -> parts.add(new ContentPart.Reasoning(
            String.valueOf(Json.text(block, "data")), null, true));
        default -> {
          // server_tool_use, web_search_tool_result and future blocks: not modelled yet
        }
      }
    }
    boolean hasText = parts.stream().anyMatch(p -> p instanceof ContentPart.Text);
    boolean hasCalls = parts.stream().anyMatch(p -> p instanceof ContentPart.ToolCall);
    if (!hasText && !hasCalls) {
      parts.add(new ContentPart.Text(""));
    }
    FinishReason finish = finishReason(Json.text(root, "stop_reason"));
    if (jsonAnswered && finish == FinishReason.TOOL_CALLS) {
      finish = FinishReason.STOP;
    }
    String id = Json.text(root, "id");
    String model = Json.text(root, "model");
    return ChatResponse.of(id == null ? "vn-anthropic" : redactor.identifier(id), provider,
        model == null ? requestedModel : redactor.identifier(model), Message.assistant(parts), finish,
        usage(provider, root.get("usage"), null), latency, latency);
  }

  private static String require(String provider, JsonNode node, String field) {
    String v = Json.text(node, field);
    if (v == null || v.isEmpty()) {
      throw new ResponseParseException(provider, "a tool_use block has no " + field, null);
    }
    return v;
  }

  static FinishReason finishReason(@Nullable String raw) {
    if (raw == null) {
      return FinishReason.STOP;
    }
    return switch (raw) {
      case "end_turn", "stop_sequence" -> FinishReason.STOP;
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "tool_use" -> FinishReason.TOOL_CALLS;
      case "pause_turn" -> FinishReason.PAUSED;
      case "refusal" -> FinishReason.REFUSAL;
      default -> FinishReason.OTHER;
    };
  }

  /**
   * Normalizes usage: Anthropic reports cache reads and writes beside {@code input_tokens}, so
   * input is their sum; {@code output_tokens} already includes thinking.
   *
   * @param u the usage object
   * @param previous usage seen earlier in a stream (message_start), whose fields a later partial
   *     report (message_delta) does not repeat
   * @return the normalized usage
   */
  static Usage usage(String provider, @Nullable JsonNode u, @Nullable Usage previous) {
    if (u == null || !u.isObject()) {
      return previous == null ? Usage.ZERO : previous;
    }
    long cacheRead = u.has("cache_read_input_tokens") ? Counts.of(provider, u, "cache_read_input_tokens")
        : previous == null ? 0 : previous.cachedInputTokens();
    long cacheWrite = u.has("cache_creation_input_tokens")
        ? Counts.of(provider, u, "cache_creation_input_tokens")
        : previous == null ? 0 : previous.cacheWriteTokens();
    long plainInput = u.has("input_tokens") ? Counts.of(provider, u, "input_tokens")
        : previous == null ? 0 : previous.inputTokens() - previous.cachedInputTokens()
            - previous.cacheWriteTokens();
    long output = u.has("output_tokens") ? Counts.of(provider, u, "output_tokens")
        : previous == null ? 0 : previous.outputTokens();
    return new Usage(plainInput + cacheRead + cacheWrite, output, cacheRead, cacheWrite, 0);
  }

  static ProviderException error(String provider, int status, Headers headers, String body,
      Clock clock, Redactor redactor) {
    JsonNode root = ProviderErrors.json(body);
    JsonNode err = root == null ? null : root.get("error");
    String type = err == null ? null : Json.text(err, "type");
    String message = ProviderErrors.messageOrBody(
        err == null ? null : Json.text(err, "message"), body, status, redactor);
    String requestId = headers.get("request-id");
    if (requestId == null && root != null) {
      requestId = Json.text(root, "request_id");
    }
    boolean retryable = ProviderErrors.retryableStatus(status);
    Boolean should = ProviderErrors.shouldRetry(headers);
    if (should != null) {
      retryable = should;
    }
    ProviderError e = new ProviderError(provider, status, type, message, requestId, retryable,
        ProviderErrors.retryAfter(headers, clock), ProviderErrors.keptHeaders(headers));
    return ProviderErrors.exception(e, hint(type, message), redactor);
  }

  /** Maps an {@code error} event that arrived after a 200. */
  static ProviderException streamError(String provider, JsonNode err, Map<String, String> headers,
      Redactor redactor) {
    String type = Json.text(err, "type");
    String message = String.valueOf(Json.text(err, "message"));
    int classifyAs = statusOf(type);
    ProviderError e = new ProviderError(provider, 0, type, message, headers.get("request-id"),
        ProviderErrors.retryableStatus(classifyAs), null, headers);
    return ProviderErrors.exception(e, hint(type, message), classifyAs, redactor);
  }

  /** The HTTP status Anthropic documents for each error type. */
  static int statusOf(@Nullable String type) {
    if (type == null) {
      return 500;
    }
    return switch (type) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500;
    };
  }

  private static Hint hint(@Nullable String type, String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if ("overloaded_error".equals(type)) {
      return Hint.OVERLOADED;
    }
    if ("billing_error".equals(type) || m.contains("credit balance is too low")) {
      return Hint.QUOTA;
    }
    if ("invalid_request_error".equals(type) && (m.contains("prompt is too long")
        || m.contains("context window") || m.contains("context length"))) {
      return Hint.CONTEXT_LENGTH;
    }
    return Hint.NONE;
  }
}
