package io.vectornode.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.error.ConfigurationException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerReaderTest {
  @TempDir Path dir;

  private static String record(String id, String ts, String model, String user, long latency,
      String usd) {
    return "{\"ts\":\"" + ts + "\",\"requestId\":\"" + id + "\",\"task\":null,\"tags\":{\"user\":\""
        + user + "\"},\"provider\":\"openai\",\"model\":\"" + model + "\",\"outcome\":\""
        + (latency % 10 == 0 ? "FAILURE" : "SUCCESS") + "\",\"error\":null,\"latencyMs\":"
        + latency + ",\"usage\":{\"input\":7,\"output\":3,\"cachedInput\":0},\"cost\":{\"known\":"
        + (usd != null) + ",\"usd\":" + (usd == null ? "null" : "\"" + usd + "\"")
        + ",\"estimated\":false},\"attempts\":[{\"n\":1,\"deployment\":\"first\",\"usage\":{}},"
        + "{\"n\":2,\"deployment\":\"d-" + model + "\"}]}";
  }

  @Test
  void summarize_manyRecords_exactTotalsAndQuantilesWithinTheDocumentedError() throws IOException {
    int records = 20_000;
    Path ledger = dir.resolve("l.jsonl");
    Map<String, List<Long>> latencies = new HashMap<>();
    Random r = new Random(3);
    try (BufferedWriter w = Files.newBufferedWriter(ledger, StandardCharsets.UTF_8)) {
      for (int i = 0; i < records; i++) {
        String model = "m" + (i % 4);
        long latency = (long) Math.exp(4 + (i % 4) + r.nextGaussian());
        latencies.computeIfAbsent(model, k -> new ArrayList<>()).add(latency);
        w.write(record("vn-" + i, "2026-11-20T10:00:00Z", model, "u" + i, latency,
            i % 5 == 0 ? null : "0.0000001"));
        w.write('\n');
      }
    }
    int[] delivered = new int[1];
    LedgerReader.Summary s = LedgerReader.summarize(ledger, null, e -> {
      delivered[0]++;
      return e.model();
    });
    assertThat(delivered[0]).isEqualTo(records);
    assertThat(s.stats()).isEqualTo(new LedgerReader.Stats(records, 0, 0));
    assertThat(s.other()).isNull();
    assertThat(s.groups()).extracting(LedgerReader.Group::key)
        .containsExactlyInAnyOrder("m0", "m1", "m2", "m3");
    for (LedgerReader.Group g : s.groups()) {
      assertThat(g.calls()).isEqualTo(records / 4);
      assertThat(g.inputTokens()).isEqualTo(7L * records / 4);
      assertThat(g.unknownCostCalls()).isEqualTo(records / 4 / 5);
      assertThat(g.costUsd()).isEqualByComparingTo(new BigDecimal("0.0000001")
          .multiply(BigDecimal.valueOf(records / 4 - records / 4 / 5)));
      long[] sorted = latencies.get(g.key()).stream().mapToLong(Long::longValue).sorted()
          .toArray();
      assertThat(g.failedCalls()).isEqualTo(Arrays.stream(sorted).filter(v -> v % 10 == 0)
          .count());
      long p95 = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
      long p50 = sorted[(int) Math.ceil(0.50 * sorted.length) - 1];
      assertThat((double) Math.abs(g.p95LatencyMs() - p95)).isLessThanOrEqualTo(p95 / 32.0);
      assertThat((double) Math.abs(g.p50LatencyMs() - p50)).isLessThanOrEqualTo(p50 / 32.0);
    }
  }

  @Test
  void summarize_moreGroupsThanTheCap_keepsTheFirstAndFoldsTheRestIntoOther() throws IOException {
    Path ledger = dir.resolve("users.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      lines.add(record("vn-" + i, "2026-11-20T10:00:00Z", "m", "user-" + (i % 2_500), 100,
          "0.5"));
    }
    Files.write(ledger, lines, StandardCharsets.UTF_8);
    LedgerReader.Summary s = LedgerReader.summarize(ledger, null, e -> e.tags().get("user"),
        1_000);
    assertThat(s.groups()).hasSize(1_000).allSatisfy(g -> assertThat(g.calls()).isEqualTo(2));
    assertThat(s.groups().get(0).key()).isEqualTo("user-0");
    assertThat(s.other()).isNotNull();
    assertThat(s.other().key()).isEqualTo("(other)");
    assertThat(s.other().calls()).isEqualTo(3_000);
    assertThat(s.other().costUsd()).isEqualByComparingTo("1500");
    assertThat(s.maxGroups()).isEqualTo(1_000);
    assertThatThrownBy(() -> LedgerReader.summarize(ledger, null, e -> "x", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxGroups");
  }

  @Test
  void summarize_hugeGroupKey_cutTo256Characters() throws IOException {
    Path ledger = dir.resolve("k.jsonl");
    Files.writeString(ledger, record("vn-1", "2026-11-20T10:00:00Z", "m", "u".repeat(100_000),
        5, "1") + "\n");
    LedgerReader.Summary s = LedgerReader.summarize(ledger, null, e -> e.tags().get("user"));
    assertThat(s.groups()).singleElement().satisfies(g -> {
      assertThat(g.key()).hasSize(256).endsWith("u\u2026");
      assertThat(g.calls()).isEqualTo(1);
    });
    assertThat(LedgerAggregator.key(null)).isEqualTo("null");
  }

  @Test
  void forEach_endlessLineWithoutNewline_skippedAndCountedInBoundedMemory() throws IOException {
    Path ledger = dir.resolve("endless.jsonl");
    try (OutputStream o = Files.newOutputStream(ledger)) {
      o.write((record("vn-1", "2026-11-20T10:00:00Z", "m", "u", 5, "1") + "\n{\"ts\":\"")
          .getBytes(StandardCharsets.UTF_8));
      byte[] junk = new byte[1 << 20];
      Arrays.fill(junk, (byte) 'a');
      for (int i = 0; i < 6; i++) {
        o.write(junk);
      }
      o.write(("\n" + record("vn-2", "2026-11-20T10:00:00Z", "m", "u", 5, "1") + "\n{\"x\":\"")
          .getBytes(StandardCharsets.UTF_8));
      o.write(junk);
    }
    List<String> ids = new ArrayList<>();
    LedgerReader.Stats stats = LedgerReader.forEach(ledger, null, e -> ids.add(e.requestId()),
        64 * 1024);
    assertThat(ids).containsExactly("vn-1", "vn-2");
    assertThat(stats).isEqualTo(new LedgerReader.Stats(2, 2, 2));
    // With the default 1 MiB limit the second (1 MiB + 6 bytes, no newline) is oversized too.
    assertThat(LedgerReader.forEach(ledger, null, e -> { }).oversizedLines()).isEqualTo(2);
  }

  @Test
  void forEach_hostileOrBrokenLines_skippedAndCounted() throws IOException {
    String ok = record("vn-ok", "2026-11-20T10:00:00Z", "m", "u", 5, "0.1");
    String ts = "\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"vn-bad\"";
    List<String> bad = List.of(
        "{" + ts + ",\"x\":" + "[".repeat(20) + "]".repeat(20) + "}",
        "{" + ts + "} {" + ts + "}",
        "{" + ts + ",\"usage\":{\"input\":-5}}",
        "{" + ts + ",\"latencyMs\":-1}",
        "{" + ts + ",\"cost\":{\"known\":true,\"usd\":\"1E-999999999\"}}",
        "{" + ts + ",\"cost\":{\"known\":true,\"usd\":\"" + "9".repeat(100) + "\"}}",
        "{" + ts + ",\"cost\":{\"known\":true}}",
        "{" + ts + ",\"model\":{\"a\":1}}",
        "{" + ts + ",\"usage\":{\"input\":99999999999999999999999}}",
        "{\"ts\":\"yesterday\",\"requestId\":\"vn-bad\"}",
        "{\"requestId\":\"vn-bad\"}",
        "[1,2]",
        "{" + ts + ",\"usage\":{\"input\":1");
    List<String> lines = new ArrayList<>();
    lines.add(ok);
    lines.addAll(bad);
    lines.add("   ");
    lines.add("{\"requestId\":7,\"usage\":null,\"cost\":null,\"attempts\":null,\"tags\":null,"
        + "\"extra\":{\"deep\":[{\"er\":[1]}]},\"latencyMs\":\"12\","
        + "\"ts\":\"2026-11-21T00:00:00Z\"}");
    Path ledger = dir.resolve("bad.jsonl");
    Files.write(ledger, lines, StandardCharsets.UTF_8);
    List<LedgerReader.Entry> got = new ArrayList<>();
    LedgerReader.Stats stats = LedgerReader.forEach(ledger, null, got::add);
    assertThat(stats.skippedLines()).isEqualTo(bad.size());
    assertThat(got).extracting(LedgerReader.Entry::requestId).containsExactly("vn-ok", "7");
    LedgerReader.Entry last = got.get(1);
    assertThat(last.latencyMs()).isEqualTo(12);
    assertThat(last.costUsd()).isNull();
    assertThat(last.attempts()).isZero();
    assertThat(last.tags()).isEmpty();
    assertThat(last.outcome()).isEmpty();
    LedgerReader.Entry first = got.get(0);
    assertThat(first.deployment()).isEqualTo("d-m");
    assertThat(first.attempts()).isEqualTo(2);
    assertThat(first.costUsd()).isEqualByComparingTo("0.1");
    assertThat(first.tags()).containsEntry("user", "u");
    assertThat(first.inputTokens()).isEqualTo(7);
  }

  @Test
  void forEach_invalidUtf8_skipsTheLineNotTheLedger() throws IOException {
    Path ledger = dir.resolve("utf.jsonl");
    try (OutputStream o = Files.newOutputStream(ledger)) {
      o.write(new byte[] {'{', '"', 't', 's', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}',
          '\n'});
      o.write((record("vn-1", "2026-11-20T10:00:00Z", "m", "u", 5, "1") + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    LedgerReader.Result r = LedgerReader.read(ledger, null);
    assertThat(r.entries()).extracting(LedgerReader.Entry::requestId).containsExactly("vn-1");
    assertThat(r.skippedLines()).isEqualTo(1);
  }

  @Test
  void forEach_directory_readsLedgerFilesInNameOrderAfterSince() throws IOException {
    Files.writeString(dir.resolve("vectornode-usage-2026-11-21.jsonl"),
        record("vn-3", "2026-11-21T00:00:00Z", "m", "u", 5, "1") + "\n");
    Files.writeString(dir.resolve("vectornode-usage-2026-11-20.jsonl"),
        record("vn-1", "2026-11-20T00:00:00Z", "m", "u", 5, "1") + "\n"
            + record("vn-2", "2026-11-20T12:00:00Z", "m", "u", 5, "1") + "\n");
    Files.writeString(dir.resolve("notes.txt"), "not a ledger\n");
    Files.createDirectory(dir.resolve("vectornode-usage-dir.jsonl"));
    List<String> ids = new ArrayList<>();
    LedgerReader.Stats s = LedgerReader.forEach(dir, Instant.parse("2026-11-20T06:00:00Z"),
        e -> ids.add(e.requestId()));
    assertThat(ids).containsExactly("vn-2", "vn-3");
    assertThat(s).isEqualTo(new LedgerReader.Stats(2, 0, 0));
    assertThatThrownBy(() -> LedgerReader.forEach(dir.resolve("missing"), null, e -> { }))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no such file");
  }

  @Test
  void instant_writerFormatsAndJunk_sameAsInstantParse() {
    Random r = new Random(5);
    List<String> inputs = new ArrayList<>(List.of("2026-11-20T10:00:00Z",
        "2026-02-29T00:00:00Z", "2024-02-29T23:59:59.999999999Z", "2026-11-20T23:59:60Z",
        "2026-11-20T24:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
        "2026-11-31T00:00:00Z", "2026-11-20T10:60:00Z", "2026-11-20T10:00:00.Z",
        "2026-11-20T10:00:00.1234567890Z", "2026-11-20T10:00:00+01:00", "2026-11-20 10:00:00Z",
        "+2026-11-20T10:00:00Z", "2026-1a-20T10:00:00Z", "0000-01-01T00:00:00Z", "", "Z"));
    for (int i = 0; i < 20_000; i++) {
      long seconds = r.nextLong() % 253_402_300_799L;
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> r.nextInt(1000) * 1_000_000;
        case 2 -> r.nextInt(1_000_000) * 1_000;
        default -> r.nextInt(1_000_000_000);
      };
      inputs.add(Instant.ofEpochSecond(Math.abs(seconds), nanos).toString());
    }
    for (String in : inputs) {
      Object want;
      try {
        want = Instant.parse(in);
      } catch (RuntimeException e) {
        want = "throws";
      }
      Object got;
      try {
        got = LedgerParser.instant(in);
      } catch (RuntimeException e) {
        got = "throws";
      }
      assertThat(got).as(in).isEqualTo(want);
    }
  }
}
