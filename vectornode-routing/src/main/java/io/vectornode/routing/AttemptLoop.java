package io.vectornode.routing;

// Over 400 lines: the whole attempt pipeline, with how it gives up and is cancelled, in one place.

import io.vectornode.AttemptEvent;
import io.vectornode.AttemptStartEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.error.RoutingException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.state.Admission;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The attempts of one call, as one pipeline. Each step is a method of this class (or names the
 * class that does it), in this order:
 *
 * <ol>
 *   <li><b>resolve</b> the model or task to a route ({@link Router#resolve});
 *   <li><b>filter and order</b> its deployments by capability, context window and strategy
 *       ({@link Planner#order}), read lazily and skipping the unhealthy ({@link Candidates});
 *   <li><b>permit</b>: breaker, bulkhead, RPM and TPM ({@link DeploymentState#acquire});
 *   <li><b>key</b>: a usable key of the deployment ({@link KeyPool#pick});
 *   <li><b>reserve</b> the attempt's worst case in every covering budget ({@link
 *       Spending#reserve});
 *   <li><b>send</b> ({@link Attempter}: the whole response, or a stream up to its first
 *       content);
 *   <li><b>settle</b>: price the usage and settle the reservations to it ({@link
 *       Spending#settle});
 *   <li><b>report</b> the attempt ({@link CallRecord#attempt}); after a failure the {@link
 *       RetryPolicy} decides: retry here, the next deployment, or surface.
 * </ol>
 *
 * <p>With hedging ({@link Hedger}) steps 3 to 8 run for two deployments at once.
 */
final class AttemptLoop implements Consumer<String> {
  final Router router;
  final CallRecord call;
  final Spending spending;
  private final RetryPolicy retry;
  // Created on first use: most calls succeed at once and never need them.
  private @Nullable List<VectorNodeException> causes;
  private @Nullable List<String> skipped;
  private @Nullable DeploymentState firstUsed;
  private @Nullable List<DeploymentState> used;
  private Router.@Nullable Resolved resolved;
  /** The input's estimated tokens, for rate limits and cancelled attempts' charges. */
  long estimate;
  private @Nullable BudgetExceededException budgetRefusal;
  /** The call's cancel: checked before each step, and reaching the attempt in flight. */
  final Cancellation cancellation;
  /** Whether the blocking attempts can be cancelled in flight (async calls). */
  private final boolean cancellable;

  AttemptLoop(Router router, CallRecord call, Cancellation cancellation, boolean cancellable) {
    this.router = router;
    this.call = call;
    this.cancellation = cancellation;
    this.cancellable = cancellable;
    this.retry = router.retry;
    this.spending = new Spending(router, call);
  }

  /** The result of a winning attempt. */
  record Won<T>(T value, Attempt attempt) {}

  ChatResponse chat() {
    List<DeploymentState> order = plan();
    Hedging h = resolved.route().hedging();
    Won<ChatResponse> won = h.enabled() && order.size() > 1
        ? new Hedger<>(this, ChatAttempter.CANCELLABLE, h).run(new Candidates(order, this))
        : loop(new Candidates(order, this), null,
            cancellable ? ChatAttempter.CANCELLABLE : ChatAttempter.BLOCKING);
    long now = router.ticker.read();
    return succeeded(won, won.value(), now, now, false);
  }

  ChatStream stream() {
    List<DeploymentState> order = plan();
    Hedging h = resolved.route().hedging();
    StreamAttempter attempter = new StreamAttempter(router, router.timeouts.firstToken());
    Won<Committed> won = h.enabled() && order.size() > 1
        ? new Hedger<>(this, attempter, h).run(new Candidates(order, this))
        : loop(new Candidates(order, this), null, attempter);
    if (won.attempt().scratch.firstTokenAt != 0) {
      call.firstToken(won.attempt().scratch.firstTokenAt);
    }
    return new RoutedStream(this, won);
  }

  /**
   * An embedding call: steps 1 and 2 with the longest input against each model's context window
   * (each input is embedded alone; the batch is not one prompt), the deployments that serve no
   * embeddings left out (their refusal kept as a cause), then steps 3 to 8 as for chat, never
   * hedged. See {@link EmbeddingAttempter} for batches, retries and fallbacks.
   */
  io.vectornode.EmbeddingResponse embed(io.vectornode.EmbeddingRequest request) {
    resolved = router.resolve(call.request, call.task);
    estimate = TokenEstimate.input(call.request);
    long longest = 0;
    for (String s : request.inputs()) {
      longest = Math.max(longest, s.length());
    }
    List<DeploymentState> order = router.planner.order(call.request, resolved.plan(),
        (longest + 3) / 4);
    List<DeploymentState> serving = new ArrayList<>(order.size());
    for (DeploymentState d : order) {
      if (d.keys.embeddingInputs() > 0) {
        serving.add(d);
      } else {
        cause(new io.vectornode.error.UnsupportedFeatureException(d.deployment.provider(),
            "embeddings", "deployment '" + d.name() + "' (provider type '" + d.providerType
                + "') serves no embeddings; route embeddings to a provider that does"));
      }
    }
    if (serving.isEmpty()) {
      throw giveUp(null);
    }
    Won<io.vectornode.EmbeddingResponse> won = loop(new Candidates(serving, this), null,
        new EmbeddingAttempter(request, router.ticker));
    Attempt a = won.attempt();
    long now = router.ticker.read();
    a.permit.success(now - a.start);
    a.d.onSuccess(now - a.start, now - a.start, false);
    if (a.forced) {
      a.d.forcedSuccess();
    }
    settleAndReport(a, 0, CallOutcome.SUCCESS, null, a.scratch.usage, null);
    io.vectornode.EmbeddingResponse r = won.value();
    // The answer's vectors may come from several attempts on this deployment: priced together.
    Cost cost = io.vectornode.catalog.Costs.of(r.usage(), a.d.info, a.d.providerType,
        a.d.deployment.model(), router.catalog.version(), r.usageEstimated());
    return call.succeed(r, cost);
  }

  /** Steps 1 and 2: the route, and its deployments in order. */
  private List<DeploymentState> plan() {
    resolved = router.resolve(call.request, call.task);
    estimate = TokenEstimate.input(call.request);
    return router.planner.order(call.request, resolved.plan(), estimate);
  }

  /**
   * Steps 3 to 8 on each deployment in turn until one answers.
   *
   * @param queue the deployments left
   * @param first a deployment already taken from the queue, or null
   */
  <T> Won<T> loop(Candidates queue, @Nullable DeploymentState first, Attempter<T> attempter) {
    boolean forced = queue.forced();
    for (DeploymentState d = first != null ? first : queue.poll(); d != null; d = queue.poll()) {
      use(d);
      for (int attempt = 1; ; attempt++) {
        checkCancelled();
        if (call.remainingNanos() <= 0) {
          throw giveUp("the call's deadline passed");
        }
        Attempt a = prepare(d, forced, queue);
        if (a == null) {
          break;
        }
        a.kind = attempt > 1 ? AttemptStartEvent.Kind.RETRY
            : call.turnAttemptCount() > 0 ? AttemptStartEvent.Kind.FALLBACK
            : AttemptStartEvent.Kind.FIRST;
        cancellation.attempt(a.scratch::cancel);
        Duration backoff;
        try {
          return a.won(send(a, attempter));
        } catch (RuntimeException e) {
          if (cancellation.cancelled()) {
            // Whatever the attempt threw (its cancelled future, its cancelled HTTP call), it
            // is reported CANCELLED and charged, and nothing more is tried.
            cancelled(a, cancellation.reason());
            throw cancellation.exception();
          }
          if (!(e instanceof VectorNodeException v)) {
            abandoned(a);
            throw e;
          }
          Decision next = failed(a, v, attempt, queue);
          if (next.step() == Decision.Step.SURFACE) {
            throw v;
          }
          if (next.step() == Decision.Step.NEXT) {
            apply(next, queue);
            break;
          }
          backoff = next.delay();
        } finally {
          cancellation.attemptEnded();
        }
        sleep(backoff);
      }
    }
    throw giveUp(null);
  }

  /** Stops a cancelled call before its next step. */
  void checkCancelled() {
    if (cancellation.cancelled()) {
      throw cancellation.exception();
    }
  }

  /**
   * Ends a cancelled attempt: its permit is released and it is reported {@code CANCELLED},
   * charged the usage it reported or, when none came (the provider read the prompt before the
   * cancel), an estimate of the input, marked as estimated (as a lost hedge is charged).
   */
  void cancelled(Attempt a, String reason) {
    a.permit.abandon();
    Usage charged = a.scratch.usage;
    if (charged.equals(Usage.ZERO)) {
      a.scratch.usageEstimated = true;
      charged = Usage.of(estimate, 0);
    }
    settleAndReport(a, CallOutcome.CANCELLED, null, charged, reason);
  }

  /**
   * Steps 3 to 5: permit, key, budget reservation.
   *
   * @param queue the deployments left, to know whether a budget refusal may fall back; null
   *     while hedging, where a refusal always passes to the other deployments
   * @return the attempt, ready to send; null when this deployment cannot take it (recorded as
   *     skipped)
   * @throws BudgetExceededException when the budget refuses and nothing may be tried instead
   */
  @Nullable Attempt prepare(DeploymentState d, boolean forced, @Nullable Candidates queue) {
    DeploymentState.Permit permit = d.acquire(estimate, forced);
    if (permit.refused() != null) {
      skip(d.name() + ": " + permit.refused());
      return null;
    }
    Attempter.Scratch scratch = new Attempter.Scratch();
    BudgetExceededException refused;
    // With a shared state, the fleet may know a key is cooling or disabled that this instance
    // does not: its admission says so, the key is marked here, and another key is tried.
    for (int tries = 0; ; tries++) {
      scratch.key = d.keys.pick();
      if (scratch.key == null) {
        permit.abandon();
        skip(d.name() + ": no usable key (disabled or cooling down)");
        return null;
      }
      if (router.shared == null && scratch.key.limited() && !scratch.key.tryTake(estimate)) {
        if (tries >= d.keys.size()) {
          permit.abandon();
          skip(d.name() + ": every key is at its per-minute limit");
          return null;
        }
        continue; // another key may have room
      }
      try {
        refused = spending.reserve(d, scratch, estimate);
      } catch (RuntimeException e) {
        permit.abandon();
        throw e;
      }
      Admission fleet = spending.admission();
      if (refused != null || fleet == null || fleet.admitted()) {
        break;
      }
      if (!fleetRefused(d, scratch.key, fleet) || tries >= d.keys.size()) {
        permit.abandon();
        skip(d.name() + ": " + fleet.reason());
        return null;
      }
    }
    if (refused != null) {
      permit.abandon();
      budgetRefusal = refused;
      if (queue != null && !(resolved.route().budgetFallback() && !queue.isEmpty())) {
        throw refused;
      }
      skip(d.name() + ": " + refused.getMessage());
      return null;
    }
    return new Attempt(d, permit, scratch, forced, router.ticker.read());
  }

  /**
   * Applies what a shared state's refusal says about a key or the deployment.
   *
   * @return whether another key of the deployment may be tried
   */
  private static boolean fleetRefused(DeploymentState d, KeyPool.Key key, Admission fleet) {
    java.time.Instant until = fleet.until();
    switch (fleet.verdict()) {
      case KEY_COOLING -> {
        if (until != null) {
          d.keys.cooledElsewhere(key.id, until);
        }
        return true;
      }
      case KEY_DISABLED -> {
        d.keys.disabledElsewhere(key.id, fleet.status());
        return true;
      }
      case DEPLOYMENT_COOLING -> {
        if (until != null) {
          d.cooledElsewhere(until);
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * Step 6: sends the attempt, aimed at its deployment with what is left of the deadline, with
   * the headers the listeners return from its start event (a trace context).
   */
  <T> T send(Attempt a, Attempter<T> attempter) {
    return attempter.run(a.d, started(a), a.scratch);
  }

  /**
   * The attempt's request, aimed at its deployment with what is left of the deadline, with the
   * headers the listeners return from its start event, which this reports.
   */
  ChatRequest started(Attempt a) {
    ChatRequest request = call.request.withTarget(a.d.target,
        Duration.ofNanos(Math.max(1, call.remainingNanos())));
    if (router.attemptStarts && !call.embedding) {
      request = call.attemptStart(a, request);
    }
    return request;
  }

  /** Steps 7 and 8: settles the attempt and reports it. */
  AttemptEvent settleAndReport(Attempt a, CallOutcome outcome, @Nullable Throwable error,
      Usage usage, @Nullable String reason) {
    return settleAndReport(a, a.scratch.firstTokenAt, outcome, error, usage, reason);
  }

  /**
   * Steps 7 and 8, with the attempt's first-token time given.
   *
   * @param firstToken when its first content came, by the ticker; 0 for none
   */
  AttemptEvent settleAndReport(Attempt a, long firstToken, CallOutcome outcome,
      @Nullable Throwable error, Usage usage, @Nullable String reason) {
    Cost cost = spending.settle(a.d, a.scratch, usage);
    a.d.tokensUsed(estimate, usage, a.scratch.key);
    return call.attempt(a.d, a.scratch, outcome, error, usage, cost, a.start, firstToken,
        reason);
  }

  /** A failed attempt: its deployment's health, then the retry decision, then steps 7 and 8. */
  Decision failed(Attempt a, VectorNodeException e, int attempt, Candidates queue) {
    a.failed(e, router.ticker.read());
    cause(e);
    Decision next = retry.decide(e, attempt, situation(a.d, queue));
    settleAndReport(a, CallOutcome.FAILURE, e, a.scratch.usage, next.reason());
    return next;
  }

  /**
   * An attempt that failed outside the provider contract (an untyped exception): the request
   * may have been billed, so the reservation is charged, never left holding the budget until
   * the period ends.
   */
  static void abandoned(Attempt a) {
    a.permit.abandon();
    a.scratch.settle(null);
  }

  /** The winner's health and events (steps 7 and 8), and the response the caller gets. */
  ChatResponse succeeded(Won<?> won, ChatResponse r, long now, long firstToken,
      boolean stream) {
    Attempt a = won.attempt();
    a.permit.success(now - a.start);
    a.d.onSuccess(now - a.start, firstToken - a.start, stream);
    if (a.forced) {
      a.d.forcedSuccess();
    }
    call.firstToken(firstToken);
    AttemptEvent wonEvent = settleAndReport(a, firstToken, CallOutcome.SUCCESS, null, r.usage(),
        null);
    return call.succeed(r, wonEvent);
  }

  private RetryPolicy.Situation situation(DeploymentState d, Candidates queue) {
    return new RetryPolicy.Situation() {
      @Override
      public long remainingNanos() {
        return call.remainingNanos();
      }

      @Override
      public long contextWindow() {
        return d.info == null ? Long.MAX_VALUE : d.info.contextWindow();
      }

      @Override
      public @Nullable String contentFallback() {
        String name = resolved.route().contentPolicyFallback();
        DeploymentState fb = name == null ? null : resolved.states().get(name);
        return fb != null && !used(fb) ? fb.name() : null;
      }

      @Override
      public @Nullable String next() {
        DeploymentState n = queue.peek();
        return n == null ? null : n.name();
      }

      @Override
      public @Nullable String nextWithWindowAbove(long window) {
        DeploymentState n = queue.find(x -> larger(x, window));
        return n == null ? null : n.name();
      }

      @Override
      public boolean anotherKey() {
        return d.keys.size() > 1 && d.keys.hasUsable();
      }

      @Override
      public boolean takeRetryToken() {
        return d.allowsRetry();
      }
    };
  }

  private static boolean larger(DeploymentState d, long window) {
    return d.info == null || d.info.contextWindow() > window;
  }

  /** Carries out what a {@code NEXT} decision says about the deployments left. */
  private void apply(Decision next, Candidates queue) {
    if (next.switchTo() != null) {
      queue.only(resolved.states().get(next.switchTo()));
    }
    long window = next.dropWindowsUpTo();
    if (window >= 0) {
      queue.removeIf(x -> !larger(x, window));
    }
  }

  private void sleep(Duration d) {
    try {
      cancellation.sleep(router.sleeper, d);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while backing off");
    }
  }

  /** Records a failed attempt's exception (hedged attempts fail on pool threads). */
  synchronized void cause(VectorNodeException e) {
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

  private synchronized void skip(String line) {
    if (skipped == null) {
      skipped = new ArrayList<>(2);
    }
    skipped.add(line);
  }

  private synchronized List<String> skipped() {
    return skipped == null ? List.of() : new ArrayList<>(skipped);
  }

  synchronized void use(DeploymentState d) {
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

  /**
   * The exception for a call that could not be served (see {@link RoutingException} for the
   * caller's view):
   *
   * <ul>
   *   <li>attempts failed: the last one's own exception, so that the caller can catch it by its
   *       type, with the earlier attempts' exceptions suppressed in it (in order) and a {@link
   *       RoutingException#summary} after them, unless it was the only attempt and nothing was
   *       skipped or cut short (then it says everything, and the listener event has the rest);
   *   <li>no attempt failed and a budget refused: that refusal;
   *   <li>no attempt failed: a {@link RoutingException} saying why each deployment was passed
   *       over.
   * </ul>
   *
   * @param why why the router stopped early (the deadline), or null when nothing was left
   */
  VectorNodeException giveUp(@Nullable String why) {
    List<VectorNodeException> causes = causes();
    List<String> skipped = skipped();
    if (causes.isEmpty()) {
      if (why == null && budgetRefusal != null) {
        return budgetRefusal;
      }
      return new RoutingException(message(causes, skipped, why), causes);
    }
    VectorNodeException last = causes.get(causes.size() - 1);
    if (causes.size() == 1 && skipped.isEmpty() && why == null) {
      return last;
    }
    return attach(last, causes, message(causes, skipped, why));
  }

  /**
   * Attaches the earlier attempts and the summary to the exception thrown. An exception may be
   * thrown by more than one attempt (a provider that reuses an instance), and an attempt's
   * exception is also in its listener event: nothing is suppressed into itself, twice, or into
   * an exception it already holds (a cycle); an exception that already carries a summary (one a
   * provider throws again, call after call) gets no second one, so that it never grows.
   */
  private static VectorNodeException attach(VectorNodeException last,
      List<VectorNodeException> causes, String message) {
    if (RoutingException.summaryOf(last).isPresent()) {
      return last;
    }
    for (int i = 0; i < causes.size() - 1; i++) {
      VectorNodeException e = causes.get(i);
      if (!reaches(e, last) && !reaches(last, e)) {
        last.addSuppressed(e);
      }
    }
    last.addSuppressed(RoutingException.summary(message, causes));
    return last;
  }

  /** Whether {@code to} is {@code from} or among its causes and suppressed, transitively. */
  private static boolean reaches(Throwable from, Throwable to) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Throwable> todo = new ArrayDeque<>();
    todo.push(from);
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (t == to) {
        return true;
      }
      if (!seen.add(t)) {
        continue;
      }
      if (t.getCause() != null) {
        todo.push(t.getCause());
      }
      for (Throwable s : t.getSuppressed()) {
        todo.push(s);
      }
    }
    return false;
  }

  private String message(List<VectorNodeException> causes, List<String> skipped,
      @Nullable String why) {
    String route = resolved == null ? "?" : resolved.route().name();
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
    return sb.toString();
  }
}
