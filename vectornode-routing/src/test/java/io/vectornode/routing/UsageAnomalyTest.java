package io.vectornode.routing;

import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.usage.UsageMeter;
import io.vectornode.usage.UsageSnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.Usage;
import io.vectornode.UsageAnomalyEvent;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.budget.BudgetStore;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.LogCapture;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Issue 10, item 15 and the routing half of item 11: usage reports beyond what a call could use
 * are charged as reported (never clamped), logged (rate-limited) and counted, and a budget that
 * has been overspent refuses everything.
 */
class UsageAnomalyTest extends RouterTestSupport {
  private static final String KEY = "sk-anomaly-secret-0123456789";
  // gpt-4o-mini: $0.15 in, $0.60 out per million; a 128,000-token window, 16,384 output.
  private static final BigDecimal IN = new BigDecimal("0.15");
  private static final BigDecimal OUT = new BigDecimal("0.60");

  private final List<UsageAnomalyEvent> anomalies = new CopyOnWriteArrayList<>();
  private final ModelCallListener anomalyRecorder = new ModelCallListener() {
    @Override
    public void onUsageAnomaly(UsageAnomalyEvent event) {
      anomalies.add(event);
    }
  };

  private static BigDecimal cost(long in, long out) {
    return IN.multiply(BigDecimal.valueOf(in)).add(OUT.multiply(BigDecimal.valueOf(out)))
        .movePointLeft(6);
  }

  private VectorNode.Builder gpt4oMini(ReportingProvider p, UsageMeter meter) {
    return builder().registry(ProviderRegistry.of(List.of(p)))
        .provider(ProviderConfig.builder("p").type("openai").apiKey(KEY).build())
        .model("m", "p", "gpt-4o-mini").listener(meter).listener(anomalyRecorder)
        .logCalls(false);
  }

  private static ReportingProvider reporting(Function<ChatRequest, Usage> usage,
      ReportingProvider.@Nullable Gate gate) {
    return new ReportingProvider("openai", usage, gate);
  }

  private List<LogCapture.Line> anomalyWarnings() {
    return LogCapture.lines().stream().filter(l -> l.level() == Level.WARN
        && l.message().startsWith("usage anomaly")).toList();
  }

  @Test
  void sixtyFourInFlightCalls_reportingFarMoreOutputThanMaxTokens_areChargedInFull_countedAndLoggedOnce_thenEveryNewCallIsRefused()
      throws Exception {
    int callers = 64;
    ReportingProvider.Gate gate = new ReportingProvider.Gate(callers);
    ReportingProvider p = reporting(r -> Usage.of(20, 100_000), gate);
    UsageMeter meter = UsageMeter.create(time.clock());
    ModelClient c = build(gpt4oMini(p, meter)
        .budget(Budget.of("cap", BudgetScope.global(), Budget.Period.DAY, "0.001")));
    ChatRequest r = ChatRequest.builder().model("m").user("hi").maxOutputTokens(10).build();

    // Each reserves its input bound and 10 output tokens (about $0.00001): all 64 fit, and
    // all are in flight at once before any reports its 100,000 output tokens.
    int[] outcome = ReservationBoundTest.race(c, r, callers, gate, null);

    assertThat(outcome).containsExactly(64, 0);
    BudgetStatus ledger = budget(c, "cap");
    BigDecimal perCall = cost(20, 100_000); // $0.060003: the real cost, not a clamped one
    assertThat(ledger.spent()).isEqualByComparingTo(perCall.multiply(
        BigDecimal.valueOf(64))).isGreaterThan(new BigDecimal("3.84"));
    assertThat(ledger.reserved()).isEqualByComparingTo("0");
    assertThat(listener.ends()).hasSize(64).allSatisfy(e ->
        assertThat(e.cost().usd()).hasValueSatisfying(v -> assertThat(v)
            .isEqualByComparingTo(perCall)));
    // Counted, every one; logged once (rate-limited), without the key.
    assertThat(anomalies).hasSize(64).allSatisfy(a -> {
      assertThat(a.kind()).isEqualTo(UsageAnomalyEvent.Kind.OUTPUT_ABOVE_MAX_TOKENS);
      assertThat(a.limit()).isEqualTo(10);
      assertThat(a.usage().outputTokens()).isEqualTo(100_000);
      assertThat(a.deployment()).isEqualTo("m");
      assertThat(a.cost().usd()).hasValueSatisfying(v -> assertThat(v)
          .isEqualByComparingTo(perCall));
    });
    assertThat(meter.snapshot().rows()).singleElement()
        .satisfies(row -> assertThat(row.usageAnomalies()).isEqualTo(64));
    assertThat(anomalyWarnings()).singleElement().satisfies(l -> assertThat(l.message())
        .contains("deployment m", "100000 output tokens", "capped at 10", "$0.060003"));
    assertThat(LogCapture.text()).doesNotContain(KEY);

    // Spent >= limit: every new call is refused before any request, however small.
    int requests = p.calls.get();
    for (ChatRequest next : List.of(r, r.toBuilder().maxOutputTokens(1).build(),
        ChatRequest.builder().model("m").user("?").maxOutputTokens(1).build())) {
      assertThat(catchThrowable(() -> c.chat(next))).isInstanceOf(BudgetExceededException.class);
    }
    assertThat(p.calls.get()).isEqualTo(requests);
  }

  @Test
  void anomalyWarning_isRepeatedAtMostHourly_sayingHowManyWereNotLogged() {
    ReportingProvider p = reporting(r -> Usage.of(20, 500), null);
    ModelClient c = build(gpt4oMini(p, UsageMeter.create(time.clock())));
    ChatRequest r = ChatRequest.builder().model("m").user("hi").maxOutputTokens(10).build();
    for (int i = 0; i < 5; i++) {
      c.chat(r);
    }
    time.advance(Duration.ofMinutes(61));
    c.chat(r);

    assertThat(anomalies).hasSize(6);
    assertThat(anomalyWarnings()).hasSize(2);
    assertThat(anomalyWarnings().get(1).message()).contains("4 more on this deployment");
  }

  @Test
  void usageWithinTheCaps_isNoAnomaly() {
    ReportingProvider p = reporting(r -> Usage.of(127_000, 10), null);
    UsageMeter meter = UsageMeter.create(time.clock());
    ModelClient c = build(gpt4oMini(p, meter));
    c.chat(ChatRequest.builder().model("m").user("hi").maxOutputTokens(10).build());
    c.chat(ChatRequest.builder().model("m").user("hi").build()); // the model's cap: 16,384

    assertThat(anomalies).isEmpty();
    assertThat(anomalyWarnings()).isEmpty();
    assertThat(meter.snapshot().rows().get(0).usageAnomalies()).isZero();
  }

  @Test
  void inputPlusOutputBeyondTheModelsWindowAndOutput_isAnAnomaly_chargedAsReported() {
    // No max tokens on the request: the output (100) is within the model's 16,384, but
    // 200,000 input is beyond its 128,000 window.
    ReportingProvider p = reporting(r -> Usage.of(200_000, 100), null);
    ModelClient c = build(gpt4oMini(p, UsageMeter.create(time.clock())));

    ChatResponse resp = c.chat(ChatRequest.builder().model("m").user("hi").build());

    assertThat(resp.usage()).isEqualTo(Usage.of(200_000, 100)); // never clamped
    assertThat(resp.cost().usd()).hasValueSatisfying(v ->
        assertThat(v).isEqualByComparingTo(cost(200_000, 100)));
    assertThat(anomalies).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(UsageAnomalyEvent.Kind.TOTAL_ABOVE_MODEL_LIMIT);
      assertThat(a.limit()).isEqualTo(128_000 + 16_384);
    });
  }

  @Test
  void absurdCounts_arePricedExactly_andTotalsNeverWrapNegative() {
    long absurd = Long.MAX_VALUE / 4;
    ReportingProvider p = reporting(r -> new Usage(absurd, absurd, absurd, 0, absurd), null);
    UsageMeter meter = UsageMeter.create(time.clock());
    ModelClient c = build(gpt4oMini(p, meter));
    ChatRequest r = ChatRequest.builder().model("m").user("hi").maxOutputTokens(10).build();

    for (int i = 0; i < 5; i++) { // 5 x (MAX / 4) does not fit in a long
      ChatResponse resp = c.chat(r);
      // All input cached ($0.075), all output reasoning (priced as output): exact, no overflow.
      BigDecimal expected = new BigDecimal("0.075").multiply(BigDecimal.valueOf(absurd))
          .add(OUT.multiply(BigDecimal.valueOf(absurd))).movePointLeft(6);
      assertThat(resp.cost().usd()).hasValueSatisfying(v ->
          assertThat(v).isEqualByComparingTo(expected));
      assertThat(resp.usage().outputTokens()).isEqualTo(absurd);
    }

    assertThat(anomalies).extracting(UsageAnomalyEvent::kind).containsOnly(
        UsageAnomalyEvent.Kind.OUTPUT_ABOVE_MAX_TOKENS,
        UsageAnomalyEvent.Kind.TOTAL_ABOVE_MODEL_LIMIT).hasSize(10);
    UsageSnapshot.Row row = meter.snapshot().rows().get(0);
    assertThat(row.usageAnomalies()).isEqualTo(10);
    assertThat(row.inputTokens()).isEqualTo(Long.MAX_VALUE);
    assertThat(row.outputTokens()).isEqualTo(Long.MAX_VALUE);
    assertThat(row.cachedInputTokens()).isEqualTo(Long.MAX_VALUE);
    assertThat(row.reasoningTokens()).isEqualTo(Long.MAX_VALUE);
    BigDecimal each = new BigDecimal("0.075").multiply(BigDecimal.valueOf(absurd))
        .add(OUT.multiply(BigDecimal.valueOf(absurd))).movePointLeft(6);
    assertThat(row.costUsd()).isEqualByComparingTo(each.multiply(BigDecimal.valueOf(5)));
  }

  @Test
  void meterCostTotals_stayExact_whenTheirSumIsBeyondALongOfPicodollars() {
    long out = 8_333_333_333_333L; // at $0.60 per million: $4,999,999.9999998 per call
    ReportingProvider p = reporting(r -> Usage.of(0, out), null);
    UsageMeter meter = UsageMeter.create(time.clock());
    ModelClient c = build(gpt4oMini(p, meter));
    for (int i = 0; i < 3; i++) { // 3 x 5 x 10^18 picodollars does not fit in a long
      c.chat(ChatRequest.builder().model("m").user("hi").build());
    }
    assertThat(meter.snapshot().rows().get(0).costUsd())
        .isEqualByComparingTo(cost(0, out).multiply(BigDecimal.valueOf(3)));
  }

  @Test
  void spentExactlyAtTheLimit_refusesEvenAZeroReservation() {
    Budget b = new Budget("b", BudgetScope.global(), Budget.Period.DAY, ZoneId.of("UTC"),
        new BigDecimal("0.01"), List.of());
    BudgetStore store = BudgetStore.inMemory(time.clock(), e -> { });
    store.reserve(b, new BigDecimal("0.001")).settle(new BigDecimal("0.01"));

    assertThat(store.status(b).spent()).isEqualByComparingTo("0.01");
    assertThat(store.reserve(b, BigDecimal.ZERO)).isNull();
  }
}
