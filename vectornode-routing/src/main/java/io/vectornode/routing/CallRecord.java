package io.vectornode.routing;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.CallStartEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.Cost;
import io.vectornode.ModelCallListener;
import io.vectornode.Usage;
import io.vectornode.catalog.Costs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The record of one logical call: its attempts as they end, and exactly one end event, whether
 * the call succeeds, fails, or is cancelled. Thread-safe (hedged attempts end on other threads).
 */
final class CallRecord {
  final String requestId = newRequestId();
  final ChatRequest request;
  final long start;
  final long deadline;
  final boolean streaming;
  private final Router router;
  private final ModelCallListener listener;
  /** The first attempt; most calls have only this one (guarded by this). */
  private @Nullable AttemptEvent firstAttempt;
  /** Every attempt, once there is more than one (guarded by this). */
  private @Nullable List<AttemptEvent> attempts;
  /** The request's task, read once (each read of the Optional allocates). */
  final @Nullable String task;
  private boolean ended; // guarded by this
  private volatile long firstTokenAt;
  /** The MDC values the calling thread had before the call (restored after it). */
  @Nullable String previousMdcRequestId;
  @Nullable String previousMdcTask;

  CallRecord(Router router, ChatRequest request, boolean streaming, Duration timeout) {
    this.router = router;
    this.request = request;
    this.streaming = streaming;
    this.listener = router.listener;
    this.task = request.task().orElse(null);
    this.start = router.ticker.read();
    this.deadline = start + timeout.toNanos();
    if (router.wantsCallStart) {
      listener.onCallStart(new CallStartEvent(requestId, task,
          request.model().orElse(null), request.tags(), streaming, router.clock.instant()));
    }
  }

  private static final ThreadLocal<byte[]> ID_SCRATCH =
      ThreadLocal.withInitial(() -> new byte[23]);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** {@code vn-} and 20 random hex digits (80 bits), built in one Latin-1 array. */
  static String newRequestId() {
    var r = java.util.concurrent.ThreadLocalRandom.current();
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

  long remainingNanos() {
    return deadline - router.ticker.read();
  }

  void firstToken(long at) {
    if (firstTokenAt == 0) {
      firstTokenAt = at;
    }
  }

  synchronized int attemptCount() {
    return attempts != null ? attempts.size() : firstAttempt != null ? 1 : 0;
  }

  private synchronized @Nullable AttemptEvent lastAttempt() {
    return attempts != null ? attempts.get(attempts.size() - 1) : firstAttempt;
  }

  private synchronized List<AttemptEvent> allAttempts() {
    return attempts != null ? List.copyOf(attempts)
        : firstAttempt != null ? List.of(firstAttempt) : List.of();
  }

  /** Records an ended attempt and reports it. */
  AttemptEvent attempt(DeploymentState d, Attempter.Scratch scratch, CallOutcome outcome,
      @Nullable Throwable error, Usage usage, long attemptStart, long firstTokenNanos,
      @Nullable String reason) {
    long now = router.ticker.read();
    KeyPool.Key key = scratch.key;
    Cost cost = Costs.of(usage, d.info, d.providerType, d.deployment.model(),
        router.catalog.version(), scratch.usageEstimated);
    scratch.settle(cost.usd().orElse(null));
    Duration latency = Duration.ofNanos(now - attemptStart);
    AttemptEvent e;
    synchronized (this) {
      e = new AttemptEvent(requestId, attemptCount() + 1, d.deployment.provider(),
          d.deployment.model(), d.name(), key == null ? null : key.id, outcome, error, usage,
          cost, latency, firstTokenNanos == 0 ? null
              // a blocking attempt's first token is its answer: the same duration
              : !streaming ? latency : Duration.ofNanos(firstTokenNanos - attemptStart),
          reason);
      if (firstAttempt == null) {
        firstAttempt = e;
      } else {
        if (attempts == null) {
          attempts = new ArrayList<>(4);
          attempts.add(firstAttempt);
        }
        attempts.add(e);
      }
    }
    listener.onAttempt(e);
    if (!scratch.usageEstimated) {
      router.anomalies.check(this, d, e);
    }
    return e;
  }

  /**
   * Gives the winning response the call's timing, attempts and cost, and ends the call.
   *
   * @param won the winning attempt's event, whose cost (of the same usage) the response gets
   */
  ChatResponse succeed(ChatResponse r, AttemptEvent won) {
    long now = router.ticker.read();
    Duration latency = Duration.ofNanos(now - start);
    // A blocking call's first token is its answer: the same duration (as ChatResponse says).
    Duration ttft = firstTokenAt == 0 || !streaming ? latency
        : Duration.ofNanos(firstTokenAt - start);
    // One copy with the call's timing, attempts and cost (not withTiming(...).withCost(...)).
    ChatResponse out = new ChatResponse(r.id(), r.provider(), r.model(), r.message(),
        r.finishReason(), r.usage(), won.cost(), Math.max(1, attemptCount()), latency, ttft);
    end(CallOutcome.SUCCESS, null, out.provider(), out.model(), latency, ttft);
    return out;
  }

  void fail(Throwable error, CallOutcome outcome) {
    Duration latency = Duration.ofNanos(router.ticker.read() - start);
    AttemptEvent last = lastAttempt();
    end(outcome, error, last == null ? null : last.provider(), last == null ? null : last.model(),
        latency, firstTokenAt == 0 ? null : Duration.ofNanos(firstTokenAt - start));
  }

  synchronized boolean ended() {
    return ended;
  }

  /** @return true for the one caller that ends the call */
  private synchronized boolean markEnded() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }

  private void end(CallOutcome outcome, @Nullable Throwable error, @Nullable String provider,
      @Nullable String model, Duration latency, @Nullable Duration ttft) {
    if (!markEnded()) {
      return;
    }
    List<AttemptEvent> all = allAttempts();
    Usage usage = all.size() == 1 ? all.get(0).usage() : Usage.ZERO;
    Cost cost = all.size() == 1 ? all.get(0).cost() : null;
    for (int i = 0; all.size() > 1 && i < all.size(); i++) {
      AttemptEvent a = all.get(i);
      usage = usage.plus(a.usage());
      cost = cost == null ? a.cost() : cost.plus(a.cost());
    }
    listener.onCallEnd(new CallEndEvent(requestId, task, request.tags(),
        provider, model, usage, cost == null ? Cost.unknown() : cost, latency, ttft, all,
        outcome, error));
  }

  /** @return a one-line summary per attempt, for exception messages */
  String summary() {
    StringBuilder sb = new StringBuilder();
    for (AttemptEvent a : allAttempts()) {
      sb.append("\n  #").append(a.attempt()).append(' ').append(a.deployment()).append(" (")
          .append(a.provider()).append('/').append(a.model()).append("): ")
          .append(a.errorType() == null ? a.outcome() : a.errorType() + ": "
              + String.valueOf(a.error().getMessage()))
          .append(a.reason() == null ? "" : " -> " + a.reason());
    }
    return sb.toString();
  }
}
