package io.vectornode.providers.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.providers.internal.Json;
import io.vectornode.providers.internal.ProviderErrors;
import io.vectornode.providers.internal.Redactor;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.Ticker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ModelClient} for any server that speaks OpenAI Chat Completions. Makes exactly one
 * HTTP request per call (no retries: that is the router's job) and never logs keys, headers,
 * prompts or completions.
 */
public final class OpenAiChatClient implements ModelClient {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatClient.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String USER_AGENT = "vectornode/0.1";

  private final OpenAiSettings settings;
  private final ProviderConfig config;
  private final OkHttpClient http;
  private final Redactor redactor;
  private final Ticker ticker;
  private final Clock clock;

  /**
   * Creates the client.
   *
   * @param settings the dialect
   * @param config the instance's config (for the default model)
   * @param http the HTTP client, with the instance's timeouts
   * @param ticker the time source
   * @param clock the wall clock (for Retry-After dates)
   */
  public OpenAiChatClient(
      OpenAiSettings settings, ProviderConfig config, OkHttpClient http, Ticker ticker,
      Clock clock) {
    this.settings = settings;
    this.config = config;
    this.http = http;
    this.redactor = Redactor.of(config);
    this.ticker = ticker;
    this.clock = clock;
  }

  private Call newCall(ChatRequest request, String model, boolean stream) {
    Request.Builder b = new Request.Builder()
        .url(settings.chatUrl())
        .header("User-Agent", USER_AGENT)
        .header("Accept", stream ? "text/event-stream" : "application/json")
        .post(RequestBody.create(OpenAiRequestWriter.write(request, model, stream, settings), JSON));
    if (settings.apiKey() != null) {
      String key = settings.apiKey().reveal();
      b.header(settings.authHeader(), settings.bearer() ? "Bearer " + key : key);
    }
    for (Map.Entry<String, String> h : settings.headers().entrySet()) {
      b.header(h.getKey(), h.getValue());
    }
    Call call = http.newCall(b.build());
    request.timeout().ifPresent(t -> call.timeout().timeout(t.toNanos(), TimeUnit.NANOSECONDS));
    return call;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    String model = config.modelFor(request);
    long start = ticker.read();
    LOG.debug("{}: chat model={}", settings.provider(), model);
    return handle(execute(newCall(request, model, false)), model, start);
  }

  private Response execute(Call call) {
    try {
      return call.execute();
    } catch (IOException e) {
      throw ProviderErrors.transport(settings.provider(), e, false, redactor);
    }
  }

  private ChatResponse handle(Response response, String model, long start) {
    try (response) {
      byte[] body;
      try {
        body = response.body().bytes();
      } catch (IOException e) {
        throw ProviderErrors.transport(settings.provider(), e, true, redactor);
      }
      if (!response.isSuccessful()) {
        throw OpenAiResponses.error(
            settings, response.code(), response.headers(),
            new String(body, java.nio.charset.StandardCharsets.UTF_8), clock, redactor);
      }
      JsonNode root;
      try {
        root = Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new ResponseParseException(settings.provider(), "response is not JSON: "
            + redactor.redact(snippet(body)), null);
      }
      if (root == null || !root.isObject()) {
        throw new ResponseParseException(settings.provider(), "response is not a JSON object: "
            + redactor.redact(snippet(body)), null);
      }
      Duration latency = Duration.ofNanos(ticker.read() - start);
      return OpenAiResponses.parse(
          root, settings, model, ProviderErrors.keptHeaders(response.headers()), latency);
    }
  }

  private static String snippet(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 200),
        java.nio.charset.StandardCharsets.UTF_8);
    return body.length > 200 ? s + "..." : s;
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
            ProviderErrors.transport(settings.provider(), e, false, redactor));
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
    LOG.debug("{}: stream model={}", settings.provider(), model);
    Response response = execute(call);
    if (!response.isSuccessful()) {
      handle(response, model, start); // reads the error body and throws
      throw new IllegalStateException("unreachable: an error status always throws");
    }
    return new OpenAiStream(settings, call, response,
        ProviderErrors.keptHeaders(response.headers()), redactor, ticker, start, model);
  }

  /** Nothing to release: the HTTP pool belongs to the client tree's shared resources. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "OpenAiChatClient[" + settings + "]";
  }
}
