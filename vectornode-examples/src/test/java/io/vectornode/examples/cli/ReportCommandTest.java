package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.jdbc.JdbcLedger;
import io.vectornode.jdbc.TestPostgres;
import io.vectornode.usage.UsageLedger;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
  void report_jdbc_writesTheSameDataAsTheJsonlLedgerOfTheSameCalls() throws IOException {
    Path ledgerDir = dir.resolve("ledger");
    try (TestPostgres pg = TestPostgres.start()) {
      SampleLedger.SampleClock clock = new SampleLedger.SampleClock(Instant.EPOCH);
      JdbcLedger db = JdbcLedger.builder().url(pg.jdbcUrl()).table("cli_calls")
          .spool(dir.resolve("spool")).clock(clock).build();
      try (UsageLedger files = UsageLedger.open(ledgerDir, clock, ZoneOffset.UTC)) {
        SampleLedger.generate(FIRST_DAY, 20, 80, 7, clock, e -> {
          files.onCallEnd(e);
          db.onCallEnd(e);
        });
      } finally {
        db.close();
      }
      Path fromFiles = dir.resolve("files.html");
      Path fromDb = dir.resolve("db.html");
      assertThat(report("--ledger", ledgerDir.toString(), "--since", "2026-10-06", "--out",
          fromFiles.toString())).isZero();
      assertThat(report("--jdbc", pg.jdbcUrl(), "--jdbc-table", "cli_calls", "--since",
          "2026-10-06", "--out", fromDb.toString())).isZero();
      JsonNode a = island(Files.readString(fromFiles));
      JsonNode b = island(Files.readString(fromDb));
      assertThat(a.get("stats").get("records").asLong()).isGreaterThan(1_000);
      assertThat(b.get("source").asText()).contains("jdbc:postgresql://127.0.0.1:")
          .contains("table cli_calls");
      ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("source");
      ((com.fasterxml.jackson.databind.node.ObjectNode) b).remove("source");
      assertThat(b).isEqualTo(a);
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

  private static CallEndEvent call(String id, String team, String model, String deployment,
      String usd) {
    AttemptEvent a = new AttemptEvent(id, 1, "openai", model, deployment, "key-1",
        CallOutcome.SUCCESS, null, Usage.of(100, 10),
        usd == null ? Cost.unknown() : Cost.of(new BigDecimal(usd), "cat"), Duration.ofMillis(80),
        Duration.ofMillis(20), null);
    return new CallEndEvent(id, null, team == null ? Map.of() : Map.of("team", team), "openai",
        model, Usage.of(100, 10), a.cost(), Duration.ofMillis(90), Duration.ofMillis(25),
        List.of(a), CallOutcome.SUCCESS, null);
  }

  private Path write(List<CallEndEvent> calls) {
    Path ledgerDir = dir.resolve("ledger");
    SampleLedger.SampleClock clock = new SampleLedger.SampleClock(NOW.minusSeconds(3600));
    try (UsageLedger ledger = UsageLedger.open(ledgerDir, clock, ZoneOffset.UTC)) {
      calls.forEach(ledger::onCallEnd);
    }
    return ledgerDir;
  }

  @Test
  void report_hostileTagAndModelNames_escapedInHtmlSvgJsonAndCsv() throws IOException {
    List<String> teams = List.of("<script>alert(1)</script>", "\"quoted\" & <b>bold</b>",
        "=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd", "-2+3", "@SUM(A1)",
        "rtl\u202eevil", "it's");
    List<CallEndEvent> calls = new ArrayList<>();
    for (int i = 0; i < teams.size(); i++) {
      calls.add(call("vn-" + i, teams.get(i), "</script><img src=x onerror=alert(1)>",
          "<svg onload=alert('d')>", "0.0" + (i + 1)));
    }
    Path html = dir.resolve("r.html");
    Path csv = dir.resolve("b.csv");
    assertThat(report("--ledger", write(calls).toString(), "--out", html.toString(), "--csv",
        csv.toString())).isZero();
    String page = Files.readString(html);

    // One script element (the data island, not executed), one style, and only our own SVG.
    assertThat(Pattern.compile("(?i)<script").matcher(page).results().count()).isEqualTo(1);
    assertThat(page).doesNotContain("<img").doesNotContain("<svg onload").doesNotContain("<b>bold")
        .doesNotContain("\u202e");
    // No element carries an event handler: outside the (double-quoted, escaped) attribute
    // values of every tag, there is no on...= attribute.
    Matcher tags = Pattern.compile("<[a-zA-Z][^>]*>").matcher(page);
    while (tags.find()) {
      assertThat(tags.group().replaceAll("\"[^\"]*\"", "\"\""))
          .doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
    }
    assertThat(Pattern.compile("<svg").matcher(page).results().count())
        .isEqualTo(Pattern.compile("<svg class=\"chart\"").matcher(page).results().count())
        .isPositive();
    assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;")
        .contains("&lt;svg onload=alert(&#39;d&#39;)&gt;")
        .contains("rtl\ufffdevil");
    // In the SVG too: a column's tooltip names its team.
    assertThat(page).containsPattern("<title>[^<]*&lt;script&gt;alert\\(1\\)&lt;/script&gt;: \\$");
    // The data island holds no '<' at all, and means the raw values exactly.
    Matcher m = Pattern.compile("id=\"vn-data\">(.*?)</script>", Pattern.DOTALL).matcher(page);
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).doesNotContain("<").doesNotContain(">");
    JsonNode d = island(page);
    List<String> keys = new ArrayList<>();
    d.get("billing").get("rows").forEach(r -> keys.add(r.get("key").asText()));
    assertThat(keys).containsExactlyInAnyOrderElementsOf(teams);
    assertThat(d.get("byModel").get("rows").get(0).get("key").asText())
        .isEqualTo("</script><img src=x onerror=alert(1)>");
    // The visible table shows each name as text.
    List<String> shown = new ArrayList<>();
    billingTable(page, "tbody").forEach(r -> shown.add(r.get(0)[1]));
    assertThat(shown).containsExactlyInAnyOrder("<script>alert(1)</script>",
        "\"quoted\" & <b>bold</b>", "=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd", "-2+3",
        "@SUM(A1)", "rtl\ufffdevil", "it's");

    // CSV: quoted where needed, and no cell a spreadsheet would run as a formula.
    String text = Files.readString(csv);
    assertThat(text).contains("\r\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",")
        .contains("\r\n'+cmd,").contains("\r\n'-2+3,").contains("\r\n'@SUM(A1),")
        .contains("\r\n\"\"\"quoted\"\" & <b>bold</b>\",");
    List<String> csvKeys = new ArrayList<>();
    csv(text).subList(1, 9).forEach(r -> csvKeys.add(r.get(0)));
    assertThat(csvKeys).containsExactlyInAnyOrder("<script>alert(1)</script>",
        "\"quoted\" & <b>bold</b>", "'=HYPERLINK(\"http://evil.example\",\"x\")", "'+cmd", "'-2+3",
        "'@SUM(A1)", "rtl\u202eevil", "it's");
    assertThat(csvKeys).noneMatch(k -> !k.isEmpty() && "=+-@".indexOf(k.charAt(0)) >= 0);
  }

  @Test
  void report_jdbcThroughAFactoryOnTheClassPath_sameFiguresAsTheFilesWithItsSettings()
      throws IOException {
    Path ledgerDir = dir.resolve("ledger");
    ledger(ledgerDir, 10, 60, Instant.EPOCH);
    Path fromFiles = dir.resolve("files.html");
    Path fromDb = dir.resolve("db.html");
    assertThat(report("--ledger", ledgerDir.toString(), "--out", fromFiles.toString()))
        .isZero();
    out.reset();
    int status = new ReportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        Clock.fixed(NOW, ZoneOffset.UTC), Map.of("VN_DB_PASSWORD", "s3cret"))
        .run(new String[] {"--jdbc", "jdbc:vntest:" + ledgerDir, "--jdbc-user", "vn",
            "--jdbc-table", "calls", "--out", fromDb.toString()});
    assertThat(status).isZero();
    assertThat(TestJdbcLedgerSourceFactory.lastSettings).containsExactlyInAnyOrderEntriesOf(
        Map.of("user", "vn", "table", "calls", "password", "s3cret"));
    assertThat(TestJdbcLedgerSourceFactory.closed).isTrue();
    com.fasterxml.jackson.databind.node.ObjectNode a =
        (com.fasterxml.jackson.databind.node.ObjectNode) island(Files.readString(fromFiles));
    com.fasterxml.jackson.databind.node.ObjectNode b =
        (com.fasterxml.jackson.databind.node.ObjectNode) island(Files.readString(fromDb));
    assertThat(b.remove("source").asText()).isEqualTo("vntest database");
    a.remove("source");
    assertThat(b).isEqualTo(a);
    assertThat(a.get("total").get("calls").asLong()).isPositive();
    assertThat(Files.readString(fromDb)).doesNotContain("s3cret");
  }

  @Test
  void report_jdbcUrlNothingReads_exitOneNamingTheModuleNotThePassword() {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"report", "--jdbc",
        "jdbc:nosuchdb://vn:hunter2@db/app", "--out", dir.resolve("x.html").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8), Map.of());
    assertThat(status).isEqualTo(1);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("vectornode-jdbc")
        .contains("jdbc:nosuchdb://vn:***@db/app").doesNotContain("hunter2")
        .contains("jdbc:vntest:");
    assertThat(dir.resolve("x.html")).doesNotExist();
  }

  @Test
  void report_mistakes_exitTwoWithTheUsage() {
    String ledger = dir.toString();
    for (String[] args : List.of(new String[] {"report", "--ledger", ledger},
        new String[] {"report", "--sample", "--ledger", ledger, "--out", "x.html"},
        new String[] {"report", "--ledger", ledger, "--jdbc", "jdbc:x:", "--out", "x.html"},
        new String[] {"report", "--out", "x.html"},
        new String[] {"report", "--ledger", ledger, "--out", "x.html", "--per", "week"},
        new String[] {"report", "--ledger", ledger, "--out", "x.html", "--zone", "Mars/Base"},
        new String[] {"report", "--ledger", ledger, "--out", "x.html", "--max-groups", "0"},
        new String[] {"report", "--ledger", ledger, "--out", "x.html", "--since", "soon"},
        new String[] {"report", "--ledger", ledger, "--out", "x.html", "--bogus"})) {
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      assertThat(Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(stderr, true, StandardCharsets.UTF_8), Map.of()))
          .as(String.join(" ", args)).isEqualTo(2);
      assertThat(stderr.toString(StandardCharsets.UTF_8)).startsWith("vectornode: ");
    }
    out.reset();
    assertThat(Main.run(new String[] {"report", "--help"}, new PrintStream(out, true,
        StandardCharsets.UTF_8), System.err, Map.of())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--jdbc URL").contains("--csv")
        .contains("fell back").contains("VN_DB_PASSWORD");
  }

  @Test
  void report_sample_everySectionAndNothingFetched() throws IOException {
    Path html = dir.resolve("sample.html");
    assertThat(report("--sample", "--out", html.toString())).isZero();
    String page = Files.readString(html);
    assertThat(page).contains("Spend per day by team", "Billing by team",
        "Spend and tokens by model", "Spend and tokens by deployment", "Deployments over time",
        "Error rate", "Fallback rate", "Latency and time to first token",
        "Cache-read share of input tokens", "sample ledger (generated: 30 days to 2026-11-10)");
    // Nothing outside the page: the only URLs are the SVG namespace and the CSV's data: link.
    assertThat(Pattern.compile("https?://[^\"]*").matcher(page).results().map(r -> r.group())
        .distinct()).containsOnly("http://www.w3.org/2000/svg");
    assertThat(page).doesNotContain("<link").doesNotContain("@import").doesNotContain("src=")
        .contains("Content-Security-Policy\" content=\"default-src 'none'");
    JsonNode d = island(page);
    assertThat(d.get("billing").get("rows")).hasSize(6);
    assertThat(d.get("spend").get("buckets")).hasSize(30);
    assertThat(d.get("total").get("fellBackCalls").asLong()).isPositive();
  }

  @Test
  void report_moreTeamsThanTheLimit_otherRowsAndTheWarningShown() throws IOException {
    List<CallEndEvent> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(call("vn-" + i, "team-" + i, "m", "d", i == 0 ? null : "1." + i));
    }
    calls.add(call("vn-x", null, "m", "d", "5"));
    Path html = dir.resolve("r.html");
    Path csv = dir.resolve("b.csv");
    assertThat(report("--ledger", write(calls).toString(), "--out", html.toString(), "--csv",
        csv.toString(), "--max-groups", "3")).isZero();
    String page = Files.readString(html);
    assertThat(page).contains("Group limit reached").contains("1 call(s) have an unknown cost");
    List<List<String[]>> body = billingTable(page, "tbody");
    assertThat(body).hasSize(4);
    assertThat(body.get(3).get(0)[1]).isEqualTo("(other)");
    assertThat(body.get(3).get(1)[1]).isEqualTo("8");
    // A row none of whose calls was priced says so instead of showing $0.00.
    assertThat(body.stream().filter(r -> r.get(0)[1].equals("team-0")).findFirst()
        .orElseThrow().get(6)[1]).isEqualTo("unknown");
    List<List<String>> rows = csv(Files.readString(csv));
    assertThat(rows).hasSize(5);
    assertThat(rows.get(4).get(0)).isEqualTo("(other)");
    BigDecimal sum = BigDecimal.ZERO;
    for (List<String> r : rows.subList(1, 5)) {
      sum = sum.add(new BigDecimal(r.get(10)));
    }
    // 1.1 + 1.2 + ... + 1.9 for the priced teams, 5 for the call without a team.
    assertThat(sum).isEqualByComparingTo("18.5");
  }

  @Test
  void report_emptyLedger_zeroTotalsAndSaysSo() throws IOException {
    Path ledger = dir.resolve("empty.jsonl");
    Files.writeString(ledger, "");
    Path html = dir.resolve("r.html");
    assertThat(report("--ledger", ledger.toString(), "--out", html.toString())).isZero();
    String page = Files.readString(html);
    assertThat(page).contains("No calls in the period");
    assertThat(island(page).get("total").get("calls").asLong()).isZero();
    assertThat(billingTable(page, "tfoot").get(0).get(6)[1]).isEqualTo("$0.00");
  }

  /**
   * The report keeps no record: a ledger whose records would need several times the heap is
   * reported by a child JVM with {@code -Xmx24m}, and its figures are right.
   */
  @Test
  void report_ledgerFarLargerThanTheHeap_succeedsInAChildJvmWithTwentyFourMegabytes()
      throws Exception {
    int records = 100_000;
    Path ledger = dir.resolve("big.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(ledger, StandardCharsets.UTF_8)) {
      for (int i = 0; i < records; i++) {
        String ts = Instant.parse("2026-10-01T00:00:00Z").plusSeconds(26L * i).toString();
        w.write("{\"ts\":\"" + ts + "\",\"requestId\":\"vn-" + i + "\",\"tags\":{\"team\":\"t"
            + i % 7 + "\",\"user\":\"u" + i + "\"},\"provider\":\"openai\",\"model\":\"m" + i % 3
            + "\",\"outcome\":\"SUCCESS\",\"latencyMs\":" + (10 + i % 900) + ",\"ttftMs\":5,"
            + "\"usage\":{\"input\":10,\"output\":2,\"cachedInput\":4},\"cost\":{\"known\":true,"
            + "\"usd\":\"0.000001\",\"estimated\":false,\"catalog\":\"c\"},\"attempts\":[{\"n\":1,"
            + "\"deployment\":\"d" + i % 4 + "\",\"outcome\":\"SUCCESS\",\"latencyMs\":9}]}\n");
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path html = dir.resolve("big.html");
    Path stderr = dir.resolve("stderr");
    Process p = new ProcessBuilder(java, "-Xmx24m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "report", "--ledger", ledger.toString(), "--out", html.toString())
        .redirectOutput(dir.resolve("stdout").toFile()).redirectError(stderr.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished")
        .isTrue();
    assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
    JsonNode d = island(Files.readString(html));
    assertThat(d.get("total").get("calls").asLong()).isEqualTo(records);
    assertThat(new BigDecimal(d.get("total").get("costUsd").asText()))
        .isEqualByComparingTo("0.1");
    assertThat(d.get("total").get("cachedInputTokens").asLong()).isEqualTo(4L * records);
    assertThat(d.get("billing").get("rows")).hasSize(7);
    assertThat(d.get("spend").get("buckets")).hasSize(31);
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
    if (s.unknown == s.calls) {
      assertThat(row.get(6)[1]).isEqualTo("unknown");
    } else {
      assertShownAmount(row.get(6)[1], s.cost);
    }
    assertThat(row.get(7)[1].replace(",", "")).isEqualTo(Long.toString(s.unknown));
    assertThat(row.get(8)[1].replace(",", "")).isEqualTo(Long.toString(s.estimated));
  }
}
