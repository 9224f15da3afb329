package io.vectornode.redis;

import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.budget.BudgetStore;
import io.vectornode.error.StateUnavailableException;
import io.vectornode.state.Admission;
import io.vectornode.state.AdmissionRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link RedisState#budgets}: budgets kept in Redis, for reservations made outside an attempt's
 * admission and for status; falls back to the in-memory store as the state's policy says.
 */
final class RedisBudgets implements BudgetStore {
  /** A reservation made outside an attempt holds for at most this long. */
  private static final Duration DEFAULT_HOLD = Duration.ofMinutes(10);

  private final RedisState state;
  private final BudgetStore local;

  RedisBudgets(RedisState state, BudgetStore local) {
    this.state = state;
    this.local = local;
  }

  @Override
  public @Nullable Reservation reserve(Budget budget, BigDecimal amount) {
    return reserve(budget, amount, DEFAULT_HOLD);
  }

  @Override
  public @Nullable Reservation reserve(Budget budget, BigDecimal amount, Duration holdAtMost) {
    Admission a = state.admit(new AdmissionRequest("", "", "", List.of(),
        List.of(new AdmissionRequest.Hold(budget, amount, holdAtMost)), local));
    return a.admitted() ? a.reservations().get(0) : null;
  }

  @Override
  public BudgetStatus status(Budget budget) {
    try {
      return state.status(budget);
    } catch (StateUnavailableException e) {
      return local.status(budget);
    }
  }

  @Override
  public String toString() {
    return "BudgetStore.redis[" + state + "]";
  }
}
