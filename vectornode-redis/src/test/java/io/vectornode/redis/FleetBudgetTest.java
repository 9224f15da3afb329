package io.vectornode.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ChatRequest;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Four clients (instances) sharing one daily budget through a real Redis. */
class FleetBudgetTest {
  static TestRedis redis;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  // gpt-4o-mini: $0.15 in, $0.60 out per million. Each call uses 100 input and 10,000 output
  // tokens: $0.000015 + $0.006 = $0.006015, so $1.00 pays for 166 calls.
  static final BigDecimal COST = new BigDecimal("0.006015");

  static ChatRequest request() {
    return ChatRequest.builder().model("m").user("x".repeat(400)).maxOutputTokens(10_000).build();
  }

  static VectorNodeClient instance(ProviderStubServer stub, RedisState state, Budget budget) {
    return instance(stub.baseUrl(), state, budget);
  }

  /** An instance on a stub server known by its URL (in another JVM: {@link FleetChild}). */
  static VectorNodeClient instance(String stubBaseUrl, RedisState state, Budget budget) {
    return VectorNode.builder()
        .provider(ProviderConfig.builder("p").type("openai").apiKey("sk-fleet-0123456789")
            .baseUrl(stubBaseUrl).readTimeout(Duration.ofSeconds(10)).build())
        .model("m", "p", "gpt-4o-mini")
        .budget(budget)
        .sharedState(state)
        .logCalls(false)
        .build();
  }

  @Test
  void fourInstancesOfSixteenCallers_spendAtMostTheBudget() throws Exception {
    Budget daily = Budget.of("fleet-daily", BudgetScope.global(), Budget.Period.DAY, "1.00");
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      for (int i = 0; i < 400; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 100, 10_000, 0, 0));
      }
      List<RedisState> states = new ArrayList<>();
      List<VectorNodeClient> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        RedisState s = RedisState.builder().uri(redis.uri()).keyPrefix("budget-test:")
            .timeout(Duration.ofSeconds(2)).build();
        states.add(s);
        clients.add(instance(stub, s, daily));
      }
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(64);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        VectorNodeClient c = clients.get(t % 4);
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 6; i++) {
            try {
              c.chat(request());
              ok.incrementAndGet();
            } catch (BudgetExceededException e) {
              refused.incrementAndGet();
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      for (VectorNodeClient c : clients) {
        c.close();
      }
      for (RedisState s : states) {
        s.close(); // flushes the settlements in flight
      }
      try (RedisState reader = RedisState.builder().uri(redis.uri()).keyPrefix("budget-test:")
          .timeout(Duration.ofSeconds(2)).build()) {
        BudgetStatus st = reader.status(daily);
        // Every call settled: nothing stays reserved, and spend is exactly calls x cost.
        assertThat(st.reserved()).isEqualByComparingTo("0");
        assertThat(st.spent()).isEqualByComparingTo(COST.multiply(BigDecimal.valueOf(ok.get())));
        assertThat(st.spent()).isLessThanOrEqualTo(new BigDecimal("1.00"));
        assertThat(reader.stats().fallbacks()).isZero();
      }
      assertThat(stub.requestCount()).isEqualTo(ok.get());
      System.out.printf("fleet budget: %d calls settled ($%s), %d refused, %d upstream"
          + " requests, limit $1.00%n", ok.get(), COST.multiply(BigDecimal.valueOf(ok.get()))
          .toPlainString(), refused.get(), stub.requestCount());
      // 384 calls wanted; the budget pays for 166 at most, and reservations in flight near the
      // end may refuse a few that would have fitted (at most one per caller).
      assertThat(ok.get()).isBetween(166 - 64, 166);
      assertThat(ok.get() + refused.get()).isEqualTo(384);
    }
  }

  @Test
  void aSoftThresholdFiresOncePerPeriod_forTheWholeFleet() {
    Budget watched = new Budget("fleet-watched", BudgetScope.global(), Budget.Period.DAY,
        java.time.ZoneId.of("UTC"), new BigDecimal("0.05"), List.of(0.5));
    List<io.vectornode.BudgetThresholdEvent> events =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    io.vectornode.ModelCallListener listener = new io.vectornode.ModelCallListener() {
      @Override
      public void onBudgetThreshold(io.vectornode.BudgetThresholdEvent e) {
        events.add(e);
      }
    };
    try (ProviderStubServer stub = ProviderStubServer.start();
        RedisState sa = RedisState.builder().uri(redis.uri()).keyPrefix("threshold-test:")
            .timeout(Duration.ofSeconds(2)).build();
        RedisState sb = RedisState.builder().uri(redis.uri()).keyPrefix("threshold-test:")
            .timeout(Duration.ofSeconds(2)).build()) {
      for (int i = 0; i < 6; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 100, 10_000, 0, 0));
      }
      VectorNodeClient a = instanceWith(stub, sa, watched, listener);
      VectorNodeClient b = instanceWith(stub, sb, watched, listener);
      // $0.006015 a call: the fifth crosses $0.025, half of the limit.
      for (int i = 0; i < 6; i++) {
        (i % 2 == 0 ? a : b).chat(request());
      }
      a.close();
      b.close();
      sa.close();
      sb.close();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).threshold()).isEqualTo(0.5);
      assertThat(events.get(0).spentUsd()).isGreaterThanOrEqualTo(new BigDecimal("0.025"));
    }
  }

  @Test
  void aReservationThatIsNeverSettled_isReleasedAfterItsHold() {
    io.vectornode.testing.ManualTime time = io.vectornode.testing.ManualTime.create();
    Budget held = Budget.of("fleet-held", BudgetScope.global(), Budget.Period.DAY, "1.00");
    try (RedisState s = RedisState.builder().uri(redis.uri()).keyPrefix("hold-test:")
        .clock(time.clock()).timeout(Duration.ofSeconds(2)).build()) {
      io.vectornode.budget.BudgetStore store = s.budgets(
          io.vectornode.budget.BudgetStore.inMemory(time.clock(), e -> { }), e -> { });
      // An instance reserves $0.60 and dies: no settlement ever comes.
      assertThat(store.reserve(held, new BigDecimal("0.60"), Duration.ofSeconds(90)))
          .isNotNull();
      assertThat(store.reserve(held, new BigDecimal("0.60"), Duration.ofSeconds(90))).isNull();
      assertThat(s.status(held).reserved()).isEqualByComparingTo("0.60");
      time.advance(Duration.ofSeconds(91));
      assertThat(s.status(held).reserved()).isEqualByComparingTo("0");
      assertThat(store.reserve(held, new BigDecimal("0.60"), Duration.ofSeconds(90)))
          .isNotNull();
    }
  }

  static VectorNodeClient instanceWith(ProviderStubServer stub, RedisState state, Budget budget,
      io.vectornode.ModelCallListener listener) {
    return VectorNode.builder()
        .provider(ProviderConfig.builder("p").type("openai").apiKey("sk-fleet-0123456789")
            .baseUrl(stub.baseUrl()).readTimeout(Duration.ofSeconds(10)).build())
        .model("m", "p", "gpt-4o-mini")
        .budget(budget)
        .sharedState(state)
        .listener(listener)
        .logCalls(false)
        .build();
  }
}
