package io.vectornode.examples.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vectornode.examples.cli.TourServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The replies the tour scripts, written as OpenAI, Anthropic and Gemini document their wire
 * formats (the same shapes as the test fixtures' {@code *Stubs}, which the product jar does not
 * carry): bodies, an SSE stream, error bodies and the headers the tour shows.
 */
final class TourReplies {
  static final String OPENAI_MODEL = "gpt-4o-mini-2024-07-18";
  static final String ANTHROPIC_MODEL = "claude-sonnet-4-5-20250929";
  static final String GEMINI_MODEL = "gemini-2.5-flash";
  private static final String OPENAI_ID = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT";

  private TourReplies() {}

  /** An OpenAI text completion whose usage counts 12 prompt tokens and one token per word. */
  static Reply openAiChat(String text) {
    return openAiChat(text, 12, Math.max(1, text.split("\\s+").length));
  }

  /** An OpenAI text completion with the given usage. */
  static Reply openAiChat(String text, long promptTokens, long completionTokens) {
    return openAiCompletion("{\"role\":\"assistant\",\"content\":" + quote(text)
        + ",\"refusal\":null,\"annotations\":[]}", "stop",
        openAiUsage(promptTokens, completionTokens));
  }

  /** An OpenAI completion that asks for one function call. */
  static Reply openAiToolCall(String id, String name, String arguments) {
    return openAiCompletion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
        + quote(id) + ",\"type\":\"function\",\"function\":{\"name\":" + quote(name)
        + ",\"arguments\":" + quote(arguments) + "}}],\"refusal\":null,\"annotations\":[]}",
        "tool_calls", openAiUsage(82, 17));
  }

  /** An OpenAI stream: a role chunk, one chunk per delta, a stop chunk, usage, {@code [DONE]}. */
  static Reply openAiStream(String... deltas) {
    List<String> events = new ArrayList<>();
    events.add(openAiChunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
    for (String d : deltas) {
      events.add(openAiChunk("{\"content\":" + quote(d) + "}", null));
    }
    events.add(openAiChunk("{}", "stop"));
    events.add("data: {\"id\":\"" + OPENAI_ID + "\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1741569952,\"model\":\"" + OPENAI_MODEL + "\",\"choices\":[],"
        + "\"usage\":" + openAiUsage(12, deltas.length) + "}");
    events.add("data: [DONE]");
    return withOpenAiHeaders(Reply.sse(events));
  }

  /** An OpenAI error body: {@code {"error":{"message","type","param","code"}}}. */
  static Reply openAiError(int status, String type, @Nullable String code, String message) {
    return withOpenAiHeaders(Reply.json(status, "{\"error\":{\"message\":" + quote(message)
        + ",\"type\":" + quote(type) + ",\"param\":null,\"code\":"
        + (code == null ? "null" : quote(code)) + "}}"));
  }

  /** An OpenAI 429 with {@code retry-after}, {@code retry-after-ms} and rate-limit headers. */
  static Reply openAiRateLimited(Duration retryAfter) {
    return openAiError(429, "requests", "rate_limit_exceeded",
        "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3,"
            + " Requested 1. Please try again in 20s.")
        .header("retry-after", Long.toString(Math.max(1, retryAfter.toSeconds())))
        .header("retry-after-ms", Long.toString(retryAfter.toMillis()))
        .header("x-ratelimit-limit-requests", "3")
        .header("x-ratelimit-remaining-requests", "0")
        .header("x-ratelimit-reset-requests", "20s");
  }

  /** An Anthropic Messages reply with one text block and the given usage. */
  static Reply anthropicMessage(String text, long inputTokens, long outputTokens) {
    return Reply.json(200, "{\"id\":\"msg_01QC4g3HwBThD4BaNtBckFDJ\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"" + ANTHROPIC_MODEL + "\",\"content\":[{\"type\":"
        + "\"text\",\"text\":" + quote(text) + "}],\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens
        + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":"
        + outputTokens + ",\"service_tier\":\"standard\"}}")
        .header("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy");
  }

  /** A Gemini {@code generateContent} reply; {@code thoughts} count as output too. */
  static Reply geminiResponse(String text, long prompt, long candidates, long thoughts) {
    return Reply.json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + quote(text)
        + "}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{"
        + "\"promptTokenCount\":" + prompt + ",\"candidatesTokenCount\":" + candidates
        + ",\"totalTokenCount\":" + (prompt + candidates + thoughts) + ",\"thoughtsTokenCount\":"
        + thoughts + "},\"modelVersion\":\"" + GEMINI_MODEL + "\","
        + "\"responseId\":\"D786aP7RFa-R1PIPn56f8QM\"}");
  }

  private static Reply openAiCompletion(String message, String finishReason, String usage) {
    return withOpenAiHeaders(Reply.json(200, "{\"id\":\"" + OPENAI_ID + "\","
        + "\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"" + OPENAI_MODEL
        + "\",\"choices\":[{\"index\":0,\"message\":" + message + ",\"logprobs\":null,"
        + "\"finish_reason\":" + quote(finishReason) + "}],\"usage\":" + usage
        + ",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}"));
  }

  private static String openAiChunk(String delta, @Nullable String finishReason) {
    return "data: {\"id\":\"" + OPENAI_ID + "\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1741569952,\"model\":\"" + OPENAI_MODEL + "\",\"choices\":[{\"index\":0,"
        + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
        + (finishReason == null ? "null" : quote(finishReason)) + "}],\"usage\":null}";
  }

  private static String openAiUsage(long prompt, long completion) {
    return "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
        + ",\"total_tokens\":" + (prompt + completion)
        + ",\"prompt_tokens_details\":{\"cached_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}";
  }

  private static Reply withOpenAiHeaders(Reply reply) {
    return reply.header("x-request-id", "req_stub_7b3b3c1e2a")
        .header("openai-processing-ms", "321");
  }

  private static String quote(String s) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}
