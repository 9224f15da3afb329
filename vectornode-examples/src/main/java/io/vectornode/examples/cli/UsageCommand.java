package io.vectornode.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.routing.LedgerReader;
import io.vectornode.routing.internal.Histogram;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code vectornode usage --ledger FILE|DIR [--by team|model|provider|deployment|TAG]
 * [--since 2026-11-01|24h|7d] [--json]}: calls, tokens, cost, unknown-cost calls and p95 latency
 * from a usage ledger.
 */
final class UsageCommand {
  private final PrintStream out;
  private final Clock clock;

  UsageCommand(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** One group's totals. */
  private static final class Row {
    long calls;
    long failed;
    long input;
    long output;
    BigDecimal cost = BigDecimal.ZERO;
    long unknown;
    final Histogram latency = new Histogram();
  }

  int run(String[] args) {
    String ledger = null;
    String by = null;
    String since = null;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--ledger" -> ledger = value(args, ++i, "--ledger");
        case "--by" -> by = value(args, ++i, "--by");
        case "--since" -> since = value(args, ++i, "--since");
        case "--json" -> json = true;
        default -> throw new UsageException("usage: unknown argument '" + args[i] + "'");
      }
    }
    if (ledger == null) {
      throw new UsageException("usage needs --ledger FILE|DIRECTORY");
    }
    LedgerReader.Result result = LedgerReader.read(Path.of(ledger), since(since));
    Map<String, Row> rows = new TreeMap<>();
    for (LedgerReader.Entry e : result.entries()) {
      String key = by == null ? "all" : switch (by) {
        case "model" -> String.valueOf(e.model());
        case "provider" -> String.valueOf(e.provider());
        case "deployment" -> String.valueOf(e.deployment());
        default -> e.tags().getOrDefault(by, "(none)");
      };
      Row r = rows.computeIfAbsent(key, k -> new Row());
      r.calls++;
      r.failed += e.outcome().equals("SUCCESS") ? 0 : 1;
      r.input += e.inputTokens();
      r.output += e.outputTokens();
      if (e.costUsd() == null) {
        r.unknown++;
      } else {
        r.cost = r.cost.add(e.costUsd());
      }
      r.latency.record(e.latencyMs() * 1_000_000);
    }
    List<Map.Entry<String, Row>> sorted = new ArrayList<>(rows.entrySet());
    sorted.sort(Comparator.comparing((Map.Entry<String, Row> e) -> e.getValue().cost).reversed());
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode root = m.createObjectNode();
      root.put("by", by == null ? "all" : by);
      root.put("skippedLines", result.skippedLines());
      ArrayNode list = root.putArray("rows");
      for (var e : sorted) {
        Row r = e.getValue();
        list.addObject().put("group", e.getKey()).put("calls", r.calls).put("failed", r.failed)
            .put("inputTokens", r.input).put("outputTokens", r.output)
            .put("costUsd", r.cost.toPlainString()).put("unknownCostCalls", r.unknown)
            .put("p95LatencyMs", r.latency.percentileMillis(0.95));
      }
      out.println(root);
      return 0;
    }
    String head = by == null ? "group" : by;
    out.println(String.format("%-24s %7s %7s %12s %12s %14s %8s %10s", head, "calls", "failed",
        "in tokens", "out tokens", "cost USD", "unknown", "p95 ms"));
    for (var e : sorted) {
      Row r = e.getValue();
      out.println(String.format("%-24s %7d %7d %12d %12d %14s %8d %10.0f", e.getKey(), r.calls,
          r.failed, r.input, r.output, r.cost.setScale(6, java.math.RoundingMode.HALF_UP)
              .toPlainString(), r.unknown, r.latency.percentileMillis(0.95)));
    }
    if (result.skippedLines() > 0) {
      out.println("(" + result.skippedLines() + " incomplete line(s) skipped)");
    }
    return 0;
  }

  private Instant since(String s) {
    if (s == null) {
      return null;
    }
    try {
      if (s.matches("\\d+[hd]")) {
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return clock.instant().minus(s.endsWith("h") ? Duration.ofHours(n) : Duration.ofDays(n));
      }
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(s);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new UsageException("--since: expected 24h, 7d, 2026-11-01 or an ISO instant, was '"
          + s + "'");
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }
}
