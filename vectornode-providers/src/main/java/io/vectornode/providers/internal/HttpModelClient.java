package io.vectornode.providers.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.Ticker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ModelClient} over HTTP for any {@link WireFormat}: exactly one HTTP request per call
 * (retries are the router's job), typed errors, secrets redacted. Never logs keys, headers,
 * prompts or completions.
 */
public final class HttpModelClient implements ModelClient {
  private static final Logger LOG = LoggerFactory.getLogger(HttpModelClient.class);

  private final WireFormat wire;
  private final ProviderConfig config;
  private final OkHttpClient http;
  private final Redactor redactor;
  private final Ticker ticker;

  /**
   * Creates the client.
   *
   * @param wire the provider's wire format
   * @param config the instance's config (for the default model and redaction)
   * @param http the HTTP client, with the instance's timeouts
   * @param ticker the time source
   */
  public HttpModelClient(WireFormat wire, ProviderConfig config, OkHttpClient http,
      Ticker ticker) {
    this.wire = wire;
    this.config = config;
    this.http = http;
    this.redactor = Redactor.of(config);
    this.ticker = ticker;
  }

  private Call newCall(ChatRequest request, String model, boolean stream) {
    Call call = http.newCall(wire.httpRequest(request, model, stream));
    Duration timeout = request.timeout().orElse(null);
    if (timeout != null) {
      call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    return call;
  }

  private Response execute(Call call) {
    try {
      return call.execute();
    } catch (IOException e) {
      throw ProviderErrors.transport(wire.provider(), e, false, redactor);
    }
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    String model = config.modelFor(request);
    long start = ticker.read();
    LOG.debug("{}: chat model={}", wire.provider(), model);
    return handle(execute(newCall(request, model, false)), model, start);
  }

  private ChatResponse handle(Response response, String model, long start) {
    try (response) {
      if (!response.isSuccessful()) {
        String body;
        try {
          body = response.body().string();
        } catch (IOException e) {
          throw ProviderErrors.transport(wire.provider(), e, true, redactor);
        }
        throw wire.error(response.code(), response.headers(), body);
      }
      // Parsed straight from the connection's buffer, without a copy of the body. A body that
      // does not start like a JSON object is quoted instead (its start is still buffered).
      BufferedSource source = response.body().source();
      try {
        byte first = firstNonBlank(source);
        if (first != '{') {
          throw new ResponseParseException(wire.provider(), (first == '[' || first == '"'
              || first == '-' || (first >= '0' && first <= '9') || first == 't' || first == 'f'
              || first == 'n' || first == 0 ? "response is not a JSON object: "
              : "response is not JSON: ") + redactor.redact(snippet(source)), null);
        }
        try (JsonParser p = Json.FACTORY.createParser(source.inputStream())) {
          p.nextToken();
          return wire.read(p, response.request(), model,
              ProviderErrors.keptHeaders(response.headers()),
              () -> Duration.ofNanos(ticker.read() - start));
        }
      } catch (JsonProcessingException e) {
        throw new ResponseParseException(wire.provider(), "response is not JSON ("
            + redactor.redact(String.valueOf(e.getOriginalMessage())) + ")", null);
      } catch (IOException e) {
        throw ProviderErrors.transport(wire.provider(), e, true, redactor);
      }
    }
  }

  /** The first byte that is not JSON whitespace, left in the buffer; 0 for an empty body. */
  private static byte firstNonBlank(BufferedSource source) throws IOException {
    Buffer b = source.getBuffer();
    for (long i = 0; source.request(i + 1); i++) {
      byte c = b.getByte(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return c;
      }
    }
    return 0;
  }

  private static String snippet(BufferedSource source) throws IOException {
    source.request(201);
    Buffer b = source.getBuffer();
    long n = Math.min(b.size(), 200);
    String s = b.snapshot((int) n).utf8().strip();
    return b.size() > 200 ? s + "..." : s;
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    String model;
    Call call;
    long start = ticker.read();
    try {
      model = config.modelFor(request);
      call = newCall(request, model, false);
    } catch (VectorNodeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<ChatResponse> future = new CompletableFuture<>();
    future.whenComplete((r, e) -> {
      if (future.isCancelled()) {
        call.cancel();
      }
    });
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        future.completeExceptionally(
            ProviderErrors.transport(wire.provider(), e, false, redactor));
      }

      @Override
      public void onResponse(Call c, Response response) {
        try {
          future.complete(handle(response, model, start));
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
        }
      }
    });
    return future;
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    String model = config.modelFor(request);
    long start = ticker.read();
    Call call = newCall(request, model, true);
    LOG.debug("{}: stream model={}", wire.provider(), model);
    Response response = execute(call);
    if (!response.isSuccessful()) {
      handle(response, model, start); // reads the error body and throws
      throw new IllegalStateException("unreachable: an error status always throws");
    }
    return wire.stream(new StreamContext(wire.provider(), call, response,
        ProviderErrors.keptHeaders(response.headers()), redactor, ticker, start, model));
  }

  /** Nothing to release: the HTTP pool belongs to the client tree's shared resources. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "HttpModelClient[" + wire.provider() + "]";
  }
}
