package io.vectornode.redis;

import io.vectornode.Secret;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.routing.VectorNodeClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One instance of a fleet in its own JVM, started by {@link FleetProcessesTest}: builds a client
 * on the parent's stub server with {@link FleetBudgetTest}'s budget and request, on a {@link
 * RedisState}, prints {@code READY}, waits for a line on standard input (so that every JVM starts
 * calling at the same time), runs its callers, closes (flushing the settlements), and prints one
 * line: {@code RESULT ok=.. refused=.. failed=.. fallbacks=.. pending=.. dropped=..}.
 *
 * <p>Arguments: the stub's base URL, the Redis URI, the key prefix, the budget's name and limit,
 * the number of callers and of calls per caller.
 */
public final class FleetChild {
  /** Whatever happens, this JVM ends after this long (the parent destroys it sooner). */
  private static final Duration LIFETIME = Duration.ofSeconds(90);

  private FleetChild() {}

  public static void main(String[] args) throws Exception {
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fleet-child-watchdog");
      t.setDaemon(true);
      return t;
    });
    watchdog.schedule(() -> Runtime.getRuntime().halt(4), LIFETIME.toMillis(),
        TimeUnit.MILLISECONDS);
    String baseUrl = args[0];
    Secret uri = Secret.of(args[1]);
    String prefix = args[2];
    Budget budget = Budget.of(args[3], BudgetScope.global(), Budget.Period.DAY, args[4]);
    int callers = Integer.parseInt(args[5]);
    int calls = Integer.parseInt(args[6]);

    // A generous timeout: JVMs starting side by side on a busy machine answer slowly at first,
    // and a fallback would let this instance decide alone (the test asserts there is none).
    RedisState state = RedisState.builder().uri(uri).keyPrefix(prefix)
        .timeout(Duration.ofSeconds(5)).build();
    VectorNodeClient client = FleetBudgetTest.instance(baseUrl, state, budget);
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    if (in.readLine() == null) {
      System.err.println("the parent closed standard input before GO");
      Runtime.getRuntime().halt(3);
    }

    AtomicInteger ok = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      Thread thread = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < calls; i++) {
          try {
            client.chat(FleetBudgetTest.request());
            ok.incrementAndGet();
          } catch (BudgetExceededException e) {
            refused.incrementAndGet();
          } catch (RuntimeException e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        }
      }, "caller-" + t);
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    client.close();
    RedisState.Stats stats = state.stats();
    state.close(); // flushes the settlements in flight
    if (firstFailure.get() != null) {
      firstFailure.get().printStackTrace();
    }
    System.out.printf("RESULT ok=%d refused=%d failed=%d fallbacks=%d pending=%d dropped=%d%n",
        ok.get(), refused.get(), failed.get(), stats.fallbacks(),
        state.stats().pending(), stats.dropped());
    System.out.flush();
    System.exit(0);
  }
}
