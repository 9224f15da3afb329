package io.vectornode.routing;

import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.BudgetThresholdEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.budget.BudgetStore;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetTest extends RouterTestSupport {
  // gpt-4o-mini: $0.15 in, $0.60 out per million. A request of ~110 input tokens with
  // maxOutputTokens 1000 reserves about 110 x 0.15 + 1000 x 0.60 per million = $0.0006165.
  private static ChatRequest req(int maxOut) {
    return ChatRequest.builder().model("m").user("x".repeat(400)).maxOutputTokens(maxOut).build();
  }

  @Test
  void callThatDoesNotFit_isRefusedBeforeAnyHttpRequest_namingTheBudget() {
    ProviderStubServer s = server();
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "gpt-4o-mini")
        .budget(Budget.of("tiny", BudgetScope.global(), Budget.Period.DAY, "0.0001")));
    Throwable t = catchThrowable(() -> c.chat(req(1000)));
    assertThat(t).isInstanceOfSatisfying(BudgetExceededException.class, e -> {
      assertThat(e.budget()).isEqualTo("tiny");
      assertThat(e.limitUsd()).isEqualByComparingTo("0.0001");
      assertThat(e.spentUsd()).isEqualByComparingTo("0");
      assertThat(e.reservedUsd()).isEqualByComparingTo("0");
      assertThat(e.requestedUsd()).isGreaterThan(new BigDecimal("0.0001"));
    }).hasMessageContaining("budget 'tiny' exceeded");
    assertThat(s.requestCount()).isZero();
    assertThat(listener.singleEnd().error()).isSameAs(t);
  }

  @Test
  void reservationIsReplacedByTheRealCost() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
    s.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "gpt-4o-mini")
        .budget(Budget.of("b", BudgetScope.global(), Budget.Period.DAY, "0.001")));
    c.chat(req(1000)); // reserves ~$0.00062; the real cost is $0.000021
    c.chat(req(1000)); // would not fit if the first reservation had been kept
    assertThat(s.requestCount()).isEqualTo(2);
    assertThat(budget(c, "b").spent()).isEqualByComparingTo("0.000042");
  }


  @Test
  void sixtyFourThreadsRacingOneBudget_neverOverspendPastReservations() throws Exception {
    ManualTime t = ManualTime.create();
    BigDecimal limit = new BigDecimal("1.00");
    Budget race = new Budget("race", BudgetScope.global(), Budget.Period.DAY, ZoneId.of("UTC"),
        limit, List.of());
    BudgetStore store = BudgetStore.inMemory(t.clock(), e -> { });
    BigDecimal reserve = new BigDecimal("0.0100");
    BigDecimal actual = new BigDecimal("0.0090");
    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger granted = new AtomicInteger();
    try {
      List<Future<?>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        fs.add(pool.submit(() -> {
          go.await();
          for (int j = 0; j < 50; j++) {
            var r = store.reserve(race, reserve);
            if (r != null) {
              granted.incrementAndGet();
              r.settle(actual);
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : fs) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    BigDecimal spent = store.status(race).spent();
    assertThat(spent).isEqualByComparingTo(actual.multiply(BigDecimal.valueOf(granted.get())));
    assertThat(spent).isLessThanOrEqualTo(limit);
    // It filled up: no further reservation of 0.01 could fit.
    assertThat(limit.subtract(spent)).isLessThan(reserve);
  }

  @Test
  void periodsRollOverAtMidnightInTheBudgetsZone_andSoftThresholdsFireOncePerPeriod() {
    // 2026-01-01T22:30Z is 23:30 in Paris (UTC+1): the Paris day ends 30 minutes later.
    time = ManualTime.starting(Instant.parse("2026-01-01T22:30:00Z"));
    List<BudgetThresholdEvent> events = new CopyOnWriteArrayList<>();
    ProviderStubServer s = server();
    for (int i = 0; i < 6; i++) {
      s.enqueue(OpenAiStubs.chat("ok", 100_000, 0, 0, 0)); // $0.015 each
    }
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "gpt-4o-mini")
        .listener(new ModelCallListener() {
          @Override
          public void onBudgetThreshold(BudgetThresholdEvent event) {
            events.add(event);
          }
        })
        .budget(new Budget("daily", BudgetScope.global(), Budget.Period.DAY,
            ZoneId.of("Europe/Paris"), new BigDecimal("0.04"), List.of(0.5, 0.8))));
    ChatRequest r = ChatRequest.builder().model("m").user("hi").maxOutputTokens(10).build();
    c.chat(r);
    c.chat(r); // $0.030 spent: crosses 0.5 ($0.02) once
    assertThat(events).extracting(BudgetThresholdEvent::threshold).containsExactly(0.5);
    assertThat(catchThrowable(() -> {
      c.chat(r);
      c.chat(r);
    })).isInstanceOf(BudgetExceededException.class);
    time.advance(Duration.ofMinutes(31)); // 00:01 in Paris: a new day
    c.chat(r);
    c.chat(r);
    assertThat(events).extracting(BudgetThresholdEvent::threshold)
        .containsExactly(0.5, 0.8, 0.5);
    assertThat(events.get(2).periodStart()).isEqualTo(Instant.parse("2026-01-01T23:00:00Z"));
  }

  @Test
  void budgetRefusal_fallsBackToACheaperDeployment_whenTheRouteSaysSo() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.chat("cheap model answers", 50, 5, 0, 0));
    ModelClient c = build(builder().provider(openai("p", s))
        .model("big", "p", "gpt-4o").model("small", "p", "gpt-4o-mini")
        .route(Route.fallback("r", "big", "small").withBudgetFallback(true))
        .route(Route.fallback("strict", "big", "small"))
        .budget(Budget.of("bigcap", BudgetScope.deployment("big"), Budget.Period.MONTH,
            "0.001")));
    ChatRequest r = ChatRequest.builder().task("r").user("hi").maxOutputTokens(1000).build();
    assertThat(c.chat(r).text()).isEqualTo("cheap model answers");
    assertThat(listener.singleEnd().attempts()).singleElement()
        .satisfies(a -> assertThat(a.deployment()).isEqualTo("small"));
    assertThat(catchThrowable(() -> c.chat(r.toBuilder().task("strict").build())))
        .isInstanceOf(BudgetExceededException.class);
    assertThat(s.requestCount()).isEqualTo(1);
  }

  @Test
  void tagBudget_coversOnlyItsTag() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.chat("other team", 10, 1, 0, 0));
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "gpt-4o-mini")
        .budget(Budget.of("search", BudgetScope.tag("team", "search"), Budget.Period.HOUR,
            "0.00001")));
    assertThat(catchThrowable(() -> c.chat(req(1000).toBuilder().tag("team", "search").build())))
        .isInstanceOf(BudgetExceededException.class);
    assertThat(c.chat(req(1000).toBuilder().tag("team", "ads").build()).text())
        .isEqualTo("other team");
  }
}
