package io.vectornode.budget;

import io.vectornode.BudgetThresholdEvent;
import io.vectornode.ChatRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One budget's state for the current period, in memory: what settled calls spent and what calls
 * in flight reserved. Reserve and settle are atomic, so concurrent calls can never overspend by
 * more than what they honestly reserved. The ledger of {@link BudgetStore#inMemory}.
 * Thread-safe.
 */
final class BudgetLedger {
  private volatile Budget budget;
  private final Clock clock;
  private final Consumer<BudgetThresholdEvent> onThreshold;
  private Instant periodStart;
  private BigDecimal spent = BigDecimal.ZERO;
  private BigDecimal reserved = BigDecimal.ZERO;
  private final Set<Double> fired = new HashSet<>();

  BudgetLedger(Budget budget, Clock clock, Consumer<BudgetThresholdEvent> onThreshold) {
    this.budget = budget;
    this.clock = clock;
    this.onThreshold = onThreshold;
    this.periodStart = periodStart(clock.instant());
  }

  /**
   * Creates a ledger.
   *
   * @param budget the budget
   * @param clock the clock periods are read from
   * @param onThreshold where soft-threshold events go
   * @return the ledger
   */
  static BudgetLedger create(Budget budget, Clock clock,
      Consumer<BudgetThresholdEvent> onThreshold) {
    return new BudgetLedger(budget, clock, onThreshold);
  }

  /** A reservation, released or settled exactly once. */
  final class Reservation implements BudgetStore.Reservation {
    final BigDecimal amount;
    final Instant period;
    private boolean done;

    Reservation(BigDecimal amount, Instant period) {
      this.amount = amount;
      this.period = period;
    }

    /**
     * Replaces the reservation with what the attempt really cost.
     *
     * @param actual the cost, or null when unknown (the reservation is then charged)
     */
    @Override
    public void settle(@Nullable BigDecimal actual) {
      BudgetLedger.this.settle(this, actual);
    }

    boolean done() {
      return done;
    }
  }

  /**
   * Takes a new definition (a reloaded config) while keeping what was spent and reserved.
   *
   * @param b the new definition, with the same name
   */
  synchronized void redefine(Budget b) {
    this.budget = b;
    roll(clock.instant());
  }

  @Override
  public synchronized String toString() {
    return "BudgetLedger[" + budget.name() + " period=" + periodStart + " spent="
        + spent.toPlainString() + " reserved=" + reserved.toPlainString() + " limit="
        + budget.limitUsd().toPlainString() + "]";
  }

  /** @return the budget */
  Budget budget() {
    return budget;
  }

  Instant periodStart(Instant now) {
    return budget.periodStart(now);
  }

  private void roll(Instant now) {
    Instant p = periodStart(now);
    if (!p.equals(periodStart)) {
      periodStart = p;
      spent = BigDecimal.ZERO;
      reserved = BigDecimal.ZERO;
      fired.clear();
    }
  }


  /**
   * Reserves an amount, if it fits. Once what settled calls spent reaches the limit (a provider
   * may bill more than was reserved), every reservation is refused, even one of $0.
   *
   * @param amount the worst-case cost
   * @return the reservation, or null when it does not fit (see {@link #state})
   */
  synchronized @Nullable Reservation reserve(BigDecimal amount) {
    roll(clock.instant());
    BigDecimal limit = budget.limitUsd();
    if (spent.compareTo(limit) >= 0 || spent.add(reserved).add(amount).compareTo(limit) > 0) {
      return null;
    }
    reserved = reserved.add(amount);
    return new Reservation(amount, periodStart);
  }

  /** @return the budget's status now */
  synchronized io.vectornode.budget.BudgetStatus status() {
    roll(clock.instant());
    return new io.vectornode.budget.BudgetStatus(budget, periodStart, spent, reserved);
  }

  private void settle(Reservation r, @Nullable BigDecimal actual) {
    java.util.List<BudgetThresholdEvent> events = new java.util.ArrayList<>(1);
    synchronized (this) {
      if (r.done) {
        return;
      }
      r.done = true;
      roll(clock.instant());
      BigDecimal charge = actual != null ? actual : r.amount;
      if (r.period.equals(periodStart)) {
        reserved = reserved.subtract(r.amount).max(BigDecimal.ZERO);
        spent = spent.add(charge);
      } else {
        // Reserved in a period that has ended: the charge lands in the period it settles in.
        spent = spent.add(charge);
      }
      for (double t : budget.softThresholds()) {
        if (!fired.contains(t) && spent.compareTo(budget.limitUsd()
            .multiply(BigDecimal.valueOf(t))) >= 0) {
          fired.add(t);
          events.add(new BudgetThresholdEvent(budget.name(), periodStart, t, spent, reserved,
              budget.limitUsd()));
        }
      }
    }
    events.forEach(onThreshold);
  }
}
