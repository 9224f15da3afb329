package io.vectornode.usage;

import static java.util.Objects.requireNonNull;

import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link UsageLedger}: one file or every ledger file in a directory, in one streaming
 * pass.
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

  private LedgerReader() {}

  /**
   * One call as the ledger recorded it.
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
  public record Entry(Instant ts, String requestId, @Nullable String task,
      Map<String, String> tags, @Nullable String provider, @Nullable String model,
      @Nullable String deployment, String outcome, int attempts, long inputTokens,
      long outputTokens, @Nullable BigDecimal costUsd, long latencyMs) {
    /** Copies. */
    public Entry {
      tags = Map.copyOf(tags);
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
   * stays bounded whatever the ledger's size: nothing is kept once the action returns.
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
    requireNonNull(action, "action");
    long[] counts = new long[3];
    LedgerLines.Sink sink = new LedgerLines.Sink() {
      @Override
      public void line(byte[] buf, int off, int len) {
        if (blank(buf, off, len)) {
          return;
        }
        Entry e = LedgerParser.parse(buf, off, len);
        if (e == null) {
          counts[1]++;
        } else if (since == null || !e.ts().isBefore(since)) {
          counts[0]++;
          action.accept(e);
        }
      }

      @Override
      public void oversized() {
        counts[1]++;
        counts[2]++;
      }
    };
    LedgerLines lines = new LedgerLines(maxLineBytes);
    for (Path f : files(path)) {
      try (InputStream in = Files.newInputStream(f)) {
        lines.split(in, sink);
      } catch (IOException e) {
        throw new ConfigurationException("ledger", "cannot read '" + f + "' (" + e.getMessage()
            + ")", e);
      }
    }
    return new Stats(counts[0], counts[1], counts[2]);
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
   * Groups and totals a ledger in one pass. Memory is bounded by {@code maxGroups}, not by the
   * number of records: the first {@code maxGroups} distinct groups get a row each, and the calls
   * of every later group are folded into {@link Summary#other()}.
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
    requireNonNull(groupBy, "groupBy");
    if (maxGroups < 1) {
      throw new IllegalArgumentException("maxGroups must be 1 or more, was " + maxGroups);
    }
    LedgerAggregator agg = new LedgerAggregator(groupBy, maxGroups);
    Stats stats = forEach(path, since, agg, maxLineBytes);
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

  private static List<Path> files(Path path) {
    List<Path> files = new ArrayList<>();
    try {
      if (Files.isDirectory(path)) {
        try (Stream<Path> s = Files.list(path)) {
          s.filter(p -> p.getFileName().toString().startsWith("vectornode-usage-")
              && p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
              .sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new ConfigurationException("ledger", "no such file or directory: '" + path + "'");
      }
    } catch (IOException e) {
      throw new ConfigurationException("ledger", "cannot read '" + path + "' (" + e.getMessage()
          + ")", e);
    }
    return files;
  }

  private static boolean blank(byte[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte b = buf[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
