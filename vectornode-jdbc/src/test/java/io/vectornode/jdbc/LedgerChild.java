package io.vectornode.jdbc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A process with a {@link JdbcLedger}, started by {@link KillTest} to be killed: builds the
 * ledger, waits until the database answers, prints {@code READY}, waits for a line on standard
 * input, then records calls {@code <prefix>0}, {@code <prefix>1}, ... one at a time, printing
 * {@code ACK n} after the n-th call's {@code onCallEnd} returned, and {@code DONE} after the
 * last; then it waits to be killed (it never closes the ledger).
 *
 * <p>Arguments: the JDBC URL, the spool directory, the table, the prefix, the number of calls.
 */
public final class LedgerChild {
  private LedgerChild() {}

  public static void main(String[] args) throws Exception {
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ledger-child-watchdog");
      t.setDaemon(true);
      return t;
    });
    watchdog.schedule(() -> Runtime.getRuntime().halt(4), 90, TimeUnit.SECONDS);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    JdbcLedger ledger = JdbcLedger.builder().url(args[0]).spool(Path.of(args[1])).table(args[2])
        .retryEvery(Duration.ofMillis(50)).build();
    String prefix = args[3];
    int calls = Integer.parseInt(args[4]);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!ledger.stats().available()) {
      if (System.nanoTime() - deadline > 0) {
        System.err.println("the database did not answer");
        Runtime.getRuntime().halt(3);
      }
      Thread.sleep(10); // the poll interval
    }
    out.println("READY");
    out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    if (in.readLine() == null) {
      Runtime.getRuntime().halt(3);
    }
    for (int i = 0; i < calls; i++) {
      ledger.onCallEnd(Calls.call(prefix + i));
      out.println("ACK " + i);
      out.flush();
    }
    out.println("DONE");
    out.flush();
    in.readLine(); // killed here, or the parent closes stdin
    Runtime.getRuntime().halt(0);
  }
}
