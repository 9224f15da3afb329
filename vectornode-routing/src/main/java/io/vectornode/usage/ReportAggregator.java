package io.vectornode.usage;

import io.vectornode.usage.UsageReport.Breakdown;
import io.vectornode.usage.UsageReport.Bucket;
import io.vectornode.usage.UsageReport.Interval;
import io.vectornode.usage.UsageReport.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Totals the records of a {@link UsageReport} as they stream past, keeping no record: a {@link
 * Tally} per group and per (day, key) cell, a pair of {@link LatencySketch}es per deployment, each
 * map capped at {@code maxGroups}. Not thread-safe.
 */
final class ReportAggregator implements Consumer<LedgerReader.Entry> {
  /** The span beyond which a report with no interval asked for is drawn by month. */
  static final long MAX_DAYS_BY_DAY = 92;
  private static final Instant MIN_TS = Instant.parse("0000-01-02T00:00:00Z");
  private static final Instant MAX_TS = Instant.parse("9999-12-30T00:00:00Z");

  /** A map of tallies with at most {@code cap} keys; later keys go to {@link #other}. */
  private static final class Capped<K> {
    final Map<K, Tally> tallies = new HashMap<>();
    final int cap;
    @Nullable Tally other;

    Capped(int cap) {
      this.cap = cap;
    }

    void add(K key, LedgerReader.Entry e) {
      Tally t = tallies.get(key);
      if (t == null) {
        if (tallies.size() < cap) {
          t = new Tally();
          tallies.put(key, t);
        } else {
          if (other == null) {
            other = new Tally();
          }
          t = other;
        }
      }
      t.add(e);
    }

    Breakdown breakdown() {
      List<Row> rows = new ArrayList<>(tallies.size());
      tallies.forEach((k, t) -> rows.add(t.row(String.valueOf(k))));
      rows.sort(BY_COST);
      return new Breakdown(rows, other == null ? null : other.row(LedgerAggregator.OTHER));
    }
  }

  /** One (day, key) cell of a time series. */
  private record Cell(LocalDate day, String key) {}

  /** A deployment's attempts. */
  private static final class Perf {
    long attempts;
    long failed;
    final LatencySketch latency = new LatencySketch();
    final LatencySketch ttft = new LatencySketch();

    void add(LedgerReader.Attempt a) {
      attempts++;
      failed += a.outcome().equals("SUCCESS") ? 0 : 1;
      latency.record(a.latencyMs());
      if (a.ttftMs() != null) {
        ttft.record(a.ttftMs());
      }
    }

    UsageReport.Performance performance(String key) {
      return new UsageReport.Performance(key, attempts, failed, latency.quantile(0.50),
          latency.quantile(0.95), ttft.count(), ttft.quantile(0.50), ttft.quantile(0.95));
    }
  }

  static final Comparator<Row> BY_COST = Comparator.comparing(Row::costUsd).reversed()
      .thenComparing(Comparator.comparingLong(Row::calls).reversed())
      .thenComparing(Row::key);
  private static final Comparator<Row> BY_CALLS = Comparator.comparingLong(Row::calls).reversed()
      .thenComparing(Comparator.comparing(Row::costUsd).reversed()).thenComparing(Row::key);

  private final UsageReport.Options options;
  private final Tally total = new Tally();
  private final Capped<String> byTag;
  private final Capped<String> byModel;
  private final Capped<String> byDeployment;
  private final Capped<String> byFirst;
  private final Capped<String> byCatalog;
  private final Capped<Cell> spendCells;
  private final Capped<Cell> timelineCells;
  private final Map<String, Perf> perf = new HashMap<>();
  private @Nullable Perf otherPerf;
  private @Nullable Instant first;
  private @Nullable Instant last;

  ReportAggregator(UsageReport.Options options) {
    this.options = options;
    int cap = options.maxGroups();
    byTag = new Capped<>(cap);
    byModel = new Capped<>(cap);
    byDeployment = new Capped<>(cap);
    byFirst = new Capped<>(cap);
    byCatalog = new Capped<>(cap);
    spendCells = new Capped<>(cap);
    timelineCells = new Capped<>(cap);
  }

  @Override
  public void accept(LedgerReader.Entry e) {
    Instant ts = e.ts();
    first = first == null || ts.isBefore(first) ? ts : first;
    last = last == null || ts.isAfter(last) ? ts : last;
    total.add(e);
    String tag = key(e.tags().get(options.tag()));
    String firstDeployment = key(e.firstAttempt().map(LedgerReader.Attempt::deployment)
        .orElse(e.deployment()));
    byTag.add(tag, e);
    byModel.add(key(e.model()), e);
    byDeployment.add(key(e.deployment()), e);
    byFirst.add(firstDeployment, e);
    byCatalog.add(key(e.catalog()), e);
    LocalDate day = day(ts);
    spendCells.add(new Cell(day, tag), e);
    timelineCells.add(new Cell(day, firstDeployment), e);
    for (LedgerReader.Attempt a : e.attemptDetails()) {
      String d = key(a.deployment());
      Perf p = perf.get(d);
      if (p == null) {
        if (perf.size() < options.maxGroups()) {
          p = new Perf();
          perf.put(d, p);
        } else {
          if (otherPerf == null) {
            otherPerf = new Perf();
          }
          p = otherPerf;
        }
      }
      p.add(a);
    }
  }

  UsageReport report(LedgerReader.Stats stats) {
    Interval interval = interval();
    Breakdown tags = byTag.breakdown();
    Breakdown firsts = byFirst.breakdown();
    List<String> spendSeries = series(spendCells, BY_COST);
    List<String> timelineSeries = series(timelineCells, BY_CALLS);
    List<UsageReport.Performance> performance = new ArrayList<>();
    perf.forEach((k, p) -> performance.add(p.performance(k)));
    performance.sort(Comparator.comparingLong(UsageReport.Performance::attempts).reversed()
        .thenComparing(UsageReport.Performance::deployment));
    if (otherPerf != null) {
      performance.add(otherPerf.performance(LedgerAggregator.OTHER));
    }
    return new UsageReport(options, interval, first, last, stats, total.row("all"), tags,
        byModel.breakdown(), byDeployment.breakdown(), firsts, byCatalog.breakdown(),
        performance, spendSeries, buckets(spendCells, spendSeries, interval),
        overflow(spendCells), timelineSeries, buckets(timelineCells, timelineSeries, interval),
        overflow(timelineCells));
  }

  private Interval interval() {
    if (options.interval() != null) {
      return options.interval();
    }
    if (first == null || last == null) {
      return Interval.DAY;
    }
    long days = ChronoUnit.DAYS.between(day(first), day(last));
    return days <= MAX_DAYS_BY_DAY ? Interval.DAY : Interval.MONTH;
  }

  /**
   * The day of an instant in the report's zone, the instant clamped to the years 0000 to 9999: a
   * hostile record dated in year 10^9 would make {@link LocalDate#ofInstant} throw, and the
   * clamp keeps every period's text the same length, so that text order is time order.
   */
  private LocalDate day(Instant ts) {
    Instant t = ts.isBefore(MIN_TS) ? MIN_TS : ts.isAfter(MAX_TS) ? MAX_TS : ts;
    LocalDate d = LocalDate.ofInstant(t, options.zone());
    return d.getYear() < 0 ? LocalDate.of(0, 1, 1)
        : d.getYear() > 9999 ? LocalDate.of(9999, 12, 31) : d;
  }

  /** The keys a series shows apart: the first {@code maxSeries} by the order given. */
  private List<String> series(Capped<Cell> cells, Comparator<Row> order) {
    Map<String, Tally> byKey = new HashMap<>();
    cells.tallies.forEach((c, t) -> byKey.computeIfAbsent(c.key(), k -> new Tally()).add(t));
    List<Row> rows = new ArrayList<>();
    byKey.forEach((k, t) -> rows.add(t.row(k)));
    rows.sort(order);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < rows.size() && i < options.maxSeries(); i++) {
      keys.add(rows.get(i).key());
    }
    return keys;
  }

  private List<Bucket> buckets(Capped<Cell> cells, List<String> series, Interval interval) {
    Set<String> shown = new HashSet<>(series);
    // period -> key -> tally; a TreeMap keeps the periods in time order (days are clamped to
    // the years 0000-9999, whose ISO text sorts as time does).
    Map<String, Map<String, Tally>> periods = new TreeMap<>();
    Map<String, Tally> others = new HashMap<>();
    Map<String, Tally> totals = new HashMap<>();
    cells.tallies.forEach((c, t) -> {
      String period = interval == Interval.DAY ? c.day().toString()
          : YearMonth.from(c.day()).toString();
      totals.computeIfAbsent(period, p -> new Tally()).add(t);
      if (shown.contains(c.key())) {
        periods.computeIfAbsent(period, p -> new LinkedHashMap<>())
            .computeIfAbsent(c.key(), k -> new Tally()).add(t);
      } else {
        periods.computeIfAbsent(period, p -> new LinkedHashMap<>());
        others.computeIfAbsent(period, p -> new Tally()).add(t);
      }
    });
    List<Bucket> out = new ArrayList<>(periods.size());
    periods.forEach((period, byKey) -> {
      List<Row> rows = new ArrayList<>();
      for (String k : series) {
        Tally t = byKey.get(k);
        if (t != null) {
          rows.add(t.row(k));
        }
      }
      Tally o = others.get(period);
      out.add(new Bucket(period, totals.get(period).row(period), rows,
          o == null ? null : o.row(LedgerAggregator.OTHER)));
    });
    return out;
  }

  private static @Nullable Row overflow(Capped<Cell> cells) {
    return cells.other == null ? null : cells.other.row(LedgerAggregator.OTHER);
  }

  /** A group key from the ledger: {@code (none)} for a missing one, cut to 256 characters. */
  static String key(@Nullable String raw) {
    return raw == null ? UsageReport.NONE : LedgerAggregator.key(raw);
  }
}
