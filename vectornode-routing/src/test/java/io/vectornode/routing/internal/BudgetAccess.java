package io.vectornode.routing.internal;

import java.math.BigDecimal;

/** Test access to package-private ledger operations. */
public final class BudgetAccess {
  private BudgetAccess() {}

  public static BudgetLedger.Reservation reserve(BudgetLedger ledger, BigDecimal amount) {
    return ledger.reserve(amount);
  }

  /** @return what settled calls spent in the ledger's current period */
  public static BigDecimal spent(BudgetLedger ledger) {
    return ledger.state()[0];
  }

  /** @return what calls in flight reserved in the ledger's current period */
  public static BigDecimal reserved(BudgetLedger ledger) {
    return ledger.state()[1];
  }
}
