package io.vectornode.redis;

import io.vectornode.BudgetThresholdEvent;
import io.vectornode.budget.BudgetStore;
import io.vectornode.state.Admission;
import io.vectornode.state.AdmissionRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Slices of the fleet's limits and budgets held by this instance, so that most attempts are
 * admitted without a round trip to Redis.
 *
 * <p>An admission that goes to Redis asks, beside its own amount, for a lease on each limit and
 * budget it touches whose lease is missing, expired or too small: {@code share} of the limit (a
 * per-minute limit's requests or tokens, a budget's dollars), granted whole with the attempt
 * under the attempt's id, or not at all when it does not fit. Until the lease's {@code ttl} runs
 * out (or it is replaced), attempts take from it locally, all of their limits and budgets from
 * leases or none of them.
 *
 * <p>What a lease costs in accuracy, per limit or budget, with {@code N} instances and a lease
 * of {@code S = share x limit}:
 *
 * <ul>
 *   <li><b>Per-minute limits</b>: a lease is counted in the window from the moment it is
 *       granted, and what it did not use is given back when it ends (the window entry keeps its
 *       time and is rewritten to the amount used). Units handed out up to {@code ttl} after the
 *       grant leave the window up to {@code ttl} early, so any 60 s window may hold up to {@code
 *       N x S} more than the limit (an instance holds at most one lease per limit: the current
 *       one ends before its successor is asked for, and one admission at a time asks). A lease also
 *       holds units no other instance can take until it ends: up to {@code N x S} refused early.
 *   <li><b>Budgets</b>: a lease is a reservation; attempts reserve their worst case inside it and
 *       the lease is settled once, for the sum of their real costs, when it has ended and all of
 *       them have settled. Spend never exceeds the budget because of a lease; but up to {@code N x
 *       S} may be held by leases and refused to other instances until they end (a lease that ends
 *       with calls in flight keeps reserved only what they may still cost: unreserve.lua), and a
 *       lease whose calls have not all settled when Redis would let it go, or at close, is
 *       settled then, those calls at their worst case; soft thresholds
 *       fire when a lease settles (up to {@code ttl} plus a call's duration late), and {@code
 *       vectornode state} shows a lease's unused part as reserved.
 *   <li><b>Keys and deployments</b>: an attempt admitted from leases reads no health hash; it
 *       relies on the news other instances publish (a subscription, delivered within a round
 *       trip or so), not on Redis's answer to its own admission.
 * </ul>
 *
 * <p>An instance that dies loses its leases: what they hold of a window leaves it within a
 * minute, and the reservation expires when the hold of the attempt that took it, plus {@code
 * ttl}, has passed. A lease's {@code ttl} is measured in real time ({@link System#nanoTime}),
 * not by the state's clock.
 */
final class Leases {
  private final RedisState state;
  private final double share;
  private final long ttlNanos;
  private final java.util.function.LongSupplier ticker;
  private final ConcurrentHashMap<String, TakeLease> takes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, HoldLease> holds = new ConcurrentHashMap<>();
  /** Budget leases not yet settled, current or ended (closing settles them all). */
  private final java.util.Set<HoldLease> unsettled = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;
  /** Limits and budget periods whose next lease is being asked for: one request at a time. */
  private final java.util.Set<String> refilling = ConcurrentHashMap.newKeySet();
  final LongAdder leased = new LongAdder();
  final LongAdder granted = new LongAdder();

  Leases(RedisState state, double share, java.time.Duration ttl,
      java.util.function.LongSupplier ticker) {
    this.state = state;
    this.share = share;
    this.ttlNanos = ttl.toNanos();
    this.ticker = ticker;
  }

  /** Lease time: {@link System#nanoTime}, or a test's manual time. */
  long now() {
    return ticker.getAsLong();
  }

  double share() {
    return share;
  }

  long ttlNanos() {
    return ttlNanos;
  }

  /**
   * Admits an attempt from leases alone, taking nothing when one of its limits or budgets has no
   * lease that covers it.
   *
   * @return the admission, or null (go to Redis)
   */
  @Nullable Admission tryLocal(AdmissionRequest r) {
    int nt = r.takes().size();
    int nh = r.holds().size();
    if (nt == 0 && nh == 0) {
      return null; // nothing to lease: Redis checks the key's and deployment's health
    }
    long now = now();
    TakeLease[] tl = new TakeLease[nt];
    int i = 0;
    for (; i < nt; i++) {
      AdmissionRequest.Take t = r.takes().get(i);
      TakeLease l = takes.get(t.limit());
      if (l == null || !l.take(t.amount(), now)) {
        break;
      }
      tl[i] = l;
    }
    if (i < nt) {
      for (int j = 0; j < i; j++) {
        tl[j].giveBack(r.takes().get(j).amount());
      }
      return null;
    }
    List<BudgetStore.Reservation> res = nh == 0 ? List.of() : new ArrayList<>(nh);
    long nowMillis = state.clock().millis();
    for (int j = 0; j < nh; j++) {
      AdmissionRequest.Hold h = r.holds().get(j);
      RedisState.Period p = state.period(h.budget(), nowMillis);
      HoldLease l = holds.get(p.key());
      Carve c = l == null ? null : l.carve(RedisState.nanos(h.amount()),
          h.holdAtMost().toNanos(), now);
      if (c == null) {
        for (BudgetStore.Reservation done : res) {
          ((Carve) done).cancel();
        }
        for (int k = 0; k < nt; k++) {
          tl[k].giveBack(r.takes().get(k).amount());
        }
        return null;
      }
      res.add(c);
    }
    leased.increment();
    return Admission.admitted(res);
  }

  /**
   * The lease to ask for beside an attempt's take: 0 when the current one still covers it, or
   * when another attempt is asking for the next one already. The current lease ends before its
   * successor is asked for, so that an instance never holds two leases on a limit at once (the
   * bound on the window rests on it). A non-zero answer must be followed by {@link #asked}.
   */
  long want(AdmissionRequest.Take t) {
    long size = (long) Math.floor(t.perMinute() * share);
    if (size <= 0 || t.amount() > size) {
      return 0; // a slice that cannot admit an attempt like this one only holds units
    }
    TakeLease l = takes.get(t.limit());
    if (l != null && l.covers(t.amount(), now()) || !refilling.add("t:" + t.limit())) {
      return 0;
    }
    if (l != null) {
      l.end();
    }
    return size;
  }

  /**
   * The lease to ask for beside an attempt's hold (nano-dollars), as for a take; a non-zero
   * answer must be followed by {@link #asked}.
   */
  long want(AdmissionRequest.Hold h, RedisState.Period p, long amountNanos) {
    long size = (long) Math.floor(RedisState.nanos(h.budget().limitUsd()) * share);
    if (size <= 0 || amountNanos > size) {
      return 0;
    }
    HoldLease l = holds.get(p.key());
    if (l != null && l.covers(amountNanos, h.holdAtMost().toNanos(), now())
        || !refilling.add("h:" + p.key())) {
      return 0;
    }
    if (l != null) {
      l.end();
    }
    return size;
  }

  /** The admission that asked for a lease on a limit or budget period has its answer. */
  void asked(String limitOrPeriod) {
    refilling.remove(limitOrPeriod);
  }

  /** Redis granted a lease on a limit with an attempt (its entry holds both). */
  void granted(AdmissionRequest.Take t, String id, long grant, long sentAt) {
    granted.increment();
    TakeLease l = new TakeLease(t, id, t.amount() + grant, t.amount(), sentAt + ttlNanos);
    TakeLease old = takes.put(t.limit(), l);
    if (old != null) {
      old.end();
    }
    schedule(l::end);
    if (closing) {
      l.end(); // granted while closing: endAll may have missed it
    }
  }

  /**
   * Redis granted a lease on a budget with an attempt: the attempt is its first carve.
   *
   * @param expiryNanos how long Redis holds the reservation, from when it was sent
   */
  BudgetStore.Reservation granted(AdmissionRequest.Hold h, RedisState.Period p, String id,
      long amountNanos, long grant, long sentAt, long expiryNanos,
      Consumer<BudgetThresholdEvent> sink) {
    granted.increment();
    HoldLease l = new HoldLease(h, p, id, amountNanos + grant, sentAt + ttlNanos,
        sentAt + expiryNanos, sink);
    Carve first = l.carve(amountNanos, 0, sentAt);
    unsettled.add(l);
    HoldLease old = holds.put(p.key(), l);
    if (old != null) {
      old.end();
    }
    schedule(l::end);
    // When Redis lets the reservation go, the lease is settled, open carves or not.
    if (!state.later(l::force, Math.max(0, expiryNanos - (now() - sentAt)))
        || closing) {
      l.force();
    }
    return first;
  }

  private void schedule(Runnable end) {
    if (!state.later(end, ttlNanos)) {
      end.run();
    }
  }

  /**
   * Ends every lease (closing): what they did not use goes back; every budget lease, ended
   * earlier or not, is settled now, its calls still in flight charged at their worst case.
   */
  void endAll() {
    closing = true;
    takes.values().forEach(TakeLease::end);
    unsettled.forEach(HoldLease::force);
  }

  /** A lease on a per-minute limit: an amount granted, handed out locally until it ends. */
  private final class TakeLease {
    private final AdmissionRequest.Take take;
    private final String id;
    private final long entry;
    private final long endsAt;
    private long used;
    private boolean ended;

    TakeLease(AdmissionRequest.Take take, String id, long entry, long used, long endsAt) {
      this.take = take;
      this.id = id;
      this.entry = entry;
      this.used = used;
      this.endsAt = endsAt;
    }

    synchronized boolean covers(long amount, long now) {
      return !ended && now - endsAt < 0 && used + amount <= entry;
    }

    synchronized boolean take(long amount, long now) {
      if (!covers(amount, now)) {
        return false;
      }
      used += amount;
      return true;
    }

    synchronized void giveBack(long amount) {
      used -= amount;
    }

    /** Gives what was not used back to the window. */
    void end() {
      long u;
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
        u = used;
      }
      takes.remove(take.limit(), this);
      if (u < entry) {
        state.unlease(take.limit(), id, entry, u);
      }
    }
  }

  /**
   * A lease on a budget: one reservation in Redis that attempts reserve in locally, settled
   * once for the sum of their real costs when it has ended and they have all settled.
   */
  private final class HoldLease {
    private final AdmissionRequest.Hold hold;
    private final RedisState.Period period;
    private final String id;
    private final long reserved;
    private final long endsAt;
    private final long redisExpiresAt;
    private final Consumer<BudgetThresholdEvent> sink;
    private long carved;
    private long charged;
    /** The worst cases of the carves not yet settled. */
    private long openAmount;
    private int open;
    private boolean ended;
    private boolean settled;

    HoldLease(AdmissionRequest.Hold hold, RedisState.Period period, String id, long reserved,
        long endsAt, long redisExpiresAt, Consumer<BudgetThresholdEvent> sink) {
      this.hold = hold;
      this.period = period;
      this.id = id;
      this.reserved = reserved;
      this.endsAt = endsAt;
      this.redisExpiresAt = redisExpiresAt;
      this.sink = sink;
    }

    synchronized boolean covers(long amount, long holdNanos, long now) {
      // A carve must settle before Redis lets the reservation go.
      return !ended && now - endsAt < 0 && now + holdNanos - redisExpiresAt <= 0
          && carved + amount <= reserved;
    }

    synchronized @Nullable Carve carve(long amount, long holdNanos, long now) {
      if (!covers(amount, holdNanos, now)) {
        return null;
      }
      carved += amount;
      openAmount += amount;
      open++;
      return new Carve(this, amount);
    }

    void settled(Carve c, long actual) {
      boolean last;
      synchronized (this) {
        charged += actual;
        openAmount -= c.amount;
        open--;
        last = ended && open == 0 && !settled;
        settled |= last;
      }
      if (last) {
        send();
      }
    }

    void cancelled(Carve c) {
      synchronized (this) {
        carved -= c.amount;
      }
      settled(c, 0);
    }

    void end() {
      boolean last;
      long keep;
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
        last = open == 0 && !settled;
        settled |= last;
        // Still reserved until the last carve settles: what was charged and the open worst cases.
        keep = charged + openAmount;
      }
      holds.remove(period.key(), this);
      if (last) {
        send();
      } else if (keep < reserved) {
        state.unreserve(period.key(), id, reserved, keep); // the unused part goes back now
      }
    }

    /**
     * Settles now, whatever is still open (closing, or Redis letting the reservation go): the
     * carves in flight are charged at their worst case, and their own settlement is ignored.
     */
    void force() {
      long total;
      synchronized (this) {
        if (settled) {
          return;
        }
        ended = true;
        settled = true;
        total = charged + openAmount;
      }
      holds.remove(period.key(), this);
      sendTotal(total);
    }

    private void send() {
      long total;
      synchronized (this) {
        total = charged;
      }
      sendTotal(total);
    }

    private void sendTotal(long total) {
      unsettled.remove(this);
      state.settle(new Settlement(state, hold.budget(), period.key(), id, reserved, sink,
          period.start()).chargedNanos(total));
    }
  }

  /** An attempt's reservation inside a budget's lease. */
  private static final class Carve implements BudgetStore.Reservation {
    private final HoldLease lease;
    private final long amount;
    private final java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();

    Carve(HoldLease lease, long amount) {
      this.lease = lease;
      this.amount = amount;
    }

    @Override
    public void settle(@Nullable BigDecimal actualUsd) {
      if (done.compareAndSet(false, true)) {
        // An unknown cost is charged at the worst case reserved, as without a lease.
        lease.settled(this, actualUsd == null ? amount : RedisState.nanos(actualUsd));
      }
    }

    /** Takes back a carve whose attempt was not admitted after all (another lease failed). */
    void cancel() {
      if (done.compareAndSet(false, true)) {
        lease.cancelled(this);
      }
    }
  }
}
