package io.vectornode.usage;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A ledger's usage and billing over a period, totalled in one streaming pass over a {@link
 * LedgerSource}: what {@code vectornode report} draws. Every amount is the exact sum of the
 * records' {@code BigDecimal} costs; rounding is for display only.
 *
 * <p>Definitions. A call is <em>failed</em> when its outcome is not SUCCESS (cancelled calls
 * included), and <em>fell back</em> as {@link LedgerReader.Entry#fellBack()} says: it succeeded
 * on an attempt whose deployment differs from its first attempt's. Costs and tokens are counted
 * per call and attributed to the call's model and (final attempt's) deployment, so that each
 * breakdown adds up to {@link #total()}; a call whose cost is unknown adds no amount and is
 * counted in {@link Row#unknownCostCalls()}, never as $0. Calls, failures and fallbacks "per
 * deployment" are keyed by the deployment the call was <em>first</em> sent to ({@link
 * #byFirstDeployment()}, {@link #timeline()}); latency and time to first token per deployment are
 * per attempt ({@link #performance()}), failed attempts included. A missing tag, model or
 * deployment is the key {@code (none)}.
 *
 * <p>Memory is bounded by {@link Options#maxGroups()}, not by the ledger: each breakdown keeps at
 * most that many rows (later keys fold into its {@code other} row), and each time series at most
 * that many (period, key) cells (later cells fold into {@link #timelineOverflow()} or {@link
 * #spendOverflow()}, which keep no period). Keys are cut to 256 characters.
 *
 * <p>Immutable.
 *
 * @param options what was asked for
 * @param interval the length of a period of {@link #spend()} and {@link #timeline()}
 * @param first the earliest record read, or null when none
 * @param last the latest record read, or null when none
 * @param stats what the pass saw (records, skipped lines)
 * @param total every call
 * @param byTag calls by the value of the tag {@link Options#tag()}: the billing table
 * @param byModel calls by the model of their final attempt
 * @param byDeployment calls by the deployment of their final attempt
 * @param byFirstDeployment calls by the deployment of their first attempt
 * @param byCatalog calls by the price catalog version that priced them
 * @param performance attempts, failed attempts, latency and TTFT quantiles by deployment, most
 *     attempts first
 * @param spendSeries the tag values {@link #spend()} shows apart: the most costly, at most {@link
 *     Options#maxSeries()}; the others are each period's {@code other}
 * @param spend per period: all calls, and the calls of each tag in {@link #spendSeries()}
 * @param spendOverflow the calls of (period, tag) cells beyond the cell limit, or null
 * @param timelineSeries the first deployments {@link #timeline()} shows apart: the most called,
 *     at most {@link Options#maxSeries()}
 * @param timeline per period: all calls, and the calls first sent to each deployment in {@link
 *     #timelineSeries()}
 * @param timelineOverflow the calls of (period, deployment) cells beyond the cell limit, or null
 */
public record UsageReport(Options options, Interval interval, @Nullable Instant first,
    @Nullable Instant last, LedgerReader.Stats stats, Row total, Breakdown byTag,
    Breakdown byModel, Breakdown byDeployment, Breakdown byFirstDeployment, Breakdown byCatalog,
    List<Performance> performance, List<String> spendSeries, List<Bucket> spend,
    @Nullable Row spendOverflow, List<String> timelineSeries, List<Bucket> timeline,
    @Nullable Row timelineOverflow) {

  /** The key of a call without the tag, model or deployment grouped by. */
  public static final String NONE = "(none)";

  /** Copies. */
  public UsageReport {
    requireNonNull(options, "options");
    requireNonNull(interval, "interval");
    requireNonNull(stats, "stats");
    requireNonNull(total, "total");
    performance = List.copyOf(performance);
    spendSeries = List.copyOf(spendSeries);
    spend = List.copyOf(spend);
    timelineSeries = List.copyOf(timelineSeries);
    timeline = List.copyOf(timeline);
  }

  /**
   * Reads a source once and totals it.
   *
   * @param source the records
   * @param options the period, the tag to bill by, the time zone of a day and the limits
   * @return the report
   * @throws io.vectornode.error.ConfigurationException when the source cannot be read
   */
  public static UsageReport build(LedgerSource source, Options options) {
    requireNonNull(source, "source");
    requireNonNull(options, "options");
    ReportAggregator agg = new ReportAggregator(options);
    LedgerReader.Stats stats = source.forEach(options.since(), agg);
    return agg.report(stats);
  }

  /** The length of a time-series period. */
  public enum Interval {
    /** A calendar day in {@link Options#zone()}; a period is written {@code 2026-11-20}. */
    DAY,
    /** A calendar month in {@link Options#zone()}; a period is written {@code 2026-11}. */
    MONTH
  }

  /**
   * What a report covers and how it is cut.
   *
   * @param since only records at or after this instant, or null for all
   * @param tag the tag whose values bill: one row each in {@link #byTag()} and one series each in
   *     {@link #spend()}
   * @param zone where a day starts
   * @param interval the time-series period, or null to choose from the data: days when the
   *     records span at most 92 days, months beyond
   * @param maxGroups the most rows per breakdown, and cells per time series, 1 or more
   * @param maxSeries the most keys a time series shows apart, 1 to 50
   */
  public record Options(@Nullable Instant since, String tag, ZoneId zone,
      @Nullable Interval interval, int maxGroups, int maxSeries) {
    /** The default {@link #maxGroups()}. */
    public static final int DEFAULT_MAX_GROUPS = LedgerReader.DEFAULT_MAX_GROUPS;
    /** The default {@link #maxSeries()}. */
    public static final int DEFAULT_MAX_SERIES = 8;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public Options {
      requireNonNull(tag, "tag");
      requireNonNull(zone, "zone");
      if (tag.isBlank()) {
        throw new IllegalArgumentException("tag must not be blank");
      }
      if (maxGroups < 1) {
        throw new IllegalArgumentException("maxGroups must be 1 or more, was " + maxGroups);
      }
      if (maxSeries < 1 || maxSeries > 50) {
        throw new IllegalArgumentException("maxSeries must be 1 to 50, was " + maxSeries);
      }
    }

    /**
     * Days in UTC (or months for long spans), the default limits.
     *
     * @param since only records at or after this instant, or null for all
     * @param tag the tag whose values bill
     * @return the options
     */
    public static Options of(@Nullable Instant since, String tag) {
      return new Options(since, tag, ZoneOffset.UTC, null, DEFAULT_MAX_GROUPS,
          DEFAULT_MAX_SERIES);
    }
  }

  /**
   * The totals of a group of calls.
   *
   * @param key the group
   * @param calls its calls
   * @param failedCalls of those, the ones whose outcome was not SUCCESS
   * @param fellBackCalls of those, the ones that fell back (see the type's comment)
   * @param attempts their attempts
   * @param inputTokens input tokens, cached reads and cache writes included
   * @param outputTokens output tokens, reasoning included
   * @param cachedInputTokens of the input tokens, reads from a provider's cache
   * @param cacheWriteTokens of the input tokens, writes to a provider's cache
   * @param reasoningTokens of the output tokens, reasoning
   * @param costUsd the exact sum of the known costs, estimated ones included
   * @param unknownCostCalls calls whose cost was unknown (not in {@code costUsd})
   * @param estimatedCostCalls calls whose cost was priced from estimated tokens
   * @param estimatedCostUsd the part of {@code costUsd} those calls make
   */
  public record Row(String key, long calls, long failedCalls, long fellBackCalls, long attempts,
      long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens,
      long reasoningTokens, BigDecimal costUsd, long unknownCostCalls, long estimatedCostCalls,
      BigDecimal estimatedCostUsd) {
    /** Validates. */
    public Row {
      requireNonNull(key, "key");
      requireNonNull(costUsd, "costUsd");
      requireNonNull(estimatedCostUsd, "estimatedCostUsd");
    }
  }

  /**
   * Calls grouped by one key.
   *
   * @param rows a row per key, highest cost first, then most calls, then by key
   * @param other the calls of the keys beyond {@link Options#maxGroups()}, or null when there were
   *     no more keys than that
   */
  public record Breakdown(List<Row> rows, @Nullable Row other) {
    /** Copies. */
    public Breakdown {
      rows = List.copyOf(rows);
    }
  }

  /**
   * One period of a time series.
   *
   * @param period {@code 2026-11-20} or {@code 2026-11}
   * @param total every call of the period (overflow excluded)
   * @param rows a row per series key that had calls in the period, in series order
   * @param other the calls of the period's other keys, or null when none
   */
  public record Bucket(String period, Row total, List<Row> rows, @Nullable Row other) {
    /** Copies. */
    public Bucket {
      requireNonNull(period, "period");
      requireNonNull(total, "total");
      rows = List.copyOf(rows);
    }
  }

  /**
   * How a deployment's attempts went, from the attempt details each record keeps (all of a
   * call's attempts up to {@link LedgerReader.Entry#MAX_ATTEMPT_DETAILS}). Quantiles are within
   * 1/32 (3.125%) of the exact nearest-rank value, and exact below 32 ms.
   *
   * @param deployment the deployment ({@code (other)} for those beyond the group limit)
   * @param attempts its attempts
   * @param failedAttempts of those, the ones whose outcome was not SUCCESS
   * @param p50LatencyMs median attempt latency
   * @param p95LatencyMs 95th percentile attempt latency
   * @param ttftSamples attempts that recorded a time to first token
   * @param p50TtftMs median time to first token, 0 without samples
   * @param p95TtftMs 95th percentile time to first token, 0 without samples
   */
  public record Performance(String deployment, long attempts, long failedAttempts,
      long p50LatencyMs, long p95LatencyMs, long ttftSamples, long p50TtftMs, long p95TtftMs) {
    /** Validates. */
    public Performance {
      requireNonNull(deployment, "deployment");
    }
  }
}
