package io.vectornode.budget;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A budget's state in its current period.
 *
 * @param budget the budget
 * @param periodStart when the current period started
 * @param spent what settled calls cost in this period, USD
 * @param reserved what calls in flight hold, USD
 */
public record BudgetStatus(Budget budget, Instant periodStart, BigDecimal spent,
    BigDecimal reserved) {
  /** Validates. */
  public BudgetStatus {
    requireNonNull(budget, "budget");
    requireNonNull(periodStart, "periodStart");
    requireNonNull(spent, "spent");
    requireNonNull(reserved, "reserved");
  }

  /** @return what may still be reserved, USD: the limit less spent and reserved, at least 0 */
  public BigDecimal remaining() {
    return budget.limitUsd().subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
  }
}
