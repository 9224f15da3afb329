package io.vectornode.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and writes the report: starts the stub server in its own process, runs
 * every JMH benchmark (with the allocation profiler), the first-call and in-flight memory probes
 * in fresh JVMs, then regenerates {@code BENCHMARKS.md} and its chart from the JSON.
 *
 * <pre>
 * java -jar vectornode-benchmarks/target/benchmarks.jar quick   # under 10 minutes on 2 cores
 * java -jar vectornode-benchmarks/target/benchmarks.jar full    # about 45 minutes, 2 forks per benchmark
 * java -jar vectornode-benchmarks/target/benchmarks.jar report quick   # only regenerate
 * java -jar vectornode-benchmarks/target/benchmarks.jar warmup  # 64 callers, short and long warm-up
 * java -jar vectornode-benchmarks/target/benchmarks.jar smoke   # each contestant once
 * java -jar vectornode-benchmarks/target/benchmarks.jar redis   # shared state in Redis vs in memory, about 4 minutes
 * java -jar vectornode-benchmarks/target/benchmarks.jar report redis   # only regenerate its section
 * java -jar vectornode-benchmarks/target/benchmarks.jar jdbc    # the usage ledger in PostgreSQL, about 5 minutes
 * java -jar vectornode-benchmarks/target/benchmarks.jar report jdbc    # only regenerate its section
 * </pre>
 */
public final class BenchMain {
  static final List<String> CONTESTANTS =
      List.of("raw-okhttp", "vectornode", "vectornode-router", "openai-java", "langchain4j");

  private BenchMain() {}

  /**
   * Runs a profile.
   *
   * @param args {@code quick}, {@code full}, {@code warmup} (throughput after a short and a
   *     long warm-up), {@code redis} (the fleet's shared state in Redis against the router's
   *     in-memory state), {@code jdbc} (the router with and without a JdbcLedger, and the
   *     ledger's insert throughput), or {@code report PROFILE} ({@code report redis}, {@code
   *     report jdbc}: only that section)
   * @throws Exception when a run fails
   */
  public static void main(String[] args) throws Exception {
    String mode = args.length == 0 ? "quick" : args[0];
    Path root = findRoot();
    Path results = root.resolve("benchmarks");
    Files.createDirectories(results);
    if (mode.equals("report")) {
      String profile = args.length > 1 ? args[1] : "quick";
      if (profile.equals("redis")) {
        RedisReport.write(root, results.resolve("redis.json"),
            results.resolve("redis-extra.json"));
        return;
      }
      if (profile.equals("jdbc")) {
        JdbcReport.write(root, results.resolve("jdbc.json"), results.resolve("jdbc-extra.json"));
        return;
      }
      Report.write(root, results.resolve(profile + ".json"),
          results.resolve(profile + "-extra.json"), profile);
      return;
    }
    boolean quick = !mode.equals("full");
    String jar = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toString();
    Process stub = new ProcessBuilder(java(), "-Xmx512m", "-XX:+UseSerialGC", "-cp", jar,
        StubServer.class.getName()).redirectErrorStream(true).start();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(stub.getInputStream(),
          StandardCharsets.UTF_8));
      String first = r.readLine();
      if (first == null || !first.startsWith("PORT ")) {
        throw new IllegalStateException("stub server did not start: " + first);
      }
      String port = first.substring(5).strip();
      System.out.println("stub server on port " + port);
      Path json = results.resolve((quick ? "quick" : "full") + ".json");
      if (mode.equals("smoke")) {
        System.setProperty("stub.port", port);
        for (String c : List.of("raw-okhttp", "vectornode", "vectornode-router", "openai-java",
            "langchain4j", "raw-okhttp-anthropic", "vectornode-anthropic")) {
          try (Contestant x = Contestant.create(c, Bench.base("small"))) {
            String text = c.endsWith("anthropic") ? "-" : x.chat();
            System.out.println(c + ": chat " + (text.length() > 30 ? text.substring(0, 30)
                : text) + " | stream events " + x.stream());
          }
        }
        return;
      }
      if (mode.equals("redis")) {
        redis(port, results);
        return;
      }
      if (mode.equals("jdbc")) {
        jdbc(jar, port, results);
        return;
      }
      if (mode.equals("warmup")) {
        warmups(port, results.resolve("warmup.json"));
        WarmupReport.write(root, results.resolve("warmup.json"));
        return;
      }
      runAll(quick, port, json);
      List<String> extra = new ArrayList<>();
      for (String c : CONTESTANTS) {
        extra.add(probe(jar, port, "first-call", c));
      }
      for (String c : CONTESTANTS) {
        extra.add(probe(jar, port, "memory", c));
        extra.add(probe(jar, port, "memory-hold", c));
      }
      Path extraJson = results.resolve((quick ? "quick" : "full") + "-extra.json");
      Files.writeString(extraJson, "[\n" + String.join(",\n", extra) + "\n]\n");
      Report.write(root, json, extraJson, quick ? "quick" : "full");
    } finally {
      stub.destroy();
    }
  }

  /**
   * One group of benchmarks and its iterations: {warm-up iterations, warm-up seconds,
   * measured iterations, measured seconds} for the quick and the full profile. Throughput
   * with 64 callers on 2 cores takes far longer to reach steady state than one caller.
   */
  private record Group(Class<?> benchmark, int[] quick, int[] full) {}

  // The stub's ceiling runs first: it measures the stub and warms its JIT, so the first
  // contestant of the next group does not meet a colder server than the others.
  private static final List<Group> GROUPS = List.of(
      new Group(StubCeilingBenchmark.class, new int[] {4, 2, 3, 2}, new int[] {6, 5, 5, 5}),
      new Group(ChatLatencyBenchmark.class, new int[] {2, 2, 3, 2}, new int[] {3, 5, 5, 5}),
      new Group(ChatThroughputBenchmark.class, new int[] {7, 2, 4, 2},
          new int[] {10, 3, 5, 5}),
      new Group(StreamBenchmark.class, new int[] {2, 2, 3, 2}, new int[] {3, 5, 5, 5}),
      new Group(RouterDecisionBenchmark.class, new int[] {2, 1, 3, 1}, new int[] {3, 2, 5, 2}));

  /** @return where the peers' absorbed failures of a run go: {@code <profile>-failures.tsv} */
  static Path failures(Path json) {
    return json.resolveSibling(json.getFileName().toString().replace(".json", "-failures.tsv"));
  }

  /** Runs every group and writes one JMH JSON array holding all their results. */
  private static void runAll(boolean quick, String port, Path json) throws Exception {
    Files.deleteIfExists(failures(json));
    Files.writeString(failures(json), "");
    List<String> parts = new ArrayList<>();
    for (Group g : GROUPS) {
      int[] it = quick ? g.quick() : g.full();
      List<String> contestants = contestants(g.benchmark());
      if (quick || contestants.isEmpty()) {
        // One fork per configuration (quick), or a group without contestants (2 forks).
        run(g, it, quick ? 1 : 2, null, port, json, parts);
        continue;
      }
      // Full profile: two passes in opposite contestant orders (A B C ... C B A), one fork
      // each, so that a drift of the machine or the stub during the group does not favour
      // whoever runs first; the report averages the two passes.
      List<String> reversed = new ArrayList<>(contestants);
      java.util.Collections.reverse(reversed);
      for (List<String> pass : List.of(contestants, reversed)) {
        for (String c : pass) {
          run(g, it, 1, c, port, json, parts);
        }
      }
    }
    Files.writeString(json, "[\n" + String.join(",\n", parts) + "\n]\n");
  }

  /** The contestants of the warm-up comparison: the floor, the direct client, the router. */
  static final List<String> WARMUP_CONTESTANTS =
      List.of("raw-okhttp", "vectornode", "vectornode-router");

  /**
   * Throughput with 64 callers after a short (3 x 2 s) and a long (10 x 3 s) warm-up, each
   * measured 8 x 2 s, in four passes of alternating contestant order (one fork each; this
   * machine's throughput drifts by a third between forks, so one pass decides nothing): how
   * close to the floor a client is before the JIT has settled, not only after.
   */
  private static void warmups(String port, Path json) throws Exception {
    Files.deleteIfExists(failures(json));
    Files.writeString(failures(json), "");
    List<String> parts = new ArrayList<>();
    Group g = new Group(ChatThroughputBenchmark.class, null, null);
    List<String> reversed = new ArrayList<>(WARMUP_CONTESTANTS);
    java.util.Collections.reverse(reversed);
    for (int[] it : List.of(new int[] {3, 2, 8, 2}, new int[] {10, 3, 8, 2})) {
      for (List<String> pass : List.of(WARMUP_CONTESTANTS, reversed, WARMUP_CONTESTANTS,
          reversed)) {
        for (String c : pass) {
          run(g, it, 1, c, port, json, parts);
        }
      }
    }
    Files.writeString(json, "[\n" + String.join(",\n", parts) + "\n]\n");
  }

  /**
   * The fleet's shared state: starts a loopback redis-server from the embedded-redis artifact,
   * runs {@link RedisStateBenchmark} (router with in-memory state, router with a RedisState) in
   * two passes of opposite order with Redis flushed before each fork, {@link RedisRttBenchmark}
   * (Redis's own round trip), counts the round trips per call ({@link RedisTrips}), writes
   * {@code redis.json} and {@code redis-extra.json} and the section of BENCHMARKS.md, and stops
   * the redis-server.
   */
  private static void redis(String port, Path results) throws Exception {
    Path json = results.resolve("redis.json");
    Path extra = results.resolve("redis-extra.json");
    try (BenchRedis redis = BenchRedis.start()) {
      System.out.println("redis-server on port " + redis.port());
      System.setProperty("redis.port", Integer.toString(redis.port()));
      System.setProperty("stub.port", port);
      List<String> parts = new ArrayList<>();
      Group state = new Group(RedisStateBenchmark.class, null, null);
      List<String> order = contestants(RedisStateBenchmark.class);
      List<String> reversed = new ArrayList<>(order);
      java.util.Collections.reverse(reversed);
      for (List<String> pass : List.of(order, reversed)) {
        for (String c : pass) {
          BenchRedis.command(redis.port(), "FLUSHALL");
          run(state, new int[] {5, 3, 5, 3}, 1, c, port, json, parts);
        }
      }
      BenchRedis.command(redis.port(), "FLUSHALL");
      run(new Group(RedisRttBenchmark.class, null, null), new int[] {3, 2, 4, 2}, 1, null, port,
          json, parts);
      Files.writeString(json, "[\n" + String.join(",\n", parts) + "\n]\n");
      String trips = RedisTrips.count(redis.port(), 2_000, 10_000, false);
      String leasedTrips = RedisTrips.count(redis.port(), 2_000, 10_000, true);
      System.out.println(trips + "\n" + leasedTrips);
      Files.writeString(extra, "[" + trips + ",\n" + leasedTrips + "]\n");
    } finally {
      System.clearProperty("redis.port");
    }
    Path root = results.getParent();
    RedisReport.write(root, json, extra);
    System.out.println(RedisReport.section(json, extra));
  }

  /**
   * The usage ledger in PostgreSQL: starts a loopback PostgreSQL 14 (vectornode-jdbc's
   * TestPostgres), runs {@link JdbcLedgerBenchmark} (the router without and with a JdbcLedger)
   * in two passes of opposite order with the tables emptied before each fork, then {@link
   * JdbcThroughput} in its own JVM; writes {@code jdbc.json}, {@code jdbc-extra.json} and the
   * section of BENCHMARKS.md, and stops the server.
   */
  private static void jdbc(String jar, String port, Path results) throws Exception {
    Path json = results.resolve("jdbc.json");
    Path extra = results.resolve("jdbc-extra.json");
    try (io.vectornode.jdbc.TestPostgres pg = BenchPostgres.start()) {
      System.out.println("PostgreSQL at " + pg.jdbcUrl());
      System.setProperty("pg.url", pg.jdbcUrl());
      List<String> parts = new ArrayList<>();
      Group group = new Group(JdbcLedgerBenchmark.class, null, null);
      List<String> order = contestants(JdbcLedgerBenchmark.class);
      List<String> reversed = new ArrayList<>(order);
      java.util.Collections.reverse(reversed);
      for (List<String> pass : List.of(order, reversed)) {
        for (String c : pass) {
          BenchPostgres.truncate(pg);
          run(group, new int[] {5, 3, 5, 3}, 1, c, port, json, parts);
        }
      }
      Files.writeString(json, "[\n" + String.join(",\n", parts) + "\n]\n");
      Process p = new ProcessBuilder(java(), "-Xmx1g", "-cp", jar,
          JdbcThroughput.class.getName(), pg.jdbcUrl(), "100000", "3")
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("the throughput probe failed: " + out);
      }
      String line = out.lines().filter(l -> l.startsWith("{\"probe\"")).findFirst()
          .orElseThrow(() -> new IllegalStateException("the throughput probe printed: " + out));
      System.out.println(line);
      Files.writeString(extra, line + "\n");
    } finally {
      System.clearProperty("pg.url");
    }
    JdbcReport.write(results.getParent(), json, extra);
    System.out.println(JdbcReport.section(json, extra));
  }

  /** @return the values of the group's {@code contestant} parameter, in declared order */
  private static List<String> contestants(Class<?> benchmark) {
    try {
      return List.of(benchmark.getField("contestant")
          .getAnnotation(org.openjdk.jmh.annotations.Param.class).value());
    } catch (NoSuchFieldException e) {
      return List.of();
    }
  }

  private static void run(Group g, int[] it, int forks, String contestant, String port, Path json,
      List<String> parts) throws Exception {
    Path part = Files.createTempFile("jmh-" + g.benchmark().getSimpleName(), ".json");
    List<String> jvm = new ArrayList<>(List.of("-Dstub.port=" + port, "-Xms1g", "-Xmx1g",
        "-Dbench.failures=" + failures(json)));
    if (System.getProperty("redis.port") != null) {
      jvm.add("-Dredis.port=" + System.getProperty("redis.port"));
    }
    if (System.getProperty("pg.url") != null) {
      jvm.add("-Dpg.url=" + System.getProperty("pg.url"));
    }
    OptionsBuilder o = new OptionsBuilder();
    o.include(g.benchmark().getName() + "\\.")
        .addProfiler(GCProfiler.class)
        .jvmArgsAppend(jvm.toArray(new String[0]))
        .forks(forks)
        .warmupIterations(it[0]).warmupTime(TimeValue.seconds(it[1]))
        .measurementIterations(it[2]).measurementTime(TimeValue.seconds(it[3]))
        .resultFormat(ResultFormatType.JSON)
        .result(part.toString())
        .shouldFailOnError(true);
    if (contestant != null) {
      o.param("contestant", contestant);
    }
    new Runner(o.build()).run();
    String body = Files.readString(part).strip();
    Files.delete(part);
    // Each file is one JSON array; join their elements.
    body = body.substring(1, body.length() - 1).strip();
    if (!body.isEmpty()) {
      parts.add(body);
    }
  }

  private static String probe(String jar, String port, String probe, String contestant)
      throws IOException, InterruptedException {
    // The memory probes run in a small heap, as a service holding many streams would.
    String heap = probe.startsWith("memory") ? "-Xmx512m" : "-Xmx1g";
    Process p = new ProcessBuilder(java(), heap, "-Dstub.port=" + port, "-cp", jar,
        Probes.class.getName(), probe, contestant)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> {
          try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
    if (!p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(probe + " " + contestant + " did not finish in 3 minutes");
    }
    String out = read.join();
    String line = out.lines().filter(l -> l.startsWith("{\"probe\"")).findFirst()
        .orElseThrow(() -> new IllegalStateException(probe + " " + contestant + " printed: "
            + out));
    System.out.println(line);
    return line;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Path findRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("vectornode-benchmarks"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("run from the VectorNode checkout");
    }
    return p;
  }
}
