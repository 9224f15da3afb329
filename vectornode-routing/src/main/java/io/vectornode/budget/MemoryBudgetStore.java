package io.vectornode.budget;

import io.vectornode.BudgetThresholdEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** {@link BudgetStore#inMemory}: one {@link BudgetLedger} per budget name. Thread-safe. */
final class MemoryBudgetStore implements BudgetStore {
  private final Clock clock;
  private final Consumer<BudgetThresholdEvent> onThreshold;
  private final ConcurrentHashMap<String, BudgetLedger> ledgers = new ConcurrentHashMap<>();

  MemoryBudgetStore(Clock clock, Consumer<BudgetThresholdEvent> onThreshold) {
    this.clock = clock;
    this.onThreshold = onThreshold;
  }

  private BudgetLedger ledger(Budget budget) {
    BudgetLedger l = ledgers.computeIfAbsent(budget.name(),
        n -> BudgetLedger.create(budget, clock, onThreshold));
    if (l.budget() != budget && !l.budget().equals(budget)) {
      l.redefine(budget); // a reloaded definition keeps what was spent and reserved
    }
    return l;
  }

  @Override
  public @Nullable Reservation reserve(Budget budget, BigDecimal amount) {
    return ledger(budget).reserve(amount);
  }

  @Override
  public BudgetStatus status(Budget budget) {
    return ledger(budget).status();
  }

  @Override
  public String toString() {
    return "BudgetStore.inMemory" + ledgers.values();
  }
}
