package io.vectornode.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The stub's responses, shaped like the real APIs' (field for field, as recorded from the live
 * APIs), pre-encoded once.
 */
final class Payloads {
  /** Deltas per streamed answer. */
  static final int STREAM_DELTAS = 100;

  private Payloads() {}

  /** The cap every contestant's request sets ({@code max_tokens}). */
  static final int MAX_TOKENS = 100;

  /**
   * The completion tokens the stub reports: about one per four characters, but never above the
   * request's cap, as a real server that honours {@code max_tokens} would (the router checks
   * reported usage against the cap and reports more as an anomaly, a path no real call takes).
   */
  private static int tokens(int contentChars) {
    return Math.min(contentChars / 4, MAX_TOKENS);
  }

  static String chatCompletion(int contentChars) {
    StringBuilder content = new StringBuilder(contentChars);
    String words = "The quick brown fox jumps over the lazy dog while the router picks a model. ";
    while (content.length() < contentChars) {
      content.append(words);
    }
    content.setLength(contentChars);
    return "{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion\","
        + "\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\",\"refusal\":null,"
        + "\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{"
        + "\"prompt_tokens\":19,\"completion_tokens\":" + tokens(contentChars)
        + ",\"total_tokens\":" + (19 + tokens(contentChars))
        + ",\"prompt_tokens_details\":{\"cached_tokens\":0,"
        + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,"
        + "\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}";
  }

  static String chunk(String delta, String finish) {
    return "data: {\"id\":\"chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0\",\"object\":"
        + "\"chat.completion.chunk\",\"created\":1770933892,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_de604bd877\",\"choices\":[{"
        + "\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"") + "}],\"usage\":null,"
        + "\"obfuscation\":\"yhjoJbEF\"}\n\n";
  }

  static String openAiStream() {
    StringBuilder sb = new StringBuilder();
    sb.append(chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
    for (int i = 0; i < STREAM_DELTAS; i++) {
      sb.append(chunk("{\"content\":\" token" + i + "\"}", null));
    }
    sb.append(chunk("{}", "stop"));
    sb.append("data: {\"id\":\"chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0\",\"object\":"
        + "\"chat.completion.chunk\",\"created\":1770933892,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"choices\":[],\"usage\":{\"prompt_tokens\":16,\"completion_tokens\":" + STREAM_DELTAS
        + ",\"total_tokens\":" + (16 + STREAM_DELTAS) + ",\"prompt_tokens_details\":{"
        + "\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{"
        + "\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
        + "\"rejected_prediction_tokens\":0}}}\n\n");
    sb.append("data: [DONE]\n\n");
    return sb.toString();
  }

  static String anthropicStream() {
    StringBuilder sb = new StringBuilder();
    sb.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":"
        + "\"claude-sonnet-4-5-20250929\",\"id\":\"msg_01QC4g3HwBThD4BaNtBckFDJ\",\"type\":"
        + "\"message\",\"role\":\"assistant\",\"content\":[],\"stop_reason\":null,"
        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":0,\"output_tokens\":1,\"service_tier\":\"standard\"}}}\n\n");
    sb.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    sb.append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    for (int i = 0; i < STREAM_DELTAS; i++) {
      sb.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\" token" + i + "\"}}\n\n");
    }
    sb.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    sb.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
        + "\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + STREAM_DELTAS
        + "}}\n\n");
    sb.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return sb.toString();
  }

  static byte[] response(String contentType, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: "
        + b.length + "\r\nx-request-id: req_bench\r\nConnection: keep-alive\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + b.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(b, 0, all, h.length, b.length);
    return all;
  }
}
