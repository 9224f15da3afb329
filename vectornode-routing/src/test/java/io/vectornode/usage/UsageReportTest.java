package io.vectornode.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.usage.UsageReport.Interval;
import io.vectornode.usage.UsageReport.Options;
import io.vectornode.usage.UsageReport.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class UsageReportTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  /** A source over records in memory. */
  private record ListSource(List<LedgerReader.Entry> entries) implements LedgerSource {
    @Override
    public LedgerReader.Stats forEach(@Nullable Instant since,
        Consumer<? super LedgerReader.Entry> action) {
      long n = 0;
      for (LedgerReader.Entry e : entries) {
        if (since == null || !e.ts().isBefore(since)) {
          n++;
          action.accept(e);
        }
      }
      return new LedgerReader.Stats(n, 7, 1);
    }

    @Override
    public String describe() {
      return "memory";
    }

    @Override
    public void close() {}
  }

  private static LedgerReader.Attempt attempt(int n, String deployment, String outcome,
      long latency, @Nullable Long ttft) {
    return new LedgerReader.Attempt(n, deployment, "p", "m", "k", outcome, null, null, false,
        latency, ttft, 1, 1, 0, 0, 0, BigDecimal.ONE, false);
  }

  private static LedgerReader.Entry entry(Instant ts, String team, String model, String outcome,
      @Nullable BigDecimal cost, boolean estimated, long in, long cached,
      LedgerReader.Attempt... attempts) {
    String last = attempts.length == 0 ? null : attempts[attempts.length - 1].deployment();
    return new LedgerReader.Entry(ts, "vn-" + ts.getEpochSecond() + team, null,
        team == null ? Map.of() : Map.of("team", team), "p", model, last, outcome,
        attempts.length, in, 3, cost, 10, outcome.equals("SUCCESS") ? null : "Boom", 5L, cached,
        1, 2, estimated && cost != null, "cat", List.of(attempts));
  }

  /** Many calls over 20 days: every figure equals a sum computed here another way. */
  @Test
  void build_manyCalls_everyBreakdownAndSeriesAddsUpToTheExactTotals() {
    Random r = new Random(11);
    List<LedgerReader.Entry> entries = new ArrayList<>();
    String[] teams = {"search", "ads", "support", "growth", "data", "infra", "legal", "ops",
        "hr", "sales", "web"};
    String[] deployments = {"fast", "smart", "claude", "local"};
    for (int i = 0; i < 5_000; i++) {
      Instant ts = T0.plusSeconds(r.nextInt(20 * 86_400));
      String first = deployments[r.nextInt(4)];
      String outcome = r.nextInt(10) == 0 ? "FAILURE" : "SUCCESS";
      List<LedgerReader.Attempt> as = new ArrayList<>();
      as.add(attempt(1, first, r.nextBoolean() || outcome.equals("FAILURE") ? "FAILURE"
          : "SUCCESS", 50 + r.nextInt(500), r.nextBoolean() ? 20L + r.nextInt(100) : null));
      if (as.get(0).outcome().equals("FAILURE")) {
        as.add(attempt(2, deployments[r.nextInt(4)], outcome, 100 + r.nextInt(900), null));
      }
      BigDecimal cost = r.nextInt(8) == 0 ? null
          : new BigDecimal(r.nextInt(1_000_000)).movePointLeft(9);
      entries.add(entry(ts, r.nextInt(30) == 0 ? null : teams[r.nextInt(teams.length)],
          "m" + r.nextInt(5), outcome, cost, r.nextInt(6) == 0, r.nextInt(5000),
          r.nextInt(100), as.toArray(new LedgerReader.Attempt[0])));
    }
    UsageReport report = UsageReport.build(new ListSource(entries), Options.of(null, "team"));

    assertThat(report.stats()).isEqualTo(new LedgerReader.Stats(5_000, 7, 1));
    assertThat(report.interval()).isEqualTo(Interval.DAY);
    Row total = report.total();
    assertThat(total.calls()).isEqualTo(5_000);
    assertThat(total.costUsd()).isEqualTo(sum(entries, e -> e.costUsd()));
    assertThat(total.unknownCostCalls()).isEqualTo(count(entries, e -> e.costUsd() == null));
    assertThat(total.estimatedCostCalls()).isEqualTo(count(entries, e -> e.costEstimated()));
    assertThat(total.estimatedCostUsd()).isEqualTo(sum(entries,
        e -> e.costEstimated() ? e.costUsd() : null));
    assertThat(total.failedCalls()).isEqualTo(count(entries, e -> !e.outcome().equals("SUCCESS")));
    assertThat(total.fellBackCalls()).isEqualTo(count(entries, e -> e.outcome().equals("SUCCESS")
        && e.attemptDetails().size() == 2 && !e.attemptDetails().get(0).deployment()
        .equals(e.attemptDetails().get(1).deployment())));
    assertThat(total.inputTokens()).isEqualTo(entries.stream().mapToLong(e -> e.inputTokens())
        .sum());
    assertThat(total.cachedInputTokens()).isEqualTo(entries.stream()
        .mapToLong(e -> e.cachedInputTokens()).sum());

    // The billing table: one row per team, (none) for calls without the tag, each exact.
    Map<String, List<LedgerReader.Entry>> byTeam = entries.stream().collect(
        Collectors.groupingBy(e -> e.tags().getOrDefault("team", UsageReport.NONE)));
    assertThat(report.byTag().other()).isNull();
    assertThat(report.byTag().rows()).hasSize(byTeam.size());
    for (Row row : report.byTag().rows()) {
      List<LedgerReader.Entry> mine = byTeam.get(row.key());
      assertThat(row.calls()).as(row.key()).isEqualTo(mine.size());
      assertThat(row.costUsd()).as(row.key()).isEqualTo(sum(mine, e -> e.costUsd()));
      assertThat(row.unknownCostCalls()).isEqualTo(count(mine, e -> e.costUsd() == null));
      assertThat(row.outputTokens()).isEqualTo(3L * mine.size());
    }
    assertThat(report.byTag().rows()).isSortedAccordingTo(ReportAggregator.BY_COST);
    for (UsageReport.Breakdown b : List.of(report.byModel(), report.byDeployment(),
        report.byFirstDeployment(), report.byCatalog())) {
      assertThat(b.rows().stream().map(Row::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add))
          .isEqualTo(total.costUsd());
      assertThat(b.rows().stream().mapToLong(Row::calls).sum()).isEqualTo(5_000);
    }
    Map<String, Long> firstCalls = entries.stream().collect(Collectors.groupingBy(
        e -> e.attemptDetails().get(0).deployment(), Collectors.counting()));
    assertThat(report.byFirstDeployment().rows()).allSatisfy(
        row -> assertThat(row.calls()).isEqualTo(firstCalls.get(row.key())));

    // The spend series: the 8 costliest teams apart, every day's total exact.
    assertThat(report.spendSeries()).hasSize(8);
    assertThat(report.spendSeries()).containsExactlyElementsOf(report.byTag().rows().stream()
        .limit(8).map(Row::key).toList());
    assertThat(report.spendOverflow()).isNull();
    assertThat(report.spend()).hasSize(20);
    Map<LocalDate, List<LedgerReader.Entry>> byDay = entries.stream().collect(
        Collectors.groupingBy(e -> LocalDate.ofInstant(e.ts(), ZoneOffset.UTC)));
    for (UsageReport.Bucket b : report.spend()) {
      List<LedgerReader.Entry> day = byDay.get(LocalDate.parse(b.period()));
      assertThat(b.total().costUsd()).isEqualTo(sum(day, e -> e.costUsd()));
      assertThat(b.total().calls()).isEqualTo(day.size());
      BigDecimal parts = b.rows().stream().map(Row::costUsd).reduce(BigDecimal.ZERO,
          BigDecimal::add).add(b.other() == null ? BigDecimal.ZERO : b.other().costUsd());
      assertThat(parts).isEqualTo(b.total().costUsd());
      for (Row row : b.rows()) {
        assertThat(row.costUsd()).isEqualTo(sum(day.stream().filter(e -> row.key().equals(
            e.tags().getOrDefault("team", UsageReport.NONE))).toList(), e -> e.costUsd()));
      }
    }
    assertThat(report.spend()).extracting(UsageReport.Bucket::period).isSorted();
    assertThat(report.timelineSeries()).containsExactlyInAnyOrder(deployments);
    assertThat(report.timeline().stream().mapToLong(b -> b.total().failedCalls()).sum())
        .isEqualTo(total.failedCalls());
    assertThat(report.timeline().stream().flatMap(b -> b.rows().stream())
        .mapToLong(Row::fellBackCalls).sum()).isEqualTo(total.fellBackCalls());

    // Performance: per attempt, on the attempt's deployment.
    Map<String, List<LedgerReader.Attempt>> attempts = entries.stream()
        .flatMap(e -> e.attemptDetails().stream())
        .collect(Collectors.groupingBy(LedgerReader.Attempt::deployment));
    assertThat(report.performance()).hasSize(4).allSatisfy(p -> {
      List<LedgerReader.Attempt> mine = attempts.get(p.deployment());
      assertThat(p.attempts()).isEqualTo(mine.size());
      assertThat(p.failedAttempts()).isEqualTo(mine.stream()
          .filter(a -> !a.outcome().equals("SUCCESS")).count());
      assertThat(p.ttftSamples()).isEqualTo(mine.stream().filter(a -> a.ttftMs() != null)
          .count());
      long[] lat = mine.stream().mapToLong(LedgerReader.Attempt::latencyMs).sorted().toArray();
      long p95 = lat[(int) Math.ceil(0.95 * lat.length) - 1];
      assertThat((double) Math.abs(p.p95LatencyMs() - p95)).isLessThanOrEqualTo(p95 / 32.0);
    });
  }

  @Test
  void build_moreKeysThanTheLimit_foldsRowsIntoOtherAndCellsIntoOverflow() {
    List<LedgerReader.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      entries.add(entry(T0.plusSeconds(86_400L * (i % 4)), "team-" + i, "m", "SUCCESS",
          BigDecimal.valueOf(i), false, 1, 0, attempt(1, "d" + i, "SUCCESS", 5, null)));
    }
    UsageReport report = UsageReport.build(new ListSource(entries),
        new Options(null, "team", ZoneOffset.UTC, null, 5, 3));
    assertThat(report.byTag().rows()).hasSize(5);
    assertThat(report.byTag().other()).isNotNull();
    assertThat(report.byTag().other().calls()).isEqualTo(35);
    assertThat(report.byTag().other().key()).isEqualTo("(other)");
    // 5 (day, team) cells kept; the other 35 calls keep no day but are not lost.
    long inBuckets = report.spend().stream().mapToLong(b -> b.total().calls()).sum();
    assertThat(inBuckets + report.spendOverflow().calls()).isEqualTo(40);
    BigDecimal cost = report.spend().stream().map(b -> b.total().costUsd())
        .reduce(BigDecimal.ZERO, BigDecimal::add).add(report.spendOverflow().costUsd());
    assertThat(cost).isEqualByComparingTo(BigDecimal.valueOf(39 * 40 / 2));
    assertThat(report.spendSeries()).hasSize(3);
    assertThat(report.performance()).hasSize(6).last().satisfies(p -> {
      assertThat(p.deployment()).isEqualTo("(other)");
      assertThat(p.attempts()).isEqualTo(35);
    });
  }

  @Test
  void build_intervalAndZone_daysInTheZoneAndMonthsForLongSpans() {
    List<LedgerReader.Entry> entries = List.of(
        entry(Instant.parse("2026-11-01T23:30:00Z"), "a", "m", "SUCCESS", BigDecimal.ONE, false,
            1, 0),
        entry(Instant.parse("2026-11-02T00:30:00Z"), "a", "m", "SUCCESS", BigDecimal.TEN, false,
            1, 0));
    UsageReport utc = UsageReport.build(new ListSource(entries), Options.of(null, "team"));
    assertThat(utc.spend()).extracting(UsageReport.Bucket::period)
        .containsExactly("2026-11-01", "2026-11-02");
    UsageReport tokyo = UsageReport.build(new ListSource(entries), new Options(null, "team",
        ZoneId.of("Asia/Tokyo"), null, 10, 8));
    assertThat(tokyo.spend()).singleElement().satisfies(b -> {
      assertThat(b.period()).isEqualTo("2026-11-02");
      assertThat(b.total().costUsd()).isEqualByComparingTo("11");
    });
    UsageReport months = UsageReport.build(new ListSource(entries), new Options(null, "team",
        ZoneOffset.UTC, Interval.MONTH, 10, 8));
    assertThat(months.spend()).extracting(UsageReport.Bucket::period).containsExactly("2026-11");

    List<LedgerReader.Entry> year = new ArrayList<>();
    for (int d = 0; d <= 93; d++) {
      year.add(entry(T0.plusSeconds(86_400L * d), "a", "m", "SUCCESS", BigDecimal.ONE, false, 1,
          0));
    }
    assertThat(UsageReport.build(new ListSource(year.subList(0, 93)), Options.of(null, "team"))
        .interval()).as("92 days apart").isEqualTo(Interval.DAY);
    UsageReport auto = UsageReport.build(new ListSource(year), Options.of(null, "team"));
    assertThat(auto.interval()).isEqualTo(Interval.MONTH);
    assertThat(auto.spend()).extracting(b -> b.period() + "=" + b.total().calls())
        .containsExactly("2026-11=30", "2026-12=31", "2027-01=31", "2027-02=2");
    assertThat(UsageReport.build(new ListSource(year), new Options(T0.plusSeconds(86_400L * 90),
        "team", ZoneOffset.UTC, null, 10, 8)).total().calls()).isEqualTo(4);
  }

  @Test
  void build_hostileValues_clampedCutAndNeverThrown() {
    List<LedgerReader.Entry> entries = List.of(
        entry(Instant.MAX, "x".repeat(10_000), "m", "SUCCESS", BigDecimal.ONE, false, 1, 0),
        entry(Instant.MIN, "y", null, "SUCCESS", null, false, 1, 0),
        entry(T0, "z", "m", "CANCELLED", null, true, 1, 0));
    UsageReport report = UsageReport.build(new ListSource(entries), Options.of(null, "team"));
    assertThat(report.spend()).extracting(UsageReport.Bucket::period)
        .containsExactly("0000-01", "2026-11", "9999-12");
    assertThat(report.interval()).isEqualTo(Interval.MONTH);
    assertThat(report.byTag().rows()).allSatisfy(r -> assertThat(r.key()).hasSizeLessThan(257));
    assertThat(report.byModel().rows()).extracting(Row::key).contains(UsageReport.NONE);
    assertThat(report.total().estimatedCostCalls()).as("unknown is not estimated").isZero();
    assertThat(report.total().failedCalls()).isEqualTo(1);
    assertThat(report.first()).isEqualTo(Instant.MIN);
    assertThat(report.last()).isEqualTo(Instant.MAX);
  }

  @Test
  void build_emptySource_zeroTotalsAndNoPeriods() {
    UsageReport report = UsageReport.build(new ListSource(List.of()), Options.of(null, "team"));
    assertThat(report.total().calls()).isZero();
    assertThat(report.total().costUsd()).isEqualByComparingTo("0");
    assertThat(report.spend()).isEmpty();
    assertThat(report.first()).isNull();
    assertThat(report.byTag().rows()).isEmpty();
  }

  @Test
  void options_invalid_rejectedNamingTheField() {
    assertThatThrownBy(() -> new Options(null, " ", ZoneOffset.UTC, null, 1, 1))
        .hasMessageContaining("tag");
    assertThatThrownBy(() -> new Options(null, "team", ZoneOffset.UTC, null, 0, 1))
        .hasMessageContaining("maxGroups must be 1 or more, was 0");
    assertThatThrownBy(() -> new Options(null, "team", ZoneOffset.UTC, null, 1, 51))
        .hasMessageContaining("maxSeries must be 1 to 50, was 51");
  }

  private static BigDecimal sum(List<LedgerReader.Entry> entries,
      Function<LedgerReader.Entry, @Nullable BigDecimal> f) {
    return entries.stream().map(f).filter(Objects::nonNull).reduce(BigDecimal.ZERO,
        BigDecimal::add);
  }

  private static long count(List<LedgerReader.Entry> entries,
      java.util.function.Predicate<LedgerReader.Entry> p) {
    return entries.stream().filter(p).count();
  }
}
