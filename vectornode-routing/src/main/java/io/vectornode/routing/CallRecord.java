package io.vectornode.routing;

import io.vectornode.AttemptEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.spi.CallReport;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One logical call through the router: its deadline and first-token time, and its report to
 * the listeners ({@link CallReport}, the protocol the direct client uses too). Reporting only:
 * the attempt's cost and budget settlement are computed before ({@link Spending}). Thread-safe
 * (hedged attempts end on other threads).
 */
final class CallRecord {
  final String requestId;
  final ChatRequest request;
  final long start;
  final long deadline;
  final boolean streaming;
  /** An embedding call: no attempt start events (they carry a chat request it does not have). */
  final boolean embedding;
  /** The request's task, read once (each read of the Optional allocates). */
  final @Nullable String task;
  private final Router router;
  private final CallReport report;
  private volatile long firstTokenAt;
  /**
   * The whole call when this record is one turn of a multi-turn call ({@link TurnLoop}): the
   * turn shares its report and deadline, and its success does not end the call. Null otherwise.
   */
  private final @Nullable CallRecord whole;
  /** The attempts the call had reported when this turn began (0 for a whole call). */
  private final int attemptsBefore;
  /** The MDC values the calling thread had before the call (restored after it). */
  @Nullable String previousMdcRequestId;
  @Nullable String previousMdcTask;

  CallRecord(Router router, ChatRequest request, boolean streaming, Duration timeout) {
    this(router, request, streaming, timeout, new CallReport(router.listener, request), false);
  }

  /**
   * An embedding call: its events say {@link io.vectornode.Operation#EMBEDDING}.
   *
   * @param carrier the request as the routing steps read it (model, task, tags, the inputs as
   *     messages for the token estimates)
   */
  CallRecord(Router router, ChatRequest carrier, io.vectornode.EmbeddingRequest embedding,
      Duration timeout) {
    this(router, carrier, false, timeout, new CallReport(router.listener, embedding), true);
  }

  private CallRecord(Router router, ChatRequest request, boolean streaming, Duration timeout,
      CallReport report, boolean embedding) {
    this.embedding = embedding;
    this.router = router;
    this.request = request;
    this.streaming = streaming;
    this.report = report;
    this.requestId = report.requestId();
    this.task = report.task();
    this.start = router.ticker.read();
    this.deadline = start + timeout.toNanos();
    this.whole = null;
    this.attemptsBefore = 0;
    if (router.listening) {
      report.start(streaming, router.clock.instant());
    }
  }

  /** A turn of {@code whole}: its own request and timing, the call's report and deadline. */
  private CallRecord(CallRecord whole, ChatRequest request) {
    this.embedding = whole.embedding;
    this.router = whole.router;
    this.request = request;
    this.streaming = whole.streaming;
    this.report = whole.report;
    this.requestId = whole.requestId;
    this.task = request.task().orElse(null);
    this.start = router.ticker.read();
    this.deadline = whole.deadline;
    this.whole = whole;
    this.attemptsBefore = report.attempts();
  }

  /**
   * The next turn of this multi-turn call: routed as a call of its own, reported in this one.
   *
   * @param request the turn's request
   * @return the turn's record
   */
  CallRecord turn(ChatRequest request) {
    return new CallRecord(this, request);
  }

  long remainingNanos() {
    return deadline - router.ticker.read();
  }

  void firstToken(long at) {
    if (firstTokenAt == 0) {
      firstTokenAt = at;
    }
    if (whole != null) {
      whole.firstToken(at);
    }
  }

  int attemptCount() {
    return report.attempts();
  }

  /** @return the attempts of this turn so far (of the call, for a whole call) */
  int turnAttemptCount() {
    return report.attempts() - attemptsBefore;
  }

  /**
   * Reports that an attempt is about to be sent.
   *
   * @param request the request as the attempt sends it
   * @return the request with the headers the listeners asked for (itself when none)
   */
  ChatRequest attemptStart(Attempt a, ChatRequest request) {
    DeploymentState d = a.d;
    Map<String, String> headers = report.attemptStart(a.kind, d.deployment.provider(),
        d.providerType, d.deployment.model(), d.name(), streaming, request);
    try {
      return request.withHeaders(headers);
    } catch (IllegalArgumentException tooMany) {
      return request; // more headers than a request may carry: sent without the listeners'
    }
  }

  /**
   * Reports an ended attempt, already settled.
   *
   * @param cost the attempt's cost, as {@link Spending#settle} computed it
   */
  AttemptEvent attempt(DeploymentState d, Attempter.Scratch scratch, CallOutcome outcome,
      @Nullable Throwable error, Usage usage, Cost cost, long attemptStart, long firstTokenNanos,
      @Nullable String reason) {
    Duration latency = Duration.ofNanos(router.ticker.read() - attemptStart);
    KeyPool.Key key = scratch.key;
    AttemptEvent e = report.attempt(d.deployment.provider(), d.deployment.model(), d.name(),
        key == null ? null : key.id, outcome, error, usage, cost, latency,
        firstTokenNanos == 0 ? null
            // a blocking attempt's first token is its answer: the same duration
            : !streaming ? latency : Duration.ofNanos(firstTokenNanos - attemptStart),
        reason, scratch.localState);
    // An embedding attempt's usage is the sum of its batches' inputs, each bounded alone by the
    // model's window: the per-call limits do not apply.
    if (!scratch.usageEstimated && !embedding) {
      router.anomalies.check(this, d, e);
    }
    return e;
  }

  /**
   * Gives the winning response what the router knows (the call's timing, attempts and cost)
   * and ends the call.
   *
   * @param won the winning attempt's event, whose cost (of the same usage) the response gets
   */
  ChatResponse succeed(ChatResponse r, AttemptEvent won) {
    long now = router.ticker.read();
    Duration latency = Duration.ofNanos(now - start);
    // A blocking call's first token is its answer: the same duration (as ChatResponse says).
    Duration ttft = firstTokenAt == 0 || !streaming ? latency
        : Duration.ofNanos(firstTokenAt - start);
    ChatResponse out = new ChatResponse(r.id(), r.provider(), r.model(), r.message(),
        r.finishReason(), r.usage(), won.cost(), Math.max(1, attemptCount() - attemptsBefore),
        latency, ttft);
    if (whole != null) {
      return out; // a turn: the call goes on (or TurnLoop ends it with its totals)
    }
    report.end(CallOutcome.SUCCESS, null, out.provider(), out.model(), latency, ttft, out);
    return out;
  }

  /**
   * Gives the embedding answer the call's timing and attempts, and ends the call.
   *
   * @param r the vectors, their usage and whether it is estimated
   * @param cost what the vectors cost
   */
  io.vectornode.EmbeddingResponse succeed(io.vectornode.EmbeddingResponse r, Cost cost) {
    Duration latency = Duration.ofNanos(router.ticker.read() - start);
    io.vectornode.EmbeddingResponse out = r.withCall(r.usage(), r.usageEstimated(), cost,
        Math.max(1, attemptCount()), latency);
    report.end(CallOutcome.SUCCESS, null, out.provider(), out.model(), latency, null);
    return out;
  }

  /**
   * Ends the call with an answer from the response cache: no attempt, cost $0.
   *
   * @param hit the answer as it was first made
   * @return the answer as the caller gets it, marked cached
   */
  ChatResponse cacheHit(ChatResponse hit) {
    Duration latency = Duration.ofNanos(router.ticker.read() - start);
    ChatResponse out = new ChatResponse(hit.id(), hit.provider(), hit.model(), hit.message(),
        hit.finishReason(), hit.usage(), Cost.of(java.math.BigDecimal.ZERO,
            router.catalog.version()), 0, latency, latency, true);
    report.endCacheHit(out, latency);
    return out;
  }

  /**
   * Ends a multi-turn call with its last turn's answer and the call's totals.
   *
   * @param last the last turn's response
   * @param usage the turns' usage, summed
   * @param cost the turns' cost, summed
   * @return the answer as the caller gets it
   */
  ChatResponse succeedTurns(ChatResponse last, Usage usage, Cost cost) {
    Duration latency = Duration.ofNanos(router.ticker.read() - start);
    Duration ttft = firstTokenAt == 0 || !streaming ? latency
        : Duration.ofNanos(firstTokenAt - start);
    ChatResponse out = new ChatResponse(last.id(), last.provider(), last.model(), last.message(),
        last.finishReason(), usage, cost, Math.max(1, attemptCount()), latency, ttft);
    report.end(CallOutcome.SUCCESS, null, out.provider(), out.model(), latency, ttft, out);
    return out;
  }

  void fail(Throwable error, CallOutcome outcome) {
    if (whole != null) {
      whole.fail(error, outcome); // a turn's failure ends the whole call
      return;
    }
    Duration latency = Duration.ofNanos(router.ticker.read() - start);
    AttemptEvent last = report.lastAttempt();
    report.end(outcome, error, last == null ? null : last.provider(),
        last == null ? null : last.model(), latency,
        firstTokenAt == 0 ? null : Duration.ofNanos(firstTokenAt - start));
  }

  boolean ended() {
    return report.ended();
  }

  /** @return a one-line summary per attempt, for exception messages */
  String summary() {
    StringBuilder sb = new StringBuilder();
    for (AttemptEvent a : report.attemptEvents()) {
      sb.append("\n  #").append(a.attempt()).append(' ').append(a.deployment()).append(" (")
          .append(a.provider()).append('/').append(a.model()).append("): ")
          .append(a.errorType() == null ? a.outcome() : a.errorType() + ": "
              + String.valueOf(a.error().getMessage()))
          .append(a.reason() == null ? "" : " -> " + a.reason());
    }
    return sb.toString();
  }
}
