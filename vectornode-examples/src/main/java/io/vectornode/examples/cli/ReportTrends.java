package io.vectornode.examples.cli;

import io.vectornode.usage.UsageReport;
import io.vectornode.usage.UsageReport.Bucket;
import io.vectornode.usage.UsageReport.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The report's sections over time and per deployment: spend per period stacked by tag,
 * deployments over time (calls, error and fallback rates), latency and time to first token. Each
 * appends one {@code <section>} of {@link ReportPage}; ledger strings go through {@link
 * Fmt#html} (here or in {@link Charts}). Stateless.
 */
final class ReportTrends {
  private ReportTrends() {}

  static void spend(StringBuilder b, UsageReport r) {
    String tag = r.options().tag();
    String unit = r.interval() == UsageReport.Interval.DAY ? "day" : "month";
    b.append("<section class=\"panel\"><h2>Spend per ").append(unit).append(" by ")
        .append(Fmt.html(tag)).append("</h2><p class=\"note\">Known cost of the calls that ended"
            + " each ").append(unit).append(" (").append(Fmt.html(ReportPage.zone(r)))
        .append("), stacked by ").append(Fmt.html(tag));
    boolean other = r.spend().stream().anyMatch(x -> x.other() != null);
    b.append(other ? ": the " + r.spendSeries().size() + " costliest apart, the rest as other."
        : ".").append(" Hover a column for its figures.</p>");
    List<String> periods = r.spend().stream().map(Bucket::period).toList();
    List<Charts.Series> series = new ArrayList<>();
    List<String> names = new ArrayList<>(r.spendSeries());
    for (int s = 0; s < names.size(); s++) {
      String key = names.get(s);
      series.add(series(r.spend(), key, Charts.color(s), b2 -> find(b2, key),
          row -> row.costUsd().doubleValue(), (p, row) -> Charts.periodLabel(p) + " \u00b7 "
              + key + ": " + Fmt.usd(row.costUsd()) + " \u00b7 " + Fmt.count(row.calls())
              + " calls"));
    }
    if (other) {
      series.add(series(r.spend(), "other", Charts.OTHER_COLOR, Bucket::other,
          row -> row.costUsd().doubleValue(), (p, row) -> Charts.periodLabel(p)
              + " \u00b7 other: " + Fmt.usd(row.costUsd()) + " \u00b7 " + Fmt.count(row.calls())
              + " calls"));
    }
    legend(b, series);
    b.append(Charts.stackedColumns(periods, series, unit + " (" + ReportPage.zone(r)
        + ")", "USD per " + unit, Fmt::compactUsd, "Spend per " + unit + " by " + tag));
    b.append("</section>\n");
  }

  static void timeline(StringBuilder b, UsageReport r, Map<String, String> colors) {
    String unit = r.interval() == UsageReport.Interval.DAY ? "day" : "month";
    List<String> periods = r.timeline().stream().map(Bucket::period).toList();
    b.append("<section class=\"panel\"><h2>Deployments over time</h2><p class=\"note\">Calls"
        + " by the deployment they were first sent to. Error rate: calls that failed or were"
        + " cancelled. Fallback rate: calls that succeeded on another deployment than the"
        + " first.</p>");
    List<Charts.Series> calls = new ArrayList<>();
    List<Charts.Series> errors = new ArrayList<>();
    List<Charts.Series> fallbacks = new ArrayList<>();
    for (String key : r.timelineSeries()) {
      String c = colors.get(key);
      calls.add(series(r.timeline(), key, c, x -> find(x, key), row -> row.calls(),
          (p, row) -> Charts.periodLabel(p) + " \u00b7 " + key + ": " + Fmt.count(row.calls())
              + " calls", 0));
      errors.add(series(r.timeline(), key, c, x -> find(x, key),
          row -> 100.0 * row.failedCalls() / row.calls(), (p, row) -> Charts.periodLabel(p)
              + " \u00b7 " + key + ": " + Fmt.percent(row.failedCalls(), row.calls()) + " ("
              + Fmt.count(row.failedCalls()) + " of " + Fmt.count(row.calls()) + ")"));
      fallbacks.add(series(r.timeline(), key, c, x -> find(x, key),
          row -> 100.0 * row.fellBackCalls() / row.calls(), (p, row) -> Charts.periodLabel(p)
              + " \u00b7 " + key + ": " + Fmt.percent(row.fellBackCalls(), row.calls()) + " ("
              + Fmt.count(row.fellBackCalls()) + " of " + Fmt.count(row.calls()) + ")"));
    }
    legend(b, calls);
    String x = unit + " (" + ReportPage.zone(r) + ")";
    b.append("<h3>Calls per ").append(unit).append("</h3>")
        .append(Charts.lines(1000, periods, calls, x, "calls", Fmt::compact, 1,
            "Calls per " + unit));
    b.append("<div class=\"grid2\"><div><h3>Error rate</h3>")
        .append(Charts.lines(560, periods, errors, x, "% of calls", v -> Math.round(v) + "%", 5,
            "Error rate per " + unit))
        .append("</div><div><h3>Fallback rate</h3>")
        .append(Charts.lines(560, periods, fallbacks, x, "% of calls", v -> Math.round(v) + "%", 5,
            "Fallback rate per " + unit))
        .append("</div></div>");
    b.append("<div class=\"scroll\"><table class=\"data\"><thead><tr><th>first deployment</th>"
        + "<th class=\"num\">calls"
        + "</th><th class=\"num\">failed</th><th class=\"num\">error rate</th><th class=\"num\">"
        + "fell back</th><th class=\"num\">fallback rate</th></tr></thead><tbody>");
    List<Row> firsts = new ArrayList<>(r.byFirstDeployment().rows());
    firsts.sort((a1, a2) -> Long.compare(a2.calls(), a1.calls()));
    for (Row row : firsts.subList(0, Math.min(ReportPage.TOP_ROWS, firsts.size()))) {
      b.append("<tr><td class=\"key\">").append(swatch(colors.get(row.key())))
          .append(Fmt.html(row.key())).append("</td><td class=\"num\">")
          .append(Fmt.count(row.calls())).append("</td><td class=\"num\">")
          .append(Fmt.count(row.failedCalls())).append("</td><td class=\"num\">")
          .append(Fmt.percent(row.failedCalls(), row.calls())).append("</td><td class=\"num\">")
          .append(Fmt.count(row.fellBackCalls())).append("</td><td class=\"num\">")
          .append(Fmt.percent(row.fellBackCalls(), row.calls())).append("</td></tr>");
    }
    b.append("</tbody></table></div></section>\n");
  }

  static void performance(StringBuilder b, UsageReport r, Map<String, String> colors) {
    List<UsageReport.Performance> perf = r.performance().subList(0,
        Math.min(12, r.performance().size()));
    b.append("<section class=\"panel\"><h2>Latency and time to first token</h2>"
        + "<p class=\"note\">Per attempt on each deployment, failed attempts included. Filled dot:"
        + " p50 (median); ring: p95. Quantiles are within 3.1% of the exact values.</p>");
    List<Charts.Dumbbell> lat = new ArrayList<>();
    List<Charts.Dumbbell> ttft = new ArrayList<>();
    for (UsageReport.Performance p : perf) {
      String c = colors.getOrDefault(p.deployment(), Charts.OTHER_COLOR);
      lat.add(new Charts.Dumbbell(p.deployment(), p.p50LatencyMs(), p.p95LatencyMs(), c,
          p.deployment() + ": " + Fmt.count(p.attempts()) + " attempts, p50 "
              + Fmt.millis(p.p50LatencyMs()) + ", p95 " + Fmt.millis(p.p95LatencyMs())));
      if (p.ttftSamples() > 0) {
        ttft.add(new Charts.Dumbbell(p.deployment(), p.p50TtftMs(), p.p95TtftMs(), c,
            p.deployment() + ": " + Fmt.count(p.ttftSamples()) + " streamed attempts, p50 "
                + Fmt.millis(p.p50TtftMs()) + ", p95 " + Fmt.millis(p.p95TtftMs())));
      }
    }
    b.append("<div class=\"grid2\"><div><h3>Attempt latency</h3>")
        .append(Charts.dumbbells(560, lat, "attempt latency", "Attempt latency p50 and p95"))
        .append("</div><div><h3>Time to first token</h3>")
        .append(ttft.isEmpty() ? "<p class=\"note\">No attempt recorded a time to first token.</p>"
            : Charts.dumbbells(560, ttft, "time to first token", "Time to first token p50 and p95"))
        .append("</div></div>");
    b.append("<div class=\"scroll\"><table class=\"data\"><thead><tr><th>deployment</th>"
        + "<th class=\"num\">attempts"
        + "</th><th class=\"num\">failure rate</th><th class=\"num\">latency p50</th>"
        + "<th class=\"num\">"
        + "p95</th><th class=\"num\">TTFT samples</th><th class=\"num\">TTFT p50</th>"
        + "<th class=\"num\">p95</th></tr></thead><tbody>");
    for (UsageReport.Performance p : perf) {
      b.append("<tr><td class=\"key\">")
          .append(swatch(colors.getOrDefault(p.deployment(), Charts.OTHER_COLOR)))
          .append(Fmt.html(p.deployment())).append("</td><td class=\"num\">")
          .append(Fmt.count(p.attempts())).append("</td><td class=\"num\">")
          .append(Fmt.percent(p.failedAttempts(), p.attempts())).append("</td><td class=\"num\">")
          .append(Fmt.millis(p.p50LatencyMs())).append("</td><td class=\"num\">")
          .append(Fmt.millis(p.p95LatencyMs())).append("</td><td class=\"num\">")
          .append(Fmt.count(p.ttftSamples())).append("</td><td class=\"num\">")
          .append(p.ttftSamples() == 0 ? "\u2013" : Fmt.millis(p.p50TtftMs()))
          .append("</td><td class=\"num\">")
          .append(p.ttftSamples() == 0 ? "\u2013" : Fmt.millis(p.p95TtftMs()))
          .append("</td></tr>");
    }
    b.append("</tbody></table></div></section>\n");
  }

  /** A mark's tooltip: its period and figures. */
  private interface Tip {
    String tip(String period, Row row);
  }

  /** A series over the buckets; a bucket without the key is a gap. */
  private static Charts.Series series(List<Bucket> buckets, String name, String color,
      Function<Bucket, Row> pick, ToDoubleFunction<Row> value, Tip tip) {
    return series(buckets, name, color, pick, value, tip, Double.NaN);
  }

  /** A series over the buckets; a bucket without the key is {@code missing}. */
  private static Charts.Series series(List<Bucket> buckets, String name, String color,
      Function<Bucket, Row> pick, ToDoubleFunction<Row> value, Tip tip, double missing) {
    double[] values = new double[buckets.size()];
    String[] tips = new String[buckets.size()];
    for (int i = 0; i < buckets.size(); i++) {
      Row row = pick.apply(buckets.get(i));
      values[i] = row == null ? missing : value.applyAsDouble(row);
      tips[i] = row == null ? "" : tip.tip(buckets.get(i).period(), row);
    }
    return new Charts.Series(name, color, values, tips);
  }

  private static Row find(Bucket b, String key) {
    for (Row row : b.rows()) {
      if (row.key().equals(key)) {
        return row;
      }
    }
    return null;
  }

  private static void legend(StringBuilder b, List<Charts.Series> series) {
    b.append("<div class=\"legend\">");
    for (Charts.Series s : series) {
      b.append("<span style=\"--c:").append(s.color()).append("\" title=\"")
          .append(Fmt.html(s.name())).append("\">")
          .append(Fmt.html(Charts.shorten(s.name(), 40))).append("</span>");
    }
    b.append("</div>");
  }

  private static String swatch(String color) {
    return "<span class=\"swatch\" style=\"background:" + (color == null ? Charts.OTHER_COLOR
        : color) + "\"></span>";
  }
}
