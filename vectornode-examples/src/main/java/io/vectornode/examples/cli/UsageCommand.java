package io.vectornode.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.usage.LedgerReader;
import java.io.PrintStream;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vectornode usage --ledger FILE|DIR [--by team|model|provider|deployment|TAG]
 * [--since 2026-11-01|24h|7d] [--max-groups N] [--json]}: calls, tokens, cost, unknown-cost calls
 * and p95 latency from a usage ledger.
 *
 * <p>One streaming pass in bounded memory ({@link LedgerReader#summarize}): a row per group, at
 * most {@code --max-groups} (default 10,000) rows, the later groups folded into "(other)".
 */
final class UsageCommand {
  static final String USAGE = """
      usage: vectornode usage --ledger FILE|DIR [--by team|model|provider|deployment|TAG]
                              [--since 24h|7d|2026-11-01] [--max-groups N] [--json]

      Calls, tokens, cost, unknown-cost calls and p95 latency from a usage ledger (JSONL).

        --ledger FILE|DIR  a ledger file, or a directory of them
        --by KEY           one row per team, model, provider, deployment or other tag value
        --since WHEN       only calls since 24h or 7d ago, a date (UTC) or an ISO instant
        --max-groups N     at most N rows (default 10000); later groups fold into (other)
        --json             one JSON object on stdout
        -h, --help         this help
      """;

  private final PrintStream out;
  private final Clock clock;

  UsageCommand(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  int run(String[] args) {
    String ledger = null;
    String by = null;
    String since = null;
    int maxGroups = LedgerReader.DEFAULT_MAX_GROUPS;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--ledger" -> ledger = value(args, ++i, "--ledger");
        case "--by" -> by = value(args, ++i, "--by");
        case "--since" -> since = value(args, ++i, "--since");
        case "--max-groups" -> maxGroups = positive(value(args, ++i, "--max-groups"));
        case "--json" -> json = true;
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new UsageException("usage: unknown argument '" + args[i] + "'");
      }
    }
    if (ledger == null) {
      throw new UsageException("usage needs --ledger FILE|DIRECTORY");
    }
    String group = by;
    LedgerReader.Summary summary = LedgerReader.summarize(Path.of(ledger), since(since),
        e -> group == null ? "all" : switch (group) {
          case "model" -> String.valueOf(e.model());
          case "provider" -> String.valueOf(e.provider());
          case "deployment" -> String.valueOf(e.deployment());
          default -> e.tags().getOrDefault(group, "(none)");
        }, maxGroups);
    List<LedgerReader.Group> rows = new ArrayList<>(summary.groups());
    if (summary.other() != null) {
      rows.add(summary.other());
    }
    long skipped = summary.stats().skippedLines();
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode root = m.createObjectNode();
      root.put("by", by == null ? "all" : by);
      root.put("skippedLines", skipped);
      root.put("oversizedLines", summary.stats().oversizedLines());
      root.put("maxGroups", summary.maxGroups());
      root.put("groupsCapped", summary.other() != null);
      ArrayNode list = root.putArray("rows");
      for (LedgerReader.Group r : rows) {
        ObjectNode o = list.addObject().put("group", r.key()).put("calls", r.calls())
            .put("failed", r.failedCalls()).put("inputTokens", r.inputTokens())
            .put("outputTokens", r.outputTokens()).put("costUsd", r.costUsd().toPlainString())
            .put("unknownCostCalls", r.unknownCostCalls()).put("p95LatencyMs", r.p95LatencyMs());
        if (r == summary.other()) {
          o.put("other", true);
        }
      }
      out.println(root);
      return 0;
    }
    String head = by == null ? "group" : by;
    out.println(String.format("%-24s %7s %7s %12s %12s %14s %8s %10s", head, "calls", "failed",
        "in tokens", "out tokens", "cost USD", "unknown", "p95 ms"));
    for (LedgerReader.Group r : rows) {
      out.println(String.format("%-24s %7d %7d %12d %12d %14s %8d %10d", printable(r.key()),
          r.calls(), r.failedCalls(), r.inputTokens(), r.outputTokens(),
          r.costUsd().setScale(6, RoundingMode.HALF_UP).toPlainString(), r.unknownCostCalls(),
          r.p95LatencyMs()));
    }
    if (summary.other() != null) {
      out.println("(more than " + summary.maxGroups() + " groups: the calls of the later ones are"
          + " folded into (other); raise --max-groups to see them)");
    }
    if (skipped > 0) {
      long oversized = summary.stats().oversizedLines();
      out.println("(" + skipped + " incomplete line(s) skipped"
          + (oversized > 0 ? ", " + oversized + " of them over "
              + LedgerReader.DEFAULT_MAX_LINE_BYTES + " bytes" : "") + ")");
    }
    return 0;
  }

  /** A group key from the ledger is untrusted: no terminal control characters reach the screen. */
  static String printable(String key) {
    StringBuilder b = new StringBuilder(key.length());
    key.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT ? '?' : c));
    return b.toString();
  }

  private static int positive(String s) {
    try {
      int n = Integer.parseInt(s);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--max-groups: expected a whole number of 1 or more, was '" + s
        + "'");
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
