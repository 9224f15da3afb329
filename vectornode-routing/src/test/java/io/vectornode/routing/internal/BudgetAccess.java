package io.vectornode.routing.internal;

import java.math.BigDecimal;

/** Test access to package-private ledger operations. */
public final class BudgetAccess {
  private BudgetAccess() {}

  public static BudgetLedger.Reservation reserve(BudgetLedger ledger, BigDecimal amount) {
    return ledger.reserve(amount);
  }
}
