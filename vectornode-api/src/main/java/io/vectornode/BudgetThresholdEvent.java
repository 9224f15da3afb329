package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A budget crossed one of its soft thresholds: fired once per threshold per period.
 *
 * @param budget the budget's name
 * @param periodStart when the budget's current period started
 * @param threshold the fraction of the limit crossed, for example 0.8
 * @param spentUsd what settled calls have spent in the period
 * @param reservedUsd what calls in flight have reserved
 * @param limitUsd the hard limit
 */
public record BudgetThresholdEvent(String budget, Instant periodStart, double threshold,
    BigDecimal spentUsd, BigDecimal reservedUsd, BigDecimal limitUsd) {
  /** Validates. */
  public BudgetThresholdEvent {
    requireNonNull(budget, "budget");
    requireNonNull(periodStart, "periodStart");
    requireNonNull(spentUsd, "spentUsd");
    requireNonNull(reservedUsd, "reservedUsd");
    requireNonNull(limitUsd, "limitUsd");
  }
}
