package io.vectornode.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.error.StateUnavailableException;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis stopped in the middle of a run, then started again, under both policies. */
class FleetOutageTest {
  // 100 input + 10 output tokens of gpt-4o-mini: $0.000015 + $0.000006.
  static final BigDecimal COST = new BigDecimal("0.000021");
  static final Budget DAILY = Budget.of("outage-daily", BudgetScope.global(), Budget.Period.DAY,
      "5.00");

  TestRedis redis;

  @BeforeEach
  void start() {
    redis = TestRedis.start();
    LogCapture.clear();
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  static ChatRequest request() {
    return ChatRequest.builder().model("m").user("hello").maxOutputTokens(10).build();
  }

  static VectorNodeClient client(ProviderStubServer stub, RedisState s) {
    return client(stub, s, io.vectornode.usage.UsageMeter.create());
  }

  static VectorNodeClient client(ProviderStubServer stub, RedisState s,
      io.vectornode.usage.UsageMeter meter) {
    return VectorNode.builder().listener(meter)
        .provider(ProviderConfig.builder("p").type("openai").apiKey("sk-outage-0123456789")
            .baseUrl(stub.baseUrl()).build())
        .model("m", "p", "gpt-4o-mini").budget(DAILY).sharedState(s).logCalls(false).build();
  }

  static RedisState state(TestRedis redis, RedisState.OnUnavailable policy) {
    return RedisState.builder().uri(redis.uri()).keyPrefix("outage:").timeout(Duration
        .ofMillis(200)).reconnectEvery(Duration.ofMillis(50)).onUnavailable(policy).build();
  }

  /** Waits for a condition that another process brings about, at most 20 s. */
  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void local_fallsBackWhileRedisIsDown_andReplaysWhatWasSpent_once() {
    try (ProviderStubServer stub = ProviderStubServer.start();
        RedisState s = state(redis, RedisState.OnUnavailable.LOCAL)) {
      io.vectornode.usage.UsageMeter meter = io.vectornode.usage.UsageMeter.create();
      VectorNodeClient c = client(stub, s, meter);
      for (int i = 0; i < 25; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      }
      for (int i = 0; i < 10; i++) {
        c.chat(request());
      }
      await(() -> s.stats().pending() == 0 && spent(s).compareTo(COST.multiply(
          BigDecimal.TEN)) == 0);

      redis.stopServer();
      for (int i = 0; i < 10; i++) {
        c.chat(request()); // the instance's own budget decides
      }
      RedisState.Stats down = s.stats();
      assertThat(down.available()).isFalse();
      assertThat(down.outages()).isEqualTo(1);
      assertThat(down.fallbacks()).isGreaterThanOrEqualTo(9); // the first may have found it up
      assertThat(LogCapture.lines()).filteredOn(l -> l.message().contains("is unavailable"))
          .hasSize(1);
      // Each attempt admitted by the instance's own limits says so, and the meter counts them.
      assertThat(meter.snapshot().rows().get(0).localStateAttempts())
          .isEqualTo(down.fallbacks());

      redis.startServer();
      await(() -> s.stats().available());
      // Spend before the outage survived in Redis (append-only file); spend during it was
      // replayed; none of it twice.
      assertThat(spent(s)).isEqualByComparingTo(COST.multiply(BigDecimal.valueOf(20)));
      assertThat(s.stats().replayed()).isBetween(10L, 11L);
      for (int i = 0; i < 5; i++) {
        c.chat(request());
      }
      await(() -> s.stats().pending() == 0 && spent(s).compareTo(COST.multiply(
          BigDecimal.valueOf(25))) == 0);
      assertThat(reserved(s)).isEqualByComparingTo("0");
      assertThat(stub.requestCount()).isEqualTo(25);
      assertThat(LogCapture.lines()).filteredOn(l -> l.message().contains("answers again after"))
          .hasSize(1);
      c.close();
    }
  }

  @Test
  void reject_refusesCallsWhileRedisIsDown_withoutSendingThem() {
    try (ProviderStubServer stub = ProviderStubServer.start();
        RedisState s = state(redis, RedisState.OnUnavailable.REJECT)) {
      VectorNodeClient c = client(stub, s);
      stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      c.chat(request());

      redis.stopServer();
      for (int i = 0; i < 5; i++) {
        Throwable t = catchThrowable(() -> c.chat(request()));
        assertThat(t).isInstanceOf(StateUnavailableException.class)
            .hasMessageContaining("onUnavailable is reject")
            .hasMessageContaining("redis://127.0.0.1:" + redis.port());
      }
      assertThat(stub.requestCount()).isEqualTo(1);
      assertThat(s.stats().rejections()).isGreaterThanOrEqualTo(4);

      redis.startServer();
      await(() -> s.stats().available());
      c.chat(request());
      assertThat(stub.requestCount()).isEqualTo(2);
      await(() -> s.stats().pending() == 0 && spent(s).compareTo(COST.multiply(
          BigDecimal.valueOf(2))) == 0);
      c.close();
    }
  }

  @Test
  void aCallNeverWaitsLongerThanTheTimeout_onARedisThatDoesNotAnswer() {
    try (ProviderStubServer stub = ProviderStubServer.start();
        RedisState s = state(redis, RedisState.OnUnavailable.LOCAL)) {
      VectorNodeClient c = client(stub, s);
      stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      redis.inspect(r -> r.clientPause(3_000));
      long start = System.nanoTime();
      c.chat(request());
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(s.stats().fallbacks()).isEqualTo(1);
      assertThat(tookMs).as("ms waited, with Redis paused for 3 s").isLessThan(2_000);
      c.close();
    }
  }

  @Test
  void anErrorReplyFromARedisThatAnswers_isNotAnOutage() {
    try (ProviderStubServer stub = ProviderStubServer.start();
        RedisState s = state(redis, RedisState.OnUnavailable.LOCAL)) {
      VectorNodeClient c = client(stub, s);
      for (int i = 0; i < 4; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      }
      // Another hand wrote a string where the health hash lives: every admission gets WRONGTYPE.
      redis.inspect(r -> r.set("outage:health", "not a hash"));
      for (int i = 0; i < 3; i++) {
        c.chat(request());
      }
      RedisState.Stats st = s.stats();
      assertThat(st.available()).isTrue();
      assertThat(st.outages()).isZero();
      assertThat(st.fallbacks()).isEqualTo(3);
      assertThat(LogCapture.lines()).filteredOn(l -> l.message().contains("answered a command"
          + " with an error")).hasSize(1);
      redis.inspect(r -> r.del("outage:health"));
      c.chat(request());
      assertThat(s.stats().fallbacks()).isEqualTo(3);
      // What the three spent while their admissions failed reaches Redis all the same: no
      // outage was declared, so no probe replays it; the settlements' own flush does.
      await(() -> s.stats().pending() == 0 && spent(s).compareTo(COST.multiply(
          BigDecimal.valueOf(4))) == 0);
      c.close();
    }
  }

  static BigDecimal spent(RedisState s) {
    try {
      return s.status(DAILY).spent();
    } catch (StateUnavailableException e) {
      return BigDecimal.valueOf(-1);
    }
  }

  static BigDecimal reserved(RedisState s) {
    return s.status(DAILY).reserved();
  }
}
