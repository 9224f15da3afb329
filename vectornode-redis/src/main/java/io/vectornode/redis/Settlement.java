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

  @Override
  public void settle(@Nullable BigDecimal actualUsd) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    this.actual = actualUsd == null ? -1 : RedisState.nanos(actualUsd);
    state.settle(this);
  }

  String[] keys() {
    return new String[] {key, key + ":res"};
  }

  String[] args() {
    List<Double> thresholds = budget.softThresholds();
    String[] a = new String[5 + 2 * thresholds.size()];
    a[0] = state.nowArg();
    a[1] = id;
    a[2] = Long.toString(actual);
    a[3] = Long.toString(amount);
    a[4] = Long.toString(RedisState.ttlMillis(budget, periodStart, state.clock().millis()));
    for (int i = 0; i < thresholds.size(); i++) {
      double t = thresholds.get(i);
      a[5 + 2 * i] = Double.toString(t);
      a[6 + 2 * i] = Long.toString(RedisState.nanos(budget.limitUsd()
          .multiply(BigDecimal.valueOf(t))));
    }
    return a;
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
    crossed(state.run(Scripts.SETTLE, keys(), args()));
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

  /** Fires the soft thresholds this settlement was the first in the fleet to cross. */
  void crossed(@Nullable List<Object> out) {
    if (out == null || out.size() < 3) {
      return;
    }
    BigDecimal spent = RedisState.usd((Long) out.get(1));
    BigDecimal reserved = RedisState.usd((Long) out.get(2));
    for (int i = 3; i < out.size(); i++) {
      fire(Double.parseDouble(String.valueOf(out.get(i))), spent, reserved);
    }
  }
}
