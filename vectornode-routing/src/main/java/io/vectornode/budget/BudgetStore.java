package io.vectornode.budget;

import io.vectornode.BudgetThresholdEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where budgets keep their state: what each has spent and reserved in its current period. The
 * router reserves an attempt's worst case before sending it and settles the reservation to the
 * real cost after; a store makes both atomic. The default, {@link #inMemory}, holds for one JVM;
 * a store shared by a fleet of instances makes a budget hold for the fleet.
 *
 * <p>Implementations are thread-safe. A budget is identified by its name; a budget redefined
 * under the same name (a reloaded config) keeps what it spent and reserved.
 */
public interface BudgetStore {

  /**
   * Reserves an amount in the budget's current period, if spent plus reserved plus the amount
   * stays within the limit (once spent has reached the limit, nothing fits, not even zero).
   *
   * @param budget the budget
   * @param amount the worst case of an attempt, USD
   * @return the reservation, or null when it does not fit
   */
  @Nullable Reservation reserve(Budget budget, BigDecimal amount);

  /**
   * Reserves an amount for at most a given time: a store shared by several processes releases a
   * reservation that was not settled in time (its process died), so that it does not hold the
   * budget until the period ends. The in-memory store, which dies with its process, ignores it.
   *
   * @param budget the budget
   * @param amount the worst case of an attempt, USD
   * @param holdAtMost how long the reservation may stay unsettled (the call's deadline)
   * @return the reservation, or null when it does not fit
   */
  default @Nullable Reservation reserve(Budget budget, BigDecimal amount,
      java.time.Duration holdAtMost) {
    return reserve(budget, amount);
  }

  /**
   * A budget's state now.
   *
   * @param budget the budget
   * @return what it spent and reserved in its current period
   */
  BudgetStatus status(Budget budget);

  /** A reservation, settled exactly once. */
  interface Reservation {
    /**
     * Replaces the reservation with what the attempt really cost; a second call does nothing.
     *
     * @param actualUsd the cost, or null when unknown (the reservation is then charged)
     */
    void settle(@Nullable BigDecimal actualUsd);
  }

  /**
   * A store in this JVM's memory.
   *
   * @param clock the clock periods are read from
   * @param onThreshold receives each soft threshold crossed, once per budget and period
   * @return the store
   */
  static BudgetStore inMemory(Clock clock, Consumer<BudgetThresholdEvent> onThreshold) {
    return new MemoryBudgetStore(clock, onThreshold);
  }
}
