package io.vectornode.benchmarks;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the Redis round trips of a routed call from Redis's own {@code INFO commandstats}:
 * {@code evalsha} and {@code eval} calls before and after N calls through {@link StateRouter}
 * (once the asynchronous settlements are in), over N. The blocking admission ({@code admit.lua})
 * is told apart from the asynchronous settlement ({@code admit.lua} with nothing to admit) by the one {@code GET} it
 * issues per per-minute take (the router's one RPM limit; a settlement sent alone issues none), and
 * cross-checked with the state's own count of admissions.
 */
final class RedisTrips {
  private RedisTrips() {}

  /**
   * Makes the calls and returns one JSON line.
   *
   * @param redisPort the benchmark's redis-server
   * @param warm calls before the count
   * @param calls calls counted
   * @param leased whether the state takes leases
   */
  static String count(int redisPort, int warm, int calls, boolean leased) throws Exception {
    BenchRedis.command(redisPort, "FLUSHALL");
    try (StateRouter r = leased ? StateRouter.redisLeased(Bench.base("small"), redisPort)
        : StateRouter.redis(Bench.base("small"), redisPort)) {
      for (int i = 0; i < warm; i++) {
        r.chat();
      }
      quiet(redisPort);
      Map<String, long[]> before = BenchRedis.commandStats(redisPort);
      long admissionsBefore = r.state().stats().admissions();
      long fallbacksBefore = r.state().stats().fallbacks();
      long leasedBefore = r.state().stats().leased();
      for (int i = 0; i < calls; i++) {
        r.chat();
      }
      quiet(redisPort);
      Map<String, long[]> after = BenchRedis.commandStats(redisPort);
      long admissions = r.state().stats().admissions() - admissionsBefore;
      long fallbacks = r.state().stats().fallbacks() - fallbacksBefore;
      long evalsha = delta(before, after, "evalsha", 0);
      long eval = delta(before, after, "eval", 0);
      long gets = delta(before, after, "get", 0);
      long scriptUsec = delta(before, after, "evalsha", 1) + delta(before, after, "eval", 1);
      StringBuilder all = new StringBuilder();
      for (String name : after.keySet()) {
        long d = delta(before, after, name, 0);
        if (d != 0 && !name.equals("info")) {
          all.append(all.length() == 0 ? "" : ",").append('"').append(name).append("\":")
              .append(String.format(Locale.ROOT, "%.3f", d / (double) calls));
        }
      }
      return "{\"probe\":\"redis-trips" + (leased ? "-leased" : "") + "\",\"calls\":" + calls + ",\"evalsha\":" + evalsha
          + ",\"eval\":" + eval + ",\"admits\":" + gets + ",\"settles\":"
          + (evalsha + eval - gets) + ",\"clientAdmissions\":" + admissions + ",\"fallbacks\":"
          + fallbacks + ",\"leased\":" + (r.state().stats().leased() - leasedBefore)
          + ",\"scriptUsec\":" + scriptUsec + ",\"perCall\":{" + all + "}}";
    }
  }

  private static long delta(Map<String, long[]> before, Map<String, long[]> after, String name,
      int field) {
    long[] b = before.get(name);
    long[] a = after.get(name);
    return (a == null ? 0 : a[field]) - (b == null ? 0 : b[field]);
  }

  /** Waits until Redis has had no script call for 200 ms (the settlements in flight are in). */
  private static void quiet(int redisPort) throws IOException, InterruptedException {
    long last = -1;
    int still = 0;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (still < 4 && System.nanoTime() < deadline) {
      long[] e = BenchRedis.commandStats(redisPort).get("evalsha");
      long now = e == null ? 0 : e[0];
      still = now == last ? still + 1 : 0;
      last = now;
      Thread.sleep(50);
    }
  }
}
