package io.vectornode.examples.cli;

import io.vectornode.usage.UsageReport;
import io.vectornode.usage.UsageReport.Row;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page, money first: header, warnings, cards, spend over
 * time ({@link ReportTrends}), the billing table, spend by model and deployment, deployments over
 * time and latency ({@link ReportTrends}), cache reads, definitions. Inline CSS ({@link
 * ReportStyle}), inline SVG ({@link Charts}), the figures as a JSON data island ({@link
 * ReportJson}) and the billing CSV as a {@code data:} link; nothing is fetched when it is viewed,
 * and no script runs. Every string from the ledger goes through {@link Fmt#html}. Stateless.
 *
 * <p>The billing table's cells carry the exact figure in a {@code data-v} attribute beside the
 * rounded text, so that the page can be checked against the ledger.
 */
final class ReportPage {
  /** How many rows the model and deployment tables show (all are in the data island). */
  static final int TOP_ROWS = 15;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReportPage() {}

  static String html(UsageReport r, ReportJson.Meta meta) {
    StringBuilder b = new StringBuilder(64 * 1024);
    String tag = r.options().tag();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        // No network at view time: nothing may be loaded, whatever a value in the page says.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<title>").append(Fmt.html(meta.title())).append("</title>\n<style>")
        .append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n<main>\n");
    header(b, r, meta);
    warnings(b, r);
    cards(b, r);
    ReportTrends.spend(b, r);
    billing(b, r);
    breakdown(b, "Spend and tokens by model", "The model of each call's final attempt.",
        r.byModel(), "model");
    breakdown(b, "Spend and tokens by deployment",
        "The deployment of each call's final attempt (the one that served it, or failed last).",
        r.byDeployment(), "deployment");
    Map<String, String> colors = deploymentColors(r);
    ReportTrends.timeline(b, r, colors);
    ReportTrends.performance(b, r, colors);
    cache(b, r);
    footer(b, r, meta);
    b.append("<script type=\"application/json\" id=\"vn-data\">")
        .append(ReportJson.island(r, meta)).append("</script>\n</main>\n</body>\n</html>\n");
    return b.toString();
  }

  private static void header(StringBuilder b, UsageReport r, ReportJson.Meta meta) {
    String zone = zone(r);
    b.append("<header><h1>").append(Fmt.html(meta.title())).append("</h1><p class=\"sub\">");
    if (r.first() != null && r.last() != null) {
      b.append("Calls from <b>").append(Fmt.html(WHEN.format(r.first()))).append("</b> to <b>")
          .append(Fmt.html(WHEN.format(r.last()))).append("</b>");
    } else {
      b.append("No calls in the period");
    }
    b.append(r.options().since() == null ? " \u00b7 all records"
        : " \u00b7 since " + Fmt.html(WHEN.format(r.options().since())));
    b.append(" \u00b7 billed by <b>").append(Fmt.html(r.options().tag()))
        .append("</b> \u00b7 days in ")
        .append(Fmt.html(zone)).append("<br>Ledger: <code>").append(Fmt.html(meta.source()))
        .append("</code> \u00b7 generated ").append(Fmt.html(WHEN.format(meta.generated())))
        .append("</p></header>\n");
  }

  /** The report's time zone for people: UTC, not Z. */
  static String zone(UsageReport r) {
    String id = r.options().zone().getId();
    return id.equals("Z") ? "UTC" : id;
  }

  /** What makes the totals partial, at the top where nobody misses it. */
  private static void warnings(StringBuilder b, UsageReport r) {
    Row t = r.total();
    List<String> notes = new ArrayList<>();
    if (t.unknownCostCalls() > 0) {
      notes.add("<b>" + Fmt.count(t.unknownCostCalls()) + " call(s) have an unknown cost</b>"
          + " (their models have no price in the catalog): they are counted as calls and tokens"
          + " but add nothing to the amounts, which are therefore a lower bound.");
    }
    if (t.estimatedCostCalls() > 0) {
      notes.add("<b>" + Fmt.count(t.estimatedCostCalls()) + " call(s) were priced from"
          + " estimated tokens</b> (the provider reported none, for example a stream cut short):"
          + " " + Fmt.usd(t.estimatedCostUsd()) + " of the total is an estimate.");
    }
    if (r.stats().skippedLines() > 0) {
      notes.add("<b>" + Fmt.count(r.stats().skippedLines()) + " ledger line(s) were skipped</b>"
          + " as incomplete or corrupt" + (r.stats().oversizedLines() > 0 ? " ("
          + Fmt.count(r.stats().oversizedLines()) + " over the line limit)" : "") + ".");
    }
    if (r.byTag().other() != null || r.spendOverflow() != null || r.timelineOverflow() != null) {
      notes.add("<b>Group limit reached</b>: more than " + Fmt.count(r.options().maxGroups())
          + " groups; the calls of later ones are in the (other) rows (raise --max-groups).");
    }
    if (notes.isEmpty()) {
      return;
    }
    b.append("<div class=\"alert\" role=\"note\"><ul>");
    notes.forEach(n -> b.append("<li>").append(n).append("</li>"));
    b.append("</ul></div>\n");
  }

  private static void cards(StringBuilder b, UsageReport r) {
    Row t = r.total();
    b.append("<section class=\"cards\">");
    card(b, "Spend", Fmt.usd(t.costUsd()), Fmt.count(t.calls()) + " calls"
        + (t.unknownCostCalls() > 0 ? ", " + Fmt.count(t.unknownCostCalls()) + " not priced"
            : ""), false, t.costUsd().toPlainString());
    card(b, "Failed calls", Fmt.percent(t.failedCalls(), t.calls()),
        Fmt.count(t.failedCalls()) + " failed or cancelled", false, null);
    card(b, "Fell back", Fmt.percent(t.fellBackCalls(), t.calls()),
        Fmt.count(t.fellBackCalls()) + " served by another deployment", false, null);
    card(b, "Input tokens", Fmt.compact(t.inputTokens()),
        Fmt.compact(t.outputTokens()) + " output (" + Fmt.compact(t.reasoningTokens())
            + " reasoning)", false, null);
    card(b, "Cache reads", Fmt.percent(t.cachedInputTokens(), t.inputTokens()),
        "of input tokens (" + Fmt.compact(t.cachedInputTokens()) + ")", false, null);
    card(b, "Unknown cost", Fmt.count(t.unknownCostCalls()), "calls not priced",
        t.unknownCostCalls() > 0, null);
    card(b, "Estimated cost", Fmt.count(t.estimatedCostCalls()),
        "calls, " + Fmt.usd(t.estimatedCostUsd()) + " estimated", t.estimatedCostCalls() > 0,
        null);
    b.append("</section>\n");
  }

  private static void card(StringBuilder b, String k, String v, String d, boolean warn,
      String exact) {
    // The card with the exact amount is the headline: twice as wide, so it is never cut.
    b.append("<div class=\"card").append(warn ? " warn" : "")
        .append(exact != null ? " wide" : "").append("\"><div class=\"k\">")
        .append(Fmt.html(k)).append("</div><div class=\"v\"")
        .append(exact == null ? "" : " title=\"$" + Fmt.html(exact) + " exactly\"").append(">")
        .append(Fmt.html(v)).append("</div><div class=\"d\">").append(Fmt.html(d))
        .append("</div></div>");
  }

  private static void breakdown(StringBuilder b, String title, String note,
      UsageReport.Breakdown d, String what) {
    b.append("<section class=\"panel\"><h2>").append(Fmt.html(title))
        .append("</h2><p class=\"note\">").append(Fmt.html(note)).append("</p>");
    List<Row> rows = new ArrayList<>(d.rows());
    BigDecimal max = rows.stream().map(Row::costUsd).reduce(BigDecimal.ZERO, BigDecimal::max);
    b.append("<div class=\"scroll\"><table class=\"data\"><thead><tr><th>")
        .append(Fmt.html(what))
        .append("</th><th class=\"num\">calls</th><th class=\"num\">input</th>"
            + "<th class=\"num\">output</th><th class=\"num\">cost</th><th class=\"num\">"
            + "unknown cost</th><th class=\"num\">estimated</th><th></th></tr></thead><tbody>");
    int shown = 0;
    for (Row row : rows) {
      if (shown++ == TOP_ROWS) {
        break;
      }
      b.append("<tr><td class=\"key\" title=\"").append(Fmt.html(row.key())).append("\">")
          .append(Fmt.html(row.key())).append("</td><td class=\"num\">")
          .append(Fmt.count(row.calls())).append("</td>");
      tokens(b, row.inputTokens());
      tokens(b, row.outputTokens());
      b.append("<td class=\"num\">").append(Fmt.html(amount(row)))
          .append("</td><td class=\"num\">");
      if (row.unknownCostCalls() > 0) {
        b.append("<span class=\"pill\" title=\"calls with an unknown cost\">")
            .append(Fmt.count(row.unknownCostCalls())).append(" calls</span>");
      } else {
        b.append('0');
      }
      b.append("</td><td class=\"num\">").append(Fmt.count(row.estimatedCostCalls()))
          .append("</td><td class=\"bar\">").append(bar(row.costUsd(), max, "#4e79a7"))
          .append("</td></tr>");
    }
    b.append("</tbody></table></div>");
    int more = rows.size() - TOP_ROWS + (d.other() == null ? 0 : 1);
    if (more > 0) {
      b.append("<p class=\"note\">and ").append(more).append(" more (in the embedded data)</p>");
    }
    b.append("</section>\n");
  }

  private static void cache(StringBuilder b, UsageReport r) {
    Row t = r.total();
    b.append("<section class=\"panel\"><h2>Cache-read share of input tokens</h2>"
        + "<p class=\"note\">Input tokens read from a provider's prompt cache (billed at a"
        + " discount) as a share of all input tokens: <b>")
        .append(Fmt.percent(t.cachedInputTokens(), t.inputTokens())).append("</b> overall, ")
        .append(Fmt.html(Fmt.compact(t.cacheWriteTokens())))
        .append(" tokens written to caches.</p><div class=\"scroll\"><table class=\"data\">")
        .append("<thead><tr><th>model</th>"
            + "<th class=\"num\">input</th><th class=\"num\">cache reads</th><th class=\"num\">"
            + "cache writes</th><th class=\"num\">share</th><th></th></tr></thead><tbody>");
    int shown = 0;
    for (Row row : r.byModel().rows()) {
      if (shown++ == TOP_ROWS) {
        break;
      }
      b.append("<tr><td class=\"key\">").append(Fmt.html(row.key())).append("</td>");
      tokens(b, row.inputTokens());
      tokens(b, row.cachedInputTokens());
      tokens(b, row.cacheWriteTokens());
      b.append("<td class=\"num\">").append(Fmt.percent(row.cachedInputTokens(),
          row.inputTokens())).append("</td><td class=\"bar\">")
          .append(bar(BigDecimal.valueOf(row.cachedInputTokens()),
              BigDecimal.valueOf(Math.max(1, row.inputTokens())), "#59a14f"))
          .append("</td></tr>");
    }
    b.append("</tbody></table></div></section>\n");
  }

  private static void billing(StringBuilder b, UsageReport r) {
    String tag = r.options().tag();
    String csv = BillingCsv.csv(r);
    b.append("<section class=\"panel\" id=\"billing-section\"><div class=\"head\"><h2>Billing by ")
        .append(Fmt.html(tag)).append("</h2><a class=\"button\" download=\"billing.csv\" href=\"")
        .append(dataUri(csv)).append("\">Download CSV</a></div><p class=\"note\">Every call in"
            + " the period, one row per value of the tag <b>").append(Fmt.html(tag))
        .append("</b>; calls without it are " + UsageReport.NONE + ". ").append(Fmt.ROUNDING)
        .append("</p><div class=\"scroll\"><table class=\"data\" id=\"billing\"><thead><tr><th>")
        .append(Fmt.html(tag)).append("</th><th class=\"num\">calls</th><th class=\"num\">failed"
            + "</th><th class=\"num\">input tokens</th><th class=\"num\">cached</th>"
            + "<th class=\"num\">output tokens</th><th class=\"num\">cost</th>"
            + "<th class=\"num\">unknown cost</th><th class=\"num\">estimated</th>"
            + "<th class=\"num\">share</th></tr></thead><tbody>");
    List<Row> rows = new ArrayList<>(r.byTag().rows());
    if (r.byTag().other() != null) {
      rows.add(r.byTag().other());
    }
    for (Row row : rows) {
      billingRow(b, row, r.total(), "td");
    }
    b.append("</tbody><tfoot>");
    billingRow(b, r.total(), r.total(), "td");
    b.append("</tfoot></table></div></section>\n");
  }

  private static void billingRow(StringBuilder b, Row row, Row total, String td) {
    b.append("<tr><").append(td).append(" class=\"key\" data-v=\"").append(Fmt.html(row.key()))
        .append("\">").append(Fmt.html(row == total ? "Total" : row.key())).append("</")
        .append(td).append('>');
    num(b, row.calls());
    num(b, row.failedCalls());
    num(b, row.inputTokens());
    num(b, row.cachedInputTokens());
    num(b, row.outputTokens());
    b.append("<td class=\"num\" data-v=\"").append(row.costUsd().toPlainString()).append("\">")
        .append(Fmt.html(amount(row))).append("</td>");
    num(b, row.unknownCostCalls());
    num(b, row.estimatedCostCalls());
    b.append("<td class=\"num\">").append(total.costUsd().signum() == 0 ? "\u2013"
        : String.format(Locale.ROOT, "%.1f%%", row.costUsd().doubleValue()
            / total.costUsd().doubleValue() * 100)).append("</td></tr>");
  }

  /** A row's amount for display; "unknown" when no call of it was priced (never "$0.00"). */
  static String amount(Row row) {
    return row.calls() > 0 && row.unknownCostCalls() == row.calls() ? "unknown"
        : Fmt.usd(row.costUsd());
  }

  private static void num(StringBuilder b, long v) {
    b.append("<td class=\"num\" data-v=\"").append(v).append("\">").append(Fmt.count(v))
        .append("</td>");
  }

  private static void footer(StringBuilder b, UsageReport r, ReportJson.Meta meta) {
    b.append("<footer><p><b>Definitions.</b> A call is one request to VectorNode with all its"
        + " attempts (retries, fallbacks). <i>Failed</i>: it ended without success (cancelled"
        + " included). <i>Fell back</i>: it succeeded on an attempt whose deployment differs from"
        + " its first attempt's. <i>Unknown cost</i>: no price for its model, so no amount (never"
        + " counted as $0). <i>Estimated</i>: priced from estimated tokens because the provider"
        + " reported none. Input tokens include cache reads and writes; output tokens include"
        + " reasoning.</p><p>").append(Fmt.ROUNDING).append(" Price catalogs: ");
    List<String> cats = new ArrayList<>();
    for (Row c : r.byCatalog().rows()) {
      cats.add("<code>" + Fmt.html(c.key()) + "</code> (" + Fmt.count(c.calls()) + " calls)");
    }
    b.append(cats.isEmpty() ? "none" : String.join(", ", cats)).append(".</p><p>Generated by"
        + " <code>vectornode report</code> from ").append(Fmt.html(Fmt.count(r.stats().entries())))
        .append(" records; the figures are embedded as JSON in <code>#vn-data</code>.</p>")
        .append("</footer>\n");
  }

  /** A colour per deployment, the same in every chart: the timeline's series first. */
  private static Map<String, String> deploymentColors(UsageReport r) {
    Map<String, String> colors = new LinkedHashMap<>();
    for (String k : r.timelineSeries()) {
      colors.put(k, Charts.color(colors.size()));
    }
    for (UsageReport.Performance p : r.performance()) {
      colors.putIfAbsent(p.deployment(), Charts.color(colors.size()));
    }
    for (Row row : r.byFirstDeployment().rows()) {
      colors.putIfAbsent(row.key(), Charts.color(colors.size()));
    }
    return colors;
  }

  private static void tokens(StringBuilder b, long n) {
    b.append("<td class=\"num\" title=\"").append(Fmt.count(n)).append("\">")
        .append(Fmt.compact(n)).append("</td>");
  }

  private static String bar(BigDecimal v, BigDecimal max, String color) {
    double pct = max.signum() == 0 ? 0 : Math.min(100, v.doubleValue() / max.doubleValue() * 100);
    return "<i style=\"width:" + String.format(Locale.ROOT, "%.1f", pct) + "%;--c:" + color
        + "\"></i>";
  }

  /** A {@code data:} URI of UTF-8 text: every byte but unreserved ones percent-encoded. */
  static String dataUri(String text) {
    StringBuilder b = new StringBuilder("data:text/csv;charset=utf-8,");
    for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
          || c == '_' || c == '.' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }
}
