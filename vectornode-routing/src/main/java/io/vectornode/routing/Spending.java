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
import java.math.BigDecimal;
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
  /** The input's upper bound for budgets, measured on the first reservation. */
  private TokenEstimate.@Nullable Bound bound;

  Spending(Router router, ChatRequest request) {
    this.router = router;
    this.request = request;
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
  @Nullable BudgetExceededException reserve(DeploymentState d, Attempter.Scratch s) {
    Budget first = firstCovering(d, s);
    if (first == null) {
      return null;
    }
    if (d.info == null || d.info.prices() == null) {
      router.warnUnbounded(first, d, "the model has no price");
      return null;
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
        return null;
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

  private @Nullable Budget firstCovering(DeploymentState d, Attempter.Scratch s) {
    List<Budget> budgets = router.budgets;
    for (int i = 0; i < budgets.size(); i++) {
      if (budgets.get(i).covers(request, d.name(), s.key == null ? null : s.key.id)) {
        return budgets.get(i);
      }
    }
    return null;
  }

  private @Nullable BudgetExceededException reserveAll(DeploymentState d, Attempter.Scratch s,
      long input, long maxOut) {
    BigDecimal worst = null;
    for (Budget b : router.budgets) {
      if (!b.covers(request, d.name(), s.key == null ? null : s.key.id)) {
        continue;
      }
      if (worst == null) {
        worst = Objects.requireNonNull(Costs.worstCase(input, maxOut, d.info));
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
}
