package io.vectornode.providers.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Usage;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ProviderError;
import io.vectornode.error.ProviderException;
import io.vectornode.providers.wire.ProviderErrors.Hint;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Reads Gemini responses (whole or one stream chunk at a time), usage and errors. */
final class GeminiResponses {
  private static final AtomicLong IDS = new AtomicLong();

  private GeminiResponses() {}

  /** Receives the parts of a response or chunk, in order. */
  interface PartSink {
    void text(String text);

    void thought(String text, @Nullable String signature);

    /** A signature attached to the next part (or to the end of the message). */
    void signature(String signature);

    void functionCall(ContentPart.ToolCall call);
  }

  /** Feeds a candidate's parts to a sink. */
  static void parts(@Nullable JsonNode candidate, PartSink sink) {
    JsonNode parts = candidate == null ? null : candidate.path("content").get("parts");
    if (parts == null || !parts.isArray()) {
      return;
    }
    for (JsonNode part : parts) {
      String signature = Json.text(part, "thoughtSignature");
      if (part.path("thought").asBoolean(false)) {
        sink.thought(String.valueOf(Json.text(part, "text")), signature);
        continue;
      }
      if (signature != null) {
        sink.signature(signature);
      }
      JsonNode fc = part.get("functionCall");
      if (fc != null && fc.isObject()) {
        String id = Json.text(fc, "id");
        JsonNode args = fc.get("args");
        sink.functionCall(new ContentPart.ToolCall(
            id == null || id.isEmpty()
                ? GeminiRequestWriter.SYNTHETIC_ID + IDS.incrementAndGet() : id,
            java.util.Objects.toString(Json.text(fc, "name"), ""), // blank: refused, typed
            args == null || args.isNull() ? "{}" : args.toString()));
        continue;
      }
      String text = Json.text(part, "text");
      if (text != null && !text.isEmpty()) {
        sink.text(text);
      }
    }
  }

  /**
   * Normalizes usage: {@code promptTokenCount} already counts cached content; output is
   * {@code candidatesTokenCount + thoughtsTokenCount}, with thoughts as reasoning.
   */
  static Usage usage(String provider, @Nullable JsonNode u) {
    if (u == null || !u.isObject()) {
      return Usage.ZERO;
    }
    long prompt = Counts.of(provider, u, "promptTokenCount");
    long cached = Math.min(prompt, Counts.of(provider, u, "cachedContentTokenCount"));
    long thoughts = Counts.of(provider, u, "thoughtsTokenCount");
    long candidates = Counts.of(provider, u, "candidatesTokenCount");
    return new Usage(prompt, candidates + thoughts, cached, 0, thoughts);
  }

  /** Whether a finish reason means a safety or policy stop. */
  static boolean filtered(@Nullable String reason) {
    return reason != null && switch (reason) {
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
          "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> true;
      default -> false;
    };
  }

  static FinishReason finishReason(@Nullable String raw, boolean hasToolCalls) {
    if (raw == null || raw.equals("STOP")) {
      return hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }
    if (raw.equals("MAX_TOKENS")) {
      return FinishReason.LENGTH;
    }
    return filtered(raw) ? FinishReason.CONTENT_FILTER : FinishReason.OTHER;
  }

  /** The exception for a blocked prompt ({@code promptFeedback.blockReason}), or null. */
  static @Nullable ContentFilteredException blockedPrompt(JsonNode root, String provider,
      Redactor redactor) {
    String block = Json.text(root.get("promptFeedback"), "blockReason");
    if (block == null) {
      return null;
    }
    return new ContentFilteredException(redactor.error(new ProviderError(provider, 200, block,
        "the prompt was blocked (" + block + ")", null, false, null, Map.of())), null);
  }

  static ContentFilteredException filteredCompletion(String provider, String reason,
      String partial, Redactor redactor) {
    return new ContentFilteredException(redactor.error(new ProviderError(provider, 200, reason,
        "the completion was stopped by a safety filter (" + reason + ")", null, false, null,
        Map.of())), partial);
  }

  static ProviderException error(String provider, int status, Headers headers, String body,
      Clock clock, Redactor redactor) {
    JsonNode root = ProviderErrors.json(body);
    JsonNode err = root == null ? null : root.get("error");
    if (err != null && err.isArray() && !err.isEmpty()) {
      err = err.get(0); // some proxies wrap the error in an array
    }
    String message = ProviderErrors.messageOrBody(Json.text(err, "message"), body, status,
        redactor);
    return build(provider, status, err, message,
        ProviderErrors.retryAfter(headers, clock), ProviderErrors.keptHeaders(headers),
        ProviderErrors.shouldRetry(headers), status, redactor);
  }

  static ProviderException streamError(String provider, JsonNode err, Map<String, String> headers,
      Redactor redactor) {
    int code = err.path("code").asInt(500);
    return build(provider, 0, err,
        String.valueOf(Json.text(err, "message")), null, headers, null, code,
        redactor);
  }

  private static ProviderException build(String provider, int status, @Nullable JsonNode err,
      String message, @Nullable Duration headerRetry, Map<String, String> headers,
      @Nullable Boolean should, int classifyAs, Redactor redactor) {
    String rpcStatus = Json.text(err, "status");
    Duration retryAfter = headerRetry;
    boolean quota = false;
    boolean keyInvalid = false;
    JsonNode details = err == null ? null : err.get("details");
    if (details != null && details.isArray()) {
      for (JsonNode d : details) {
        String type = String.valueOf(Json.text(d, "@type"));
        if (type.endsWith("RetryInfo") && retryAfter == null) {
          retryAfter = protoDuration(Json.text(d, "retryDelay"));
        } else if (type.endsWith("QuotaFailure")) {
          for (JsonNode v : d.path("violations")) {
            quota |= String.valueOf(Json.text(v, "quotaId")).contains("PerDay");
          }
        } else if (type.endsWith("ErrorInfo")) {
          keyInvalid |= "API_KEY_INVALID".equals(Json.text(d, "reason"));
        }
      }
    }
    int s = classifyAs;
    if (keyInvalid) {
      s = 401;
    } else if (rpcStatus != null) {
      s = switch (rpcStatus) {
        case "UNAUTHENTICATED" -> 401;
        case "PERMISSION_DENIED" -> 403;
        case "NOT_FOUND" -> 404;
        case "RESOURCE_EXHAUSTED" -> 429;
        case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> 400;
        case "UNAVAILABLE" -> 503;
        case "DEADLINE_EXCEEDED" -> 504;
        case "INTERNAL", "UNKNOWN" -> 500;
        default -> s;
      };
    }
    boolean retryable = should != null ? should : ProviderErrors.retryableStatus(s);
    ProviderError e = new ProviderError(provider, status, rpcStatus, message, null, retryable,
        retryAfter, headers);
    String m = message.toLowerCase(Locale.ROOT);
    Hint hint = quota ? Hint.QUOTA
        : s == 400 && m.contains("token") && (m.contains("exceeds the maximum")
            || m.contains("too long")) ? Hint.CONTEXT_LENGTH : Hint.NONE;
    return ProviderErrors.exception(e, hint, s, redactor);
  }

  /** Parses a protobuf Duration in JSON form, such as {@code "32s"} or {@code "1.5s"}. */
  static @Nullable Duration protoDuration(@Nullable String v) {
    if (v == null || !v.endsWith("s")) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(v.substring(0, v.length() - 1));
      return seconds < 0 ? Duration.ZERO : Duration.ofMillis((long) (seconds * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static List<ContentPart> withTextIfEmpty(List<ContentPart> parts) {
    if (parts.stream().noneMatch(p -> p instanceof ContentPart.Text
        || p instanceof ContentPart.ToolCall)) {
      parts.add(new ContentPart.Text(""));
    }
    return parts;
  }
}
