package io.vectornode.spi;

import io.vectornode.AttemptStartEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.Cost;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.VectorNodeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a provider's client so that every call is reported to the context's listeners: start,
 * one attempt, end. The provider's own code cannot skip this, which is why it is a wrapper and
 * not a base class.
 */
final class ListeningModelClient implements ModelClient {
  private final ModelClient delegate;
  private final ProviderConfig config;
  private final ModelCallListener listener;
  private final Ticker ticker;
  private final ProviderContext context;
  private final @Nullable AutoCloseable owned;
  /** No listeners: no request id and no events are built (the response still gets timings). */
  private final boolean silent;
  /** Whether a listener overrides onAttemptStart (else no attempt start event is built). */
  private final boolean attemptStarts;
  /** The async calls in flight, cancelled by {@link #close}. */
  private final Set<CompletableFuture<ChatResponse>> inflight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ListeningModelClient(
      ModelClient delegate,
      ProviderConfig config,
      ProviderContext context,
      @Nullable AutoCloseable owned) {
    this.delegate = delegate;
    this.config = config;
    this.context = context;
    this.listener = ModelCallListener.guarded(context.listeners());
    this.silent = context.listeners().isEmpty();
    this.attemptStarts = CallReport.wantsAttemptStarts(context.listeners());
    this.ticker = context.ticker();
    this.owned = owned;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Call call = new Call(request, false);
    try {
      return call.succeeded(delegate.chat(call.sent));
    } catch (VectorNodeException e) {
      // Closing the client cancels the HTTP calls in flight: those calls were cancelled.
      call.failed(e, closed ? CallOutcome.CANCELLED : CallOutcome.FAILURE);
      throw e;
    } catch (RuntimeException e) {
      // Untyped (a bug, an interceptor's exception): the call still ends, once.
      call.failed(e, CallOutcome.FAILURE);
      throw e;
    }
  }

  /**
   * {@inheritDoc} Cancelling the future (or closing this client) cancels the HTTP call and
   * ends the call {@code CANCELLED}.
   */
  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Call call = new Call(request, false);
    CompletableFuture<ChatResponse> upstream;
    try {
      upstream = delegate.chatAsync(call.sent);
    } catch (VectorNodeException e) {
      call.failed(e, CallOutcome.FAILURE);
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      call.failed(e, CallOutcome.FAILURE);
      throw e;
    }
    CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    upstream.whenComplete(
        (response, error) -> {
          if (error == null) {
            result.complete(call.succeeded(response));
            return;
          }
          Throwable cause = error instanceof CompletionException && error.getCause() != null
              ? error.getCause() : error;
          call.failed(cause, cause instanceof CancellationException || closed
              ? CallOutcome.CANCELLED : CallOutcome.FAILURE);
          result.completeExceptionally(cause);
        });
    inflight.add(result);
    result.whenComplete(
        (r, e) -> {
          inflight.remove(result);
          if (result.isCancelled()) {
            call.failed(e instanceof CancellationException c && c.getMessage() != null ? c
                : new CancellationException("cancelled by caller"), CallOutcome.CANCELLED);
            upstream.cancel(true);
          }
        });
    if (closed) {
      result.completeExceptionally(new CancellationException("the client was closed"));
    }
    return result;
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    Call call = new Call(request, true);
    ChatStream upstream;
    try {
      upstream = delegate.stream(call.sent);
    } catch (RuntimeException e) {
      call.failed(e, CallOutcome.FAILURE);
      throw e;
    }
    return new ListeningStream(upstream, call);
  }

  @Override
  public int maxEmbeddingInputs() {
    return delegate.maxEmbeddingInputs();
  }

  @Override
  public long maxEmbeddingTokens() {
    return delegate.maxEmbeddingTokens();
  }

  /** Reports the call as {@link io.vectornode.Operation#EMBEDDING}: start, one attempt, end. */
  @Override
  public io.vectornode.EmbeddingResponse embed(io.vectornode.EmbeddingRequest request) {
    CallReport report = silent ? null : new CallReport(listener, request);
    long start = ticker.read();
    if (report != null) {
      report.start(false, context.clock().instant());
    }
    String keyId = config.apiKey().map(io.vectornode.Secret::id).orElse(null);
    io.vectornode.EmbeddingResponse r;
    try {
      r = delegate.embed(request);
    } catch (RuntimeException e) {
      if (report != null) {
        Duration latency = Duration.ofNanos(ticker.read() - start);
        String model = request.model().orElse("unknown");
        report.attempt(config.name(), model, null, keyId, CallOutcome.FAILURE, e, Usage.ZERO,
            Cost.unknown(), latency, null, null);
        report.end(CallOutcome.FAILURE, e, config.name(), model, latency, null);
      }
      throw e;
    }
    Duration latency = Duration.ofNanos(ticker.read() - start);
    io.vectornode.EmbeddingResponse timed =
        r.withCall(r.usage(), r.usageEstimated(), r.cost(), 1, latency);
    if (report != null) {
      report.attempt(r.provider(), r.model(), null, keyId, CallOutcome.SUCCESS, null, r.usage(),
          r.cost(), latency, null, null);
      report.end(CallOutcome.SUCCESS, null, r.provider(), r.model(), latency, null);
    }
    return timed;
  }

  /** Cancels the async calls in flight (they end {@code CANCELLED}), then closes. */
  @Override
  public void close() {
    closed = true;
    for (CompletableFuture<ChatResponse> f : List.copyOf(inflight)) {
      f.completeExceptionally(new CancellationException("the client was closed"));
    }
    try {
      delegate.close();
    } finally {
      if (owned != null) {
        try {
          owned.close();
        } catch (Exception ignored) {
          // SharedResources.close never throws; nothing else is owned.
        }
      }
    }
  }

  /** The bookkeeping of one call; reports its end exactly once (through {@link CallReport}). */
  private final class Call {
    /** Null when nobody listens: no request id and no events are built. */
    final @Nullable CallReport report;
    final long start = ticker.read();
    final AtomicBoolean ended = new AtomicBoolean();
    volatile long firstTokenAt;
    volatile Usage partialUsage = Usage.ZERO;
    private final ChatRequest request;
    /** The request as sent: with the headers the listeners asked for (a trace context). */
    final ChatRequest sent;

    Call(ChatRequest request, boolean streaming) {
      this.request = request;
      this.report = silent ? null : new CallReport(listener, request);
      ChatRequest out = request;
      if (report != null) {
        report.start(streaming, context.clock().instant());
      }
      if (report != null && attemptStarts) {
        Map<String, String> headers = report.attemptStart(AttemptStartEvent.Kind.FIRST,
            config.name(), config.type(), modelOrUnknown(), null, streaming, request);
        try {
          out = request.withHeaders(headers);
        } catch (IllegalArgumentException tooMany) {
          // More headers than a request may carry: the call goes without the listeners' ones.
        }
      }
      this.sent = out;
    }

    ChatResponse succeeded(ChatResponse response) {
      Duration latency = Duration.ofNanos(ticker.read() - start);
      Duration ttft = firstTokenAt == 0 ? latency : Duration.ofNanos(firstTokenAt - start);
      // The wire's answer with the call's timing: what this layer knows and the provider not.
      ChatResponse timed = new ChatResponse(response.id(), response.provider(),
          response.model(), response.message(), response.finishReason(), response.usage(),
          response.cost(), 1, latency, ttft);
      if (ended.compareAndSet(false, true) && report != null) {
        report.attempt(response.provider(), response.model(), null, keyId(),
            CallOutcome.SUCCESS, null, response.usage(), response.cost(), latency, ttft, null);
        report.end(CallOutcome.SUCCESS, null, response.provider(), response.model(), latency,
            ttft, timed);
      }
      return timed;
    }

    void failed(Throwable error, CallOutcome outcome) {
      if (!ended.compareAndSet(false, true) || report == null) {
        return;
      }
      Duration latency = Duration.ofNanos(ticker.read() - start);
      Duration ttft = firstTokenAt == 0 ? null : Duration.ofNanos(firstTokenAt - start);
      String model = modelOrUnknown();
      report.attempt(config.name(), model, null, keyId(), outcome, error, partialUsage,
          Cost.unknown(), latency, ttft, null);
      report.end(outcome, error, config.name(), model, latency, ttft);
    }

    private String modelOrUnknown() {
      try {
        return config.modelFor(request);
      } catch (VectorNodeException e) {
        return "unknown";
      }
    }

    private @Nullable String keyId() {
      return config.apiKey().map(io.vectornode.Secret::id).orElse(null);
    }
  }

  /** Observes a provider's stream: first token, usage, completion, failure or early close. */
  private final class ListeningStream extends AbstractChatStream {
    private final ChatStream upstream;
    private final Call call;
    private @Nullable Iterator<StreamEvent> events;

    ListeningStream(ChatStream upstream, Call call) {
      this.upstream = upstream;
      this.call = call;
    }

    @Override
    protected @Nullable StreamEvent nextEvent() {
      if (events == null) {
        events = upstream.iterator();
      }
      StreamEvent event;
      try {
        if (!events.hasNext()) {
          if (!isClosed()) {
            call.failed(
                new IllegalStateException("stream ended without a Completed event"),
                CallOutcome.FAILURE);
          }
          return null;
        }
        event = events.next();
      } catch (VectorNodeException e) {
        call.failed(e, isClosed() ? CallOutcome.CANCELLED : CallOutcome.FAILURE);
        throw e;
      }
      if (call.firstTokenAt == 0 && event.isContent()) {
        call.firstTokenAt = ticker.read();
      }
      if (event instanceof StreamEvent.UsageUpdate u) {
        call.partialUsage = u.usage();
      } else if (event instanceof StreamEvent.Completed c) {
        return new StreamEvent.Completed(call.succeeded(c.response()));
      }
      return event;
    }

    @Override
    protected void cancel() {
      upstream.close();
      call.failed(new CancellationException("stream closed by caller"), CallOutcome.CANCELLED);
    }
  }
}
