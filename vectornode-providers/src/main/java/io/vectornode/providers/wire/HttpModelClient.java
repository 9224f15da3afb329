package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.error.ProviderError;
import io.vectornode.error.ProviderException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.Ticker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ModelClient} over HTTP for any {@link WireFormat}: exactly one HTTP request per call
 * (retries are the router's job), typed errors, secrets redacted. Never logs keys, headers,
 * prompts or completions.
 */
final class HttpModelClient implements ModelClient {
  private static final Logger LOG = LoggerFactory.getLogger(HttpModelClient.class);

  private final WireFormat wire;
  private final ProviderConfig config;
  private final OkHttpClient http;
  /** Asked at each use: a provider whose credentials rotate (Vertex AI) redacts the new ones. */
  private final java.util.function.Supplier<Redactor> redactors;
  private final Ticker ticker;
  /** The embeddings endpoint, or null when the provider has none ({@link #noEmbeddings}). */
  private final @org.jspecify.annotations.Nullable EmbeddingWire embeddings;
  /** Why there are no embeddings, for the error. */
  private final String noEmbeddings;

  /**
   * Creates a client with embeddings.
   *
   * @param wire the provider's wire format
   * @param embeddings its embeddings endpoint, or null when it has none
   * @param noEmbeddings when {@code embeddings} is null, what the error says instead
   * @param config the instance's config
   * @param http the HTTP client
   * @param ticker the time source
   */
  HttpModelClient(WireFormat wire, @org.jspecify.annotations.Nullable EmbeddingWire embeddings,
      String noEmbeddings, ProviderConfig config, OkHttpClient http, Ticker ticker) {
    this.wire = wire;
    this.config = config;
    this.http = http;
    this.redactors = constant(Redactor.of(config));
    this.ticker = ticker;
    this.embeddings = embeddings;
    this.noEmbeddings = noEmbeddings;
  }

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
    this(wire, config, http, ticker, constant(Redactor.of(config)));
  }

  /**
   * Creates a client whose redactor may change over its life (its credentials rotate).
   *
   * @param wire the provider's wire format
   * @param config the instance's config
   * @param http the HTTP client
   * @param ticker the time source
   * @param redactors the redactor in force, asked each time one is needed
   */
  HttpModelClient(WireFormat wire, ProviderConfig config, OkHttpClient http, Ticker ticker,
      java.util.function.Supplier<Redactor> redactors) {
    this.wire = wire;
    this.config = config;
    this.http = http;
    this.redactors = redactors;
    this.ticker = ticker;
    this.embeddings = null;
    this.noEmbeddings = "provider type '" + config.type() + "' has no embeddings API; route"
        + " embeddings to another provider";
  }

  private static java.util.function.Supplier<Redactor> constant(Redactor r) {
    return () -> r;
  }

  private Redactor redactor() {
    return redactors.get();
  }

  private Call newCall(ChatRequest request, String model, boolean stream) {
    Request sent = wire.httpRequest(request, model, stream);
    if (!request.headers().isEmpty()) {
      sent = withCallHeaders(sent, request);
    }
    Call call = http.newCall(sent);
    Duration timeout = request.timeout().orElse(null);
    if (timeout != null) {
      call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    return call;
  }

  /**
   * Adds the request's own headers ({@link ChatRequest#headers()}, such as a trace context) to
   * the provider's HTTP request. A header the provider already set (its key, version, content
   * type, the configured headers) keeps the provider's value: a per-call header never replaces
   * one.
   */
  private static Request withCallHeaders(Request http, ChatRequest request) {
    Request.Builder b = http.newBuilder();
    for (java.util.Map.Entry<String, String> h : request.headers().entrySet()) {
      if (http.header(h.getKey()) == null) {
        b.header(h.getKey(), h.getValue());
      }
    }
    return b.build();
  }

  /**
   * The timeouts in force for a request, so that a timeout can say which one fired. Built only
   * when something failed: the success path allocates nothing for it.
   */
  private ProviderErrors.Timeouts timeouts(ChatRequest request) {
    return ProviderErrors.Timeouts.of(config, request.timeout().orElse(null));
  }

  private Response execute(Call call, ChatRequest request) {
    try {
      return call.execute();
    } catch (IOException e) {
      throw ProviderErrors.io(wire.provider(), e, false, redactor(), timeouts(request));
    }
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    String model = config.modelFor(request);
    long start = ticker.read();
    LOG.debug("{}: chat model={}", wire.provider(), model);
    return handle(execute(newCall(request, model, false), request), model, start, request);
  }

  private ChatResponse handle(Response response, String model, long start,
      ChatRequest request) {
    try (response) {
      if (!response.isSuccessful()) {
        throw failure(response, request);
      }
      // Parsed straight from the connection's buffer, without a copy of the body, through a
      // bound on its size. A body that does not start like a JSON object is quoted instead (its
      // start is still buffered).
      BufferedSource source = bounded(response, config.maxResponseBytes());
      try {
        byte first = firstNonBlank(source);
        if (first != '{') {
          throw new ResponseParseException(wire.provider(), (first == '[' || first == '"'
              || first == '-' || (first >= '0' && first <= '9') || first == 't' || first == 'f'
              || first == 'n' || first == 0 ? "response is not a JSON object: "
              : "response is not JSON: ") + snippet(source), null);
        }
        try (JsonParser p = Json.FACTORY.createParser(source.inputStream())) {
          p.nextToken();
          return wire.read(p, response.request(), model, response.headers(),
              () -> Duration.ofNanos(ticker.read() - start));
        } catch (VectorNodeException e) {
          throw e;
        } catch (RuntimeException e) {
          // A reply that parses but breaks a value's rules (a blank tool name, say) is still
          // the server's fault: a typed error, never an untyped one that skips bookkeeping.
          throw ProviderErrors.unreadable(wire.provider(), e, redactor());
        }
      } catch (JsonProcessingException e) {
        throw new ResponseParseException(wire.provider(), "response is not JSON ("
            + redactor().excerpt(String.valueOf(e.getOriginalMessage()), 300) + ")", null);
      } catch (IOException e) {
        throw ProviderErrors.io(wire.provider(), e, true, redactor(), timeouts(request));
      }
    }
  }

  /** The body, through a bound on the bytes it may yield. */
  private BufferedSource bounded(Response response, long limit) {
    return Okio.buffer(new BoundedSource(response.body().source(), limit));
  }

  /**
   * How many wire bytes a stream may send, per byte of content it may assemble: a stream's
   * events wrap each token in ~300 bytes of JSON, and its memory is bounded by the content it
   * keeps (see SseChatStream), so the wire bound only stops a stream that never ends.
   */
  static final int STREAM_WIRE_FACTOR = 16;

  /**
   * The exception for a response that is not a success: a redirect is refused (its target may
   * be another host, which must never see the key or the prompt); any other status is read from
   * at most {@value #MAX_ERROR_BODY} bytes of its body, the rest discarded unread.
   */
  private VectorNodeException failure(Response response, ChatRequest request) {
    if (response.isRedirect() || (response.code() >= 300 && response.code() < 400)) {
      return redirect(response);
    }
    String body;
    try {
      body = errorBody(response.body().source());
    } catch (IOException e) {
      return ProviderErrors.io(wire.provider(), e, true, redactor(), timeouts(request));
    }
    return wire.error(response.code(), response.headers(), body);
  }

  /** The longest prefix of an error body that is read; an error message needs far less. */
  static final int MAX_ERROR_BODY = 64 * 1024;

  private static String errorBody(BufferedSource source) throws IOException {
    source.request(MAX_ERROR_BODY); // reads up to the bound (or the end), never more
    Buffer b = source.getBuffer();
    return b.readString(Math.min(b.size(), MAX_ERROR_BODY), StandardCharsets.UTF_8);
  }

  /**
   * A redirect, refused: no LLM API redirects a POST, and following one would send the key
   * (OkHttp strips only {@code Authorization} across hosts) and, for 307/308, the prompt to
   * wherever the server points. The message names the status and the target's host and port,
   * never its path or query (which may carry secrets).
   */
  private ProviderException redirect(Response response) {
    String location = response.header("Location");
    HttpUrl target = location == null ? null : response.request().url().resolve(location);
    HttpUrl from = response.request().url();
    String where = target == null ? "no usable Location"
        : target.host().equals(from.host()) && target.port() == from.port()
            && target.scheme().equals(from.scheme()) ? "the same host (" + target.host() + ":"
                + target.port() + ")"
            : target.scheme() + "://" + target.host() + ":" + target.port();
    ProviderError e = new ProviderError(wire.provider(), response.code(), "redirect",
        "redirect to " + where + " refused: VectorNode never follows redirects (they would"
            + " carry the key and the prompt to another host); check the provider's baseUrl",
        null, false, null, ProviderErrors.keptHeaders(response.headers()));
    return ProviderErrors.exception(e, ProviderErrors.Hint.NONE, redactor());
  }

  /** The first byte that is not JSON whitespace, left in the buffer; 0 for an empty body. */
  private static byte firstNonBlank(BufferedSource source) throws IOException {
    Buffer b = source.getBuffer();
    for (long i = 0; source.request(i + 1); i++) {
      byte c = b.getByte(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return c;
      }
      if (i > MAX_ERROR_BODY) {
        return 0; // a body of nothing but blanks is as good as empty
      }
    }
    return 0;
  }

  /** The start of a body that is not JSON, scrubbed before it is cut to 200 characters. */
  private String snippet(BufferedSource source) throws IOException {
    source.request(4096);
    Buffer b = source.getBuffer();
    long n = Math.min(b.size(), 4096);
    return redactor().excerpt(b.snapshot((int) n).utf8(), 200);
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
            ProviderErrors.io(wire.provider(), e, false, redactor(), timeouts(request)));
      }

      @Override
      public void onResponse(Call c, Response response) {
        try {
          future.complete(handle(response, model, start, request));
        } catch (Throwable e) {
          // Even an Error must complete the future: a caller may wait on it without a timeout.
          future.completeExceptionally(e);
          if (e instanceof Error error) {
            throw error;
          }
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
    Response response = execute(call, request);
    if (!response.isSuccessful()) {
      try (response) {
        throw failure(response, request);
      }
    }
    long wire = config.maxResponseBytes() > Long.MAX_VALUE / STREAM_WIRE_FACTOR ? Long.MAX_VALUE
        : config.maxResponseBytes() * STREAM_WIRE_FACTOR;
    return this.wire.stream(new StreamContext(this.wire.provider(), call, response,
        bounded(response, wire),
        ProviderErrors.keptHeaders(response.headers()), redactor(), ticker, start, model, config,
        request.timeout().orElse(null)));
  }

  @Override
  public int maxEmbeddingInputs() {
    return embeddings == null ? 0 : embeddings.maxInputs();
  }

  @Override
  public long maxEmbeddingTokens() {
    return embeddings == null ? Long.MAX_VALUE : embeddings.maxTokens();
  }

  /**
   * Sends the inputs in batches of {@link #maxEmbeddingInputs()}, one after another (each a
   * single HTTP request, not retried here), and joins the vectors in input order. The request's
   * timeout bounds all the batches together.
   */
  @Override
  public io.vectornode.EmbeddingResponse embed(io.vectornode.EmbeddingRequest request) {
    EmbeddingWire e = embeddings;
    if (e == null) {
      throw new io.vectornode.error.UnsupportedFeatureException(wire.provider(), "embeddings",
          noEmbeddings);
    }
    String model = embeddingModel(request);
    long start = ticker.read();
    long deadline = request.timeout().map(t -> start + t.toNanos()).orElse(Long.MAX_VALUE);
    java.util.List<String> in = request.inputs();
    int max = e.maxInputs();
    LOG.debug("{}: embed model={} inputs={}", wire.provider(), model, in.size());
    long maxTokens = e.maxTokens();
    int first = batchEnd(in, 0, max, maxTokens);
    if (first == in.size()) {
      return embedBatch(e, request, model, deadline);
    }
    java.util.List<io.vectornode.EmbeddingResponse> parts =
        new java.util.ArrayList<>((in.size() + max - 1) / max);
    for (int i = 0, end = first; i < in.size(); i = end, end = batchEnd(in, i, max, maxTokens)) {
      io.vectornode.EmbeddingResponse part = embedBatch(e, request.withInputs(in.subList(i, end)),
          model, deadline);
      if (!parts.isEmpty() && part.dimensions() != parts.get(0).dimensions()) {
        // An untrusted answer: a typed error, never the IllegalArgumentException of join.
        throw new ResponseParseException(wire.provider(), "embeddings: a batch's vectors have "
            + part.dimensions() + " values, the earlier batches' " + parts.get(0).dimensions(),
            null);
      }
      parts.add(part);
    }
    return io.vectornode.EmbeddingResponse.join(parts);
  }

  /**
   * Where the batch starting at {@code from} ends: at most {@code maxInputs} inputs and, past
   * its first input, at most {@code maxTokens} tokens by the UTF-8 byte bound (a token of a
   * byte-level tokenizer covers at least one byte, so the bound never falls short).
   */
  static int batchEnd(java.util.List<String> in, int from, int maxInputs, long maxTokens) {
    int limit = (int) Math.min(in.size(), (long) from + maxInputs);
    if (maxTokens == Long.MAX_VALUE) {
      return limit;
    }
    long tokens = 0;
    int end = from;
    while (end < limit) {
      long t = utf8Bytes(in.get(end));
      if (end > from && tokens + t > maxTokens) {
        break;
      }
      tokens += t;
      end++;
    }
    return end;
  }

  private static long utf8Bytes(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }

  private String embeddingModel(io.vectornode.EmbeddingRequest request) {
    String ref = request.model().orElseThrow(() -> new io.vectornode.error.ConfigurationException(
        "model", "an embedding request must name its model (provider '" + config.name()
            + "' has a defaultModel for chat only)"));
    String name = config.name();
    if (ref.length() > name.length() + 1 && ref.startsWith(name)
        && ref.charAt(name.length()) == '/') {
      return ref.substring(name.length() + 1);
    }
    return ref;
  }

  private io.vectornode.EmbeddingResponse embedBatch(EmbeddingWire e,
      io.vectornode.EmbeddingRequest batch, String model, long deadline) {
    long start = ticker.read();
    Duration timeout = deadline == Long.MAX_VALUE ? null
        : Duration.ofNanos(Math.max(1, deadline - start));
    Call call = http.newCall(e.httpRequest(batch, model));
    if (timeout != null) {
      call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    Response response;
    try {
      response = call.execute();
    } catch (IOException io) {
      throw ProviderErrors.io(wire.provider(), io, false, redactor(),
          ProviderErrors.Timeouts.of(config, timeout));
    }
    try (response) {
      if (!response.isSuccessful()) {
        if (response.isRedirect() || (response.code() >= 300 && response.code() < 400)) {
          throw redirect(response);
        }
        String body;
        try {
          body = errorBody(response.body().source());
        } catch (IOException io) {
          throw ProviderErrors.io(wire.provider(), io, true, redactor(),
              ProviderErrors.Timeouts.of(config, timeout));
        }
        throw wire.error(response.code(), response.headers(), body);
      }
      BufferedSource source = bounded(response,
          e.maxBody(batch.inputs().size(), config.maxResponseBytes()));
      try {
        byte first = firstNonBlank(source);
        if (first != '{') {
          throw new ResponseParseException(wire.provider(), "embeddings: response is not a JSON"
              + " object: " + snippet(source), null);
        }
        try (JsonParser p = Json.FACTORY.createParser(source.inputStream())) {
          p.nextToken();
          return e.read(p, batch, model, () -> Duration.ofNanos(ticker.read() - start));
        } catch (VectorNodeException v) {
          throw v;
        } catch (RuntimeException r) {
          throw ProviderErrors.unreadable(wire.provider(), r, redactor());
        }
      } catch (JsonProcessingException j) {
        throw new ResponseParseException(wire.provider(), "embeddings: response is not JSON ("
            + redactor().excerpt(String.valueOf(j.getOriginalMessage()), 300) + ")", null);
      } catch (IOException io) {
        throw ProviderErrors.io(wire.provider(), io, true, redactor(),
            ProviderErrors.Timeouts.of(config, timeout));
      }
    }
  }

  /** Nothing to release: the HTTP pool belongs to the client tree's shared resources. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "HttpModelClient[" + wire.provider() + "]";
  }
}
