package io.vectornode.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.usage.UsageReport;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The figures of a report as JSON, embedded in the page ({@code <script type="application/json"
 * id="vn-data">}) so that a script or a test reads exactly what the page shows. Amounts are exact
 * decimal strings; counts are integers. Stateless.
 */
final class ReportJson {
  /** The data island's format version. */
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportJson() {}

  /** What the report was made from, beside its figures. */
  record Meta(String title, String source, Instant generated) {}

  static ObjectNode tree(UsageReport r, Meta meta) {
    ObjectNode o = JSON.createObjectNode();
    o.put("version", VERSION);
    o.put("title", meta.title());
    o.put("source", meta.source());
    o.put("generated", meta.generated().toString());
    o.put("by", r.options().tag());
    o.put("zone", r.options().zone().getId());
    o.put("interval", r.interval().name());
    o.put("since", text(r.options().since()));
    o.put("first", text(r.first()));
    o.put("last", text(r.last()));
    o.putObject("stats").put("records", r.stats().entries())
        .put("skippedLines", r.stats().skippedLines())
        .put("oversizedLines", r.stats().oversizedLines());
    o.set("total", row(r.total()));
    o.set("billing", breakdown(r.byTag()));
    o.set("byModel", breakdown(r.byModel()));
    o.set("byDeployment", breakdown(r.byDeployment()));
    o.set("byFirstDeployment", breakdown(r.byFirstDeployment()));
    o.set("byCatalog", breakdown(r.byCatalog()));
    ArrayNode perf = o.putArray("performance");
    for (UsageReport.Performance p : r.performance()) {
      perf.addObject().put("deployment", p.deployment()).put("attempts", p.attempts())
          .put("failedAttempts", p.failedAttempts()).put("p50LatencyMs", p.p50LatencyMs())
          .put("p95LatencyMs", p.p95LatencyMs()).put("ttftSamples", p.ttftSamples())
          .put("p50TtftMs", p.p50TtftMs()).put("p95TtftMs", p.p95TtftMs());
    }
    o.set("spend", series(r.spendSeries(), r.spend(), r.spendOverflow()));
    o.set("timeline", series(r.timelineSeries(), r.timeline(), r.timelineOverflow()));
    return o;
  }

  /**
   * The tree as text that is safe inside a {@code <script>} element: {@code <}, {@code >} and
   * {@code &} (only ever inside JSON strings) become {@code \u003c} and the like, so that no
   * value can close the element or open a comment, and line separators and format characters
   * are escaped; the JSON means the same.
   */
  static String island(UsageReport r, Meta meta) {
    String s = tree(r, meta).toString();
    StringBuilder b = new StringBuilder(s.length() + 64);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("\\u003c");
        case '>' -> b.append("\\u003e");
        case '&' -> b.append("\\u0026");
        default -> {
          // Line separators and invisible format characters (a right-to-left override) are
          // written as escapes too: the page's source then shows them for what they are.
          if (c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static ObjectNode series(java.util.List<String> keys,
      java.util.List<UsageReport.Bucket> buckets, UsageReport.@Nullable Row overflow) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode k = o.putArray("series");
    keys.forEach(k::add);
    ArrayNode list = o.putArray("buckets");
    for (UsageReport.Bucket b : buckets) {
      ObjectNode n = list.addObject();
      n.put("period", b.period());
      n.set("total", row(b.total()));
      ArrayNode rows = n.putArray("rows");
      b.rows().forEach(x -> rows.add(row(x)));
      n.set("other", b.other() == null ? null : row(b.other()));
    }
    o.set("overflow", overflow == null ? null : row(overflow));
    return o;
  }

  private static ObjectNode breakdown(UsageReport.Breakdown b) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode rows = o.putArray("rows");
    b.rows().forEach(x -> rows.add(row(x)));
    o.set("other", b.other() == null ? null : row(b.other()));
    return o;
  }

  static ObjectNode row(UsageReport.Row r) {
    return JSON.createObjectNode().put("key", r.key()).put("calls", r.calls())
        .put("failedCalls", r.failedCalls()).put("fellBackCalls", r.fellBackCalls())
        .put("attempts", r.attempts()).put("inputTokens", r.inputTokens())
        .put("outputTokens", r.outputTokens()).put("cachedInputTokens", r.cachedInputTokens())
        .put("cacheWriteTokens", r.cacheWriteTokens()).put("reasoningTokens", r.reasoningTokens())
        .put("costUsd", r.costUsd().toPlainString()).put("unknownCostCalls", r.unknownCostCalls())
        .put("estimatedCostCalls", r.estimatedCostCalls())
        .put("estimatedCostUsd", r.estimatedCostUsd().toPlainString());
  }

  private static @Nullable String text(@Nullable Instant i) {
    return i == null ? null : i.toString();
  }
}
