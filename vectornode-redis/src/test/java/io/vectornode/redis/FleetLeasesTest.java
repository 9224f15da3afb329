package io.vectornode.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ChatRequest;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.routing.ApiKey;
import io.vectornode.routing.Deployment;
import io.vectornode.routing.DeploymentLimits;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
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

/**
 * Leases (an instance admits from slices of the fleet's limits and budgets, without a round
 * trip): the bounds {@link Leases} states, against a real Redis.
 */
class FleetLeasesTest {
  static TestRedis redis;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  static ChatRequest request(String model) {
    return ChatRequest.builder().model(model).user("hello").maxOutputTokens(10).build();
  }

  @Test
  void aLeasedFleetRpmLimitOf600_passesAtMostTheLimitPlusOneLeasePerInstance() {
    ManualTime time = ManualTime.create();
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      List<RedisState> states = new ArrayList<>();
      List<VectorNodeClient> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        // 2% of 600: leases of 12 requests, living longer than the test (ended when used up).
        RedisState s = RedisState.builder().uri(redis.uri()).keyPrefix("lease-rpm:")
            .timeout(Duration.ofSeconds(2)).clock(time.clock())
            .leases(0.02, Duration.ofSeconds(60)).build();
        states.add(s);
        clients.add(VectorNode.builder()
            .provider(ProviderConfig.builder("p").type("openai").apiKey("sk-lease-0123456789")
                .baseUrl(stub.baseUrl()).build())
            .deployment(new Deployment("m", "p", "gpt-4o-mini",
                new DeploymentLimits(600, 0, 0), null))
            .sharedState(s).ticker(time).clock(time.clock()).logCalls(false).build());
      }
      for (int i = 0; i < 2000; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 5, 1, 0, 0));
      }
      int[] admittedAt = new int[180];
      int admitted = 0;
      for (int second = 0; second < 180; second++) {
        for (int i = 0; i < 4; i++) {
          for (int n = 0; n < 3; n++) {
            try {
              clients.get(i).chat(request("m"));
              admittedAt[second]++;
              admitted++;
            } catch (VectorNodeException e) {
              assertThat(e.getMessage()).contains("m/rpm limit of the fleet (600/min)");
            }
          }
        }
        time.advance(Duration.ofSeconds(1));
      }
      int worstWindow = 0;
      for (int start = 0; start + 60 <= 180; start++) {
        int inWindow = 0;
        for (int s = start; s < start + 60; s++) {
          inWindow += admittedAt[s];
        }
        worstWindow = Math.max(worstWindow, inWindow);
      }
      long roundTrips = states.stream().mapToLong(s -> s.stats().admissions()).sum();
      long leased = states.stream().mapToLong(s -> s.stats().leased()).sum();
      System.out.printf("leased fleet rpm: %d admitted in 180 s (limit 600/min), worst 60 s"
          + " window %d (bound 600 + 4 x 12 = 648); %d admitted from leases, %d round trips%n",
          admitted, worstWindow, leased, roundTrips);
      assertThat(worstWindow).isLessThanOrEqualTo(600 + 4 * 12);
      assertThat(admitted).isBetween(1764, 1800 + 4 * 12);
      assertThat(stub.requestCount()).isEqualTo(admitted);
      // Each lease serves 12 admissions for one round trip; refusals go to Redis each time.
      assertThat(leased).isGreaterThan(admitted * 3L / 4);
      assertThat(roundTrips).isLessThan(admitted / 4L + (2160 - admitted));
      clients.forEach(VectorNodeClient::close);
      states.forEach(RedisState::close);
    }
  }

  @Test
  void whatALeaseDidNotUse_goesBackToTheWindowWhenItEnds() {
    ManualTime time = ManualTime.create();
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      RedisState s = RedisState.builder().uri(redis.uri()).keyPrefix("lease-back:")
          .timeout(Duration.ofSeconds(2)).clock(time.clock())
          .leases(0.1, Duration.ofSeconds(60)).build();
      VectorNodeClient c = VectorNode.builder()
          .provider(ProviderConfig.builder("p").type("openai").apiKey("sk-lease-0123456789")
              .baseUrl(stub.baseUrl()).build())
          .deployment(new Deployment("m", "p", "gpt-4o-mini",
              new DeploymentLimits(1000, 0, 0), null))
          .sharedState(s).ticker(time).clock(time.clock()).logCalls(false).build();
      for (int i = 0; i < 3; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 5, 1, 0, 0));
        c.chat(request("m"));
      }
      // The first call took a lease of 100 with its own request; the next two came from it.
      assertThat(s.windowUsed("m/rpm")).isEqualTo(101);
      assertThat(s.stats().leased()).isEqualTo(2);
      assertThat(s.stats().admissions()).isEqualTo(1);
      c.close();
      s.close(); // ends the lease: 98 unused go back
      try (RedisState reader = RedisState.builder().uri(redis.uri()).keyPrefix("lease-back:")
          .timeout(Duration.ofSeconds(2)).clock(time.clock()).build()) {
        assertThat(reader.windowUsed("m/rpm")).isEqualTo(3);
      }
    }
  }

  // gpt-4o-mini: each call uses 100 input and 10,000 output tokens: $0.006015, so $1.00 pays
  // for 166 calls (FleetBudgetTest).
  @Test
  void leasedBudgets_neverSpendMoreThanTheBudget_andSettleExactly() throws Exception {
    Budget daily = Budget.of("lease-daily", BudgetScope.global(), Budget.Period.DAY, "1.00");
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      for (int i = 0; i < 400; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 100, 10_000, 0, 0));
      }
      List<RedisState> states = new ArrayList<>();
      List<VectorNodeClient> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        // Leases of $0.05 (8 calls' worst case) and of 5% of nothing else.
        RedisState s = RedisState.builder().uri(redis.uri()).keyPrefix("lease-budget:")
            .timeout(Duration.ofSeconds(2)).leases(0.05, Duration.ofSeconds(60)).build();
        states.add(s);
        clients.add(FleetBudgetTest.instance(stub, s, daily));
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
              c.chat(FleetBudgetTest.request());
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
      long leased = states.stream().mapToLong(s -> s.stats().leased()).sum();
      clients.forEach(VectorNodeClient::close);
      states.forEach(RedisState::close); // ends the leases: each settles its attempts' costs
      try (RedisState reader = RedisState.builder().uri(redis.uri()).keyPrefix("lease-budget:")
          .timeout(Duration.ofSeconds(2)).build()) {
        BudgetStatus st = reader.status(daily);
        System.out.printf("leased fleet budget: %d calls settled ($%s), %d refused, %d from"
            + " leases, %d upstream requests, limit $1.00%n", ok.get(), st.spent()
            .toPlainString(), refused.get(), leased, stub.requestCount());
        assertThat(st.reserved()).isEqualByComparingTo("0");
        assertThat(st.spent()).isEqualByComparingTo(
            FleetBudgetTest.COST.multiply(BigDecimal.valueOf(ok.get())));
        assertThat(st.spent()).isLessThanOrEqualTo(new BigDecimal("1.00"));
      }
      assertThat(stub.requestCount()).isEqualTo(ok.get());
      assertThat(leased).isPositive();
      // Under-use: reservations in flight (one per caller) and what other instances' leases
      // hold (one lease of 8 calls each) may refuse calls that would have fitted.
      assertThat(ok.get()).isBetween(166 - 64 - 4 * 8, 166);
      assertThat(ok.get() + refused.get()).isEqualTo(384);
    }
  }

  @Test
  void aLeasedAttempt_learnsOfA429OnAnotherInstanceFromItsNews() throws Exception {
    String one = "sk-lease-key-one-0123456789";
    String two = "sk-lease-key-two-0123456789";
    try (ProviderStubServer stub = ProviderStubServer.start();
        RedisState sa = RedisState.builder().uri(redis.uri()).keyPrefix("lease-key:")
            .leases(0.1, Duration.ofSeconds(60)).build();
        RedisState sb = RedisState.builder().uri(redis.uri()).keyPrefix("lease-key:")
            .leases(0.1, Duration.ofSeconds(60)).build()) {
      VectorNodeClient a = twoKeys(stub, sa, one, two);
      VectorNodeClient b = twoKeys(stub, sb, one, two);
      // B's first calls take leases on both keys' limits: its next ones ask Redis nothing.
      for (int i = 0; i < 4; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 5, 1, 0, 0));
        b.chat(request("m"));
        stub.takeRequest();
      }
      long roundTrips = sb.stats().admissions();
      stub.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(30)));
      stub.enqueue(OpenAiStubs.chat("ok", 5, 1, 0, 0));
      a.chat(request("m"));
      RecordedCall limited = stub.takeRequest();
      String cooled = limited.header("Authorization").orElseThrow();
      stub.takeRequest();
      // The news reaches B through its subscription (a round trip or so), not through Redis's
      // answer to an admission: wait for it, bounded.
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (b.deployments().get(0).keys().stream()
          .noneMatch(k -> k.state().name().equals("COOLING"))) {
        assertThat(System.nanoTime()).as("B heard of A's 429").isLessThan(deadline);
        Thread.onSpinWait();
      }
      for (int i = 0; i < 10; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 5, 1, 0, 0));
        b.chat(request("m"));
        assertThat(stub.takeRequest().header("Authorization").orElseThrow())
            .as("B's call %d", i + 1).isNotEqualTo(cooled);
      }
      assertThat(sb.stats().leased()).isPositive();
      assertThat(sb.stats().admissions() - roundTrips).as("B's round trips after the 429")
          .isLessThanOrEqualTo(2);
      a.close();
      b.close();
    }
  }

  @Test
  void leasesAdmitWhileRedisIsDown_andTheirSpendArrivesOnceItIsBack() {
    TestRedis own = TestRedis.start();
    Budget daily = Budget.of("lease-outage", BudgetScope.global(), Budget.Period.DAY, "1.00");
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      RedisState s = RedisState.builder().uri(own.uri()).keyPrefix("lease-outage:")
          .timeout(Duration.ofMillis(500)).reconnectEvery(Duration.ofMillis(20))
          .leases(0.05, Duration.ofSeconds(60)).build();
      VectorNodeClient c = FleetBudgetTest.instance(stub, s, daily);
      stub.enqueue(OpenAiStubs.chat("ok", 100, 10_000, 0, 0));
      c.chat(FleetBudgetTest.request()); // takes a lease of $0.05 with this call
      own.stopServer();
      for (int i = 0; i < 3; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 100, 10_000, 0, 0));
        c.chat(FleetBudgetTest.request());
      }
      assertThat(s.stats().leased()).as("admitted from the lease while Redis was down")
          .isEqualTo(3);
      assertThat(s.stats().fallbacks()).isZero();
      own.startServer();
      // Nothing asked Redis during the outage; the next command finds the connection gone and
      // the probe reconnects.
      try {
        s.status(daily);
      } catch (RuntimeException expected) {
        // the old connection is closed: the outage starts here
      }
      long back = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!s.stats().available()) {
        assertThat(System.nanoTime()).as("the probe found Redis back").isLessThan(back);
        Thread.onSpinWait();
      }
      c.close();
      s.close(); // the lease ends: its settlement waits for Redis and is replayed
      try (RedisState reader = RedisState.builder().uri(own.uri()).keyPrefix("lease-outage:")
          .timeout(Duration.ofSeconds(2)).build()) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reader.status(daily).spent().signum() == 0 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        BudgetStatus st = reader.status(daily);
        assertThat(st.spent()).isEqualByComparingTo(
            FleetBudgetTest.COST.multiply(BigDecimal.valueOf(4)));
        assertThat(st.reserved()).isEqualByComparingTo("0");
      }
    } finally {
      own.close();
    }
  }

  private static VectorNodeClient twoKeys(ProviderStubServer stub, RedisState s, String one,
      String two) {
    return VectorNode.builder()
        .provider(ProviderConfig.builder("p").type("openai").baseUrl(stub.baseUrl()).build())
        .keys("p", List.of(new ApiKey(io.vectornode.Secret.of(one), 1, 1000, 0),
            new ApiKey(io.vectornode.Secret.of(two), 1, 1000, 0)))
        .model("m", "p", "gpt-4o-mini")
        .sharedState(s).logCalls(false).build();
  }
}
