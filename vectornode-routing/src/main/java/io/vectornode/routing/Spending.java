package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.budget.BudgetStore;
import io.vectornode.catalog.Costs;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.catalog.Prices;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.state.Admission;
import io.vectornode.state.AdmissionRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The money steps of a call's attempts: before sending, reserve the attempt's worst case in
 * every budget that covers it; after, price the usage ({@link Costs}) and settle each
 * reservation to that cost. One per call; the calling thread reserves (hedged attempts too), any
 * thread settles.
 */
final class Spending {
  private final Router router;
  private final ChatRequest request;
  private final CallRecord call;
  /** The input's upper bound for budgets, measured on the first reservation. */
  private TokenEstimate.@Nullable Bound bound;
  /** The input's typical estimate, for per-minute token limits. */
  private long estimate;
  private @Nullable Admission admission;

  /**
   * How long a reservation may outlive the call's deadline before a shared store releases it: a
   * stream is settled when it ends, which may be after the deadline of its first byte.
   */
  static final long RESERVATION_GRACE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

  Spending(Router router, CallRecord call) {
    this.router = router;
    this.call = call;
    this.request = call.request;
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
  @Nullable BudgetExceededException reserve(DeploymentState d, Attempter.Scratch s,
      long estimate) {
    this.estimate = estimate;
    this.admission = null;
    Budget first = firstCovering(d, s);
    if (first == null) {
      return admitUnbudgeted(d, s);
    }
    if (d.info == null || d.info.prices() == null) {
      router.warnUnbounded(first, d, "the model has no price");
      return admitUnbudgeted(d, s);
    }
    if (bound == null) {
      bound = new TokenEstimate.Bound(request, Tokenizers.AVAILABLE);
    }
    long maxOut = request.maxOutputTokens().isPresent()
        ? request.maxOutputTokens().getAsInt() : d.info.maxOutputTokens();
    if (maxOut == ModelInfo.UNKNOWN) {
      Prices p = d.info.prices();
      if (p.output().signum() != 0 || p.reasoningOrOutput().signum() != 0) {
        router.warnUnbounded(first, d, "neither the request nor the model sets a maximum output");
        return admitUnbudgeted(d, s);
      }
      maxOut = 0; // free output: the input is the whole worst case
    }
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

  /**
   * Prices an ended attempt's usage and settles its reservations to that cost.
   *
   * @param usage what the attempt consumed (or is charged, when estimated)
   * @return the attempt's cost
   */
  Cost settle(DeploymentState d, Attempter.Scratch s, Usage usage) {
    Cost cost = Costs.of(usage, d.info, d.providerType, d.deployment.model(),
        router.catalog.version(), s.usageEstimated);
    s.settle(cost.usd().orElse(null));
    return cost;
  }

  /** {@link #reserveAll} through the shared state: one admission for every budget. */
  private @Nullable BudgetExceededException admitAll(DeploymentState d, Attempter.Scratch s,
      long input, long maxOut) {
    BigDecimal worst = Objects.requireNonNull(Costs.worstCase(input, maxOut, d.info));
    Duration hold = Duration.ofNanos(Math.max(0, call.remainingNanos())
        + RESERVATION_GRACE_NANOS);
    List<AdmissionRequest.Hold> holds = new ArrayList<>(2);
    for (Budget b : router.budgets) {
      if (b.covers(request, d.name(), s.key == null ? null : s.key.id)) {
        holds.add(new AdmissionRequest.Hold(b, worst, hold));
      }
    }
    Admission a = admit(d, s, holds);
    BudgetStatus state = a.budget();
    if (a.verdict() == Admission.Verdict.BUDGET && state != null) {
      return new BudgetExceededException(state.budget().name(), state.budget().limitUsd(),
          state.spent(), state.reserved(), worst);
    }
    return null;
  }

  private @Nullable Budget firstCovering(DeploymentState d, Attempter.Scratch s) {
    List<Budget> budgets = router.budgets;
    for (int i = 0; i < budgets.size(); i++) {
      if (budgets.get(i).covers(request, d.name(), s.key == null ? null : s.key.id)) {
        return budgets.get(i);
      }
    }
    return null;
  }

  /**
   * With a shared state, an attempt no budget bounds is still admitted (its key's and
   * deployment's health, its per-minute limits); without one, there is nothing to do.
   */
  private @Nullable BudgetExceededException admitUnbudgeted(DeploymentState d,
      Attempter.Scratch s) {
    if (router.shared != null) {
      admit(d, s, List.of());
    }
    return null;
  }

  /**
   * The shared state's admission of an attempt; its reservations go to the scratch.
   *
   * @param holds the worst case in each budget that covers the attempt
   */
  private Admission admit(DeploymentState d, Attempter.Scratch s,
      List<AdmissionRequest.Hold> holds) {
    KeyPool.Key key = java.util.Objects.requireNonNull(s.key, "key");
    List<AdmissionRequest.Take> takes = d.takes(estimate);
    if (key.limited()) {
      takes = new ArrayList<>(takes);
      key.takes(d.deployment.provider(), estimate, takes);
    }
    Admission a = java.util.Objects.requireNonNull(router.shared).admit(new AdmissionRequest(
        d.name(), d.deployment.provider(), key.id, takes, holds, router.localBudgets));
    admission = a;
    s.localState = a.local();
    for (int i = 0; i < a.reservations().size(); i++) {
      s.reserved(a.reservations().get(i));
    }
    return a;
  }

  /**
   * The last shared admission of {@link #reserve}, or null without a shared state: when not
   * admitted for another reason than a budget, says why.
   */
  @Nullable Admission admission() {
    return admission;
  }

  private @Nullable BudgetExceededException reserveAll(DeploymentState d, Attempter.Scratch s,
      long input, long maxOut) {
    if (router.shared != null) {
      return admitAll(d, s, input, maxOut);
    }
    BigDecimal worst = null;
    for (Budget b : router.budgets) {
      if (!b.covers(request, d.name(), s.key == null ? null : s.key.id)) {
        continue;
      }
      if (worst == null) {
        worst = Objects.requireNonNull(Costs.worstCase(input, maxOut, d.info));
      }
      BudgetStore.Reservation r = router.budgetStore.reserve(b, worst, java.time.Duration
          .ofNanos(Math.max(0, call.remainingNanos()) + RESERVATION_GRACE_NANOS));
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
}
