package io.vectornode.routing.internal;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.CallStartEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.Cost;
import io.vectornode.ModelCallListener;
import io.vectornode.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final List<AttemptEvent> attempts = new ArrayList<>(2);
  /** The request's task, read once (each read of the Optional allocates). */
  final @Nullable String task;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile long firstTokenAt;

  CallRecord(Router router, ChatRequest request, boolean streaming, Duration timeout) {
    this.router = router;
    this.request = request;
    this.streaming = streaming;
    this.listener = router.listener;
    this.task = request.task().orElse(null);
    this.start = router.ticker.read();
    this.deadline = start + timeout.toNanos();
    listener.onCallStart(new CallStartEvent(requestId, task,
        request.model().orElse(null), request.tags(), streaming, router.clock.instant()));
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** {@code vn-} and 20 random hex digits (80 bits), built in one array. */
  static String newRequestId() {
    var r = java.util.concurrent.ThreadLocalRandom.current();
    long a = r.nextLong();
    long b = r.nextLong();
    char[] id = new char[23];
    id[0] = 'v';
    id[1] = 'n';
    id[2] = '-';
    for (int i = 0; i < 16; i++) {
      id[3 + i] = HEX[(int) (a >>> (60 - 4 * i)) & 15];
    }
    for (int i = 0; i < 4; i++) {
      id[19 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 15];
    }
    return new String(id);
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
    return attempts.size();
  }

  /** Records an ended attempt and reports it. */
  AttemptEvent attempt(DeploymentState d, Attempter.Scratch scratch, CallOutcome outcome,
      @Nullable Throwable error, Usage usage, long attemptStart, long firstTokenNanos,
      @Nullable String reason) {
    long now = router.ticker.read();
    KeyPool.Key key = scratch.key;
    Cost cost = Costs.of(usage, d.info, d.providerType, d.deployment.model(),
        router.catalog.version(), scratch.usageEstimated);
    for (BudgetLedger.Reservation r : scratch.reservations) {
      r.settle(cost.usd().orElse(null));
    }
    AttemptEvent e;
    synchronized (this) {
      e = new AttemptEvent(requestId, attempts.size() + 1, d.deployment.provider(),
          d.deployment.model(), d.name(), key == null ? null : key.id, outcome, error, usage,
          cost, Duration.ofNanos(now - attemptStart),
          firstTokenNanos == 0 ? null : Duration.ofNanos(firstTokenNanos - attemptStart), reason);
      attempts.add(e);
    }
    listener.onAttempt(e);
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
    Duration ttft = firstTokenAt == 0 ? latency : Duration.ofNanos(firstTokenAt - start);
    ChatResponse out = r.withTiming(Math.max(1, attemptCount()), latency, ttft)
        .withCost(won.cost());
    end(CallOutcome.SUCCESS, null, out.provider(), out.model(), latency, ttft);
    return out;
  }

  void fail(Throwable error, CallOutcome outcome) {
    Duration latency = Duration.ofNanos(router.ticker.read() - start);
    AttemptEvent last;
    synchronized (this) {
      last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }
    end(outcome, error, last == null ? null : last.provider(), last == null ? null : last.model(),
        latency, firstTokenAt == 0 ? null : Duration.ofNanos(firstTokenAt - start));
  }

  boolean ended() {
    return ended.get();
  }

  private void end(CallOutcome outcome, @Nullable Throwable error, @Nullable String provider,
      @Nullable String model, Duration latency, @Nullable Duration ttft) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    List<AttemptEvent> all;
    synchronized (this) {
      all = List.copyOf(attempts);
    }
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
  synchronized String summary() {
    StringBuilder sb = new StringBuilder();
    for (AttemptEvent a : attempts) {
      sb.append("\n  #").append(a.attempt()).append(' ').append(a.deployment()).append(" (")
          .append(a.provider()).append('/').append(a.model()).append("): ")
          .append(a.errorType() == null ? a.outcome() : a.errorType() + ": "
              + String.valueOf(a.error().getMessage()))
          .append(a.reason() == null ? "" : " -> " + a.reason());
    }
    return sb.toString();
  }
}
