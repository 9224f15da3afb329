package io.vectornode.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fields a report needs, as {@link UsageLedger} writes them and {@link LedgerParser} reads them. */
class LedgerEntryTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:15:30.250Z");
  @TempDir Path dir;

  /** An error whose simple name the ledger records. */
  private static final class RateLimited extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private static AttemptEvent attempt(int n, String deployment, CallOutcome outcome,
      Usage usage, Cost cost, Duration ttft) {
    return new AttemptEvent("vn-1", n, "openai", "gpt-" + deployment, deployment, "key-" + n,
        outcome, outcome == CallOutcome.SUCCESS ? null : new RateLimited(), usage, cost, Duration.ofMillis(100L * n), ttft,
        outcome == CallOutcome.SUCCESS ? null : "fallback", n == 2);
  }

  @Test
  void parse_recordWrittenByTheLedger_readsEveryFieldAReportNeeds() throws IOException {
    AttemptEvent a1 = attempt(1, "fast", CallOutcome.FAILURE, Usage.ZERO, Cost.unknown(), null);
    AttemptEvent a2 = attempt(2, "smart", CallOutcome.SUCCESS, new Usage(1000, 200, 600, 50, 80),
        Cost.estimated(new BigDecimal("0.00123400"), "cat-7"), Duration.ofMillis(42));
    CallEndEvent end = new CallEndEvent("vn-1", "summarize", Map.of("team", "search"), "openai",
        "gpt-smart", new Usage(1000, 200, 600, 50, 80),
        Cost.estimated(new BigDecimal("0.00123400"), "cat-7"), Duration.ofMillis(321),
        Duration.ofMillis(142), List.of(a1, a2), CallOutcome.SUCCESS, null);
    try (UsageLedger ledger = UsageLedger.open(dir, Clock.fixed(NOW, ZoneOffset.UTC),
        ZoneOffset.UTC)) {
      ledger.onCallEnd(end);
    }
    List<LedgerReader.Entry> read = LedgerReader.read(dir, null).entries();
    assertThat(read).hasSize(1);
    LedgerReader.Entry e = read.get(0);
    assertThat(e.ts()).isEqualTo(NOW);
    assertThat(e.task()).isEqualTo("summarize");
    assertThat(e.deployment()).isEqualTo("smart");
    assertThat(e.error()).isNull();
    assertThat(e.ttftMs()).isEqualTo(142L);
    assertThat(e.latencyMs()).isEqualTo(321);
    assertThat(List.of(e.inputTokens(), e.outputTokens(), e.cachedInputTokens(),
        e.cacheWriteTokens(), e.reasoningTokens())).containsExactly(1000L, 200L, 600L, 50L, 80L);
    assertThat(e.costUsd()).isEqualByComparingTo("0.001234");
    assertThat(e.costEstimated()).isTrue();
    assertThat(e.catalog()).isEqualTo("cat-7");
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e.attemptDetails()).hasSize(2);
    LedgerReader.Attempt first = e.attemptDetails().get(0);
    assertThat(first).isEqualTo(new LedgerReader.Attempt(1, "fast", "openai", "gpt-fast",
        "key-1", "FAILURE", "RateLimited", "fallback", false, 100, null, 0, 0, 0, 0, 0,
        null, false));
    LedgerReader.Attempt second = e.attemptDetails().get(1);
    assertThat(second.localState()).isTrue();
    assertThat(second.ttftMs()).isEqualTo(42L);
    assertThat(second.cachedInputTokens()).isEqualTo(600);
    assertThat(second.costUsd()).isEqualByComparingTo("0.001234");
    assertThat(second.costEstimated()).isTrue();
    assertThat(e.firstAttempt()).contains(first);
    assertThat(e.successfulAttempt()).contains(second);
    assertThat(e.fellBack()).isTrue();
  }

  @Test
  void fellBack_onlyWhenTheSuccessfulAttemptIsOnAnotherDeploymentThanTheFirst() {
    LedgerReader.Attempt fastFail = attempt("fast", "FAILURE");
    LedgerReader.Attempt fastOk = attempt("fast", "SUCCESS");
    LedgerReader.Attempt smartOk = attempt("smart", "SUCCESS");
    LedgerReader.Attempt smartFail = attempt("smart", "FAILURE");
    assertThat(entry("SUCCESS", fastFail, smartOk).fellBack()).isTrue();
    assertThat(entry("SUCCESS", fastFail, fastOk).fellBack()).as("a retry in place").isFalse();
    assertThat(entry("SUCCESS", fastOk).fellBack()).isFalse();
    assertThat(entry("FAILURE", fastFail, smartFail).fellBack()).as("failed").isFalse();
    assertThat(entry("SUCCESS").fellBack()).as("no attempt details").isFalse();
    assertThat(entry("SUCCESS", fastFail, smartOk).successfulAttempt()).contains(smartOk);
  }

  @Test
  void entry_moreDetailsThanAttemptsOrTheCap_rejected() {
    LedgerReader.Attempt a = attempt("fast", "SUCCESS");
    assertThatThrownBy(() -> new LedgerReader.Entry(NOW, "vn", null, Map.of(), null, null, null,
        "SUCCESS", 0, 0, 0, null, 0, null, null, 0, 0, 0, false, null, List.of(a)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempts 0");
    List<LedgerReader.Attempt> many = new ArrayList<>();
    for (int i = 0; i <= LedgerReader.Entry.MAX_ATTEMPT_DETAILS; i++) {
      many.add(a);
    }
    assertThatThrownBy(() -> new LedgerReader.Entry(NOW, "vn", null, Map.of(), null, null, null,
        "SUCCESS", 100, 0, 0, null, 0, null, null, 0, 0, 0, false, null, many))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 32");
  }

  @Test
  void parse_manyAttemptsAndTags_keepsABoundedNumberAndTheSuccessfulAttempt() throws IOException {
    StringBuilder attempts = new StringBuilder();
    for (int i = 1; i <= 200; i++) {
      attempts.append(i > 1 ? "," : "").append("{\"n\":").append(i)
          .append(",\"deployment\":\"d").append(i).append("\",\"outcome\":\"")
          .append(i == 150 ? "SUCCESS" : "FAILURE").append("\"}");
    }
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      tags.append(i > 0 ? "," : "").append("\"t").append(i).append("\":\"v\"");
    }
    String line = "{\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"vn-many\",\"outcome\":"
        + "\"SUCCESS\",\"tags\":{" + tags + "},\"attempts\":[" + attempts + "]}";
    Files.writeString(dir.resolve("l.jsonl"), line + "\n", StandardCharsets.UTF_8);
    LedgerReader.Entry e = LedgerReader.read(dir.resolve("l.jsonl"), null).entries().get(0);
    assertThat(e.attempts()).isEqualTo(200);
    assertThat(e.deployment()).isEqualTo("d200");
    assertThat(e.attemptDetails()).hasSize(LedgerReader.Entry.MAX_ATTEMPT_DETAILS);
    assertThat(e.attemptDetails().get(0).deployment()).isEqualTo("d1");
    assertThat(e.successfulAttempt().orElseThrow().deployment()).isEqualTo("d150");
    assertThat(e.fellBack()).isTrue();
    assertThat(e.tags()).hasSize(LedgerReader.Entry.MAX_TAGS);
  }

  @Test
  void parse_hostileAttemptOrNewFields_lineSkippedAndCounted() throws IOException {
    String ts = "\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"vn-bad\"";
    List<String> bad = List.of(
        "{" + ts + ",\"attempts\":[{\"cost\":{\"known\":true,\"usd\":\"1E-999999999\"}}]}",
        "{" + ts + ",\"attempts\":[{\"usage\":{\"cachedInput\":-1}}]}",
        "{" + ts + ",\"attempts\":[{\"latencyMs\":-3}]}",
        "{" + ts + ",\"ttftMs\":-1}",
        "{" + ts + ",\"ttftMs\":{\"a\":1}}",
        "{" + ts + ",\"error\":[\"x\"]}",
        "{" + ts + ",\"usage\":{\"reasoning\":\"lots\"}}",
        "{" + ts + ",\"usage\":\"none\"}",
        "{" + ts + ",\"cost\":{\"known\":true,\"usd\":\"0.1\",\"catalog\":{\"v\":1}}}",
        "{" + ts + ",\"attempts\":[{\"deployment\":{\"x\":1}}]}");
    List<String> lines = new ArrayList<>(bad);
    lines.add("{" + ts.replace("vn-bad", "vn-ok") + ",\"ttftMs\":null,\"attempts\":[7,{}],"
        + "\"cost\":{\"known\":false,\"usd\":null,\"estimated\":true}}");
    Path ledger = dir.resolve("bad.jsonl");
    Files.write(ledger, lines, StandardCharsets.UTF_8);
    List<LedgerReader.Entry> got = new ArrayList<>();
    LedgerReader.Stats stats = LedgerReader.forEach(ledger, null, got::add);
    assertThat(stats.skippedLines()).isEqualTo(bad.size());
    assertThat(got).singleElement().satisfies(e -> {
      assertThat(e.requestId()).isEqualTo("vn-ok");
      assertThat(e.ttftMs()).isNull();
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(e.attemptDetails()).hasSize(1);
      assertThat(e.attemptDetails().get(0).n()).isEqualTo(2);
      assertThat(e.costUsd()).isNull();
      assertThat(e.costEstimated()).as("unknown is never estimated").isFalse();
    });
  }

  private static LedgerReader.Attempt attempt(String deployment, String outcome) {
    return new LedgerReader.Attempt(1, deployment, "p", "m", null, outcome, null, null, false, 5,
        null, 0, 0, 0, 0, 0, null, false);
  }

  private static LedgerReader.Entry entry(String outcome, LedgerReader.Attempt... attempts) {
    return new LedgerReader.Entry(NOW, "vn", null, Map.of(), null, null, null, outcome,
        attempts.length, 0, 0, null, 0, null, null, 0, 0, 0, false, null, List.of(attempts));
  }
}
