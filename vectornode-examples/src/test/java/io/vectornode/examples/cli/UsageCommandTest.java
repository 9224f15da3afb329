package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vectornode usage} on large and hostile ledgers. */
class UsageCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of());
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String record(int i, String model, String team, long latencyMs) {
    return "{\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"vn-" + i + "\",\"tags\":{\"team\":\""
        + team + "\"},\"provider\":\"openai\",\"model\":\"" + model + "\",\"outcome\":\"SUCCESS\","
        + "\"latencyMs\":" + latencyMs + ",\"usage\":{\"input\":10,\"output\":2},\"cost\":{"
        + "\"known\":true,\"usd\":\"0.000001\"},\"attempts\":[{\"deployment\":\"d\"}]}";
  }

  /**
   * The regression for the 6.2 GB ledger that needed 6.4 GB: a ledger whose records, held in
   * memory, need several times the heap (the old reader dies of OutOfMemoryError here with 16 MB;
   * it needed about 32 MB for 60,000 of these records) is summarized by a child JVM with
   * {@code -Xmx16m}.
   */
  @Test
  void usage_ledgerFarLargerThanTheHeap_succeedsInAChildJvmWithSixteenMegabytes() throws Exception {
    int records = 100_000;
    Path ledger = dir.resolve("big.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(ledger, StandardCharsets.UTF_8)) {
      for (int i = 0; i < records; i++) {
        w.write(record(i, "m" + (i % 3), "t" + (i % 7), 10 + i % 2000));
        w.write('\n');
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx16m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "usage", "--ledger", ledger.toString(), "--by", "model", "--json"));
    Path stdout = dir.resolve("stdout");
    Path stderr = dir.resolve("stderr");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
    JsonNode j = new ObjectMapper().readTree(Files.readString(stdout));
    assertThat(j.get("rows")).hasSize(3);
    long calls = 0;
    for (JsonNode row : j.get("rows")) {
      calls += row.get("calls").asLong();
      assertThat(row.get("inputTokens").asLong()).isEqualTo(row.get("calls").asLong() * 10);
    }
    assertThat(calls).isEqualTo(records);
    assertThat(j.get("skippedLines").asLong()).isZero();
  }

  @Test
  void usage_moreGroupsThanTheCap_foldsTheRestIntoOtherAndSaysSo() throws IOException {
    Path ledger = dir.resolve("users.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lines.add(record(i, "m", "user-" + i, 100));
    }
    Files.write(ledger, lines, StandardCharsets.UTF_8);
    assertThat(run("usage", "--ledger", ledger.toString(), "--by", "team", "--max-groups", "10"))
        .isZero();
    assertThat(out()).contains("(other)").contains("(more than 10 groups");
    assertThat(out().lines().filter(l -> l.startsWith("user-"))).hasSize(10);
    assertThat(out().lines().filter(l -> l.startsWith("(other)")).findFirst().orElseThrow())
        .matches("\\(other\\)\\s+40\\s+0\\s+400\\s+80\\s.*");
    out.reset();
    assertThat(run("usage", "--ledger", ledger.toString(), "--by", "team", "--max-groups", "10",
        "--json")).isZero();
    JsonNode j = new ObjectMapper().readTree(out());
    assertThat(j.get("groupsCapped").asBoolean()).isTrue();
    assertThat(j.get("rows")).hasSize(11);
    assertThat(j.get("rows").get(10).get("group").asText()).isEqualTo("(other)");
    assertThat(j.get("rows").get(10).get("other").asBoolean()).isTrue();
    assertThat(j.get("rows").get(10).get("calls").asLong()).isEqualTo(40);
    assertThat(run("usage", "--ledger", ledger.toString(), "--max-groups", "0")).isEqualTo(2);
  }

  @Test
  void usage_hostileLines_areSkippedCountedAndNeverPrinted() throws IOException {
    Path ledger = dir.resolve("hostile.jsonl");
    String deep = "[".repeat(5000) + "]".repeat(5000);
    String lines = String.join("\n", record(1, "m\\u001b[2J\\u202e", "t", 50),
        "{\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"vn-x\",\"junk\":" + deep + "}",
        "{\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"vn-y\",\"cost\":{\"known\":true,"
            + "\"usd\":\"1E-999999999\"}}", "");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(lines.getBytes(StandardCharsets.UTF_8));
    // Not UTF-8 at all: the old reader gave up on the whole ledger here.
    bytes.writeBytes(new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', '}', '\n'});
    Files.write(ledger, bytes.toByteArray());
    assertThat(run("usage", "--ledger", ledger.toString(), "--by", "model")).isZero();
    assertThat(out()).doesNotContain("\u001b").contains("m?[2J? ")
        .contains("(3 incomplete line(s) skipped)");
  }

  private static String dated(int i, String ts, String team, String task, String usd) {
    return "{\"ts\":\"" + ts + "\",\"requestId\":\"vn-" + i + "\",\"task\":" + (task == null
        ? "null" : "\"" + task + "\"") + ",\"tags\":{\"team\":\"" + team + "\"},\"provider\":"
        + "\"openai\",\"model\":\"m\",\"outcome\":\"SUCCESS\",\"latencyMs\":10,\"usage\":"
        + "{\"input\":10,\"output\":2},\"cost\":{\"known\":true,\"usd\":\"" + usd + "\"},"
        + "\"attempts\":[{\"deployment\":\"d\"}]}";
  }

  private Path months() throws IOException {
    Path ledger = dir.resolve("months.jsonl");
    Files.write(ledger, List.of(
        dated(1, "2026-10-31T23:30:00Z", "a", "chat", "1.5"),
        dated(2, "2026-11-01T00:30:00Z", "a", "chat", "2"),
        dated(3, "2026-11-15T12:00:00Z", "b", null, "7"),
        dated(4, "2026-10-02T12:00:00Z", "b", "chat", "0.25"),
        dated(5, "2026-11-20T12:00:00Z", "a", "summarize", "1")), StandardCharsets.UTF_8);
    return ledger;
  }

  @Test
  void usage_byTeamPerMonth_oneRowPerMonthAndTeamInTimeOrder() throws IOException {
    Path ledger = months();
    assertThat(run("usage", "--ledger", ledger.toString(), "--by", "team", "--per", "month"))
        .isZero();
    List<String> lines = out().lines().toList();
    assertThat(lines.get(0)).startsWith("month      team ");
    assertThat(lines.subList(1, lines.size())).hasSize(4);
    assertThat(lines.get(1)).matches("2026-10\\s+a\\s+1\\s+0\\s+10\\s+2\\s+1\\.500000 .*");
    assertThat(lines.get(2)).matches("2026-10\\s+b\\s+1\\s.*0\\.250000 .*");
    assertThat(lines.get(3)).matches("2026-11\\s+b\\s+1\\s.*7\\.000000 .*");
    assertThat(lines.get(4)).matches("2026-11\\s+a\\s+2\\s.*3\\.000000 .*");
    out.reset();
    assertThat(run("usage", "--ledger", ledger.toString(), "--by", "team", "--per", "month",
        "--zone", "Asia/Tokyo", "--json")).isZero();
    JsonNode j = new ObjectMapper().readTree(out());
    assertThat(j.get("per").asText()).isEqualTo("month");
    assertThat(j.get("zone").asText()).isEqualTo("Asia/Tokyo");
    List<String> rows = new ArrayList<>();
    j.get("rows").forEach(r -> rows.add(r.get("month").asText() + " " + r.get("group").asText()
        + " " + r.get("calls").asLong() + " " + r.get("costUsd").asText()));
    // In Tokyo, 2026-10-31T23:30Z is already November; within a month, highest cost first.
    assertThat(rows).containsExactly("2026-10 b 1 0.25", "2026-11 b 1 7", "2026-11 a 3 4.5");
  }

  @Test
  void usage_perDayWithoutBy_andByTask() throws IOException {
    Path ledger = months();
    assertThat(run("usage", "--ledger", ledger.toString(), "--per", "day", "--json")).isZero();
    JsonNode j = new ObjectMapper().readTree(out());
    List<String> days = new ArrayList<>();
    j.get("rows").forEach(r -> days.add(r.get("day").asText() + "=" + r.get("group").asText()));
    assertThat(days).containsExactly("2026-10-02=all", "2026-10-31=all", "2026-11-01=all",
        "2026-11-15=all", "2026-11-20=all");
    out.reset();
    assertThat(run("usage", "--ledger", ledger.toString(), "--by", "task", "--json")).isZero();
    List<String> tasks = new ArrayList<>();
    new ObjectMapper().readTree(out()).get("rows").forEach(r -> tasks.add(r.get("group")
        .asText() + "=" + r.get("calls").asLong()));
    assertThat(tasks).containsExactly("(none)=1", "chat=3", "summarize=1");
    assertThat(run("usage", "--ledger", ledger.toString(), "--per", "week")).isEqualTo(2);
    assertThat(run("usage", "--ledger", ledger.toString(), "--zone", "Nowhere/Land"))
        .isEqualTo(2);
  }

  @Test
  void usage_jdbcThroughAFactoryOnTheClassPath_sameRowsAsTheFile() throws IOException {
    Path ledger = months();
    assertThat(run("usage", "--ledger", ledger.toString(), "--by", "team", "--json")).isZero();
    String fromFile = out();
    out.reset();
    assertThat(run("usage", "--jdbc", "jdbc:vntest:" + ledger, "--by", "team", "--json"))
        .isZero();
    assertThat(out()).isEqualTo(fromFile);
    assertThat(new ObjectMapper().readTree(out()).get("rows")).hasSize(2);
    assertThat(TestJdbcLedgerSourceFactory.closed).isTrue();
  }

  @Test
  void usage_jdbcUrlNothingReads_exitOneSayingWhatIsRead() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"usage", "--jdbc", "jdbc:nosuchdb://db/app"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    assertThat(status).isEqualTo(1);
    // vectornode-jdbc is on this class path (as in vectornode.jar): it reads PostgreSQL only.
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("vectornode-jdbc reads PostgreSQL ledgers (jdbc:postgresql:) only")
        .doesNotContain("needs the vectornode-jdbc module");
    assertThat(run("usage", "--ledger", "x", "--jdbc", "jdbc:vntest:x")).isEqualTo(2);
    assertThat(run("usage")).isEqualTo(2);
  }

  @Test
  void usage_repeatedLedger_instancesReadAsOneWithTheirSkippedLinesAdded() throws IOException {
    Path host1 = Files.createDirectory(dir.resolve("host1"));
    Path host2 = Files.createDirectory(dir.resolve("host2"));
    Files.write(host1.resolve("vectornode-usage-2026-11-20.jsonl"), List.of(
        dated(1, "2026-11-20T10:00:00Z", "a", null, "1"), "{broken"), StandardCharsets.UTF_8);
    Files.write(host2.resolve("vectornode-usage-2026-11-20.jsonl"), List.of(
        dated(2, "2026-11-20T11:00:00Z", "a", null, "2"),
        dated(3, "2026-11-20T12:00:00Z", "b", null, "4"), "{also broken"),
        StandardCharsets.UTF_8);
    assertThat(run("usage", "--ledger", host1.toString(), "--ledger", host2.toString(), "--by",
        "team", "--json")).isZero();
    JsonNode j = new ObjectMapper().readTree(out());
    assertThat(j.get("skippedLines").asLong()).isEqualTo(2);
    List<String> rows = new ArrayList<>();
    j.get("rows").forEach(r -> rows.add(r.get("group").asText() + " " + r.get("calls").asLong()
        + " " + r.get("costUsd").asText()));
    assertThat(rows).containsExactly("b 1 4", "a 2 3");
  }

  @Test
  void usage_aLedgerGivenTwiceOrInsideAnother_isRefused_neverCountedTwice() throws IOException {
    Path host1 = Files.createDirectory(dir.resolve("host1"));
    Path file = host1.resolve("vectornode-usage-2026-11-20.jsonl");
    Files.write(file, List.of(dated(1, "2026-11-20T10:00:00Z", "a", null, "1")),
        StandardCharsets.UTF_8);
    assertThat(run("usage", "--ledger", host1.toString(), "--ledger", host1.toString()))
        .isEqualTo(2);
    assertThat(run("usage", "--ledger", host1.toString(), "--ledger", file.toString()))
        .isEqualTo(2);
    assertThat(run("usage", "--ledger", file.toString(), "--ledger",
        host1.resolve("..").resolve("host1").toString())).isEqualTo(2);
    assertThat(run("usage", "--ledger", host1.toString(), "--json")).isZero();
  }

  @Test
  void printable_controlAndFormatCharacters_becomeQuestionMarks() {
    assertThat(UsageCommand.printable("a\u001b[31mb\u202ec\u0085d\u00e9\ud83d\ude00"))
        .isEqualTo("a?[31mb?c?d\u00e9\ud83d\ude00");
  }
}
