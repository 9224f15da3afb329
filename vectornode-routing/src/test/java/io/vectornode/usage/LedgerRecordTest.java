package io.vectornode.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Usage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LedgerRecord}: the ledger line both ways, the same as the ledger always wrote it. */
class LedgerRecordTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant TS = Instant.parse("2026-11-20T10:00:00.123Z");

  static CallEndEvent event(String id, Map<String, String> tags) {
    AttemptEvent first = new AttemptEvent(id, 1, "openai", "gpt-4o", "primary", "key-0a1b2c3d",
        CallOutcome.FAILURE, new IllegalStateException("slow down"),
        Usage.ZERO, Cost.unknown(), Duration.ofMillis(12), null, "fallback", true);
    AttemptEvent second = new AttemptEvent(id, 2, "anthropic", "claude", "backup", "key-9f8e7d6c",
        CallOutcome.SUCCESS, null, new Usage(1200, 80, 1000, 100, 30),
        Cost.estimated(new BigDecimal("0.0000123"), "litellm-2026-07-24"), Duration.ofMillis(340),
        Duration.ofMillis(95), null);
    return new CallEndEvent(id, "summarize", tags, "anthropic", "claude",
        new Usage(1200, 80, 1000, 100, 30),
        Cost.estimated(new BigDecimal("0.0000123"), "litellm-2026-07-24"), Duration.ofMillis(360),
        Duration.ofMillis(110), List.of(first, second), CallOutcome.SUCCESS, null);
  }

  /** The line as UsageLedger built it before LedgerRecord existed (a tree, then toString). */
  static String oldLine(CallEndEvent e, Instant ts) {
    ObjectNode o = JSON.createObjectNode();
    o.put("ts", ts.toString());
    o.put("requestId", e.requestId());
    o.put("task", e.task());
    o.set("tags", JSON.valueToTree(e.tags()));
    o.put("provider", e.provider());
    o.put("model", e.model());
    o.put("outcome", e.outcome().name());
    o.put("error", e.errorType());
    o.put("latencyMs", e.latency().toMillis());
    o.put("ttftMs", e.timeToFirstToken() == null ? null : e.timeToFirstToken().toMillis());
    oldUsage(o.putObject("usage"), e.usage());
    oldCost(o, e.cost());
    var attempts = o.putArray("attempts");
    for (AttemptEvent a : e.attempts()) {
      ObjectNode n = attempts.addObject();
      n.put("n", a.attempt());
      n.put("deployment", a.deployment());
      n.put("provider", a.provider());
      n.put("model", a.model());
      n.put("keyId", a.keyId());
      n.put("outcome", a.outcome().name());
      n.put("error", a.errorType());
      n.put("reason", a.reason());
      if (a.localState()) {
        n.put("localState", true);
      }
      n.put("latencyMs", a.latency().toMillis());
      n.put("ttftMs", a.timeToFirstToken() == null ? null : a.timeToFirstToken().toMillis());
      oldUsage(n.putObject("usage"), a.usage());
      oldCost(n, a.cost());
    }
    return o.toString();
  }

  private static void oldUsage(ObjectNode n, Usage u) {
    n.put("input", u.inputTokens());
    n.put("output", u.outputTokens());
    n.put("cachedInput", u.cachedInputTokens());
    n.put("cacheWrite", u.cacheWriteTokens());
    n.put("reasoning", u.reasoningTokens());
  }

  private static void oldCost(ObjectNode n, Cost c) {
    ObjectNode o = n.putObject("cost");
    o.put("known", c.known());
    o.put("usd", c.usd().map(BigDecimal::toPlainString).orElse(null));
    o.put("estimated", c.estimated());
    o.put("catalog", c.catalogVersion());
  }

  @Test
  void toJson_isByteForByteTheLineTheLedgerWroteBefore() {
    for (CallEndEvent e : List.of(
        event("vn-1", Map.of("team", "a\"b\\c", "feature", "résumé ✓ 🚀", "nul", "x\u0000y")),
        event("vn-2", Map.of("lone", "a\uD83D", "pair", "\uD83D\uDE80")),
        new CallEndEvent("vn-3", null, Map.of(), null, null, Usage.ZERO, Cost.unknown(),
            Duration.ZERO, null, List.of(), CallOutcome.CANCELLED, new IllegalStateException()))) {
      assertThat(LedgerRecord.of(e, TS).toJson()).isEqualTo(oldLine(e, TS));
      assertThat(LedgerRecord.of(e, TS).toLine())
          .isEqualTo((oldLine(e, TS) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void parse_ofToJson_isTheSameRecord() {
    CallEndEvent e = event("vn-round", Map.of("team", "t\"1", "emoji", "🚀", "ctl", "a\u0001\n"));
    LedgerRecord r = LedgerRecord.of(e, TS);
    LedgerRecord back = LedgerRecord.parse(r.toJson()).orElseThrow();
    assertThat(back).isEqualTo(r);
    assertThat(back.deployment()).isEqualTo("backup");
    assertThat(back.keyId()).isEqualTo("key-9f8e7d6c");
    assertThat(back.attempts().get(0).localState()).isTrue();
    assertThat(back.attempts().get(0).error()).isEqualTo("IllegalStateException");
    assertThat(back.cost().estimated()).isTrue();
    assertThat(back.cost().usd()).contains(new BigDecimal("0.0000123"));
    assertThat(back.ttftMs()).isEqualTo(110L);
    assertThat(back.attempts().get(0).ttftMs()).isNull();
  }

  @Test
  void parse_hugeCounts_roundTrip() {
    CallEndEvent e = new CallEndEvent("vn-huge", null, Map.of(), "p", "m",
        new Usage(Long.MAX_VALUE, Long.MAX_VALUE - 1, 0, 0, 0),
        Cost.of(new BigDecimal("92233720368.547758079"), "v"), Duration.ofDays(3), null,
        List.of(), CallOutcome.SUCCESS, null);
    LedgerRecord r = LedgerRecord.of(e, TS);
    assertThat(LedgerRecord.parse(r.toJson())).contains(r);
  }

  @Test
  void parse_refusesWhatIsNotAWholeRecord() {
    String good = LedgerRecord.of(event("vn-ok", Map.of()), TS).toJson();
    assertThat(LedgerRecord.parse(good)).isPresent();
    List<String> bad = new ArrayList<>(List.of(
        "",
        "null",
        "[]",
        "{\"ts\":\"2026-01-01T00:00:00Z\",\"requestId\":\"vn-x\"}", // no outcome
        "{\"ts\":\"2026-01-01T00:00:00Z\",\"outcome\":\"SUCCESS\"}", // no id
        "{\"ts\":\"2026-01-01T00:00:00Z\",\"requestId\":\"  \",\"outcome\":\"SUCCESS\"}",
        "{\"ts\":\"+1000000000-01-01T00:00:00Z\",\"requestId\":\"x\",\"outcome\":\"SUCCESS\"}",
        "{\"ts\":\"2026-01-01T00:00:00Z\",\"requestId\":\"x\",\"outcome\":\"WON\"}",
        good.substring(0, good.length() - 3), // cut short
        good + "{}", // a second value
        good.replace("\"input\":1200", "\"input\":-1"),
        good.replace("\"input\":1200", "\"input\":1e3"),
        good.replace("\"input\":1200", "\"input\":99999999999999999999999"),
        good.replace("\"usd\":\"0.0000123\"", "\"usd\":\"1E-999999999\""),
        good.replace("\"usd\":\"0.0000123\"", "\"usd\":\"" + "9".repeat(100) + "\""),
        good.replace("\"usd\":\"0.0000123\"", "\"usd\":\"-1\""),
        good.replace("\"tags\":{}", "\"tags\":[1]"),
        good.replace("\"attempts\":[", "\"attempts\":[1,"),
        "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"));
    StringBuilder many = new StringBuilder("{\"ts\":\"2026-01-01T00:00:00Z\",\"requestId\":\"x\","
        + "\"outcome\":\"SUCCESS\",\"attempts\":[");
    for (int i = 0; i <= LedgerRecord.MAX_ATTEMPTS; i++) {
      many.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append(",\"outcome\":\"SUCCESS\"}");
    }
    bad.add(many.append("]}").toString());
    for (String line : bad) {
      assertThat(LedgerRecord.parse(line)).as(line.length() > 200 ? line.substring(0, 200) : line)
          .isEmpty();
    }
  }

  @Test
  void readAll_deliversWholeRecords_andCountsTheRest() throws IOException {
    String a = LedgerRecord.of(event("vn-a", Map.of()), TS).toJson();
    String b = LedgerRecord.of(event("vn-b", Map.of("t", "v")), TS).toJson();
    String text = a + "\n\n  \n{broken\n" + "x".repeat(LedgerRecord.MAX_LINE_BYTES + 10) + "\n"
        + b + "\n" + a.substring(0, 40); // a crash's half line at the end
    List<String> ids = new ArrayList<>();
    LedgerRecord.Count n = LedgerRecord.readAll(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        r -> ids.add(r.requestId()));
    assertThat(ids).containsExactly("vn-a", "vn-b");
    assertThat(n).isEqualTo(new LedgerRecord.Count(2, 3));
  }
}
