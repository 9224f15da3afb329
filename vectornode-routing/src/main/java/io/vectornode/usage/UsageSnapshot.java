package io.vectornode.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A point-in-time copy of a {@link UsageMeter}, grouped by the requested dimensions. Immutable.
 *
 * @param takenAt when it was taken
 * @param since when the meter started or was last reset
 * @param groupBy the dimensions the rows are grouped by (empty: one total row)
 * @param rows one row per group, sorted by known cost, highest first
 */
public record UsageSnapshot(Instant takenAt, Instant since, List<String> groupBy,
    List<Row> rows) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies. */
  public UsageSnapshot {
    groupBy = List.copyOf(groupBy);
    rows = List.copyOf(rows);
  }

  /**
   * Latency percentiles in milliseconds.
   *
   * @param p50 the median
   * @param p95 the 95th percentile
   * @param p99 the 99th percentile
   */
  public record Percentiles(double p50, double p95, double p99) {}

  /**
   * One group's totals.
   *
   * @param group the dimension values of this group
   * @param calls logical calls (attributed to the deployment that ended them)
   * @param failedCalls calls that failed or were cancelled
   * @param errors failed attempts by exception class
   * @param attempts upstream attempts
   * @param inputTokens input tokens, cached and cache writes included
   * @param outputTokens output tokens, reasoning included
   * @param cachedInputTokens cached input tokens
   * @param cacheWriteTokens cache-write tokens
   * @param reasoningTokens reasoning tokens
   * @param costUsd the known cost (exact and estimated)
   * @param estimatedCostAttempts attempts whose cost was estimated
   * @param unknownCostAttempts attempts whose cost is unknown (no price), not in {@code costUsd}
   * @param latency call latency percentiles
   * @param timeToFirstToken time-to-first-token percentiles
   * @param usageAnomalies reports of more tokens than the call could use, one per {@link
   *     io.vectornode.UsageAnomalyEvent} (an attempt can have two kinds); charged as reported
   * @param localStateAttempts attempts admitted by the instance's own limits because the
   *     fleet's shared state was unavailable ({@link io.vectornode.AttemptEvent#localState()})
   */
  public record Row(Map<String, String> group, long calls, long failedCalls,
      Map<String, Long> errors, long attempts, long inputTokens, long outputTokens,
      long cachedInputTokens, long cacheWriteTokens, long reasoningTokens, BigDecimal costUsd,
      long estimatedCostAttempts, long unknownCostAttempts, Percentiles latency,
      Percentiles timeToFirstToken, long usageAnomalies, long localStateAttempts) {
    /** Copies. */
    public Row {
      group = Map.copyOf(group);
      errors = Map.copyOf(errors);
    }
  }

  /** @return the snapshot as JSON */
  public String toJson() {
    try {
      var root = JSON.createObjectNode();
      root.put("takenAt", takenAt.toString());
      root.put("since", since.toString());
      root.set("groupBy", JSON.valueToTree(groupBy));
      root.set("rows", JSON.valueToTree(rows));
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a usage snapshot always serializes", e);
    }
  }
}
