package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.error.ProviderException;
import io.vectornode.spi.AbstractChatStream;
import java.time.Clock;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** The OpenAI Chat Completions wire format, for OpenAI and every compatible server. */
final class OpenAiWire implements WireFormat {
  private static final MediaType JSON = MediaType.get("application/json");
  static final String USER_AGENT = "vectornode/0.1";

  private final OpenAiSettings settings;
  private final Redactor redactor;
  private final Clock clock;

  /**
   * Creates the format.
   *
   * @param settings the dialect
   * @param redactor removes the instance's secrets from provider text
   * @param clock the wall clock (for Retry-After dates)
   */
  public OpenAiWire(OpenAiSettings settings, Redactor redactor, Clock clock) {
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
        .url(settings.url(model))
        .header("User-Agent", USER_AGENT)
        .header("Accept", stream ? "text/event-stream" : "application/json")
        .post(RequestBody.create(OpenAiRequestWriter.write(request, model, stream, settings),
            JSON));
    if (settings.apiKey() != null) {
      String key = settings.apiKey().reveal();
      b.header(settings.authHeader(), settings.bearer() ? "Bearer " + key : key);
    }
    settings.headers().forEach(b::header);
    return b.build();
  }

  @Override
  public ChatResponse read(JsonParser body, Request request, String model,
      Headers headers, Supplier<Duration> latency) throws IOException {
    return OpenAiResponses.read(body, settings, model, headers, latency, redactor);
  }

  @Override
  public ProviderException error(int status, Headers headers, String body) {
    return OpenAiErrors.error(settings, status, headers, body, clock, redactor);
  }

  @Override
  public AbstractChatStream stream(StreamContext context) {
    return new OpenAiStream(settings, context);
  }
}
