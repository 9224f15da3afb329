package io.vectornode.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.budget.BudgetStore;
import io.vectornode.state.Admission;
import io.vectornode.state.AdmissionRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leases, at the level of {@link RedisState#admit}: what the review found. */
class LeasesReviewTest {
  static TestRedis redis;
  static final BudgetStore LOCAL = BudgetStore.inMemory(Clock.systemUTC(), e -> { });

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private static RedisState leased(String prefix, double share, Duration ttl) {
    return RedisState.builder().uri(redis.uri()).keyPrefix(prefix)
        .timeout(Duration.ofSeconds(2)).leases(share, ttl).build();
  }

  private static RedisState reader(String prefix) {
    return RedisState.builder().uri(redis.uri()).keyPrefix(prefix)
        .timeout(Duration.ofSeconds(2)).build();
  }

  private static AdmissionRequest hold(Budget b, String usd, Duration holdAtMost) {
    return new AdmissionRequest("d", "p", "k1", List.of(),
        List.of(new AdmissionRequest.Hold(b, new BigDecimal(usd), holdAtMost)), LOCAL);
  }

  /** Waits (bounded) until the budget's spent is at least an amount. */
  private static BudgetStatus awaitSpent(RedisState r, Budget b, String atLeast) {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    BudgetStatus st = r.status(b);
    while (st.spent().compareTo(new BigDecimal(atLeast)) < 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      st = r.status(b);
    }
    return st;
  }

  /**
   * An attempt that takes no limit and no budget has nothing to lease: it must still ask Redis
   * for its key's and deployment's health (and be refused while Redis is away when the policy
   * says so), as it does without leases.
   */
  @Test
  void anAttemptWithNothingToLease_stillHasItsKeysHealthCheckedByRedis() {
    long until = System.currentTimeMillis() + 60_000;
    redis.inspect(r -> r.hset("rv-health:health", "key:p:k1", "d:" + until + ":401"));
    AdmissionRequest r = new AdmissionRequest("d", "p", "k1", List.of(), List.of(), LOCAL);
    try (RedisState plain = reader("rv-health:");
        RedisState leasedState = leased("rv-health:", 0.1, Duration.ofSeconds(60))) {
      assertThat(plain.admit(r).verdict()).isEqualTo(Admission.Verdict.KEY_DISABLED);
      assertThat(leasedState.admit(r).verdict()).as("with leases on")
          .isEqualTo(Admission.Verdict.KEY_DISABLED);
    }
  }

  /**
   * When a budget's lease ends (its ttl), what it did not hand out should go back: the fleet's
   * reservations then hold the calls in flight plus at most one slice per instance (the bound
   * Leases and the README state), not one slice per lease that still has a call in flight.
   */
  @Test
  void anEndedBudgetLease_givesItsUnusedSliceBack_whileItsCallsAreStillInFlight()
      throws Exception {
    Budget b = Budget.of("rv-held", BudgetScope.global(), Budget.Period.DAY, "1.00");
    io.vectornode.testing.ManualTime time = io.vectornode.testing.ManualTime.create();
    try (RedisState s = RedisState.builder().uri(redis.uri()).keyPrefix("rv-held:")
        .timeout(Duration.ofSeconds(2)).leases(0.05, Duration.ofMillis(50))
        .leaseTicker(time::read).build();
        RedisState r = reader("rv-held:")) {
      // Three long calls, each admitted after the previous lease ended: each takes a new slice.
      for (int i = 0; i < 3; i++) {
        Admission a = s.admit(hold(b, "0.01", Duration.ofMinutes(10)));
        assertThat(a.admitted()).isTrue();
        time.advance(Duration.ofMillis(200));
      }
      assertThat(s.stats().leases()).isEqualTo(3);
      // In flight: 3 x $0.01; the current slice (ended too, by now) at most $0.05 more. The
      // give-backs do not wait: allow them a moment.
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      BudgetStatus st = r.status(b);
      while (st.reserved().compareTo(new BigDecimal("0.08")) > 0
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        st = r.status(b);
      }
      assertThat(st.reserved()).as("reserved, with 3 calls of $0.01 in flight")
          .isLessThanOrEqualTo(new BigDecimal("0.08"));
    }
  }

  /**
   * A lease whose first call is still in flight at close(): the calls it admitted that did end
   * were settled, and their spend must reach Redis (close() says "their spend is settled").
   */
  @Test
  void closingWithACallInFlight_stillChargesWhatTheLeasesOtherCallsSpent() {
    Budget b = Budget.of("rv-close", BudgetScope.global(), Budget.Period.DAY, "1.00");
    RedisState s = leased("rv-close:", 0.05, Duration.ofSeconds(60));
    Admission first = s.admit(hold(b, "0.01", Duration.ofMinutes(10))); // takes the lease
    Admission second = s.admit(hold(b, "0.01", Duration.ofMinutes(1))); // from the lease
    assertThat(s.stats().leased()).isEqualTo(1);
    second.reservations().get(0).settle(new BigDecimal("0.004"));
    s.close(); // the first call is still in flight
    try (RedisState r = reader("rv-close:")) {
      BudgetStatus st = awaitSpent(r, b, "0.004");
      assertThat(st.spent()).as("the second call's cost").isGreaterThanOrEqualTo(
          new BigDecimal("0.004"));
    }
    first.reservations().get(0).settle(new BigDecimal("0.002"));
  }

  /**
   * A carve that is never settled (or settled after Redis let the lease's reservation go) must
   * not take the other calls' spend with it: the lease is settled by the time Redis releases it.
   */
  @Test
  void aCarveNeverSettled_doesNotLoseTheSpendOfTheLeasesOtherCalls() throws Exception {
    Budget b = Budget.of("rv-never", BudgetScope.global(), Budget.Period.DAY, "1.00");
    try (RedisState s = leased("rv-never:", 0.05, Duration.ofMillis(50));
        RedisState r = reader("rv-never:")) {
      s.admit(hold(b, "0.01", Duration.ofMillis(300))); // takes the lease, never settled
      Admission second = s.admit(hold(b, "0.01", Duration.ofMillis(100)));
      assertThat(s.stats().leased()).isEqualTo(1);
      second.reservations().get(0).settle(new BigDecimal("0.004"));
      // The lease ends and Redis releases its reservation (~350 ms): awaitSpent waits for it.
      BudgetStatus st = awaitSpent(r, b, "0.004");
      assertThat(st.spent()).as("the second call's cost").isGreaterThanOrEqualTo(
          new BigDecimal("0.004"));
    }
  }

  /**
   * A slice smaller than the attempt itself can never admit a like attempt: asking for it only
   * holds the slice (refused to the fleet) and costs a give-back per admission.
   */
  @Test
  void aSliceSmallerThanTheAttempt_isNotTaken() {
    Budget b = Budget.of("rv-small", BudgetScope.global(), Budget.Period.DAY, "1.00");
    try (RedisState s = leased("rv-small:", 0.05, Duration.ofSeconds(60));
        RedisState r = reader("rv-small:")) {
      // The worst case, $0.10, is more than a 5% slice of $1.00.
      Admission a = s.admit(hold(b, "0.10", Duration.ofMinutes(10)));
      assertThat(a.admitted()).isTrue();
      assertThat(r.status(b).reserved()).isEqualByComparingTo("0.10");
      // 2000 estimated tokens, more than a 5% slice of 10,000/min.
      AdmissionRequest.Take t = new AdmissionRequest.Take("m/tpm", 10_000, 2_000,
          new io.vectornode.state.RateLimit() {
            @Override
            public boolean tryTake(long amount) {
              return true;
            }

            @Override
            public void correct(long delta) {}
          });
      assertThat(s.admit(new AdmissionRequest("d", "p", "k1", List.of(t), List.of(), LOCAL))
          .admitted()).isTrue();
      assertThat(r.windowUsed("m/tpm")).isEqualTo(2_000);
    }
  }

  /**
   * An instance holds at most one lease per limit: the current one ends (what it did not use
   * goes back) before its successor is asked for, and while one admission asks, the others ask
   * for none (the bound on the window, limit + N x slice, rests on it).
   */
  @Test
  void aSuccessorIsAskedForOnceAtATime_andEndsTheCurrentLeaseFirst() {
    AdmissionRequest.Take t = new AdmissionRequest.Take("one/rpm", 100, 1,
        new io.vectornode.state.RateLimit() {
          @Override
          public boolean tryTake(long amount) {
            return true;
          }

          @Override
          public void correct(long delta) {}
        });
    AdmissionRequest one = new AdmissionRequest("d", "p", "k1", List.of(t), List.of(), LOCAL);
    try (RedisState s = leased("rv-one:", 0.1, Duration.ofSeconds(60));
        RedisState r = reader("rv-one:")) {
      for (int i = 0; i < 5; i++) {
        assertThat(s.admit(one).admitted()).isTrue();
      }
      // The first admission took 1 + a slice of 10; four more came from the slice.
      assertThat(r.windowUsed("one/rpm")).isEqualTo(11);
      assertThat(s.stats().leased()).isEqualTo(4);
      Leases leases = s.leases();
      // Asking for the next slice ends the current one: its 6 unused units go back.
      assertThat(leases.want(new AdmissionRequest.Take("one/rpm", 100, 7, t.local())))
          .isEqualTo(10);
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (r.windowUsed("one/rpm") != 5) {
        assertThat(System.nanoTime()).as("the unused units went back").isLessThan(deadline);
        Thread.onSpinWait();
      }
      // While that request is out, no other admission asks for a slice of the same limit.
      assertThat(leases.want(t)).isZero();
      leases.asked("t:one/rpm");
      assertThat(leases.want(t)).isEqualTo(10);
      leases.asked("t:one/rpm");
    }
  }
}
