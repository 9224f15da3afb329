package io.vectornode.usage;

import static java.util.Objects.requireNonNull;

import io.vectornode.error.ConfigurationException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link UsageLedger}: one file or every ledger file in a directory, in one streaming
 * pass; {@link #summarize(LedgerSource, Instant, Function, int)} reads any {@link LedgerSource}.
 *
 * <p>Memory: {@link #forEach} and {@link #summarize} hold one line at a time (a 64 KB buffer plus
 * at most {@link #DEFAULT_MAX_LINE_BYTES}), whatever the ledger's size; {@link #summarize} also
 * holds one row per group, at most {@code maxGroups} rows (about 3 KB each at worst, typically
 * under 1 KB). Only {@link #read} keeps every record, so it is for small ledgers and tests.
 *
 * <p>Every line is untrusted (the file may be corrupt or hostile). Lines that are not whole
 * records are skipped and counted: a crash's half-written line, bad JSON or UTF-8, nesting deeper
 * than 16, negative counts, a cost that is not a modest decimal, and lines longer than the line
 * limit, which are skipped without being held in memory. Thread-safe (no shared state).
 */
public final class LedgerReader {
  /** The longest line read (1 MiB); a record is well under 4 KB. */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
  /** How many groups {@link #summarize} keeps before folding the rest into {@code other}. */
  public static final int DEFAULT_MAX_GROUPS = 10_000;

  private static final String SUCCESS = "SUCCESS";

  private LedgerReader() {}

  /**
   * One call as the ledger recorded it. A {@link LedgerSource} produces these: the JSON Lines
   * reader here, or a database source from another module.
   *
   * <p>Fell back: a call <em>fell back</em> when it succeeded on an attempt whose deployment
   * differs from its first attempt's deployment ({@link #fellBack()}); a call that failed, or that
   * succeeded where it was first sent (after retries there or not), did not.
   *
   * @param ts when it ended
   * @param requestId its id
   * @param task its task, or null
   * @param tags its tags (at most {@link #MAX_TAGS} are read from a line)
   * @param provider the provider of its final attempt, or null
   * @param model the model of its final attempt, or null
   * @param deployment the deployment of its final attempt, or null
   * @param outcome SUCCESS, FAILURE or CANCELLED
   * @param attempts how many attempts it made (may exceed {@code attemptDetails.size()})
   * @param inputTokens input tokens over all attempts, cached reads and cache writes included
   * @param outputTokens output tokens over all attempts, reasoning included
   * @param costUsd the known cost over all attempts, or null when unknown
   * @param latencyMs its latency
   * @param error the simple class name of its error, or null
   * @param ttftMs its time to first token, or null when no content arrived or none was recorded
   * @param cachedInputTokens of the input tokens, those read from a provider's cache
   * @param cacheWriteTokens of the input tokens, those written to a provider's cache
   * @param reasoningTokens of the output tokens, those spent on reasoning
   * @param costEstimated whether the (known) cost was priced from estimated tokens; false when the
   *     cost is unknown
   * @param catalog the version of the price catalog that priced it, or null
   * @param attemptDetails its attempts in order: at most {@link #MAX_ATTEMPT_DETAILS}, the first
   *     ones, with the first successful attempt always kept
   */
  public record Entry(Instant ts, String requestId, @Nullable String task,
      Map<String, String> tags, @Nullable String provider, @Nullable String model,
      @Nullable String deployment, String outcome, int attempts, long inputTokens,
      long outputTokens, @Nullable BigDecimal costUsd, long latencyMs, @Nullable String error,
      @Nullable Long ttftMs, long cachedInputTokens, long cacheWriteTokens, long reasoningTokens,
      boolean costEstimated, @Nullable String catalog, List<Attempt> attemptDetails) {
    /** The most tags read from one line; the rest are ignored. */
    public static final int MAX_TAGS = 64;
    /** The most attempt details kept per call. */
    public static final int MAX_ATTEMPT_DETAILS = 32;

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException when {@code attempts} is below the number of details, or
     *     there are more than {@link #MAX_ATTEMPT_DETAILS} details
     */
    public Entry {
      requireNonNull(ts, "ts");
      requireNonNull(requestId, "requestId");
      requireNonNull(outcome, "outcome");
      tags = Map.copyOf(tags);
      attemptDetails = List.copyOf(attemptDetails);
      if (attempts < attemptDetails.size() || attemptDetails.size() > MAX_ATTEMPT_DETAILS) {
        throw new IllegalArgumentException("attempts " + attempts + " with "
            + attemptDetails.size() + " details (at most " + MAX_ATTEMPT_DETAILS + ")");
      }
    }

    /**
     * A record with only the fields the first ledger reader knew: no error, time to first token,
     * cache or reasoning tokens, estimate flag, catalog or attempt details.
     *
     * @param ts when it ended
     * @param requestId its id
     * @param task its task, or null
     * @param tags its tags
     * @param provider the provider of its final attempt, or null
     * @param model the model of its final attempt, or null
     * @param deployment the deployment of its final attempt, or null
     * @param outcome SUCCESS, FAILURE or CANCELLED
     * @param attempts how many attempts it made
     * @param inputTokens input tokens over all attempts
     * @param outputTokens output tokens over all attempts
     * @param costUsd the known cost over all attempts, or null when unknown
     * @param latencyMs its latency
     */
    public Entry(Instant ts, String requestId, @Nullable String task, Map<String, String> tags,
        @Nullable String provider, @Nullable String model, @Nullable String deployment,
        String outcome, int attempts, long inputTokens, long outputTokens,
        @Nullable BigDecimal costUsd, long latencyMs) {
      this(ts, requestId, task, tags, provider, model, deployment, outcome, attempts, inputTokens,
          outputTokens, costUsd, latencyMs, null, null, 0, 0, 0, false, null, List.of());
    }

    /** @return the first attempt, or empty when none was recorded */
    public Optional<Attempt> firstAttempt() {
      return attemptDetails.isEmpty() ? Optional.empty() : Optional.of(attemptDetails.get(0));
    }

    /** @return the first attempt whose outcome was SUCCESS, or empty */
    public Optional<Attempt> successfulAttempt() {
      for (Attempt a : attemptDetails) {
        if (a.outcome().equals(SUCCESS)) {
          return Optional.of(a);
        }
      }
      return Optional.empty();
    }

    /**
     * @return whether the call fell back: it succeeded, and its successful attempt's deployment
     *     differs from its first attempt's (see the type's comment)
     */
    public boolean fellBack() {
      if (!outcome.equals(SUCCESS)) {
        return false;
      }
      Optional<Attempt> ok = successfulAttempt();
      return ok.isPresent()
          && !Objects.equals(ok.get().deployment(), attemptDetails.get(0).deployment());
    }
  }

  /**
   * One attempt of a call, as the ledger recorded it.
   *
   * @param n its number within the call, from 1
   * @param deployment its deployment, or null when called directly
   * @param provider its provider instance, or null
   * @param model the model asked for, or null
   * @param keyId the short hash id of the key used, or null
   * @param outcome SUCCESS, FAILURE or CANCELLED (empty when the line had none)
   * @param error the simple class name of its error, or null
   * @param reason why the router moved on after it ({@code retry}, {@code fallback}, ...), or null
   * @param localState whether this instance's own limits admitted it (the fleet's state was away)
   * @param latencyMs its latency
   * @param ttftMs its time to first token, or null
   * @param inputTokens its input tokens
   * @param outputTokens its output tokens
   * @param cachedInputTokens of the input tokens, cached reads
   * @param cacheWriteTokens of the input tokens, cache writes
   * @param reasoningTokens of the output tokens, reasoning
   * @param costUsd its known cost, or null when unknown
   * @param costEstimated whether its (known) cost was priced from estimated tokens
   */
  public record Attempt(int n, @Nullable String deployment, @Nullable String provider,
      @Nullable String model, @Nullable String keyId, String outcome, @Nullable String error,
      @Nullable String reason, boolean localState, long latencyMs, @Nullable Long ttftMs,
      long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens,
      long reasoningTokens, @Nullable BigDecimal costUsd, boolean costEstimated) {
    /** Validates. */
    public Attempt {
      requireNonNull(outcome, "outcome");
    }
  }

  /**
   * What {@link #read} read.
   *
   * @param entries the records, in file order
   * @param skippedLines lines that were not whole records
   */
  public record Result(List<Entry> entries, int skippedLines) {
    /** Copies. */
    public Result {
      entries = List.copyOf(entries);
    }
  }

  /**
   * What one pass saw.
   *
   * @param entries records delivered (at or after {@code since})
   * @param skippedLines lines that were not whole records, oversized ones included
   * @param oversizedLines of those, lines longer than the line limit
   */
  public record Stats(long entries, long skippedLines, long oversizedLines) {}

  /**
   * One group's totals.
   *
   * @param key the group
   * @param calls its calls
   * @param failedCalls of those, the ones whose outcome was not SUCCESS
   * @param inputTokens input tokens
   * @param outputTokens output tokens
   * @param costUsd the sum of the known costs
   * @param unknownCostCalls calls whose cost was unknown
   * @param p50LatencyMs median latency, within 1/32 of the exact value
   * @param p95LatencyMs 95th percentile latency, within 1/32 (3.125%) of the exact value
   * @param p99LatencyMs 99th percentile latency, within 1/32 of the exact value
   */
  public record Group(String key, long calls, long failedCalls, long inputTokens,
      long outputTokens, BigDecimal costUsd, long unknownCostCalls, long p50LatencyMs,
      long p95LatencyMs, long p99LatencyMs) {}

  /**
   * A ledger grouped and totalled.
   *
   * @param groups the groups, highest cost first, then by key
   * @param other the calls of the groups beyond {@code maxGroups} (key {@code "(other)"}), or
   *     null when there were no more groups than that
   * @param maxGroups the group limit this summary was made with
   * @param stats what the pass saw
   */
  public record Summary(List<Group> groups, @Nullable Group other, int maxGroups, Stats stats) {
    /** Copies. */
    public Summary {
      groups = List.copyOf(groups);
    }
  }

  /**
   * Hands every record to an action, one at a time, in file order (files sorted by name). Memory
   * stays bounded whatever the ledger's size: nothing is kept once the action returns. The same
   * as {@code LedgerSource.jsonl(path).forEach(since, action)}.
   *
   * @param path a ledger file, or a directory whose {@code vectornode-usage-*.jsonl} are read
   * @param since only records at or after this instant, or null for all
   * @param action receives each record; what it throws ends the pass and propagates
   * @return what the pass saw
   * @throws ConfigurationException when the path does not exist or cannot be read
   */
  public static Stats forEach(Path path, @Nullable Instant since,
      Consumer<? super Entry> action) {
    return forEach(path, since, action, DEFAULT_MAX_LINE_BYTES);
  }

  static Stats forEach(Path path, @Nullable Instant since, Consumer<? super Entry> action,
      int maxLineBytes) {
    requireNonNull(path, "path");
    return new JsonlLedgerSource(path, maxLineBytes).forEach(since, action);
  }

  /**
   * Groups and totals a ledger in one pass with at most {@link #DEFAULT_MAX_GROUPS} groups.
   *
   * @param path a ledger file or directory, as for {@link #forEach}
   * @param since only records at or after this instant, or null for all
   * @param groupBy a record's group (null counts as {@code "null"}; keys longer than 256
   *     characters are cut)
   * @return the summary
   * @throws ConfigurationException when the path does not exist or cannot be read
   */
  public static Summary summarize(Path path, @Nullable Instant since,
      Function<? super Entry, @Nullable String> groupBy) {
    return summarize(path, since, groupBy, DEFAULT_MAX_GROUPS);
  }

  /**
   * Groups and totals a ledger file or directory in one pass; see {@link
   * #summarize(LedgerSource, Instant, Function, int)}.
   *
   * @param path a ledger file or directory, as for {@link #forEach}
   * @param since only records at or after this instant, or null for all
   * @param groupBy a record's group (null counts as {@code "null"}; keys longer than 256
   *     characters are cut)
   * @param maxGroups the most groups kept, 1 or more
   * @return the summary
   * @throws IllegalArgumentException when {@code maxGroups} is below 1
   * @throws ConfigurationException when the path does not exist or cannot be read
   */
  public static Summary summarize(Path path, @Nullable Instant since,
      Function<? super Entry, @Nullable String> groupBy, int maxGroups) {
    return summarize(path, since, groupBy, maxGroups, DEFAULT_MAX_LINE_BYTES);
  }

  static Summary summarize(Path path, @Nullable Instant since,
      Function<? super Entry, @Nullable String> groupBy, int maxGroups, int maxLineBytes) {
    requireNonNull(path, "path");
    return summarize(new JsonlLedgerSource(path, maxLineBytes), since, groupBy, maxGroups);
  }

  /**
   * Groups and totals the records of any source in one pass. Memory is bounded by {@code
   * maxGroups}, not by the number of records: the first {@code maxGroups} distinct groups get a
   * row each, and the calls of every later group are folded into {@link Summary#other()}.
   *
   * @param source the records
   * @param since only records at or after this instant, or null for all
   * @param groupBy a record's group (null counts as {@code "null"}; keys longer than 256
   *     characters are cut)
   * @param maxGroups the most groups kept, 1 or more
   * @return the summary
   * @throws IllegalArgumentException when {@code maxGroups} is below 1
   * @throws ConfigurationException when the source cannot be read
   */
  public static Summary summarize(LedgerSource source, @Nullable Instant since,
      Function<? super Entry, @Nullable String> groupBy, int maxGroups) {
    requireNonNull(source, "source");
    requireNonNull(groupBy, "groupBy");
    if (maxGroups < 1) {
      throw new IllegalArgumentException("maxGroups must be 1 or more, was " + maxGroups);
    }
    LedgerAggregator agg = new LedgerAggregator(groupBy, maxGroups);
    Stats stats = source.forEach(since, agg);
    return agg.summary(stats);
  }

  /**
   * Reads every record into memory. Memory grows with the ledger (several hundred bytes per
   * record): use it for small ledgers and tests, and {@link #forEach} or {@link #summarize}
   * otherwise.
   *
   * @param path a ledger file or directory, as for {@link #forEach}
   * @param since only records at or after this instant, or null for all
   * @return the records
   * @throws ConfigurationException when the path does not exist or cannot be read
   */
  public static Result read(Path path, @Nullable Instant since) {
    List<Entry> entries = new ArrayList<>();
    Stats stats = forEach(path, since, entries::add);
    return new Result(entries, (int) Math.min(Integer.MAX_VALUE, stats.skippedLines()));
  }
}
