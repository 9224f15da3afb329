package io.vectornode.providers.hostile;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The provider types a hostile server is aimed at, each with what differs between their wire
 * formats: how a base URL is given, what an error and a stream look like.
 */
final class Targets {
  /** A canary key: must never leave for another host nor appear anywhere. */
  static final String KEY = "sk-canary-HOSTILE-1f0e3dad99908345f7439f8ffabdffc4";
  /** A configured header value, documented as secret. */
  static final String HEADER = "hdr-canary-HOSTILE-c4ca4238a0b923820dcc509a6f75849b";

  /**
   * One provider type. Its wire format is the switches' by {@link #type}, the Gemini one for a
   * type they do not name ({@code vertex-ai} with a Gemini model).
   */
  record Target(String type, boolean rootUrl, String sseText, String sseEnd, String errorJson,
      String model, Map<String, String> options) {
    Target(String type, boolean rootUrl, String sseText, String sseEnd, String errorJson) {
      this(type, rootUrl, sseText, sseEnd, errorJson, "m", Map.of());
    }

    ModelClient client(ProviderContext context, String rootUrl, String baseUrl,
        UnaryOperator<ProviderConfig.Builder> more) {
      ProviderConfig.Builder b = ProviderConfig.builder(type).apiKey(KEY)
          .baseUrl(this.rootUrl ? rootUrl : baseUrl).header("X-Gateway-Token", HEADER)
          .defaultModel(model);
      options.forEach(b::option);
      return ProviderRegistry.load().create(more.apply(b).build(), context);
    }

    @Override
    public String toString() {
      return type;
    }
  }

  static final Target OPENAI = new Target("openai", false,
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n",
      "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: [DONE]\n\n",
      "{\"error\":{\"message\":\"%s\",\"type\":\"server_error\",\"code\":null}}");
  static final Target ANTHROPIC = new Target("anthropic", true,
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
          + "\"model\":\"m\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
          + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
          + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
          + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n",
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
          + "\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n"
          + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
      "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"%s\"}}");
  static final Target GEMINI = new Target("gemini", true,
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}],\"role\":\"model\"}}]}"
          + "\n\n",
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"!\"}],\"role\":\"model\"},"
          + "\"finishReason\":\"STOP\"}]}\n\n",
      "{\"error\":{\"code\":500,\"message\":\"%s\",\"status\":\"INTERNAL\"}}");

  /** Gemini on Vertex AI: Gemini's format, a bearer token (the key as a static token). */
  static final Target VERTEX_GEMINI = new Target("vertex-ai", true, GEMINI.sseText(),
      GEMINI.sseEnd(), GEMINI.errorJson(), "gemini-2.5-flash",
      Map.of("project", "p-1", "location", "us-central1"));

  static final List<Target> ALL = List.of(OPENAI, ANTHROPIC, GEMINI, VERTEX_GEMINI);

  private Targets() {}

  static ChatRequest request() {
    return ChatRequest.builder().user("hello").build();
  }

  /** Calls, streaming or not, and returns the text; throws what the client throws. */
  static String call(ModelClient client, boolean stream) {
    if (!stream) {
      ChatResponse r = client.chat(request());
      return r.text();
    }
    try (var s = client.stream(request())) {
      StringBuilder sb = new StringBuilder();
      for (StreamEvent e : s) {
        if (e instanceof StreamEvent.TextDelta t) {
          sb.append(t.text());
        }
      }
      return sb.toString();
    }
  }
}
