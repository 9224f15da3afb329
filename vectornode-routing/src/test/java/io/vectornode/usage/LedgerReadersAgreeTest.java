package io.vectornode.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two readers of the ledger line ({@link LedgerJson}, the JDBC spool's replay, and {@link
 * LedgerParser}, the report's) read what the writer writes field for field, and share the
 * bounds on untrusted values (cost digits and scale, nesting, scalars, tags), so that a record
 * is not counted by one and refused by the other.
 */
class LedgerReadersAgreeTest {
  private static LedgerReader.Entry entry(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return LedgerParser.parse(b, 0, b.length);
  }

  private static LedgerRecord record(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return LedgerJson.read(b, 0, b.length);
  }

  @Test
  void everyFieldTheWriterWrites_isReadTheSameByBoth() {
    LedgerRecord r = LedgerRecord.of(LedgerRecordTest.event("vn-agree",
        Map.of("team", "t\"1", "emoji", "🚀")), LedgerRecordTest.TS);
    String line = r.toJson();
    assertThat(record(line)).isEqualTo(r);
    LedgerReader.Entry e = entry(line);
    assertThat(e).isNotNull();
    assertThat(e.ts()).isEqualTo(r.ts());
    assertThat(e.requestId()).isEqualTo(r.requestId());
    assertThat(e.task()).isEqualTo(r.task());
    assertThat(e.tags()).isEqualTo(r.tags());
    assertThat(e.provider()).isEqualTo(r.provider());
    assertThat(e.model()).isEqualTo(r.model());
    assertThat(e.deployment()).isEqualTo(r.deployment());
    assertThat(e.outcome()).isEqualTo(r.outcome().name());
    assertThat(e.error()).isEqualTo(r.error());
    assertThat(e.latencyMs()).isEqualTo(r.latencyMs());
    assertThat(e.ttftMs()).isEqualTo(r.ttftMs());
    assertThat(e.inputTokens()).isEqualTo(r.usage().inputTokens());
    assertThat(e.outputTokens()).isEqualTo(r.usage().outputTokens());
    assertThat(e.cachedInputTokens()).isEqualTo(r.usage().cachedInputTokens());
    assertThat(e.cacheWriteTokens()).isEqualTo(r.usage().cacheWriteTokens());
    assertThat(e.reasoningTokens()).isEqualTo(r.usage().reasoningTokens());
    assertThat(e.costUsd()).isEqualTo(r.cost().usd().orElse(null));
    assertThat(e.costEstimated()).isEqualTo(r.cost().estimated());
    assertThat(e.catalog()).isEqualTo(r.cost().catalogVersion());
    assertThat(e.attempts()).isEqualTo(r.attempts().size());
    assertThat(e.attemptDetails()).hasSize(r.attempts().size());
    for (int i = 0; i < r.attempts().size(); i++) {
      LedgerRecord.Attempt a = r.attempts().get(i);
      LedgerReader.Attempt d = e.attemptDetails().get(i);
      assertThat(d.n()).isEqualTo(a.n());
      assertThat(d.deployment()).isEqualTo(a.deployment());
      assertThat(d.provider()).isEqualTo(a.provider());
      assertThat(d.model()).isEqualTo(a.model());
      assertThat(d.keyId()).isEqualTo(a.keyId());
      assertThat(d.outcome()).isEqualTo(a.outcome().name());
      assertThat(d.error()).isEqualTo(a.error());
      assertThat(d.reason()).isEqualTo(a.reason());
      assertThat(d.localState()).isEqualTo(a.localState());
      assertThat(d.latencyMs()).isEqualTo(a.latencyMs());
      assertThat(d.ttftMs()).isEqualTo(a.ttftMs());
      assertThat(d.inputTokens()).isEqualTo(a.usage().inputTokens());
      assertThat(d.outputTokens()).isEqualTo(a.usage().outputTokens());
      assertThat(d.cachedInputTokens()).isEqualTo(a.usage().cachedInputTokens());
      assertThat(d.cacheWriteTokens()).isEqualTo(a.usage().cacheWriteTokens());
      assertThat(d.reasoningTokens()).isEqualTo(a.usage().reasoningTokens());
      assertThat(d.costUsd()).isEqualTo(a.cost().usd().orElse(null));
      assertThat(d.costEstimated()).isEqualTo(a.cost().usd().isPresent() && a.cost().estimated());
    }
  }

  private static String withCost(String usd) {
    return "{\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"r\",\"outcome\":\"SUCCESS\","
        + "\"cost\":{\"known\":true,\"usd\":\"" + usd + "\"}}";
  }

  @Test
  void theBoundsOnUntrustedValues_areTheSameForBoth() {
    String[] refused = {
      withCost("1E-31"), // scale past 30
      withCost("1".repeat(41)), // precision past 40
      withCost("0." + "0".repeat(70) + "1"), // more than 64 characters
      withCost("lots"),
      "{\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"r\",\"outcome\":\"SUCCESS\",\"tags\":[]}",
      "{\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"r\",\"outcome\":\"SUCCESS\","
          + "\"task\":{\"a\":1}}",
      "{\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"r\",\"outcome\":\"SUCCESS\",\"x\":"
          + "[".repeat(20) + "]".repeat(20) + "}",
    };
    for (String line : refused) {
      assertThat(record(line)).as(line).isNull();
      assertThat(entry(line)).as(line).isNull();
    }
    String[] accepted = {withCost("1E-30"), withCost("1".repeat(40)), withCost("0.0000123")};
    for (String line : accepted) {
      assertThat(record(line)).as(line).isNotNull();
      LedgerReader.Entry e = entry(line);
      assertThat(e).as(line).isNotNull();
      assertThat(e.costUsd()).isEqualTo(record(line).cost().usd().orElseThrow());
    }
    assertThat(entry(withCost("0.0000123")).costUsd()).isEqualTo(new BigDecimal("0.0000123"));
  }
}
