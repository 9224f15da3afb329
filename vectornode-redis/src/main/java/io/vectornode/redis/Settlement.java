package io.vectornode.redis;

import io.vectornode.BudgetThresholdEvent;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A reservation in Redis, settled once: the settlement is sent without waiting and, when Redis
 * is away, kept and replayed in order once it is back. Redis marks the reservation's id settled,
 * so a replayed settlement counts once.
 */
final class Settlement implements BudgetStore.Reservation {
  private final RedisState state;
  final Budget budget;
  private final String key;
  private final String id;
  private final long amount;
  private final Consumer<BudgetThresholdEvent> onThreshold;
  private final Instant periodStart;
  private final AtomicBoolean done = new AtomicBoolean();
  /** The real cost in nano-dollars; -1: unknown (the reservation is charged). */
  private volatile long actual = -1;

  Settlement(RedisState state, Budget budget, String key, String id, long amount,
      Consumer<BudgetThresholdEvent> onThreshold, Instant periodStart) {
    this.state = state;
    this.budget = budget;
    this.key = key;
    this.id = id;
    this.amount = amount;
    this.onThreshold = onThreshold;
    this.periodStart = periodStart;
  }

  /** Sets the cost of a settlement made while Redis was away, to be replayed. */
  Settlement charged(@Nullable BigDecimal usd) {
    this.actual = usd == null ? -1 : RedisState.nanos(usd);
    done.set(true);
    return this;
  }

  /** Sets the cost, in nano-dollars, of a settlement made by this instance on its own: a lease's. */
  Settlement chargedNanos(long nanos) {
    this.actual = Math.max(0, nanos);
    done.set(true);
    return this;
  }

  @Override
  public void settle(@Nullable BigDecimal actualUsd) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    this.actual = actualUsd == null ? -1 : RedisState.nanos(actualUsd);
    state.settle(this);
  }

  /**
   * The keys and arguments of the admission script carrying this settlement alone (nothing to
   * admit): one script settles, carried or not.
   *
   * @return {keys, args}
   */
  String[][] alone() {
    List<String> keys = new java.util.ArrayList<>(3);
    List<String> args = new java.util.ArrayList<>(12);
    keys.add(state.healthKey());
    args.add(state.nowArg());
    args.add(""); // no key's health to read
    args.add(""); // nor a deployment's
    args.add("0"); // takes
    args.add("0"); // holds
    args.add(""); // no attempt
    args.add("1"); // one settlement
    carry(keys, args);
    return new String[][] {keys.toArray(new String[0]), args.toArray(new String[0])};
  }

  /** Adds its keys and arguments to an admission that carries it (see admit.lua). */
  void carry(List<String> keys, List<String> args) {
    keys.add(key);
    keys.add(key + ":res");
    List<Double> thresholds = budget.softThresholds();
    args.add(id);
    args.add(Long.toString(actual));
    args.add(Long.toString(amount));
    args.add(Long.toString(RedisState.ttlMillis(state.period(budget, periodStart.toEpochMilli())
        .endMillis(), state.clock().millis())));
    args.add(Integer.toString(thresholds.size()));
    for (double t : thresholds) {
      args.add(Double.toString(t));
      args.add(Long.toString(RedisState.nanos(budget.limitUsd().multiply(BigDecimal.valueOf(t)))));
    }
  }

  /** Sends it now and waits (a replay); throws when Redis does not answer. */
  void sendNow() throws RedisState.Unavailable {
    String[][] ka = alone();
    crossed(state.run(Scripts.ADMIT, ka[0], ka[1]));
  }

  /** Fires one soft threshold this settlement was the first in the fleet to cross. */
  void crossed(String threshold, long spentNanos, long reservedNanos) {
    fire(Double.parseDouble(threshold), RedisState.usd(spentNanos),
        RedisState.usd(reservedNanos));
  }

  private void fire(double t, BigDecimal spent, BigDecimal reserved) {
    try {
      onThreshold.accept(new BudgetThresholdEvent(budget.name(), periodStart, t, spent,
          reserved, budget.limitUsd()));
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(Settlement.class).warn("a threshold listener failed",
          e);
    }
  }

  /**
   * Fires the soft thresholds this settlement, sent alone, was the first in the fleet to cross.
   *
   * @param reply the admission script's reply: {crossed, [1, name, spent, reserved] * crossed,
   *     verdict}
   */
  void crossed(@Nullable List<Object> reply) {
    if (reply == null || reply.isEmpty()) {
      return;
    }
    int n = ((Long) reply.get(0)).intValue();
    for (int i = 0; i < n; i++) {
      crossed(String.valueOf(reply.get(2 + 4 * i)), (Long) reply.get(3 + 4 * i),
          (Long) reply.get(4 + 4 * i));
    }
  }
}
