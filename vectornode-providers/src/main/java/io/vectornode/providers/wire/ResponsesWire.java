package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
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

/**
 * OpenAI's Responses API ({@code POST /responses}): the request is {@link
 * ResponsesRequestWriter}'s, answers are read by {@link ResponsesReader} and {@link
 * ResponsesStream}; HTTP errors have the Chat Completions shape ({@link OpenAiErrors}).
 */
final class ResponsesWire implements WireFormat {
  private static final MediaType JSON = MediaType.get("application/json");

  private final ResponsesSettings settings;
  private final Redactor redactor;
  private final Clock clock;

  ResponsesWire(ResponsesSettings settings, Redactor redactor, Clock clock) {
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
    OpenAiSettings base = settings.base();
    Request.Builder b = new Request.Builder()
        .url(settings.url())
        .header("User-Agent", OpenAiWire.USER_AGENT)
        .header("Accept", stream ? "text/event-stream" : "application/json")
        .post(RequestBody.create(ResponsesRequestWriter.write(request, model, stream, settings),
            JSON));
    if (base.apiKey() != null) {
      String key = base.apiKey().reveal();
      b.header(base.authHeader(), base.bearer() ? "Bearer " + key : key);
    }
    base.headers().forEach(b::header);
    return b.build();
  }

  @Override
  public ChatResponse read(JsonParser body, Request request, String model, Headers headers,
      Supplier<Duration> latency) throws IOException {
    return ResponsesReader.read(body, settings.provider(), model, headers, latency, redactor);
  }

  @Override
  public ProviderException error(int status, Headers headers, String body) {
    return OpenAiErrors.error(settings.base(), status, headers, body, clock, redactor);
  }

  @Override
  public AbstractChatStream stream(StreamContext context) {
    return new ResponsesStream(settings.provider(), context);
  }
}
