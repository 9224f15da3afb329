package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.usage.UsageLedger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vectornode report}: the figures in the page (data island and visible billing table) and
 * the CSV equal totals computed here, independently, from the very events the ledger was written
 * from.
 */
class ReportCommandTest {
  private static final LocalDate FIRST_DAY = LocalDate.parse("2026-10-01");
  private static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Totals of a group of calls, summed from the events' own values. */
  static final class Sum {
    long calls;
    long failed;
    long fellBack;
    long attempts;
    long input;
    long output;
    long cached;
    long cacheWrite;
    long reasoning;
    BigDecimal cost = BigDecimal.ZERO;
    long unknown;
    long estimated;
    BigDecimal estimatedCost = BigDecimal.ZERO;

    void add(CallEndEvent e) {
      calls++;
      failed += e.outcome() == CallOutcome.SUCCESS ? 0 : 1;
      AttemptEvent first = e.attempts().get(0);
      AttemptEvent ok = e.attempts().stream().filter(a -> a.outcome() == CallOutcome.SUCCESS)
          .findFirst().orElse(null);
      fellBack += ok != null && !Objects.equals(ok.deployment(), first.deployment()) ? 1 : 0;
      attempts += e.attempts().size();
      input += e.usage().inputTokens();
      output += e.usage().outputTokens();
      cached += e.usage().cachedInputTokens();
      cacheWrite += e.usage().cacheWriteTokens();
      reasoning += e.usage().reasoningTokens();
      if (e.cost().usd().isEmpty()) {
        unknown++;
      } else {
        cost = cost.add(e.cost().usd().get());
        if (e.cost().estimated()) {
          estimated++;
          estimatedCost = estimatedCost.add(e.cost().usd().get());
        }
      }
    }

    /** Compares with a row of the data island. */
    void check(JsonNode row, String what) {
      assertThat(row.get("calls").asLong()).as(what + " calls").isEqualTo(calls);
      assertThat(row.get("failedCalls").asLong()).as(what + " failed").isEqualTo(failed);
      assertThat(row.get("fellBackCalls").asLong()).as(what + " fell back").isEqualTo(fellBack);
      assertThat(row.get("attempts").asLong()).as(what + " attempts").isEqualTo(attempts);
      assertThat(row.get("inputTokens").asLong()).as(what + " input").isEqualTo(input);
      assertThat(row.get("outputTokens").asLong()).as(what + " output").isEqualTo(output);
      assertThat(row.get("cachedInputTokens").asLong()).as(what + " cached").isEqualTo(cached);
      assertThat(row.get("cacheWriteTokens").asLong()).as(what + " writes").isEqualTo(cacheWrite);
      assertThat(row.get("reasoningTokens").asLong()).as(what + " reasoning")
          .isEqualTo(reasoning);
      assertThat(new BigDecimal(row.get("costUsd").asText())).as(what + " cost")
          .isEqualByComparingTo(cost);
      assertThat(row.get("unknownCostCalls").asLong()).as(what + " unknown").isEqualTo(unknown);
      assertThat(row.get("estimatedCostCalls").asLong()).as(what + " estimated")
          .isEqualTo(estimated);
      assertThat(new BigDecimal(row.get("estimatedCostUsd").asText())).as(what + " est. cost")
          .isEqualByComparingTo(estimatedCost);
    }
  }

  /** What the test expects, from the events handed to the ledger. */
  static final class Expected {
    final Sum total = new Sum();
    final Map<String, Sum> byTeam = new HashMap<>();
    final Map<String, Sum> byModel = new HashMap<>();
    final Map<String, Sum> byDeployment = new HashMap<>();
    final Map<String, Sum> byFirst = new HashMap<>();
    final Map<String, Sum> byDay = new TreeMap<>();
    final Map<String, Map<String, Sum>> byDayTeam = new HashMap<>();
    final Map<String, long[]> attemptsByDeployment = new HashMap<>();

    void add(CallEndEvent e, Instant ts) {
      String team = e.tags().getOrDefault("team", "(none)");
      String last = e.attempts().get(e.attempts().size() - 1).deployment();
      String day = LocalDate.ofInstant(ts, ZoneOffset.UTC).toString();
      total.add(e);
      byTeam.computeIfAbsent(team, k -> new Sum()).add(e);
      byModel.computeIfAbsent(String.valueOf(e.model()), k -> new Sum()).add(e);
      byDeployment.computeIfAbsent(last, k -> new Sum()).add(e);
      byFirst.computeIfAbsent(e.attempts().get(0).deployment(), k -> new Sum()).add(e);
      byDay.computeIfAbsent(day, k -> new Sum()).add(e);
      byDayTeam.computeIfAbsent(day, k -> new HashMap<>()).computeIfAbsent(team, k -> new Sum())
          .add(e);
      for (AttemptEvent a : e.attempts()) {
        long[] c = attemptsByDeployment.computeIfAbsent(a.deployment(), k -> new long[3]);
        c[0]++;
        c[1] += a.outcome() == CallOutcome.SUCCESS ? 0 : 1;
        c[2] += a.timeToFirstToken() == null ? 0 : 1;
      }
    }
  }

  /** Writes a sample ledger through the real UsageLedger and returns the expected totals. */
  private Expected ledger(Path ledgerDir, int days, int callsPerDay, Instant since) {
    Expected expected = new Expected();
    SampleLedger.SampleClock clock = new SampleLedger.SampleClock(Instant.EPOCH);
    try (UsageLedger ledger = UsageLedger.open(ledgerDir, clock, ZoneOffset.UTC)) {
      SampleLedger.generate(FIRST_DAY, days, callsPerDay, 7, clock, e -> {
        ledger.onCallEnd(e);
        if (!clock.instant().isBefore(since)) {
          expected.add(e, clock.instant());
        }
      });
    }
    return expected;
  }

  private int report(String... args) {
    out.reset();
    err.reset();
    return new ReportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        Clock.fixed(NOW, ZoneOffset.UTC), Map.of()).run(args);
  }

  static JsonNode island(String html) throws IOException {
    Matcher m = Pattern.compile(
        "<script type=\"application/json\" id=\"vn-data\">(.*?)</script>", Pattern.DOTALL)
        .matcher(html);
    assertThat(m.find()).as("data island").isTrue();
    return JSON.readTree(m.group(1));
  }

  /** The visible billing table: per row, each cell's exact value (data-v) and shown text. */
  static List<List<String[]>> billingTable(String html, String part) {
    Matcher t = Pattern.compile("<table class=\"data\" id=\"billing\">.*?<" + part
        + ">(.*?)</" + part + ">", Pattern.DOTALL).matcher(html);
    assertThat(t.find()).as("billing " + part).isTrue();
    List<List<String[]>> rows = new ArrayList<>();
    Matcher tr = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(t.group(1));
    Pattern td = Pattern.compile("<td([^>]*)>(.*?)</td>");
    Pattern v = Pattern.compile(" data-v=\"([^\"]*)\"");
    while (tr.find()) {
      List<String[]> cells = new ArrayList<>();
      Matcher c = td.matcher(tr.group(1));
      while (c.find()) {
        Matcher dv = v.matcher(c.group(1));
        cells.add(new String[] {dv.find() ? unescape(dv.group(1)) : null, unescape(c.group(2))});
      }
      rows.add(cells);
    }
    return rows;
  }

  static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&amp;", "&");
  }

  /** RFC 4180 fields of a CSV text. */
  static List<List<String>> csv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(f.toString());
        f.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(f.toString());
        f.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        f.append(c);
      }
    }
    assertThat(f.length()).as("CSV ends with CRLF").isZero();
    return rows;
  }

  /** The shown amount is the exact one rounded as the page states, never further from it. */
  static void assertShownAmount(String shown, BigDecimal exact) {
    assertThat(shown).startsWith("$");
    BigDecimal v = new BigDecimal(shown.substring(1).replace(",", ""));
    if (exact.compareTo(BigDecimal.ONE) >= 0) {
      assertThat(v).as(shown).isEqualByComparingTo(exact.setScale(2, RoundingMode.HALF_UP));
    } else if (exact.signum() > 0) {
      assertThat(v.subtract(exact).abs()).as(shown + " vs " + exact)
          .isLessThanOrEqualTo(exact.multiply(new BigDecimal("0.0005")));
    } else {
      assertThat(v.signum()).isZero();
    }
  }

  @Test
  void report_generatedLedger_pageTableAndCsvEqualTotalsComputedFromTheEvents()
      throws IOException {
    Path ledgerDir = dir.resolve("ledger");
    Instant since = FIRST_DAY.plusDays(5).atStartOfDay(ZoneOffset.UTC).toInstant();
    Expected x = ledger(ledgerDir, 40, 160, since);
    // Failures, fallbacks, unknown and estimated costs and caching all occur in the sample.
    assertThat(x.total.calls).isGreaterThan(5_000);
    assertThat(x.total.failed).isPositive();
    assertThat(x.total.fellBack).isPositive();
    assertThat(x.total.unknown).isPositive();
    assertThat(x.total.estimated).isPositive();
    assertThat(x.total.cached).isPositive();
    assertThat(x.byTeam).containsKey("(none)").hasSize(6);

    Path html = dir.resolve("out/report.html");
    Path csv = dir.resolve("out/billing.csv");
    assertThat(report("--ledger", ledgerDir.toString(), "--since", "2026-10-06", "--out",
        html.toString(), "--csv", csv.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote " + html)
        .contains(Fmt.count(x.total.calls) + " calls").contains("wrote " + csv);
    String page = Files.readString(html);

    JsonNode d = island(page);
    assertThat(d.get("by").asText()).isEqualTo("team");
    assertThat(d.get("interval").asText()).isEqualTo("DAY");
    assertThat(d.get("stats").get("records").asLong()).isEqualTo(x.total.calls);
    assertThat(d.get("stats").get("skippedLines").asLong()).isZero();
    x.total.check(d.get("total"), "total");
    checkBreakdown(d.get("billing"), x.byTeam, "team");
    checkBreakdown(d.get("byModel"), x.byModel, "model");
    checkBreakdown(d.get("byDeployment"), x.byDeployment, "deployment");
    checkBreakdown(d.get("byFirstDeployment"), x.byFirst, "first deployment");
    JsonNode spend = d.get("spend");
    assertThat(spend.get("overflow").isNull()).isTrue();
    assertThat(spend.get("buckets")).hasSize(35);
    int i = 0;
    for (Map.Entry<String, Sum> day : x.byDay.entrySet()) {
      JsonNode b = spend.get("buckets").get(i++);
      assertThat(b.get("period").asText()).isEqualTo(day.getKey());
      day.getValue().check(b.get("total"), day.getKey());
      for (JsonNode row : b.get("rows")) {
        x.byDayTeam.get(day.getKey()).get(row.get("key").asText()).check(row,
            day.getKey() + " " + row.get("key").asText());
      }
    }
    for (JsonNode p : d.get("performance")) {
      long[] c = x.attemptsByDeployment.get(p.get("deployment").asText());
      assertThat(new long[] {p.get("attempts").asLong(), p.get("failedAttempts").asLong(),
          p.get("ttftSamples").asLong()}).as(p.toString()).containsExactly(c);
    }
    assertThat(d.get("performance")).hasSize(x.attemptsByDeployment.size());

    // The visible billing table: one row per team, exact values in data-v, rounded text.
    List<List<String[]>> body = billingTable(page, "tbody");
    assertThat(body).hasSize(x.byTeam.size());
    for (List<String[]> row : body) {
      Sum s = x.byTeam.get(row.get(0)[1]);
      assertThat(s).as(row.get(0)[1]).isNotNull();
      checkBillingRow(row, s);
    }
    List<List<String[]>> foot = billingTable(page, "tfoot");
    assertThat(foot.get(0).get(0)[1]).isEqualTo("Total");
    checkBillingRow(foot.get(0), x.total);
    assertThat(page).contains(Fmt.ROUNDING);
    // Unknown and estimated costs are shown, not hidden.
    assertThat(page).contains(Fmt.count(x.total.unknown) + " call(s) have an unknown cost")
        .contains(Fmt.count(x.total.estimated) + " call(s) were priced from estimated tokens");

    // The CSV: exact amounts, one row per team, the same as the page's link.
    String csvText = Files.readString(csv);
    List<List<String>> rows = csv(csvText);
    assertThat(rows.get(0)).containsExactly("team", "calls", "failed_calls", "fell_back_calls",
        "attempts", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens",
        "reasoning_tokens", "cost_usd", "unknown_cost_calls", "estimated_cost_calls",
        "estimated_cost_usd");
    assertThat(rows).hasSize(1 + x.byTeam.size());
    BigDecimal csvTotal = BigDecimal.ZERO;
    for (List<String> r : rows.subList(1, rows.size())) {
      Sum s = x.byTeam.get(r.get(0));
      assertThat(List.of(r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7),
          r.get(8), r.get(9), r.get(11), r.get(12))).as(r.get(0)).containsExactly(
          "" + s.calls, "" + s.failed, "" + s.fellBack, "" + s.attempts, "" + s.input,
          "" + s.cached, "" + s.cacheWrite, "" + s.output, "" + s.reasoning, "" + s.unknown,
          "" + s.estimated);
      assertThat(new BigDecimal(r.get(10))).isEqualByComparingTo(s.cost);
      assertThat(new BigDecimal(r.get(13))).isEqualByComparingTo(s.estimatedCost);
      csvTotal = csvTotal.add(new BigDecimal(r.get(10)));
    }
    assertThat(csvTotal).isEqualByComparingTo(x.total.cost);
    assertThat(page).contains("href=\"" + ReportPage.dataUri(csvText) + "\"");
  }

  private static void checkBreakdown(JsonNode b, Map<String, Sum> expected, String what) {
    assertThat(b.get("other").isNull()).as(what + " other").isTrue();
    assertThat(b.get("rows")).as(what).hasSize(expected.size());
    BigDecimal previous = null;
    for (JsonNode row : b.get("rows")) {
      Sum s = expected.get(row.get("key").asText());
      assertThat(s).as(what + " " + row.get("key")).isNotNull();
      s.check(row, what + " " + row.get("key").asText());
      BigDecimal cost = new BigDecimal(row.get("costUsd").asText());
      assertThat(previous == null || previous.compareTo(cost) >= 0).as("highest cost first")
          .isTrue();
      previous = cost;
    }
  }

  private static void checkBillingRow(List<String[]> row, Sum s) {
    assertThat(row).hasSize(10);
    long[] counts = {s.calls, s.failed, s.input, s.cached, s.output};
    for (int c = 0; c < counts.length; c++) {
      assertThat(row.get(c + 1)[0]).isEqualTo(Long.toString(counts[c]));
      assertThat(row.get(c + 1)[1]).isEqualTo(Fmt.count(counts[c]));
      assertThat(Long.parseLong(row.get(c + 1)[1].replace(",", ""))).isEqualTo(counts[c]);
    }
    assertThat(new BigDecimal(row.get(6)[0])).isEqualByComparingTo(s.cost);
    assertShownAmount(row.get(6)[1], s.cost);
    assertThat(row.get(7)[1].replace(",", "")).isEqualTo(Long.toString(s.unknown));
    assertThat(row.get(8)[1].replace(",", "")).isEqualTo(Long.toString(s.estimated));
  }
}
