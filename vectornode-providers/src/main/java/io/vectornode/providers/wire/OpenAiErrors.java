package io.vectornode.providers.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ProviderError;
import io.vectornode.error.ProviderException;
import io.vectornode.providers.wire.ProviderErrors.Hint;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Maps Chat Completions errors: error statuses, error objects inside a stream, filtered output. */
final class OpenAiErrors {
  private OpenAiErrors() {}

  /** The exception for a completion the server's content filter stopped. */
  static ContentFilteredException contentFiltered(
      String provider, Map<String, String> headers, @Nullable String partial,
      Redactor redactor) {
    return new ContentFilteredException(
        redactor.error(new ProviderError(provider, 200, "content_filter",
            "the provider's content filter stopped the completion", headers.get("x-request-id"),
            false, null, headers)),
        partial);
  }

  /** Maps an error status and body. */
  static ProviderException error(
      OpenAiSettings s, int status, Headers headers, String body, Clock clock, Redactor redactor) {
    JsonNode root = ProviderErrors.json(body);
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
    message = ProviderErrors.messageOrBody(message, body, status, redactor);
    Map<String, String> kept = ProviderErrors.keptHeaders(headers);
    boolean retryable = ProviderErrors.retryableStatus(status);
    Boolean should = ProviderErrors.shouldRetry(headers);
    if (should != null) {
      retryable = should;
    }
    ProviderError e = new ProviderError(
        s.provider(), status, code != null ? code : type, message, headers.get("x-request-id"),
        retryable, ProviderErrors.retryAfter(headers, clock), kept);
    return ProviderErrors.exception(e, hint(status, code, type, message), redactor);
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
    String text = message == null ? "error event in stream" : message;
    ProviderError e = new ProviderError(
        s.provider(), 0, code != null ? code : type, text, headers.get("x-request-id"),
        ProviderErrors.retryableStatus(classifyAs), null, headers);
    return ProviderErrors.exception(e, hint(classifyAs, code, type, text), classifyAs,
        redactor);
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
