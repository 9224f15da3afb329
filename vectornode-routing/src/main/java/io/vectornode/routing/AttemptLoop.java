package io.vectornode.routing;

// Over 400 lines: retry, fallback and hedging share one call's state; splitting them into pipeline
// steps is open (issue 11, item 3).

import io.vectornode.AttemptEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.Usage;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.budget.BudgetStore;
import io.vectornode.catalog.Costs;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ContextLengthExceededException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.RoutingException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The attempts of one call. In order: skip unhealthy deployments (but when every one is
 * unhealthy, try the one that recovers soonest); per deployment, retry retryable failures with
 * backoff, jitter and Retry-After while the retry budget and the deadline allow; then fall back
 * to the next deployment. A context-length failure moves to a larger window; a content filter
 * moves to the route's content-policy fallback or surfaces. With hedging, the next deployment
 * starts when the first is late, and the first to succeed wins.
 */
final class AttemptLoop implements java.util.function.Consumer<String> {
  private final Router router;
  private final CallRecord call;
  private final Resilience policy;
  // Created on first use: most calls succeed at once and never need them.
  private @Nullable List<VectorNodeException> causes;
  private @Nullable List<String> skipped;
  private @Nullable DeploymentState firstUsed;
  private @Nullable List<DeploymentState> used;
  private Router.Resolved resolved;
  private long estimate;
  /** The input's upper bound for budgets, measured on the first reservation. */
  private TokenEstimate.@Nullable Bound bound;
  private @Nullable BudgetExceededException budgetRefusal;

  AttemptLoop(Router router, CallRecord call) {
    this.router = router;
    this.call = call;
    this.policy = router.resilience;
  }

  /** Records a failed attempt's exception (hedged attempts fail on pool threads). */
  private synchronized void cause(VectorNodeException e) {
    if (causes == null) {
      causes = new ArrayList<>(2);
    }
    causes.add(e);
  }

  private synchronized List<VectorNodeException> causes() {
    return causes == null ? List.of() : new ArrayList<>(causes);
  }

  /** Records a deployment passed over, with why (as the {@link Candidates} consumer). */
  @Override
  public void accept(String line) {
    skip(line);
  }

  /** Records a deployment passed over, with why. */
  private synchronized void skip(String line) {
    if (skipped == null) {
      skipped = new ArrayList<>(2);
    }
    skipped.add(line);
  }

  private synchronized List<String> skipped() {
    return skipped == null ? List.of() : new ArrayList<>(skipped);
  }

  private synchronized void use(DeploymentState d) {
    if (firstUsed == null) {
      firstUsed = d;
      return;
    }
    if (used == null) {
      used = new ArrayList<>(4);
    }
    used.add(d);
  }

  private synchronized boolean used(DeploymentState d) {
    return d == firstUsed || used != null && used.contains(d);
  }

  /** The result of a winning attempt. */
  record Won<T>(T value, DeploymentState d, DeploymentState.Permit permit, long start,
      Attempter.Scratch scratch, boolean forced) {}

  private enum Step { RETRY, NEXT, SURFACE }

  private List<DeploymentState> plan() {
    resolved = router.resolve(call.request, call.task);
    estimate = TokenEstimate.input(call.request);
    List<DeploymentState> order =
        router.planner.order(call.request, resolved.plan(), estimate);
    return order;
  }

  ChatResponse chat() {
    List<DeploymentState> order = plan();
    Hedging h = resolved.route().hedging();
    Won<ChatResponse> won = h.enabled() && order.size() > 1
        ? hedged(order, ChatAttempter.CANCELLABLE, h) : loop(order, ChatAttempter.BLOCKING);
    ChatResponse r = won.value();
    long now = router.ticker.read();
    won.permit().success(now - won.start());
    won.d().onSuccess(now - won.start(), now - won.start(), false);
    if (won.forced()) {
      won.d().forcedSuccess();
    }
    call.firstToken(now);
    AttemptEvent wonEvent = call.attempt(won.d(), won.scratch(), CallOutcome.SUCCESS, null,
        r.usage(), won.start(), now, null);
    return call.succeed(r, wonEvent);
  }

  ChatStream stream() {
    List<DeploymentState> order = plan();
    Hedging h = resolved.route().hedging();
    StreamAttempter attempter = new StreamAttempter(router, policy.firstTokenTimeout());
    Won<Committed> won = h.enabled() && order.size() > 1
        ? hedged(order, attempter, h) : loop(order, attempter);
    if (won.scratch().firstTokenAt != 0) {
      call.firstToken(won.scratch().firstTokenAt);
    }
    return new RoutedStream(router, call, won);
  }

  /** Healthy deployments in order; when none is healthy, the one that recovers soonest. */
  private <C extends java.util.Collection<DeploymentState>> C healthy(
      List<DeploymentState> order, boolean[] forced, C ok) {
    DeploymentState soonest = null;
    for (int i = 0; i < order.size(); i++) {
      DeploymentState d = order.get(i);
      if (d.healthy()) {
        ok.add(d);
      } else {
        skip(d.name() + ": unhealthy (" + d.breakerState().toLowerCase(java.util.Locale.ROOT)
            + ")");
        if (soonest == null || d.recoversAt() < soonest.recoversAt()) {
          soonest = d;
        }
      }
    }
    if (ok.isEmpty() && soonest != null) {
      forced[0] = true;
      ok.add(soonest);
    }
    return ok;
  }

  private ChatRequest requestFor(DeploymentState d) {
    long remaining = Math.max(1, call.remainingNanos());
    return call.request.withTarget(d.target, Duration.ofNanos(remaining));
  }

  <T> Won<T> loop(List<DeploymentState> order, Attempter<T> attempter) {
    Candidates queue = new Candidates(order, this);
    boolean forced = queue.forced();
    while (!queue.isEmpty()) {
      DeploymentState d = queue.poll();
      use(d);
      for (int attempt = 1; ; attempt++) {
        if (call.remainingNanos() <= 0) {
          throw exhausted("the call's deadline passed");
        }
        DeploymentState.Permit permit = d.acquire(estimate, forced);
        if (permit.refused() != null) {
          skip(d.name() + ": " + permit.refused());
          break;
        }
        Attempter.Scratch scratch = new Attempter.Scratch();
        scratch.key = d.keys.pick();
        if (scratch.key == null) {
          permit.abandon();
          skip(d.name() + ": no usable key (disabled or cooling down)");
          break;
        }
        BudgetExceededException refused = reserve(d, scratch);
        if (refused != null) {
          permit.abandon();
          budgetRefusal = refused;
          if (resolved.route().budgetFallback() && !queue.isEmpty()) {
            skip(d.name() + ": " + refused.getMessage());
            break;
          }
          throw refused;
        }
        long start = router.ticker.read();
        try {
          return new Won<>(attempter.run(d, requestFor(d), scratch), d, permit, start, scratch,
              forced);
        } catch (VectorNodeException e) {
          permit.failure(router.ticker.read() - start, e);
          d.onFailure(e, scratch.key);
          cause(e);
          String[] reason = new String[1];
          Duration[] delay = new Duration[1];
          Step step = decide(e, d, attempt, queue, reason, delay);
          call.attempt(d, scratch, CallOutcome.FAILURE, e, scratch.usage, start,
              scratch.firstTokenAt, reason[0]);
          if (step == Step.SURFACE) {
            throw e;
          }
          if (step == Step.NEXT) {
            break;
          }
          sleep(delay[0]);
        } catch (RuntimeException e) {
          // Outside the provider contract (an untyped exception): the request may have been
          // billed, so the reservation is charged, never left holding the budget until the
          // period ends.
          permit.abandon();
          scratch.settle(null);
          throw e;
        }
      }
    }
    throw giveUp(null);
  }

  /**
   * The exception for a call that could not be served. One attempt and nothing skipped: that
   * attempt's own exception, which says everything (the listener event has the details).
   * Otherwise a {@link RoutingException} naming every attempt and its cause.
   */
  private VectorNodeException giveUp(@Nullable String why) {
    List<VectorNodeException> causes = causes();
    if (causes.size() == 1 && skipped().isEmpty() && why == null) {
      return causes.get(0);
    }
    if (causes.isEmpty() && budgetRefusal != null) {
      return budgetRefusal;
    }
    return exhausted(why);
  }

  /**
   * Reserves the attempt's worst case in every budget that covers it: the input's upper bound
   * ({@link TokenEstimate.Bound}, by UTF-8 bytes) and the output cap, at full price. When that
   * does not fit and the model's text can be counted exactly (a TokenCounter, such as
   * vectornode-jtokkit's for OpenAI), it is counted and tried once more: the cheap bound serves
   * every call, the exact count only those near a limit.
   *
   * @return null when every reservation fits; else the refusal (nothing stays reserved)
   */
  private @Nullable BudgetExceededException reserve(DeploymentState d, Attempter.Scratch s) {
    Budget first = firstCovering(d, s);
    if (first == null) {
      return null;
    }
    if (d.info == null || d.info.prices() == null) {
      router.warnUnbounded(first, d);
      return null;
    }
    if (bound == null) {
      bound = new TokenEstimate.Bound(call.request, Tokenizers.AVAILABLE);
    }
    long maxOut = call.request.maxOutputTokens().isPresent()
        ? call.request.maxOutputTokens().getAsInt() : d.info.maxOutputTokens();
    long input = bound.bytes(d.deployment.model());
    boolean tightened = false;
    while (true) {
      BudgetExceededException refused = reserveAll(d, s, input, maxOut);
      if (refused == null || tightened) {
        return refused;
      }
      tightened = true;
      BigDecimal room = refused.limitUsd().subtract(refused.spentUsd())
          .subtract(refused.reservedUsd());
      if (room.compareTo(Costs.worstCase(0, maxOut, d.info)) < 0) {
        return refused; // not even the output fits: counting the input cannot help
      }
      long exact = bound.tightened(d.providerType, d.deployment.model());
      if (exact >= input) {
        return refused;
      }
      input = exact;
    }
  }

  private @Nullable Budget firstCovering(DeploymentState d, Attempter.Scratch s) {
    List<Budget> budgets = router.budgets;
    for (int i = 0; i < budgets.size(); i++) {
      if (budgets.get(i).covers(call.request, d.name(), s.key == null ? null : s.key.id)) {
        return budgets.get(i);
      }
    }
    return null;
  }

  private @Nullable BudgetExceededException reserveAll(DeploymentState d, Attempter.Scratch s,
      long input, long maxOut) {
    BigDecimal worst = null;
    for (Budget b : router.budgets) {
      if (!b.covers(call.request, d.name(), s.key == null ? null : s.key.id)) {
        continue;
      }
      if (worst == null) {
        worst = java.util.Objects.requireNonNull(Costs.worstCase(input, maxOut, d.info));
      }
      BudgetStore.Reservation r = router.budgetStore.reserve(b, worst);
      if (r == null) {
        s.settle(BigDecimal.ZERO);
        BudgetStatus state = router.budgetStore.status(b);
        return new BudgetExceededException(b.name(), b.limitUsd(), state.spent(),
            state.reserved(), worst);
      }
      s.reserved(r);
    }
    return null;
  }

  private Step decide(VectorNodeException e, DeploymentState d, int attempt,
      Candidates queue, String[] reason, Duration[] delay) {
    Route route = resolved.route();
    if (e instanceof ContentFilteredException) {
      String fallback = route.contentPolicyFallback();
      DeploymentState fb = fallback == null ? null : resolved.states().get(fallback);
      if (fb != null && !used(fb)) {
        queue.only(fb);
        reason[0] = "content filtered -> content-policy fallback " + fb.name();
        return Step.NEXT;
      }
      reason[0] = "content filtered";
      return Step.SURFACE;
    }
    if (e instanceof ContextLengthExceededException) {
      long window = d.info == null ? Long.MAX_VALUE : d.info.contextWindow();
      queue.removeIf(x -> x.info != null && x.info.contextWindow() <= window);
      reason[0] = queue.isEmpty() ? "context length exceeded; no larger window in the route"
          : "context length exceeded -> larger window " + queue.peek().name();
      return Step.NEXT;
    }
    if (e instanceof ConfigurationException || !e.retryable()) {
      reason[0] = queue.isEmpty() ? "not retryable" : "not retryable -> next deployment";
      return Step.NEXT;
    }
    if (e instanceof RateLimitException && e.retryAfter().isPresent() && d.keys.size() > 1
        && d.keys.hasUsable() && attempt < policy.maxAttemptsPerDeployment()) {
      reason[0] = "rate limited; key cooling down " + millis(e.retryAfter().get())
          + " -> another key";
      delay[0] = Duration.ZERO;
      return Step.RETRY;
    }
    if (e instanceof RateLimitException && e.retryAfter().isPresent() && !queue.isEmpty()) {
      reason[0] = "rate limited; cooling down " + millis(e.retryAfter().get())
          + " -> next deployment";
      return Step.NEXT;
    }
    if (attempt >= policy.maxAttemptsPerDeployment()) {
      reason[0] = queue.isEmpty() ? "attempts exhausted" : "attempts exhausted -> next deployment";
      return Step.NEXT;
    }
    if (!d.allowsRetry()) {
      reason[0] = "retry budget exhausted" + (queue.isEmpty() ? "" : " -> next deployment");
      return Step.NEXT;
    }
    Duration wait = backoff(attempt, e);
    if (wait.toNanos() >= call.remainingNanos()) {
      reason[0] = "retry in " + millis(wait) + " would pass the deadline";
      return Step.NEXT;
    }
    delay[0] = wait;
    reason[0] = "retry in " + millis(wait);
    return Step.RETRY;
  }

  /** Exponential backoff with jitter; a provider's Retry-After (capped) when it asks longer. */
  Duration backoff(int attempt, VectorNodeException e) {
    if (e instanceof TransportException t && t.kind() == TransportException.Kind.CONNECT) {
      return Duration.ZERO; // nothing was sent: retry at once
    }
    double base = policy.initialBackoff().toNanos()
        * Math.pow(policy.multiplier(), Math.max(0, attempt - 1));
    base = Math.min(base, policy.maxBackoff().toNanos());
    double spread = policy.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    long nanos = (long) Math.max(0, base * (1 + spread));
    if (e.retryAfter().isPresent()) {
      long asked = Math.min(e.retryAfter().get().toNanos(), policy.maxRetryAfter().toNanos());
      nanos = Math.max(nanos, asked);
    }
    return Duration.ofNanos(nanos);
  }

  private void sleep(Duration d) {
    try {
      router.sleeper.sleep(d);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while backing off");
    }
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }

  RoutingException exhausted(@Nullable String why) {
    String route = resolved == null ? "?" : resolved.route().name();
    List<VectorNodeException> causes = causes();
    List<String> skipped = skipped();
    StringBuilder sb = new StringBuilder();
    if (causes.isEmpty()) {
      sb.append("no deployment of route '").append(route).append("' accepted the call");
    } else {
      sb.append("all ").append(causes.size()).append(" attempts of route '").append(route)
          .append("' failed");
    }
    if (why != null) {
      sb.append(" (").append(why).append(')');
    }
    sb.append(" [request ").append(call.requestId).append(']');
    sb.append(call.summary());
    if (!skipped.isEmpty()) {
      sb.append("\n  skipped: ").append(String.join("; ", skipped));
    }
    return new RoutingException(sb.toString(), causes);
  }

  /**
   * Hedging: start the first deployment; if it has not committed after the delay, start the
   * second too; the first to commit wins and the other is cancelled (and reported as such). If
   * both fail, the remaining deployments are tried in order.
   */
  <T> Won<T> hedged(List<DeploymentState> order, Attempter<T> attempter, Hedging h) {
    boolean[] forced = {false};
    List<DeploymentState> healthy = healthy(order, forced, new ArrayList<>(order.size()));
    if (healthy.size() < 2) {
      return loop(healthy, attempter);
    }
    Started<T> first = start(healthy.get(0), attempter);
    if (first == null) {
      return loop(healthy.subList(1, healthy.size()), attempter);
    }
    Duration delay = hedgeDelay(h, healthy.get(0));
    try {
      T value = first.future.get(Math.min(delay.toNanos(), Math.max(0, call.remainingNanos())),
          TimeUnit.NANOSECONDS);
      return first.won(value);
    } catch (TimeoutException late) {
      // fall through: hedge
    } catch (ExecutionException failed) {
      return loop(healthy.subList(1, healthy.size()), attempter);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      first.cancel("interrupted");
      throw new CancellationException("interrupted");
    }
    Started<T> second = start(healthy.get(1), attempter);
    List<Started<T>> racing = second == null ? List.of(first) : List.of(first, second);
    CompletableFuture<Started<T>> winner = new CompletableFuture<>();
    int[] failures = {0};
    for (Started<T> s : racing) {
      s.future.whenComplete((v, e) -> {
        if (e == null) {
          winner.complete(s);
        } else {
          synchronized (failures) {
            if (++failures[0] == racing.size()) {
              winner.completeExceptionally(e);
            }
          }
        }
      });
    }
    Started<T> w;
    try {
      w = winner.get(Math.max(1, call.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException bothFailed) {
      return loop(healthy.subList(2, healthy.size()), attempter);
    } catch (TimeoutException deadline) {
      racing.forEach(s -> s.cancel("deadline"));
      throw exhausted("the call's deadline passed while hedging");
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      racing.forEach(s -> s.cancel("interrupted"));
      throw new CancellationException("interrupted");
    }
    for (Started<T> s : racing) {
      if (s != w) {
        s.cancel("hedge lost to " + w.d.name());
      }
    }
    return w.won(w.future.join());
  }

  private Duration hedgeDelay(Hedging h, DeploymentState primary) {
    if (h.delay() != null) {
      return h.delay();
    }
    long p95 = call.streaming ? primary.firstToken.p95() : primary.latency.p95();
    return p95 < 0 ? h.minDelay() : Duration.ofNanos(Math.max(p95, h.minDelay().toNanos()));
  }

  /** An attempt running on the router's pool. */
  private final class Started<T> {
    final DeploymentState d;
    final DeploymentState.Permit permit;
    final Attempter.Scratch scratch = new Attempter.Scratch();
    final long start = router.ticker.read();
    final CompletableFuture<T> future = new CompletableFuture<>();
    private boolean done;

    Started(DeploymentState d, DeploymentState.Permit permit) {
      this.d = d;
      this.permit = permit;
    }

    Won<T> won(T value) {
      return new Won<>(value, d, permit, start, scratch, false);
    }

    /** Records a failure; the loser of a race is recorded by {@link #cancel}. */
    synchronized void failed(VectorNodeException e) {
      if (done) {
        return;
      }
      done = true;
      permit.failure(router.ticker.read() - start, e);
      d.onFailure(e, scratch.key);
      cause(e);
      call.attempt(d, scratch, CallOutcome.FAILURE, e, scratch.usage, start,
          scratch.firstTokenAt, "failed while hedging");
    }

    synchronized void cancel(String reason) {
      if (done) {
        return;
      }
      done = true;
      scratch.cancel();
      future.cancel(true);
      permit.abandon();
      Usage charged = scratch.usage;
      if (charged.equals(Usage.ZERO)) {
        // The provider read the prompt before the loser was cancelled: charge an estimate.
        scratch.usageEstimated = true;
        charged = Usage.of(estimate, 0);
      }
      call.attempt(d, scratch, CallOutcome.CANCELLED, null, charged, start,
          scratch.firstTokenAt, reason);
    }
  }

  private <T> @Nullable Started<T> start(DeploymentState d, Attempter<T> attempter) {
    DeploymentState.Permit permit = d.acquire(estimate, false);
    if (permit.refused() != null) {
      skip(d.name() + ": " + permit.refused());
      return null;
    }
    KeyPool.Key key = d.keys.pick();
    if (key == null) {
      permit.abandon();
      skip(d.name() + ": no usable key (disabled or cooling down)");
      return null;
    }
    Started<T> s = new Started<>(d, permit);
    s.scratch.key = key;
    BudgetExceededException refused = reserve(d, s.scratch);
    if (refused != null) {
      permit.abandon();
      budgetRefusal = refused;
      skip(d.name() + ": " + refused.getMessage());
      return null;
    }
    use(d);
    ChatRequest req = requestFor(d);
    router.hedgePool().execute(() -> {
      try {
        s.future.complete(attempter.run(d, req, s.scratch));
      } catch (VectorNodeException e) {
        s.failed(e);
        s.future.completeExceptionally(e);
      } catch (RuntimeException e) {
        s.scratch.settle(null); // as in the sequential loop: charged, never left held
        s.future.completeExceptionally(e);
      }
    });
    return s;
  }
}
