package io.vectornode.testing;

import io.vectornode.ContentPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replies in the Gemini {@code generateContent} wire format, as documented in Google's API
 * reference and recorded from the live API: {@code GenerateContentResponse} bodies with
 * candidates, parts and {@code usageMetadata}; {@code alt=sse} streams of whole responses (no end
 * marker, the last chunk carries {@code finishReason}); and {@code google.rpc.Status} error
 * bodies with {@code RetryInfo} and {@code QuotaFailure} details.
 */
public final class GeminiStubs {
  /** The model version the stubs report. */
  public static final String MODEL = "gemini-2.5-flash";
  /** The response id the stubs report. */
  public static final String ID = "D786aP7RFa-R1PIPn56f8QM";

  private GeminiStubs() {}

  /**
   * A text response with plain usage.
   *
   * @param text the text
   * @return the reply
   */
  public static StubReply response(String text) {
    return response(text, 9, Math.max(1, text.split("\\s+").length), 0, 0);
  }

  /**
   * A text response with the given usage, in Gemini's terms.
   *
   * @param text the text
   * @param prompt {@code promptTokenCount} (cached content included)
   * @param candidates {@code candidatesTokenCount}
   * @param cached {@code cachedContentTokenCount}
   * @param thoughts {@code thoughtsTokenCount}
   * @return the reply
   */
  public static StubReply response(String text, long prompt, long candidates, long cached,
      long thoughts) {
    return responseWith("[{\"text\":" + Jsons.quote(text) + "}]", "STOP",
        usage(prompt, candidates, cached, thoughts));
  }

  /**
   * A response with function calls (Gemini finishes them with {@code STOP}).
   *
   * @param calls the calls; ids are sent when they do not start with {@code vn-}
   * @return the reply
   */
  public static StubReply functionCalls(ContentPart.ToolCall... calls) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < calls.length; i++) {
      sb.append(i == 0 ? "" : ",").append(functionCallPart(calls[i]));
    }
    return responseWith(sb.append(']').toString(), "STOP", usage(71, 19, 0, 0));
  }

  /**
   * One {@code functionCall} part.
   *
   * @param c the call
   * @return the part as JSON
   */
  public static String functionCallPart(ContentPart.ToolCall c) {
    return "{\"functionCall\":{\"name\":" + Jsons.quote(c.name()) + ",\"args\":" + c.arguments()
        + (c.id().startsWith("vn-") ? "" : ",\"id\":" + Jsons.quote(c.id())) + "}}";
  }

  /**
   * A response with any parts, finish reason and usage.
   *
   * @param partsJson the {@code parts} array
   * @param finishReason the {@code finishReason}, or null
   * @param usageJson the {@code usageMetadata}
   * @return the reply
   */
  public static StubReply responseWith(String partsJson, String finishReason, String usageJson) {
    return StubReply.json(200, chunkJson(partsJson, finishReason, usageJson));
  }

  /**
   * A {@code usageMetadata} object.
   *
   * @param prompt {@code promptTokenCount}
   * @param candidates {@code candidatesTokenCount}
   * @param cached {@code cachedContentTokenCount}
   * @param thoughts {@code thoughtsTokenCount}
   * @return the JSON
   */
  public static String usage(long prompt, long candidates, long cached, long thoughts) {
    return "{\"promptTokenCount\":" + prompt + ",\"candidatesTokenCount\":" + candidates
        + ",\"totalTokenCount\":" + (prompt + candidates + thoughts)
        + (cached > 0 ? ",\"cachedContentTokenCount\":" + cached : "")
        + ",\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":" + prompt + "}]"
        + (thoughts > 0 ? ",\"thoughtsTokenCount\":" + thoughts : "") + "}";
  }

  /**
   * A streamed text response: one chunk per piece with running usage, the last with
   * {@code finishReason: STOP}.
   *
   * @param deltas the text pieces
   * @return the reply
   */
  public static StubReply stream(String... deltas) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < deltas.length; i++) {
      events.add(chunk("[{\"text\":" + Jsons.quote(deltas[i]) + "}]",
          i == deltas.length - 1 ? "STOP" : null, usage(9, i + 1, 0, 0)));
    }
    return StubReply.sse(events);
  }

  /**
   * One stream event.
   *
   * @param partsJson the {@code parts} array
   * @param finishReason the {@code finishReason}, or null
   * @param usageJson the {@code usageMetadata}, or null
   * @return the event text
   */
  public static String chunk(String partsJson, String finishReason, String usageJson) {
    return "data: " + chunkJson(partsJson, finishReason, usageJson);
  }

  private static String chunkJson(String partsJson, String finishReason, String usageJson) {
    return "{\"candidates\":[{\"content\":{\"parts\":" + partsJson + ",\"role\":\"model\"}"
        + (finishReason == null ? "" : ",\"finishReason\":" + Jsons.quote(finishReason))
        + ",\"index\":0}]" + (usageJson == null ? "" : ",\"usageMetadata\":" + usageJson)
        + ",\"modelVersion\":\"" + MODEL + "\",\"responseId\":\"" + ID + "\"}";
  }

  /**
   * A 200 whose prompt was blocked: no candidates, {@code promptFeedback.blockReason}.
   *
   * @param reason the block reason, for example {@code SAFETY}
   * @return the reply
   */
  public static StubReply blocked(String reason) {
    return StubReply.json(200, "{\"promptFeedback\":{\"blockReason\":" + Jsons.quote(reason)
        + ",\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\","
        + "\"probability\":\"HIGH\"}]},\"usageMetadata\":" + usage(12, 0, 0, 0)
        + ",\"modelVersion\":\"" + MODEL + "\"}");
  }

  /**
   * An error reply: {@code {"error":{"code","message","status","details"}}}.
   *
   * @param code the HTTP status
   * @param status the RPC status, for example {@code INVALID_ARGUMENT}
   * @param message the message
   * @param detailsJson the {@code details} array, or null
   * @return the reply
   */
  public static StubReply error(int code, String status, String message, String detailsJson) {
    return StubReply.json(code, "{\n  \"error\": {\n    \"code\": " + code
        + ",\n    \"message\": " + Jsons.quote(message) + ",\n    \"status\": \"" + status + "\""
        + (detailsJson == null ? "" : ",\n    \"details\": " + detailsJson) + "\n  }\n}\n");
  }

  /**
   * A 429 {@code RESOURCE_EXHAUSTED} with a {@code RetryInfo} delay and a per-minute quota.
   *
   * @param retryDelay the delay
   * @return the reply
   */
  public static StubReply rateLimited(Duration retryDelay) {
    return error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your"
        + " plan and billing details.", "[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
        + "\"violations\":[{\"quotaMetric\":\"generativelanguage.googleapis.com/"
        + "generate_content_free_tier_requests\",\"quotaId\":"
        + "\"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\"}]},"
        + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\""
        + retryDelay.toSeconds() + "s\"}]");
  }
}
