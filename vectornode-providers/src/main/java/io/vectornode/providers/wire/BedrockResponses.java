package io.vectornode.providers.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.Usage;
import io.vectornode.error.ContentFilteredException;
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

/** Reads Converse responses, usage, stop reasons and errors (HTTP and stream exceptions). */
final class BedrockResponses {
  /** Converse answers carry no id; the request id stands in, or this. */
  static final String NO_ID = "vn-bedrock";

  private BedrockResponses() {}

  static ChatResponse parse(JsonNode root, String provider, String model,
      @Nullable String requestId, @Nullable String jsonTool, Duration latency,
      Redactor redactor) {
    JsonNode content = root.path("output").path("message").get("content");
    if (content == null || !content.isArray()) {
      throw new ResponseParseException(provider, "response has no output.message.content array",
          null);
    }
    List<ContentPart> parts = new ArrayList<>(content.size());
    boolean jsonAnswered = false;
    for (JsonNode block : content) {
      if (block.has("text")) {
        parts.add(new ContentPart.Text(String.valueOf(Json.text(block, "text"))));
      } else if (block.has("toolUse")) {
        JsonNode use = block.get("toolUse");
        String name = Json.text(use, "name");
        JsonNode input = use.get("input");
        String args = input == null || input.isNull() ? "{}" : input.toString();
        if (name != null && name.equals(jsonTool)) {
          parts.add(new ContentPart.Text(args));
          jsonAnswered = true;
        } else {
          parts.add(new ContentPart.ToolCall(require(provider, use, "toolUseId"),
              require(provider, use, "name"), args));
        }
      } else if (block.has("reasoningContent")) {
        JsonNode rc = block.get("reasoningContent");
        if (rc.has("redactedContent")) {
          parts.add(new ContentPart.Reasoning(String.valueOf(Json.text(rc, "redactedContent")),
              null, true));
        } else {
          JsonNode rt = rc.path("reasoningText");
          parts.add(new ContentPart.Reasoning(String.valueOf(Json.text(rt, "text")),
              Json.text(rt, "signature"), false));
        }
      }
      // image, document, citations and future blocks in answers are not modelled
    }
    if (parts.stream().noneMatch(p -> p instanceof ContentPart.Text
        || p instanceof ContentPart.ToolCall)) {
      parts.add(new ContentPart.Text(""));
    }
    String stop = Json.text(root, "stopReason");
    FinishReason finish = finishReason(stop);
    if (finish == FinishReason.CONTENT_FILTER) {
      throw filtered(provider, stop, text(parts), redactor);
    }
    if (jsonAnswered && finish == FinishReason.TOOL_CALLS) {
      finish = FinishReason.STOP;
    }
    return ChatResponse.of(requestId == null ? NO_ID : redactor.identifier(requestId), provider,
        model, Message.assistant(parts), finish, usage(provider, root.get("usage")), latency,
        latency);
  }

  static String text(List<ContentPart> parts) {
    StringBuilder sb = new StringBuilder();
    for (ContentPart p : parts) {
      if (p instanceof ContentPart.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  private static String require(String provider, JsonNode node, String field) {
    String v = Json.text(node, field);
    if (v == null || v.isEmpty()) {
      throw new ResponseParseException(provider, "a toolUse block has no " + field, null);
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
      case "guardrail_intervened", "content_filtered" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  /** A guardrail or the model's filter stopped the answer: not retryable, partial kept. */
  static ContentFilteredException filtered(String provider, @Nullable String reason,
      String partial, Redactor redactor) {
    return new ContentFilteredException(redactor.error(new ProviderError(provider, 200, reason,
        "the answer was stopped by " + ("guardrail_intervened".equals(reason)
            ? "a Bedrock guardrail" : "a content filter") + " (" + reason + ")", null, false,
        null, Map.of())), partial);
  }

  /**
   * Normalizes usage: Converse reports cache reads and writes beside {@code inputTokens} (as
   * Anthropic does), so input is their sum; {@code outputTokens} includes reasoning.
   */
  static Usage usage(String provider, @Nullable JsonNode u) {
    if (u == null || !u.isObject()) {
      return Usage.ZERO;
    }
    long read = u.has("cacheReadInputTokens") ? Counts.of(provider, u, "cacheReadInputTokens") : 0;
    long write = u.has("cacheWriteInputTokens")
        ? Counts.of(provider, u, "cacheWriteInputTokens") : 0;
    long input = u.has("inputTokens") ? Counts.of(provider, u, "inputTokens") : 0;
    long output = u.has("outputTokens") ? Counts.of(provider, u, "outputTokens") : 0;
    return new Usage(input + read + write, output, read, write, 0);
  }

  /** The type of an AWS error, from {@code x-amzn-ErrorType} or the body's {@code __type}. */
  static @Nullable String errorType(Headers headers, @Nullable JsonNode root) {
    String t = headers.get("x-amzn-ErrorType");
    if (t == null && root != null) {
      t = Json.text(root, "__type");
    }
    if (t == null) {
      return null;
    }
    int colon = t.indexOf(':');
    t = colon < 0 ? t : t.substring(0, colon);
    int hash = t.lastIndexOf('#');
    return (hash < 0 ? t : t.substring(hash + 1)).strip();
  }

  static ProviderException error(String provider, int status, Headers headers, String body,
      Clock clock, Redactor redactor) {
    JsonNode root = ProviderErrors.json(body);
    String type = errorType(headers, root);
    String m = root == null ? null : Json.text(root, "message");
    if (m == null && root != null) {
      m = Json.text(root, "Message");
    }
    String message = ProviderErrors.messageOrBody(m, body, status, redactor);
    String requestId = headers.get("x-amzn-RequestId");
    int classifyAs = classify(type, status);
    boolean retryable = ProviderErrors.retryableStatus(classifyAs);
    ProviderError e = new ProviderError(provider, status, type, message, requestId, retryable,
        ProviderErrors.retryAfter(headers, clock), ProviderErrors.keptHeaders(headers));
    return ProviderErrors.exception(e, hint(type, message), classifyAs, redactor);
  }

  /** Maps an exception message that arrived inside a ConverseStream, after the 200. */
  static ProviderException streamError(String provider, @Nullable String type,
      String message, @Nullable String requestId, Map<String, String> headers,
      Redactor redactor) {
    String normalized = type == null || type.isEmpty() ? null
        : Character.toUpperCase(type.charAt(0)) + type.substring(1);
    int classifyAs = classify(normalized, 500);
    ProviderError e = new ProviderError(provider, 0, normalized, message,
        requestId, ProviderErrors.retryableStatus(classifyAs), null,
        headers);
    return ProviderErrors.exception(e, hint(normalized, message), classifyAs, redactor);
  }

  /**
   * The status an AWS error type stands for. The type decides, not the status: AWS answers a
   * bad signature or an unknown access key with 403, which is an authentication failure, and
   * a model that is not ready with 429, which is an overload.
   */
  static int classify(@Nullable String type, int status) {
    if (type == null) {
      return status;
    }
    return switch (type) {
      case "ValidationException", "SerializationException", "IncompleteSignatureException" ->
          400;
      case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
          "InvalidClientTokenId", "MissingAuthenticationTokenException",
          "NotAuthorizedException" -> 401;
      case "AccessDeniedException" -> 403;
      case "ResourceNotFoundException" -> 404;
      case "ModelTimeoutException" -> 408;
      case "ThrottlingException", "TooManyRequestsException" -> 429;
      case "ServiceQuotaExceededException" -> 429;
      case "ModelErrorException" -> 424;
      case "InternalServerException", "InternalFailure", "ModelStreamErrorException" -> 500;
      case "ServiceUnavailableException", "ModelNotReadyException" -> 503;
      default -> status;
    };
  }

  private static Hint hint(@Nullable String type, String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if ("ServiceUnavailableException".equals(type) || "ModelNotReadyException".equals(type)) {
      return Hint.OVERLOADED;
    }
    if ("ServiceQuotaExceededException".equals(type)) {
      return Hint.QUOTA;
    }
    if ("ValidationException".equals(type) && ((m.contains("too long")
        && (m.contains("input") || m.contains("prompt"))) || m.contains("context window")
        || m.contains("context length") || m.contains("maximum context"))) {
      return Hint.CONTEXT_LENGTH;
    }
    return Hint.NONE;
  }
}
