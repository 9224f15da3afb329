package io.vectornode.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.usage.LedgerReader;
import io.vectornode.usage.LedgerSource;
import java.io.PrintStream;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code vectornode usage (--ledger FILE|DIR | --jdbc URL) [--by KEY] [--per day|month]
 * [--since WHEN] [--zone ZONE] [--max-groups N] [--json]}: calls, tokens, cost, unknown-cost calls
 * and p95 latency from a usage ledger, one row per group.
 *
 * <p>One streaming pass in bounded memory ({@link LedgerReader#summarize(LedgerSource, Instant,
 * java.util.function.Function, int)}) over a {@link LedgerSource}, whichever it is: a row per
 * group, at most {@code --max-groups} (default 10,000) rows, the later groups folded into
 * "(other)". With {@code --per}, a group is a (period, key) pair: its key is the period, a space,
 * then the value (a period never holds a space, so the first space splits it).
 */
final class UsageCommand {
  static final String USAGE = """
      usage: vectornode usage (--ledger FILE|DIR | --jdbc URL) [--by KEY] [--per day|month]
                              [--since 24h|7d|2026-11-01] [--zone ZONE] [--max-groups N] [--json]

      Calls, tokens, cost, unknown-cost calls and p95 latency from a usage ledger.

        --by KEY           one row per model, provider, deployment, task, or value of any
                           other tag (team, feature, user...); calls without it are (none)
        --per day|month    one row per day or month (and per KEY value with --by): e.g.
                           --by team --per month is each team's spend month by month
      """ + LedgerArgs.HELP + """
        --max-groups N     at most N rows (default 10000); later groups fold into (other)
        --json             one JSON object on stdout
        -h, --help         this help

      Examples:
        vectornode usage --ledger usage/ --by team --since 30d
        vectornode usage --ledger usage/ --by model --per day --json
        VN_DB_PASSWORD=... vectornode usage --jdbc jdbc:postgresql://db/app --jdbc-user vn \\
            --by feature --per month
      """;

  private final PrintStream out;
  private final Clock clock;
  private final Map<String, String> env;

  UsageCommand(PrintStream out, Clock clock, Map<String, String> env) {
    this.out = out;
    this.clock = clock;
    this.env = env;
  }

  int run(String[] args) {
    LedgerArgs source = new LedgerArgs();
    String by = null;
    String per = null;
    int maxGroups = LedgerReader.DEFAULT_MAX_GROUPS;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      int taken = source.take(args, i);
      if (taken >= 0) {
        i = taken;
        continue;
      }
      switch (args[i]) {
        case "--by" -> by = LedgerArgs.value(args, ++i, "--by");
        case "--per" -> per = per(LedgerArgs.value(args, ++i, "--per"));
        case "--max-groups" -> maxGroups = LedgerArgs.positive(
            LedgerArgs.value(args, ++i, "--max-groups"), "--max-groups");
        case "--json" -> json = true;
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new UsageException("usage: unknown argument '" + args[i] + "'");
      }
    }
    if (!source.hasSource()) {
      throw new UsageException("usage needs --ledger FILE|DIRECTORY or --jdbc URL");
    }
    Instant since = source.since(clock);
    ZoneId zone = source.zone();
    Function<LedgerReader.Entry, String> key = key(by);
    String period = per;
    Function<LedgerReader.Entry, String> group = period == null ? key
        : e -> period(e.ts(), period, zone) + " " + key.apply(e);
    LedgerReader.Summary summary;
    try (LedgerSource ledger = source.open("usage", env)) {
      summary = LedgerReader.summarize(ledger, since, group::apply, maxGroups);
    }
    List<LedgerReader.Group> rows = new ArrayList<>(summary.groups());
    if (period != null) {
      // Time order first; within a period the summary's order (highest cost first) stays.
      rows.sort(Comparator.comparing(g -> g.key().substring(0, g.key().indexOf(' '))));
    }
    if (summary.other() != null) {
      rows.add(summary.other());
    }
    long skipped = summary.stats().skippedLines();
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode root = m.createObjectNode();
      root.put("by", by == null ? "all" : by);
      if (period != null) {
        root.put("per", period);
        root.put("zone", zone.getId());
      }
      root.put("skippedLines", skipped);
      root.put("oversizedLines", summary.stats().oversizedLines());
      root.put("maxGroups", summary.maxGroups());
      root.put("groupsCapped", summary.other() != null);
      ArrayNode list = root.putArray("rows");
      for (LedgerReader.Group r : rows) {
        ObjectNode o = list.addObject();
        if (period != null && r != summary.other()) {
          int sp = r.key().indexOf(' ');
          o.put(period, r.key().substring(0, sp)).put("group", r.key().substring(sp + 1));
        } else {
          o.put("group", r.key());
        }
        o.put("calls", r.calls())
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
    String timeHead = period == null ? "" : String.format("%-11s", period);
    out.println(timeHead + String.format("%-24s %7s %7s %12s %12s %14s %8s %10s", head, "calls",
        "failed", "in tokens", "out tokens", "cost USD", "unknown", "p95 ms"));
    for (LedgerReader.Group r : rows) {
      String k = r.key();
      String time = "";
      if (period != null) {
        int sp = r == summary.other() ? -1 : k.indexOf(' ');
        time = String.format("%-11s", sp < 0 ? "" : k.substring(0, sp));
        k = k.substring(sp + 1);
      }
      out.println(time + String.format("%-24s %7d %7d %12d %12d %14s %8d %10d", printable(k),
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

  /** What a record is grouped by for {@code --by}; without it, "all". */
  private static Function<LedgerReader.Entry, String> key(String by) {
    if (by == null) {
      return e -> "all";
    }
    return switch (by) {
      case "model" -> e -> String.valueOf(e.model());
      case "provider" -> e -> String.valueOf(e.provider());
      case "deployment" -> e -> String.valueOf(e.deployment());
      case "task" -> e -> e.task() == null ? "(none)" : e.task();
      default -> e -> e.tags().getOrDefault(by, "(none)");
    };
  }

  private static String per(String s) {
    if (!s.equals("day") && !s.equals("month")) {
      throw new UsageException("--per: expected day or month, was '" + s + "'");
    }
    return s;
  }

  /** The day or month of an instant in a zone; a date beyond what a calendar holds is "?". */
  static String period(Instant ts, String per, ZoneId zone) {
    try {
      LocalDate d = LocalDate.ofInstant(ts, zone);
      return per.equals("day") ? d.toString() : YearMonth.from(d).toString();
    } catch (DateTimeException e) {
      return "?";
    }
  }

  /** A group key from the ledger is untrusted: no terminal control characters reach the screen. */
  static String printable(String key) {
    StringBuilder b = new StringBuilder(key.length());
    key.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT ? '?' : c));
    return b.toString();
  }
}
