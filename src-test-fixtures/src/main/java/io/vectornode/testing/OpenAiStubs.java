package io.vectornode.testing;

import io.vectornode.ContentPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replies in the OpenAI Chat Completions wire format, as documented in OpenAI's API reference
 * and recorded from the live API: {@code chat.completion} bodies, {@code chat.completion.chunk}
 * SSE streams with a usage chunk and {@code [DONE]}, and error bodies with OpenAI's headers.
 */
public final class OpenAiStubs {
  /** The model name the stubs report. */
  public static final String MODEL = "gpt-4o-mini-2024-07-18";
  private static final String ID = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT";

  private OpenAiStubs() {}

  /**
   * A plain text completion with usage {@code prompt_tokens=12}, {@code completion_tokens=} the
   * number of words.
   *
   * @param text the assistant's text
   * @return the reply
   */
  public static StubReply chat(String text) {
    return chat(text, 12, Math.max(1, text.split("\\s+").length), 0, 0);
  }

  /**
   * A plain text completion with the given usage.
   *
   * @param text the assistant's text
   * @param promptTokens {@code prompt_tokens}
   * @param completionTokens {@code completion_tokens}
   * @param cachedTokens {@code prompt_tokens_details.cached_tokens}
   * @param reasoningTokens {@code completion_tokens_details.reasoning_tokens}
   * @return the reply
   */
  public static StubReply chat(
      String text, long promptTokens, long completionTokens, long cachedTokens,
      long reasoningTokens) {
    String message = "{\"role\":\"assistant\",\"content\":" + Jsons.quote(text)
        + ",\"refusal\":null,\"annotations\":[]}";
    return completion(message, "stop",
        usage(promptTokens, completionTokens, cachedTokens, reasoningTokens));
  }

  /**
   * A completion that asks for tool calls ({@code finish_reason: tool_calls}).
   *
   * @param calls the calls
   * @return the reply
   */
  public static StubReply toolCalls(ContentPart.ToolCall... calls) {
    StringBuilder sb = new StringBuilder("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[");
    for (int i = 0; i < calls.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"id\":").append(Jsons.quote(calls[i].id()))
          .append(",\"type\":\"function\",\"function\":{\"name\":")
          .append(Jsons.quote(calls[i].name())).append(",\"arguments\":")
          .append(Jsons.quote(calls[i].arguments())).append("}}");
    }
    sb.append("],\"refusal\":null,\"annotations\":[]}");
    return completion(sb.toString(), "tool_calls", usage(82, 17 * calls.length, 0, 0));
  }

  /**
   * A completion with any message object and finish reason.
   *
   * @param messageJson the {@code message} object as JSON
   * @param finishReason the {@code finish_reason}, or null
   * @param usageJson the {@code usage} object as JSON, or null to omit it
   * @return the reply
   */
  public static StubReply completion(String messageJson, String finishReason, String usageJson) {
    String body = "{\"id\":\"" + ID + "\",\"object\":\"chat.completion\",\"created\":1741569952,"
        + "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"message\":" + messageJson
        + ",\"logprobs\":null,\"finish_reason\":"
        + (finishReason == null ? "null" : Jsons.quote(finishReason)) + "}]"
        + (usageJson == null ? "" : ",\"usage\":" + usageJson)
        + ",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}";
    return withOpenAiHeaders(StubReply.json(200, body));
  }

  /**
   * A {@code usage} object as OpenAI sends it.
   *
   * @param prompt prompt tokens
   * @param completion completion tokens (reasoning included)
   * @param cached cached prompt tokens
   * @param reasoning reasoning tokens
   * @return the JSON
   */
  public static String usage(long prompt, long completion, long cached, long reasoning) {
    return "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
        + ",\"total_tokens\":" + (prompt + completion)
        + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + ",\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":" + reasoning
        + ",\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
        + "\"rejected_prediction_tokens\":0}}";
  }

  /**
   * A streamed text completion: a role chunk, one chunk per delta, a {@code finish_reason: stop}
   * chunk, a usage chunk (as with {@code stream_options.include_usage}) and {@code [DONE]}.
   *
   * @param deltas the text pieces
   * @return the reply
   */
  public static StubReply stream(String... deltas) {
    List<String> events = new ArrayList<>();
    events.add(chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
    for (String d : deltas) {
      events.add(chunk("{\"content\":" + Jsons.quote(d) + "}", null));
    }
    events.add(chunk("{}", "stop"));
    events.add(usageChunk(usage(12, deltas.length, 0, 0)));
    events.add(done());
    return withOpenAiHeaders(StubReply.sse(events));
  }

  /**
   * One {@code data:} event of a {@code chat.completion.chunk} with a single choice.
   *
   * @param deltaJson the {@code delta} object as JSON
   * @param finishReason the {@code finish_reason}, or null
   * @return the event text
   */
  public static String chunk(String deltaJson, String finishReason) {
    return "data: {\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1741569952,\"model\":\"" + MODEL + "\",\"service_tier\":\"default\","
        + "\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,\"delta\":"
        + deltaJson + ",\"logprobs\":null,\"finish_reason\":"
        + (finishReason == null ? "null" : Jsons.quote(finishReason)) + "}],\"usage\":null}";
  }

  /**
   * A tool-call delta event.
   *
   * @param index the call's index
   * @param id the call id on its first fragment, else null
   * @param name the function name on its first fragment, else null
   * @param arguments the arguments fragment
   * @return the event text
   */
  public static String toolCallChunk(int index, String id, String name, String arguments) {
    StringBuilder sb = new StringBuilder("{\"tool_calls\":[{\"index\":").append(index);
    if (id != null) {
      sb.append(",\"id\":").append(Jsons.quote(id)).append(",\"type\":\"function\"");
    }
    sb.append(",\"function\":{");
    if (name != null) {
      sb.append("\"name\":").append(Jsons.quote(name)).append(',');
    }
    sb.append("\"arguments\":").append(Jsons.quote(arguments)).append("}}]}");
    return chunk(sb.toString(), null);
  }

  /**
   * The final usage chunk: no choices, only {@code usage}.
   *
   * @param usageJson the usage object
   * @return the event text
   */
  public static String usageChunk(String usageJson) {
    return "data: {\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1741569952,\"model\":\"" + MODEL + "\",\"service_tier\":\"default\","
        + "\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[],\"usage\":" + usageJson + "}";
  }

  /** @return the {@code data: [DONE]} terminator */
  public static String done() {
    return "data: [DONE]";
  }

  /**
   * An error reply with OpenAI's body shape: {@code {"error":{"message","type","param","code"}}}.
   *
   * @param status the HTTP status
   * @param type the error type, for example {@code invalid_request_error}
   * @param code the error code, or null
   * @param message the message
   * @return the reply
   */
  public static StubReply error(int status, String type, String code, String message) {
    String body = "{\n  \"error\": {\n    \"message\": " + Jsons.quote(message)
        + ",\n    \"type\": " + Jsons.quote(type) + ",\n    \"param\": null,\n    \"code\": "
        + (code == null ? "null" : Jsons.quote(code)) + "\n  }\n}\n";
    return withOpenAiHeaders(StubReply.json(status, body));
  }

  /**
   * A 429 rate-limit reply with {@code retry-after}, {@code retry-after-ms} and the {@code
   * x-ratelimit-*} headers OpenAI sends.
   *
   * @param retryAfter the wait asked for
   * @return the reply
   */
  public static StubReply rateLimited(Duration retryAfter) {
    return error(429, "requests", "rate_limit_exceeded",
        "Rate limit reached for gpt-4o-mini in organization org-stub on requests per min (RPM):"
            + " Limit 3, Used 3, Requested 1. Please try again in 20s.")
        .header("retry-after", Long.toString(Math.max(1, retryAfter.toSeconds())))
        .header("retry-after-ms", Long.toString(retryAfter.toMillis()))
        .header("x-ratelimit-limit-requests", "3")
        .header("x-ratelimit-remaining-requests", "0")
        .header("x-ratelimit-reset-requests", "20s")
        .header("x-ratelimit-limit-tokens", "150000")
        .header("x-ratelimit-remaining-tokens", "149984")
        .header("x-ratelimit-reset-tokens", "6ms");
  }

  private static StubReply withOpenAiHeaders(StubReply reply) {
    return reply.header("x-request-id", "req_stub_7b3b3c1e2a")
        .header("openai-processing-ms", "321")
        .header("openai-version", "2020-10-01");
  }
}
