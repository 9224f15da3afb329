package io.vectornode.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurements JMH does not make, each run in a fresh JVM by {@link BenchMain}: the first call
 * of a contestant (client creation plus one call, class loading included), and the heap held by
 * 1,000 streams in flight.
 */
public final class Probes {
  private Probes() {}

  /**
   * Runs one probe and prints one JSON line.
   *
   * @param args {@code first-call CONTESTANT}, {@code memory CONTESTANT}, or
   *     {@code loop CONTESTANT N [stream]} (for profiling)
   * @throws Exception when the probe fails
   */
  public static void main(String[] args) throws Exception {
    String probe = args[0];
    String contestant = args[1];
    if (probe.equals("loop")) {
      // For profiling by hand, e.g. under -XX:StartFlightRecording: N calls, or N streams
      // with a third argument "stream".
      int n = Integer.parseInt(args[2]);
      boolean stream = args.length > 3 && args[3].equals("stream");
      try (Contestant c = Contestant.create(contestant, Bench.base("small"))) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
          sink += stream ? c.stream() : c.chat().length();
        }
        System.out.println("{\"probe\":\"loop\",\"sink\":" + sink + "}");
      }
    } else if (probe.equals("first-call")) {
      long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
      long t0 = System.nanoTime();
      try (Contestant c = Contestant.create(contestant, Bench.base("small"))) {
        c.chat();
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("{\"probe\":\"first-call\",\"contestant\":\"" + contestant
          + "\",\"firstCallMs\":" + ms + ",\"sinceJvmStartMs\":"
          + (System.currentTimeMillis() - jvmStart) + "}");
    } else {
      int n = 1000;
      String base = Bench.base("small").replace("/small/", "/hold/");
      try (Contestant c = Contestant.create(contestant, base)) {
        List<AutoCloseable> open = new ArrayList<>(n);
        open.add(c.openAndReadFirst()); // load classes before the baseline
        open.get(0).close();
        open.clear();
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
          open.add(c.openAndReadFirst());
        }
        long after = usedAfterGc();
        System.out.println("{\"probe\":\"memory\",\"contestant\":\"" + contestant
            + "\",\"streams\":" + n + ",\"bytesPerStream\":" + (after - before) / n + "}");
        // Not closed one by one: closing a half-read OkHttp response waits up to 100 ms to
        // drain it (raw OkHttp and openai-java do), and the process exits next anyway.
      } catch (UnsupportedOperationException e) {
        System.out.println("{\"probe\":\"memory\",\"contestant\":\"" + contestant
            + "\",\"streams\":0,\"bytesPerStream\":null}");
      }
    }
    System.exit(0);
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100); // let the collector finish; this is a measurement, not a test
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
