package io.vectornode.examples.cli;

import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.usage.LedgerSource;
import io.vectornode.usage.UsageReport;
import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code vectornode report}: one self-contained HTML page (and optionally the billing CSV) over a
 * ledger, read once through a {@link LedgerSource} into a {@link UsageReport}.
 */
final class ReportCommand {
  static final String USAGE = """
      usage: vectornode report (--ledger FILE|DIR | --jdbc URL | --sample) --out report.html
                               [--csv billing.csv] [--by TAG] [--since 30d|2026-11-01]
                               [--per day|month] [--zone ZONE] [--title TEXT] [--max-groups N]

      Writes one HTML file that needs nothing else to be viewed (no network, no script): spend
      per day stacked by team (or --by TAG), spend and tokens by model and by deployment,
      calls, error rate and fallback rate per deployment over time, latency and time to first
      token p50/p95 per deployment, the cache-read share of input tokens, the calls with an
      unknown or estimated cost, and a billing table per tag value (calls, tokens, cost) with a
      CSV download. The figures are embedded as JSON (<script id="vn-data">) and equal the
      ledger's; amounts are rounded for display only.

        --out FILE         the HTML file to write
        --csv FILE         also write the billing table as CSV (exact amounts)
        --by TAG           the tag to bill by (default team); calls without it are (none)
        --per day|month    the period of the time charts (default: days up to 92 days of
                           data, months beyond)
        --title TEXT       the page's title (default "AI usage and spend")
        --max-groups N     at most N rows per table (default 10000); later ones fold into
                           (other), and the page says so
        --sample           report on a generated sample ledger (30 days to today), to see
                           what the page looks like
      """ + LedgerArgs.HELP + """
        -h, --help         this help

      A call "fell back" when it succeeded on an attempt whose deployment differs from its
      first attempt's. Error rate: calls that failed or were cancelled.

      Examples:
        vectornode report --ledger usage/ --since 30d --out report.html --csv billing.csv
        vectornode report --ledger usage/ --by feature --per month --out features.html
        vectornode report --sample --out sample.html
      """;

  static final String DEFAULT_TITLE = "AI usage and spend";

  private final PrintStream out;
  private final Clock clock;
  private final Map<String, String> env;

  ReportCommand(PrintStream out, Clock clock, Map<String, String> env) {
    this.out = out;
    this.clock = clock;
    this.env = env;
  }

  int run(String[] args) {
    LedgerArgs source = new LedgerArgs();
    String html = null;
    String csv = null;
    String by = "team";
    UsageReport.Interval per = null;
    String title = DEFAULT_TITLE;
    int maxGroups = UsageReport.Options.DEFAULT_MAX_GROUPS;
    boolean sample = false;
    for (int i = 0; i < args.length; i++) {
      int taken = source.take(args, i);
      if (taken >= 0) {
        i = taken;
        continue;
      }
      switch (args[i]) {
        case "--out" -> html = LedgerArgs.value(args, ++i, "--out");
        case "--csv" -> csv = LedgerArgs.value(args, ++i, "--csv");
        case "--by" -> by = LedgerArgs.value(args, ++i, "--by");
        case "--per" -> per = per(LedgerArgs.value(args, ++i, "--per"));
        case "--title" -> title = LedgerArgs.value(args, ++i, "--title");
        case "--max-groups" -> maxGroups = LedgerArgs.positive(
            LedgerArgs.value(args, ++i, "--max-groups"), "--max-groups");
        case "--sample" -> sample = true;
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new UsageException("report: unknown argument '" + args[i] + "'");
      }
    }
    if (html == null) {
      throw new UsageException("report needs --out FILE.html");
    }
    if (by.isBlank()) {
      throw new UsageException("--by: expected a tag name");
    }
    if (sample && source.hasSource()) {
      throw new UsageException("report: --sample makes its own ledger; drop --ledger/--jdbc");
    }
    UsageReport.Options options = new UsageReport.Options(source.since(clock), by,
        source.zone(), per, maxGroups, UsageReport.Options.DEFAULT_MAX_SERIES);
    UsageReport report;
    String described;
    if (sample) {
      Path dir = temp();
      try {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        SampleLedger.write(dir, today.minusDays(29), 30, 420, 42);
        try (LedgerSource s = LedgerSource.jsonl(dir)) {
          report = UsageReport.build(s, options);
        }
        described = "sample ledger (generated: 30 days to " + today + ")";
      } finally {
        delete(dir);
      }
    } else {
      try (LedgerSource s = source.open("report", env)) {
        report = UsageReport.build(s, options);
        described = s.describe();
      }
    }
    ReportJson.Meta meta = new ReportJson.Meta(title, described, clock.instant());
    write(Path.of(html), ReportPage.html(report, meta));
    UsageReport.Row t = report.total();
    out.println("wrote " + html + ": " + Fmt.count(t.calls()) + " calls, "
        + Fmt.usd(t.costUsd()) + " known cost"
        + (report.first() == null ? "" : " from " + report.first() + " to " + report.last())
        + "; " + Fmt.count(t.unknownCostCalls()) + " unknown-cost and "
        + Fmt.count(t.estimatedCostCalls()) + " estimated-cost calls");
    if (csv != null) {
      write(Path.of(csv), BillingCsv.csv(report));
      out.println("wrote " + csv + ": " + report.byTag().rows().size()
          + (report.byTag().other() == null ? "" : " + (other)") + " row(s) by " + by);
    }
    if (report.stats().skippedLines() > 0) {
      out.println("(" + report.stats().skippedLines() + " incomplete line(s) skipped; the page"
          + " says so)");
    }
    return 0;
  }

  private static UsageReport.Interval per(String s) {
    return switch (s) {
      case "day" -> UsageReport.Interval.DAY;
      case "month" -> UsageReport.Interval.MONTH;
      default -> throw new UsageException("--per: expected day or month, was '" + s + "'");
    };
  }

  /** Writes a file whole: to a temporary file beside it, then moved over it. */
  private static void write(Path file, String text) {
    Path abs = file.toAbsolutePath();
    try {
      Path parent = abs.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // Not createTempFile: its file is private (0600), and a report is made to be shared.
      Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toHexString(
          java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new ConfigurationException("report", "cannot write '" + file + "' ("
          + e.getMessage() + ")", e);
    }
  }

  private static Path temp() {
    try {
      return Files.createTempDirectory("vectornode-sample-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
