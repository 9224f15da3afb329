package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.error.ProviderException;
import io.vectornode.spi.AbstractChatStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** The Anthropic Messages wire format. */
final class AnthropicWire implements WireFormat {
  private static final MediaType JSON = MediaType.get("application/json");

  private final AnthropicSettings settings;
  private final Redactor redactor;
  private final Clock clock;

  /**
   * Creates the format.
   *
   * @param settings the instance's settings
   * @param redactor removes the instance's secrets from provider text
   * @param clock the wall clock (for Retry-After dates)
   */
  public AnthropicWire(AnthropicSettings settings, Redactor redactor, Clock clock) {
    this.settings = settings;
    this.redactor = redactor;
    this.clock = clock;
  }

  @Override
  public String provider() {
    return settings.provider();
  }

  @Override
  public Request httpRequest(ChatRequest request, String model, boolean stream) {
    Request.Builder b = new Request.Builder()
        .url(settings.messagesUrl())
        .header("x-api-key", settings.apiKey().reveal())
        .header("anthropic-version", settings.version())
        .header("User-Agent", "vectornode/0.1")
        .header("Accept", stream ? "text/event-stream" : "application/json")
        .post(RequestBody.create(
            AnthropicRequestWriter.write(request, model, stream, settings), JSON));
    settings.headers().forEach(b::header);
    String jsonTool = AnthropicRequestWriter.jsonTool(request);
    if (jsonTool != null) {
      b.tag(JsonTool.class, new JsonTool(jsonTool));
    }
    return b.build();
  }

  /** Carried on the HTTP request as an OkHttp tag, read back with the response. */
  record JsonTool(String name) {}

  /** What {@link AnthropicResponses#parse} reads; anything else is skipped unread. */
  private static final Shape SHAPE = Shape.of("id", "model", "type", "stop_reason", "usage",
      "content", Shape.of("type", "text", "id", "name", "input", "thinking", "signature", "data"));

  @Override
  public ChatResponse read(JsonParser body, Request request, String model,
      Headers headers, Supplier<Duration> latency) throws IOException {
    JsonNode root = SHAPE.read(body);
    JsonTool tool = request.tag(JsonTool.class);
    return AnthropicResponses.parse(root, settings.provider(), model,
        tool == null ? null : tool.name(), latency.get(), redactor);
  }

  @Override
  public ProviderException error(int status, Headers headers, String body) {
    return AnthropicResponses.error(settings.provider(), status, headers, body, clock, redactor);
  }

  @Override
  public AbstractChatStream stream(StreamContext context) {
    JsonTool tool = context.call().request().tag(JsonTool.class);
    return new AnthropicStream(context, tool == null ? null : tool.name());
  }
}
