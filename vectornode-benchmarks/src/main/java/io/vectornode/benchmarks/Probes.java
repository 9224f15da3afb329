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
   * @param args {@code first-call CONTESTANT}, {@code memory CONTESTANT} (open streams against
   *     the chunked SSE path), {@code memory-hold CONTESTANT} (the earlier, one-event probe), or
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
    } else if (probe.equals("memory") || probe.equals("memory-hold")) {
      memory(contestant, probe.equals("memory") ? System.getProperty("probe.path", "/sse/")
          : "/hold/",
          Integer.getInteger("probe.streams", 1000));
    } else {
      throw new IllegalArgumentException("unknown probe " + probe);
    }
    System.exit(0);
  }

  /**
   * The heap each open stream holds: {@code n} streams opened through the contestant's public
   * API and read up to their first text delta (as an application that has shown the first token
   * does), all kept strongly reachable, then the heap used after full collections, less the same
   * before them, over {@code n}. The baseline is taken after one stream was opened, read and
   * closed, so that classes, pools and caches that any first stream fills are not counted.
   *
   * <p>{@code /sse/} sends a real stream's first events, each its own chunk, and holds: the
   * later deltas wait in the client's buffers, as they do while an application handles a
   * token. {@code /hold/} (the earlier probe) sends one event in one chunk and holds.
   * {@code -Dprobe.pause=SECONDS} keeps the streams open that long after the measurement, for a
   * heap histogram ({@code jcmd PID GC.class_histogram}).
   */
  private static void memory(String contestant, String path, int n) throws Exception {
    String base = Bench.base("small").replace("/small/", path);
    String name = path.startsWith("/sse") ? "memory" : "memory-hold";
    try (Contestant c = Contestant.create(contestant, base)) {
      List<AutoCloseable> open = new ArrayList<>(n);
      c.openAndReadFirst().close(); // load classes, fill pools and caches, before the baseline
      long before = usedAfterGc();
      for (int i = 0; i < n; i++) {
        open.add(c.openAndReadFirst());
      }
      long after = usedAfterGc();
      System.out.println("{\"probe\":\"" + name + "\",\"contestant\":\"" + contestant
          + "\",\"streams\":" + n + ",\"maxHeapMb\":"
          + Runtime.getRuntime().maxMemory() / (1024 * 1024) + ",\"bytesPerStream\":"
          + (after - before) / n + "}");
      long pause = Long.getLong("probe.pause", 0);
      if (pause > 0) {
        System.err.println("pid " + ProcessHandle.current().pid() + ": " + n
            + " streams open for " + pause + " s");
        Thread.sleep(pause * 1000);
      }
      // Kept reachable until here: after the last use of the list a compiled frame may drop it.
      java.lang.ref.Reference.reachabilityFence(open);
      // Not closed one by one: closing a half-read OkHttp response waits up to 100 ms to
      // drain it (raw OkHttp and openai-java do), and the process exits next anyway.
    } catch (UnsupportedOperationException e) {
      System.out.println("{\"probe\":\"" + name + "\",\"contestant\":\"" + contestant
          + "\",\"streams\":0,\"bytesPerStream\":null}");
    }
  }

  /** @return the heap in use after full collections, by the memory bean */
  private static long usedAfterGc() throws InterruptedException {
    java.lang.management.MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100); // let the collector finish; this is a measurement, not a test
      // The least of several readings: a reading taken while a reference handler or a
      // reader thread allocates is higher, never lower.
      used = Math.min(used, bean.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
