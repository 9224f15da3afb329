package io.vectornode.spi;

import static java.util.Objects.requireNonNull;

import io.vectornode.AttemptEvent;
import io.vectornode.AttemptStartEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.CallStartEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.Cost;
import io.vectornode.ModelCallListener;
import io.vectornode.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The listener protocol of one logical call, written once for every layer that reports calls
 * (the direct client's wrapper and the router): a request id, at most one start event, each
 * attempt numbered as it ends, and exactly one end event whose usage and cost are the sum of the
 * attempts. Thread-safe: hedged attempts end on other threads.
 *
 * <pre>{@code
 * CallReport report = new CallReport(listener, request);
 * report.start(false, clock.instant());
 * report.attempt("openai", "gpt-4o-mini", null, "key-1", CallOutcome.SUCCESS, null,
 *     response.usage(), cost, latency, latency, null);
 * report.end(CallOutcome.SUCCESS, null, "openai", "gpt-4o-mini", latency, latency);
 * }</pre>
 */
public final class CallReport {
  private static final ThreadLocal<byte[]> ID_SCRATCH =
      ThreadLocal.withInitial(() -> new byte[23]);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final String requestId = newRequestId();
  private final ModelCallListener listener;
  private final @Nullable String model;
  private final Map<String, String> tags;
  private final io.vectornode.Operation operation;
  private final @Nullable String task;
  /** The first attempt; most calls have only this one (guarded by this). */
  private @Nullable AttemptEvent first;
  /** Every attempt, once there is more than one (guarded by this). */
  private @Nullable List<AttemptEvent> all;
  private boolean ended; // guarded by this

  /**
   * Opens the report of a call; nothing is sent until {@link #start} or an attempt.
   *
   * @param listener where the events go (use {@link ModelCallListener#guarded} so that a
   *     throwing listener cannot fail the call)
   * @param request the call's request
   */
  public CallReport(ModelCallListener listener, ChatRequest request) {
    this.listener = requireNonNull(listener, "listener");
    requireNonNull(request, "request");
    this.task = request.task().orElse(null);
    this.model = request.model().orElse(null);
    this.tags = request.tags();
    this.operation = io.vectornode.Operation.CHAT;
  }

  /**
   * Opens the report of an embedding call: its events say {@link
   * io.vectornode.Operation#EMBEDDING}. Such a call sends no attempt start events (they carry a
   * {@code ChatRequest}); its attempts and end are reported as a chat call's are.
   *
   * @param listener where the events go (guarded)
   * @param request the call's request
   */
  public CallReport(ModelCallListener listener, io.vectornode.EmbeddingRequest request) {
    this.listener = requireNonNull(listener, "listener");
    requireNonNull(request, "request");
    this.task = request.task().orElse(null);
    this.model = request.model().orElse(null);
    this.tags = request.tags();
    this.operation = io.vectornode.Operation.EMBEDDING;
  }

  /**
   * A new request id: {@code vn-} and 20 random hex digits (80 bits).
   *
   * @return the id
   */
  public static String newRequestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long a = r.nextLong();
    long b = r.nextLong();
    byte[] id = ID_SCRATCH.get(); // the String copies it
    id[0] = 'v';
    id[1] = 'n';
    id[2] = '-';
    for (int i = 0; i < 16; i++) {
      id[3 + i] = HEX[(int) (a >>> (60 - 4 * i)) & 15];
    }
    for (int i = 0; i < 4; i++) {
      id[19 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 15];
    }
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  /** @return the call's request id */
  public String requestId() {
    return requestId;
  }

  /** @return the request's task, or null */
  public @Nullable String task() {
    return task;
  }

  /**
   * Sends the start event.
   *
   * @param streaming whether the call is a stream
   * @param at when the call started, by the wall clock
   */
  public void start(boolean streaming, Instant at) {
    listener.onCallStart(new CallStartEvent(requestId, task, model, tags, streaming, at,
        operation));
  }

  /**
   * Whether any of these listeners overrides {@link ModelCallListener#onAttemptStart}: when none
   * does, a client need not build attempt start events (an allocation per attempt) nor call
   * {@link #attemptStart}.
   *
   * @param listeners the listeners a client calls
   * @return whether one of them wants attempt starts
   */
  public static boolean wantsAttemptStarts(List<? extends ModelCallListener> listeners) {
    for (ModelCallListener l : listeners) {
      try {
        if (l.getClass().getMethod("onAttemptStart", AttemptStartEvent.class)
            .getDeclaringClass() != ModelCallListener.class) {
          return true;
        }
      } catch (NoSuchMethodException | SecurityException e) {
        return true; // cannot tell: call it
      }
    }
    return false;
  }

  /**
   * Tells the listeners that an attempt is about to be sent, and returns the headers they want
   * on its HTTP request.
   *
   * @param kind why the attempt is made
   * @param provider the provider instance
   * @param providerType its provider type
   * @param model the model
   * @param deployment the router's deployment, or null for a direct call
   * @param streaming whether the call is a stream
   * @param request the request as the attempt sends it
   * @return the listeners' headers (valid in HTTP); empty when none
   */
  public Map<String, String> attemptStart(AttemptStartEvent.Kind kind, String provider,
      String providerType, String model, @Nullable String deployment, boolean streaming,
      ChatRequest request) {
    Map<String, String> headers = listener.onAttemptStart(new AttemptStartEvent(requestId, kind,
        provider, providerType, model, deployment, streaming, request));
    return headers == null ? Map.of() : headers;
  }

  /**
   * Records an ended attempt, numbers it, and sends it.
   *
   * @param provider the provider instance
   * @param model the model
   * @param deployment the router's deployment, or null for a direct call
   * @param keyId the id of the key used, never its value; or null
   * @param outcome how the attempt ended
   * @param error its failure, or null
   * @param usage the tokens it consumed
   * @param cost what they cost
   * @param latency how long it took
   * @param timeToFirstToken how long until its first content, or null when none came
   * @param reason what the router decided after it, or null
   * @return the event sent
   */
  public AttemptEvent attempt(String provider, String model, @Nullable String deployment,
      @Nullable String keyId, CallOutcome outcome, @Nullable Throwable error, Usage usage,
      Cost cost, Duration latency, @Nullable Duration timeToFirstToken,
      @Nullable String reason) {
    return attempt(provider, model, deployment, keyId, outcome, error, usage, cost, latency,
        timeToFirstToken, reason, false);
  }

  /**
   * Records an attempt, saying whether a fleet's shared state was unavailable so that the
   * instance's own limits admitted it ({@link AttemptEvent#localState()}).
   *
   * @param provider the provider instance
   * @param model the model
   * @param deployment the router's deployment, or null for a direct call
   * @param keyId the id of the key used, never its value; or null
   * @param outcome how the attempt ended
   * @param error its failure, or null
   * @param usage the tokens it consumed
   * @param cost what they cost
   * @param latency how long it took
   * @param timeToFirstToken how long until its first content, or null when none came
   * @param reason what the router decided after it, or null
   * @param localState whether the instance's own limits admitted it
   * @return the event sent
   */
  public AttemptEvent attempt(String provider, String model, @Nullable String deployment,
      @Nullable String keyId, CallOutcome outcome, @Nullable Throwable error, Usage usage,
      Cost cost, Duration latency, @Nullable Duration timeToFirstToken,
      @Nullable String reason, boolean localState) {
    AttemptEvent e;
    synchronized (this) {
      e = new AttemptEvent(requestId, attempts() + 1, provider, model, deployment, keyId,
          outcome, error, usage, cost, latency, timeToFirstToken, reason, localState);
      if (first == null) {
        first = e;
      } else {
        if (all == null) {
          all = new ArrayList<>(4);
          all.add(first);
        }
        all.add(e);
      }
    }
    listener.onAttempt(e);
    return e;
  }

  /** @return how many attempts have ended */
  public synchronized int attempts() {
    return all != null ? all.size() : first != null ? 1 : 0;
  }

  /** @return the attempts so far, in the order they ended */
  public synchronized List<AttemptEvent> attemptEvents() {
    return all != null ? List.copyOf(all) : first != null ? List.of(first) : List.of();
  }

  /** @return the last attempt to end, or null */
  public synchronized @Nullable AttemptEvent lastAttempt() {
    return all != null ? all.get(all.size() - 1) : first;
  }

  /** @return whether the end event was sent */
  public synchronized boolean ended() {
    return ended;
  }

  private synchronized boolean markEnded() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }

  /**
   * Sends the end event, once: later calls do nothing. Its usage and cost are the attempts'
   * sum.
   *
   * @param outcome how the call ended
   * @param error its failure, or null
   * @param provider the provider that answered (or last tried), or null
   * @param model the model that answered (or last tried), or null
   * @param latency the call's duration
   * @param timeToFirstToken until the first content, or null
   * @return true for the one caller that ended the call
   */
  public boolean end(CallOutcome outcome, @Nullable Throwable error, @Nullable String provider,
      @Nullable String model, Duration latency, @Nullable Duration timeToFirstToken) {
    return end(outcome, error, provider, model, latency, timeToFirstToken, null);
  }

  /**
   * Sends the end event, once, with the response the caller got.
   *
   * @param outcome how the call ended
   * @param error its failure, or null
   * @param provider the provider that answered (or last tried), or null
   * @param model the model that answered (or last tried), or null
   * @param latency the call's duration
   * @param timeToFirstToken until the first content, or null
   * @param response the response the caller got, or null when it failed
   * @return true for the one caller that ended the call
   */
  public boolean end(CallOutcome outcome, @Nullable Throwable error, @Nullable String provider,
      @Nullable String model, Duration latency, @Nullable Duration timeToFirstToken,
      @Nullable ChatResponse response) {
    return end(outcome, error, provider, model, latency, timeToFirstToken, response, false);
  }

  /**
   * Sends the end of a call that a response cache answered, once: no attempts, zero usage,
   * cost $0, {@link CallEndEvent#cacheHit()} set.
   *
   * @param response the cached response the caller got (marked {@link ChatResponse#cached()})
   * @param latency the call's duration
   * @return true for the one caller that ended the call
   */
  public boolean endCacheHit(ChatResponse response, Duration latency) {
    return end(CallOutcome.SUCCESS, null, response.provider(), response.model(), latency,
        response.timeToFirstToken(), response, true);
  }

  private boolean end(CallOutcome outcome, @Nullable Throwable error, @Nullable String provider,
      @Nullable String model, Duration latency, @Nullable Duration timeToFirstToken,
      @Nullable ChatResponse response, boolean cacheHit) {
    if (!markEnded()) {
      return false;
    }
    List<AttemptEvent> events = attemptEvents();
    Usage usage = events.size() == 1 ? events.get(0).usage() : Usage.ZERO;
    Cost cost = events.size() == 1 ? events.get(0).cost() : null;
    for (int i = 0; events.size() > 1 && i < events.size(); i++) {
      AttemptEvent a = events.get(i);
      usage = usage.plus(a.usage());
      cost = cost == null ? a.cost() : cost.plus(a.cost());
    }
    listener.onCallEnd(new CallEndEvent(requestId, task, tags, provider, model, usage,
        cost == null ? (cacheHit && response != null ? response.cost() : Cost.unknown()) : cost,
        latency,
        timeToFirstToken, events, outcome, error, response, cacheHit, operation));
    return true;
  }
}
