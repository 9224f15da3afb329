package io.vectornode.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances of a fleet in separate JVMs ({@link FleetChild}) sharing one daily budget through a
 * real Redis: each process alone would spend more than the budget; together they spend at most
 * the budget, exactly what their successful calls cost.
 */
class FleetProcessesTest {
  static final int CHILDREN = 3;
  static final int CALLERS = 8;
  static final int CALLS = 10;
  /** Starting the JVMs, running them and closing them: far more than they need (~5 s). */
  static final Duration DEADLINE = Duration.ofSeconds(60);

  static TestRedis redis;

  @TempDir Path dir;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void threeJvmsOfEightCallers_spendAtMostTheBudget_exactlyWhatTheirCallsCost() throws Exception {
    Budget daily = Budget.of("process-daily", BudgetScope.global(), Budget.Period.DAY, "1.00");
    int wanted = CHILDREN * CALLERS * CALLS;
    // Each JVM wants 80 calls ($0.48): alone, none would be refused; together they want 240
    // ($1.44) and the shared budget pays for 166.
    assertThat(FleetBudgetTest.COST.multiply(BigDecimal.valueOf(CALLERS * CALLS)))
        .isLessThan(new BigDecimal("1.00"));
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      for (int i = 0; i < wanted; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 100, 10_000, 0, 0));
      }
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      List<Child> children = new ArrayList<>();
      List<Map<String, Long>> results = new ArrayList<>();
      try {
        for (int i = 0; i < CHILDREN; i++) {
          children.add(Child.start(dir.resolve("child-" + i + ".err"), stub.baseUrl(),
              redis.uri().reveal(), "process-test:", daily.name(), "1.00",
              Integer.toString(CALLERS), Integer.toString(CALLS)));
        }
        for (Child c : children) {
          c.awaitLine("READY", deadline);
        }
        for (Child c : children) {
          c.send("GO");
        }
        for (Child c : children) {
          results.add(c.awaitResult(deadline));
        }
      } finally {
        children.forEach(Child::destroy);
      }

      long ok = 0;
      long refused = 0;
      for (int i = 0; i < CHILDREN; i++) {
        Map<String, Long> r = results.get(i);
        String which = "child " + i + ": " + r + "; its standard error:\n"
            + children.get(i).stderr();
        assertThat(r.get("failed")).as(which).isZero();
        assertThat(r.get("fallbacks")).as(which).isZero();
        assertThat(r.get("pending")).as(which).isZero();
        assertThat(r.get("dropped")).as(which).isZero();
        ok += r.get("ok");
        refused += r.get("refused");
      }
      try (RedisState reader = RedisState.builder().uri(redis.uri()).keyPrefix("process-test:")
          .timeout(Duration.ofSeconds(2)).build()) {
        BudgetStatus st = reader.status(daily);
        System.out.printf("fleet of %d JVMs: %d calls succeeded, %d refused, spent $%s of $1.00"
            + " (reserved $%s), %d requests to the provider; per JVM %s%n", CHILDREN, ok,
            refused, st.spent().toPlainString(), st.reserved().toPlainString(),
            stub.requestCount(), results);
        assertThat(st.spent()).isLessThanOrEqualTo(new BigDecimal("1.00"));
        assertThat(st.spent()).isEqualByComparingTo(FleetBudgetTest.COST.multiply(
            BigDecimal.valueOf(ok)));
        assertThat(st.reserved()).isEqualByComparingTo("0");
      }
      assertThat(stub.requestCount()).isEqualTo(ok);
      assertThat(ok + refused).isEqualTo(wanted);
      // $1.00 pays for 166 calls; holds in flight near the end may refuse a few that would have
      // fitted (at most one per caller of the fleet).
      assertThat(ok).isBetween(166L - CHILDREN * CALLERS, 166L);
    }
  }

  /** A child JVM: its standard output read line by line, its standard error into a file. */
  static final class Child {
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\d+)");

    private final Process process;
    private final Path err;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stdout = new StringBuffer();
    private final Thread reader;

    private Child(Process process, Path err) {
      this.process = process;
      this.err = err;
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      this.reader = new Thread(this::read, "child-stdout-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path err, String... args) throws IOException {
      List<String> command = new ArrayList<>(List.of(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          // Small and quick to start: three of them share the machine with this JVM.
          "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          FleetChild.class.getName()));
      for (String a : args) {
        command.add(a);
      }
      ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
      return new Child(pb.start(), err);
    }

    private void read() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          stdout.append(line).append('\n');
          lines.add(line);
        }
      } catch (IOException e) {
        stdout.append("[reading failed: ").append(e).append("]\n");
      }
    }

    /** Waits for a line starting with the text, at most until the deadline. */
    String awaitLine(String start, long deadline) throws InterruptedException {
      while (true) {
        String line = lines.poll(Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
        if (line == null) {
          destroy();
          fail("child " + process.pid() + " printed no line starting with '" + start
              + "' in time; its standard output:\n" + stdout + "its standard error:\n"
              + stderr());
        }
        if (line.startsWith(start)) {
          return line;
        }
      }
    }

    void send(String line) throws IOException {
      stdin.write(line + "\n");
      stdin.flush();
    }

    /** Waits for the result line and the exit, and reads everything the child printed. */
    Map<String, Long> awaitResult(long deadline) throws InterruptedException {
      String line = awaitLine("RESULT ", deadline);
      if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        destroy();
        fail("child " + process.pid() + " did not exit in time; its standard error:\n"
            + stderr());
      }
      reader.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1_000_000,
          deadline - System.nanoTime())));
      assertThat(reader.isAlive()).as("standard output read to its end").isFalse();
      assertThat(process.exitValue()).as("exit code; standard error:\n%s", stderr()).isZero();
      Map<String, Long> out = new java.util.LinkedHashMap<>();
      Matcher m = FIELD.matcher(line);
      while (m.find()) {
        out.put(m.group(1), Long.parseLong(m.group(2)));
      }
      assertThat(out).as("the result line '%s'", line).containsOnlyKeys("ok", "refused",
          "failed", "fallbacks", "pending", "dropped");
      return out;
    }

    String stderr() {
      try {
        return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Kills the child if it still runs, and waits (a little) for it to be gone. */
    void destroy() {
      if (process.isAlive()) {
        try {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
