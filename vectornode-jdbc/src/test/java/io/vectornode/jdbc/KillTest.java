package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code kill -9} loses: nothing whose {@code onCallEnd} returned. A ledger in another JVM
 * ({@link LedgerChild}) is killed (destroyForcibly: SIGKILL) while it records calls; the next
 * ledger on its spool directory replays what the killed one had not committed, and the database
 * then holds every acknowledged call exactly once (and no call twice).
 */
class KillTest {
  static final Duration DEADLINE = Duration.ofSeconds(60);
  static TestPostgres pg;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pg = TestPostgres.start();
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  @Test
  void killedWhileTheDatabaseHoldsItsBatch_everyAcknowledgedCallSurvives_once()
      throws Exception {
    // The writer's insert waits on a table lock: every record is in the queue or the spool
    // when the process dies, none committed.
    run("kill_locked_calls", "kl-", 20_000, 1_500, true);
  }

  @Test
  void killedWhileWritingFreely_everyAcknowledgedCallSurvives_once() throws Exception {
    // Batches commit while the process dies: some of the spool is already in the database
    // (the replay skips those), some is not (the replay writes it).
    run("kill_free_calls", "kf-", 20_000, 6_000, false);
  }

  private void run(String table, String prefix, int calls, int killAfter, boolean locked)
      throws Exception {
    Path spool = dir.resolve("spool");
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    Child child = Child.start(dir.resolve("child.err"), pg.jdbcUrl(), spool.toString(), table,
        prefix, Integer.toString(calls));
    int acked = -1;
    long committedBeforeKill;
    Connection lock = null;
    try {
      child.awaitLine("READY", deadline);
      if (locked) {
        lock = Calls.connect(pg);
        lock.setAutoCommit(false);
        try (Statement st = lock.createStatement()) {
          st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
      }
      child.send("GO");
      while (acked < killAfter) {
        String line = child.awaitLine("ACK ", deadline);
        acked = Integer.parseInt(line.substring(4));
      }
      child.kill(); // SIGKILL: no shutdown hook, no close
      committedBeforeKill = lock != null ? count(lock, table) // the lock's holder can read
          : Calls.count(pg, "SELECT count(*) FROM " + table);
    } finally {
      if (lock != null) {
        lock.commit();
        lock.close();
      }
      child.kill();
    }
    assertThat(child.stdout()).doesNotContain("DONE"); // killed mid-run, as intended
    if (locked) {
      assertThat(committedBeforeKill).as("nothing committed: all in flight").isZero();
      assertThat(Calls.segments(spool)).as("the killed process's spool").isNotEmpty();
    }

    JdbcLedger next = JdbcLedger.builder().url(pg.jdbcUrl()).spool(spool).table(table)
        .retryEvery(Duration.ofMillis(50)).build();
    Calls.await("the spool replayed", DEADLINE, () -> next.stats().spoolFiles() == 0);
    JdbcLedger.Stats s = next.stats();
    next.close();

    Set<String> inDb = Calls.ids(pg, table); // also fails on a request id seen twice
    Set<String> acknowledged = new HashSet<>();
    for (int i = 0; i <= acked; i++) {
      acknowledged.add(prefix + i);
    }
    assertThat(inDb).as("every acknowledged call").containsAll(acknowledged);
    // And nothing else than the calls the child made, in order: 0..n-1 for some n.
    int n = inDb.size();
    Set<String> firstN = new HashSet<>();
    for (int i = 0; i < n; i++) {
      firstN.add(prefix + i);
    }
    assertThat(inDb).isEqualTo(firstN);
    assertThat(Calls.count(pg, "SELECT count(*) FROM " + table.replace("_calls", "_attempts")))
        .isEqualTo(2L * n);
    assertThat(s.replayed() + committedBeforeKill).isGreaterThanOrEqualTo(n);
    System.out.printf("kill -9 (%s): %d calls acknowledged, %d committed before the kill, %d in"
        + " the database after the replay (%d replayed, %d already there), 0 lost, 0"
        + " duplicated%n", locked ? "database blocked" : "writing freely", acked + 1,
        committedBeforeKill, n, s.replayed(), s.duplicates());
  }

  private static long count(Connection c, String table) throws java.sql.SQLException {
    try (Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  /** A child JVM: its standard output read line by line, its standard error into a file. */
  static final class Child {
    private final Process process;
    private final Path err;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stdout = new StringBuffer();

    private Child(Process process, Path err) {
      this.process = process;
      this.err = err;
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader = new Thread(this::read, "child-stdout-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path err, String... args) throws IOException {
      List<String> command = new ArrayList<>(List.of(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          LedgerChild.class.getName()));
      command.addAll(List.of(args));
      return new Child(new ProcessBuilder(command).redirectError(err.toFile()).start(), err);
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

    String awaitLine(String start, long deadline) throws InterruptedException {
      while (true) {
        String line = lines.poll(Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
        if (line == null) {
          kill();
          fail("child printed no line starting with '" + start + "' in time; its standard"
              + " error:\n" + stderr());
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

    String stdout() {
      return stdout.toString();
    }

    String stderr() {
      try {
        return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the child is gone").isTrue();
    }
  }
}
