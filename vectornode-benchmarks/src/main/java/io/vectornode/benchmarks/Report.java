package io.vectornode.benchmarks;

// Over 400 lines: renders every table of BENCHMARKS.md from the JMH JSON in one pass.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Writes {@code BENCHMARKS.md} and {@code benchmarks/chart.png} from a JMH JSON result and the
 * probes' JSON: no number in the report is typed by hand.
 */
final class Report {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Report() {}

  /** One JMH result, by benchmark, contestant and size. */
  private record Row(String benchmark, Map<String, String> params, double score, String unit,
      double p50, double p99, double allocPerOp) {}

  /**
   * The peers' failed calls that the harness absorbed during the run, counted from the file the
   * benchmarks append to.
   */
  static String peerFailures(Path file) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          counts.merge(line.replace("\t", ": "), 1, Integer::sum);
        }
      }
    }
    if (counts.isEmpty()) {
      return "- No contestant failed a call during this run.\n";
    }
    StringBuilder sb = new StringBuilder("- Failed calls during this run, each recorded and"
        + " retried once by the harness so that the run could finish (the time lost stays in"
        + " that contestant's score; see `" + file.getFileName() + "`):");
    counts.forEach((what, n) -> sb.append(" ").append(what).append(" × ").append(n).append(";"));
    sb.setLength(sb.length() - 1);
    return sb.append(".\n").toString();
  }

  static void write(Path root, Path jmhJson, Path extraJson, String profile) throws IOException {
    List<Row> rows = new ArrayList<>();
    Map<String, String> groups = new LinkedHashMap<>();
    for (JsonNode r : JSON.readTree(jmhJson.toFile())) {
      String bench = r.get("benchmark").asText();
      bench = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
      groups.putIfAbsent(bench, "`" + bench + "`: " + r.get("forks").asInt()
          + (r.get("forks").asInt() == 1 ? " fork, " : " forks, ")
          + r.get("warmupIterations").asInt() + " x " + r.get("warmupTime").asText()
          + " warm-up, " + r.get("measurementIterations").asInt() + " x "
          + r.get("measurementTime").asText() + " measured, " + r.get("threads").asInt()
          + (r.get("threads").asInt() == 1 ? " thread" : " threads"));
      Map<String, String> params = new LinkedHashMap<>();
      r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(),
          e.getValue().asText()));
      JsonNode pm = r.get("primaryMetric");
      double alloc = Double.NaN;
      for (var it = r.path("secondaryMetrics").fields(); it.hasNext(); ) {
        var e = it.next();
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          alloc = e.getValue().get("score").asDouble();
        }
      }
      String name = r.get("benchmark").asText();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      rows.add(new Row(name, params, pm.get("score").asDouble(), pm.get("scoreUnit").asText(),
          pm.path("scorePercentiles").path("50.0").asDouble(Double.NaN),
          pm.path("scorePercentiles").path("99.0").asDouble(Double.NaN), alloc));
    }
    // The full profile runs each contestant twice, in opposite orders: one row, the mean.
    Map<String, List<Row>> byKey = new LinkedHashMap<>();
    for (Row r : rows) {
      byKey.computeIfAbsent(r.benchmark() + r.params(), k -> new ArrayList<>()).add(r);
    }
    rows = new ArrayList<>();
    for (List<Row> same : byKey.values()) {
      Row f = same.get(0);
      rows.add(new Row(f.benchmark(), f.params(), mean(same, Row::score), f.unit(),
          mean(same, Row::p50), mean(same, Row::p99), mean(same, Row::allocPerOp)));
      if (same.size() > 1) {
        groups.computeIfPresent(f.benchmark(), (k, v) -> v.replace(" 1 fork, ", " "
            + same.size() + " passes in opposite contestant orders (1 fork each; the figures are"
            + " their mean), "));
      }
    }
    Map<String, Long> firstCall = new LinkedHashMap<>();
    Map<String, Long> memory = new LinkedHashMap<>();
    Map<String, Long> memoryHold = new LinkedHashMap<>();
    for (JsonNode e : JSON.readTree(extraJson.toFile())) {
      String c = e.get("contestant").asText();
      if (e.get("probe").asText().equals("first-call")) {
        firstCall.put(c, e.get("firstCallMs").asLong());
      } else if (e.get("probe").asText().equals("memory") && !e.get("bytesPerStream").isNull()) {
        memory.put(c, e.get("bytesPerStream").asLong());
      } else if (e.get("probe").asText().equals("memory-hold")
          && !e.get("bytesPerStream").isNull()) {
        memoryHold.put(c, e.get("bytesPerStream").asLong());
      }
    }
    Path chart = root.resolve("benchmarks").resolve("chart.png");
    chart(rows, chart);
    String settings = "";
    for (String g : groups.values()) {
      settings += "\n  - " + g;
    }
    String md = markdown(rows, firstCall, memory, memoryHold, profile, settings,
        root.relativize(jmhJson).toString(), root.relativize(extraJson).toString(),
        peerFailures(BenchMain.failures(jmhJson)));
    md = WarmupReport.replace(md,
        WarmupReport.section(root.resolve("benchmarks").resolve("warmup.json")));
    md = RedisReport.replace(md, RedisReport.section(root.resolve("benchmarks")
        .resolve("redis.json"), root.resolve("benchmarks").resolve("redis-extra.json")));
    md = JdbcReport.replace(md, JdbcReport.section(root.resolve("benchmarks")
        .resolve("jdbc.json"), root.resolve("benchmarks").resolve("jdbc-extra.json")));
    Files.writeString(root.resolve("BENCHMARKS.md"), md);
  }

  private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
    double sum = 0;
    for (Row r : rows) {
      sum += f.applyAsDouble(r);
    }
    return sum / rows.size();
  }

  private static Row find(List<Row> rows, String benchmark, String contestant, String size) {
    for (Row r : rows) {
      if (r.benchmark().equals(benchmark)
          && (contestant == null || contestant.equals(r.params().get("contestant")))
          && (size == null || size.equals(r.params().get("size")))) {
        return r;
      }
    }
    return null;
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String signed(double v) {
    return (v >= 0 ? "+" : "") + fmt(v);
  }

  private static String ok(boolean pass) {
    return pass ? "**met**" : "**missed**";
  }

  private static String markdown(List<Row> rows, Map<String, Long> firstCall,
      Map<String, Long> memory, Map<String, Long> memoryHold, String profile, String settings,
      String json, String extra, String peerFailures) {
    StringBuilder md = new StringBuilder();
    List<String[]> targets = new ArrayList<>();
    md.append("# VectorNode benchmarks\n\n");
    md.append("Generated by `vectornode-benchmarks` (`").append(profile)
        .append("` profile) from [`").append(json).append("`](").append(json).append(") and [`")
        .append(extra).append("`](").append(extra).append("); regenerate with `vectornode-benchmarks/run.sh ")
        .append(profile).append("`. Do not edit by hand.\n\n");
    md.append("![VectorNode against the floor, openai-java and LangChain4j](benchmarks/chart.png)\n\n");
    md.append("## Method\n\n");
    md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ").append(cpu()).append(", ").append(System.getProperty("java.vm.name"))
        .append(' ').append(System.getProperty("java.version")).append(", ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
        .append("; run on ").append(LocalDate.now()).append(".\n");
    md.append("- JMH 1.37, `-prof gc`, `-Xms1g -Xmx1g`; iterations per group, as recorded in"
        + " the JSON:").append(settings).append(profile.equals("quick")
        ? "\n- Quick profile: short runs, so read the error bars in the JSON before small"
        + " differences.\n" : "\n");
    md.append("- The stub is a lean HTTP/1.1 server in its own process (keep-alive, pre-encoded"
        + " responses, TCP_NODELAY): a ~1 KB or ~10 KB `chat.completion`, an OpenAI stream of "
        + Payloads.STREAM_DELTAS + " deltas plus the usage chunk and `[DONE]`, an Anthropic"
        + " stream of " + Payloads.STREAM_DELTAS + " deltas. The client and the stub share the"
        + " 2 cores, so absolute numbers are modest; the ratios are the point.\n");
    md.append("- Contestants, all retries off, the same timeouts (connect "
        + Bench.CONNECT_TIMEOUT.toSeconds() + " s, read and whole call "
        + Bench.CALL_TIMEOUT.toSeconds() + " s), pools sized for the concurrency"
        + " where the library allows it: **raw-okhttp** (the floor: OkHttp 5 + Jackson"
        + " streaming parser), **vectornode** (a provider client used directly), "
        + "**vectornode-router** (three weighted deployments, retries, circuit breakers and a"
        + " usage meter, all active, none firing), **openai-java** 4.101.0 (official SDK, its"
        + " OkHttp pool also sized to 128 idle connections), **langchain4j** 1.19.0"
        + " (`OpenAiChatModel` on its default JDK HTTP client, pinned to HTTP/1.1, pool"
        + " unbounded). VectorNode's pools: `maxIdleConnections(128)`, like the floor.\n");
    md.append(peerFailures);
    md.append("\n");

    // Latency
    md.append("## Latency per blocking call (one caller, µs)\n\n");
    md.append("| response | contestant | p50 | p99 | added p50 | added p99 | allocated per call |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (String size : List.of("small", "large")) {
      Row floor = find(rows, "ChatLatencyBenchmark.chat", "raw-okhttp", size);
      for (String c : BenchMain.CONTESTANTS) {
        Row r = find(rows, "ChatLatencyBenchmark.chat", c, size);
        if (r == null || floor == null) {
          continue;
        }
        md.append("| ").append(size.equals("small") ? "~1 KB" : "~10 KB").append(" | ")
            .append(c).append(" | ").append(fmt(r.p50())).append(" | ").append(fmt(r.p99()))
            .append(" | ").append(c.equals("raw-okhttp") ? "—" : fmt(r.p50() - floor.p50()))
            .append(" | ").append(c.equals("raw-okhttp") ? "—" : fmt(r.p99() - floor.p99()))
            .append(" | ").append(fmt(r.allocPerOp() / 1024)).append(" KB |\n");
      }
    }
    // Latency and allocation targets, judged on both response sizes.
    double[][] added = new double[2][6]; // per size: p50 d, p50 r, p99 d, p99 r, alloc d, alloc r
    boolean latencyComplete = true;
    String[] sizes = {"small", "large"};
    for (int i = 0; i < 2; i++) {
      Row f = find(rows, "ChatLatencyBenchmark.chat", "raw-okhttp", sizes[i]);
      Row d = find(rows, "ChatLatencyBenchmark.chat", "vectornode", sizes[i]);
      Row r = find(rows, "ChatLatencyBenchmark.chat", "vectornode-router", sizes[i]);
      if (f == null || d == null || r == null) {
        latencyComplete = false;
        continue;
      }
      added[i] = new double[] {d.p50() - f.p50(), r.p50() - f.p50(), d.p99() - f.p99(),
          r.p99() - f.p99(), d.allocPerOp() - f.allocPerOp(), r.allocPerOp() - f.allocPerOp()};
    }
    if (latencyComplete) {
      targets.add(new String[] {"added p50, direct ≤ 5 µs (1 KB / 10 KB)", fmt(added[0][0])
          + " / " + fmt(added[1][0]) + " µs", ok(added[0][0] <= 5 && added[1][0] <= 5)});
      targets.add(new String[] {"added p50, router ≤ 10 µs (1 KB / 10 KB)", fmt(added[0][1])
          + " / " + fmt(added[1][1]) + " µs", ok(added[0][1] <= 10 && added[1][1] <= 10)});
      targets.add(new String[] {"added p99 ≤ 20 µs, direct (1 KB / 10 KB)", fmt(added[0][2])
          + " / " + fmt(added[1][2]) + " µs", ok(added[0][2] <= 20 && added[1][2] <= 20)});
      targets.add(new String[] {"added p99 ≤ 20 µs, router (1 KB / 10 KB)", fmt(added[0][3])
          + " / " + fmt(added[1][3]) + " µs", ok(added[0][3] <= 20 && added[1][3] <= 20)});
      targets.add(new String[] {"allocation ≤ floor + 2 KB per call, direct (1 KB / 10 KB)",
          signed(added[0][4] / 1024) + " / " + signed(added[1][4] / 1024) + " KB",
          ok(added[0][4] <= 2048 && added[1][4] <= 2048)});
      targets.add(new String[] {"allocation ≤ floor + 2 KB per call, router (1 KB / 10 KB)",
          signed(added[0][5] / 1024) + " / " + signed(added[1][5] / 1024) + " KB",
          ok(added[0][5] <= 2048 && added[1][5] <= 2048)});
    }

    // Throughput
    md.append("\n## Throughput with 64 concurrent callers (calls/s, ~1 KB responses)\n\n");
    md.append("| contestant | calls/s | ratio to the floor | allocated per call |\n|---|---|---|---|\n");
    Row tFloor = find(rows, "ChatThroughputBenchmark.chat", "raw-okhttp", null);
    for (String c : BenchMain.CONTESTANTS) {
      Row r = find(rows, "ChatThroughputBenchmark.chat", c, null);
      if (r == null || tFloor == null) {
        continue;
      }
      md.append("| ").append(c).append(" | ").append(fmt(r.score())).append(" | ")
          .append(fmt(r.score() / tFloor.score())).append(" | ").append(fmt(r.allocPerOp() / 1024))
          .append(" KB |\n");
    }
    Row tDirect = find(rows, "ChatThroughputBenchmark.chat", "vectornode", null);
    Row tRouter = find(rows, "ChatThroughputBenchmark.chat", "vectornode-router", null);
    if (tFloor != null && tDirect != null && tRouter != null) {
      double rd = tDirect.score() / tFloor.score();
      double rr = tRouter.score() / tFloor.score();
      targets.add(new String[] {"throughput at 64 callers ≥ 0.95 × floor, direct", fmt(rd),
          ok(rd >= 0.95)});
      targets.add(new String[] {"throughput at 64 callers ≥ 0.95 × floor, router", fmt(rr),
          ok(rr >= 0.95)});
    }

    // Streaming
    md.append("\n## Streaming (one caller, " + Payloads.STREAM_DELTAS + " deltas per stream)\n\n");
    md.append("| format | contestant | events/s | ratio to the floor | allocated per event |\n");
    md.append("|---|---|---|---|---|\n");
    String[][] streams = {{"OpenAI", "raw-okhttp"}, {"OpenAI", "vectornode"},
        {"OpenAI", "vectornode-router"}, {"OpenAI", "openai-java"}, {"OpenAI", "langchain4j"},
        {"Anthropic", "raw-okhttp-anthropic"}, {"Anthropic", "vectornode-anthropic"}};
    Row sFloor = find(rows, "StreamBenchmark.stream", "raw-okhttp", null);
    Row aFloor = find(rows, "StreamBenchmark.stream", "raw-okhttp-anthropic", null);
    for (String[] s : streams) {
      Row r = find(rows, "StreamBenchmark.stream", s[1], null);
      Row f = s[0].equals("OpenAI") ? sFloor : aFloor;
      if (r == null || f == null) {
        continue;
      }
      md.append("| ").append(s[0]).append(" | ").append(s[1]).append(" | ")
          .append(fmt(r.score() * Payloads.STREAM_DELTAS)).append(" | ")
          .append(fmt(r.score() / f.score())).append(" | ")
          .append(fmt(r.allocPerOp() / Payloads.STREAM_DELTAS)).append(" B |\n");
    }
    Row sDirect = find(rows, "StreamBenchmark.stream", "vectornode", null);
    Row sRouter = find(rows, "StreamBenchmark.stream", "vectornode-router", null);
    Row sAnth = find(rows, "StreamBenchmark.stream", "vectornode-anthropic", null);
    if (sFloor != null && sDirect != null && sRouter != null) {
      double r1 = sDirect.score() / sFloor.score();
      double r2 = sRouter.score() / sFloor.score();
      targets.add(new String[] {"streaming ≥ 0.9 × floor events/s (direct / router"
          + (sAnth != null && aFloor != null ? " / anthropic" : "") + ")", fmt(r1) + " / "
          + fmt(r2) + (sAnth != null && aFloor != null ? " / " + fmt(sAnth.score()
              / aFloor.score()) : ""), ok(r1 >= 0.9 && r2 >= 0.9)});
      double b1 = sDirect.allocPerOp() / Payloads.STREAM_DELTAS;
      double b2 = sRouter.allocPerOp() / Payloads.STREAM_DELTAS;
      targets.add(new String[] {"streaming ≤ 1 KB allocated per event (direct / router)",
          fmt(b1) + " / " + fmt(b2) + " B", ok(b1 <= 1024 && b2 <= 1024)});
    }

    // Memory
    md.append("\n## Memory per stream in flight (1,000 open streams, heap after GC)\n\n");
    md.append("`Probes memory` in a fresh `-Xmx512m` JVM: 1,000 streams opened through each"
        + " contestant's public API (the router with the same three deployments, breakers and"
        + " usage meter as in the other benchmarks) against the stub's `/sse/` path, which sends"
        + " the role event and three text deltas in 512-byte HTTP chunks that events straddle,"
        + " and holds the connection; each stream is read up to its first text delta and kept"
        + " open and strongly reachable. Heap used after five `System.gc()` (the least"
        + " reading), less the same after one stream was opened and closed, over 1,000. The"
        + " one-event column is the earlier probe (`memory-hold`: one event in one chunk).\n\n");
    md.append("| contestant | bytes per open stream (chunked SSE) | one event (`/hold/`) |\n"
        + "|---|---|---|\n");
    memory.forEach((c, b) -> md.append("| ").append(c).append(" | ").append(fmt(b))
        .append(" | ").append(memoryHold.containsKey(c) ? fmt(memoryHold.get(c)) : "-")
        .append(" |\n"));

    // Router decision
    md.append("\n## The router's own decision (no HTTP)\n\n");
    md.append("| deployments in the route | ns per decision | bytes per decision |\n|---|---|---|\n");
    boolean decisionOk = true;
    String decisions = "";
    for (String n : List.of("1", "3", "10")) {
      Row r = null;
      for (Row x : rows) {
        if (x.benchmark().equals("RouterDecisionBenchmark.decide")
            && n.equals(x.params().get("deployments"))) {
          r = x;
        }
      }
      if (r == null) {
        continue;
      }
      md.append("| ").append(n).append(" | ").append(fmt(r.score())).append(" | ")
          .append(fmt(r.allocPerOp())).append(" |\n");
      decisionOk &= r.score() <= 200 && r.allocPerOp() <= 100;
      decisions += (decisions.isEmpty() ? "" : ", ") + n + ": " + fmt(r.score()) + " ns / "
          + fmt(r.allocPerOp()) + " B";
    }
    targets.add(new String[] {"router decision ≤ 200 ns and ≤ 100 B", decisions,
        ok(decisionOk)});

    // First call
    md.append("\n## First call in a fresh JVM (client creation + one call, ms)\n\n");
    md.append("| contestant | ms |\n|---|---|\n");
    firstCall.forEach((c, ms) -> md.append("| ").append(c).append(" | ").append(ms)
        .append(" |\n"));

    // Stub ceiling
    Row ceilL = find(rows, "StubCeilingBenchmark.latency", null, null);
    Row ceilT = find(rows, "StubCeilingBenchmark.throughput", null, null);
    if (ceilL != null && ceilT != null) {
      md.append("\n## The stub's own ceiling (raw socket client, no HTTP library)\n\n");
      md.append("| measure | value |\n|---|---|\n");
      md.append("| p50 / p99 round trip | ").append(fmt(ceilL.p50())).append(" / ")
          .append(fmt(ceilL.p99())).append(" µs |\n");
      md.append("| calls/s with 64 callers | ").append(fmt(ceilT.score())).append(" |\n");
      if (tFloor != null) {
        md.append("| floor's share of the ceiling | ").append(fmt(tFloor.score()
            / ceilT.score())).append(" |\n");
      }
    }

    // Ahead of the peers: the direct client and the router, on every metric measured.
    List<String> behind = new ArrayList<>();
    for (String us : List.of("vectornode", "vectornode-router")) {
      for (String peer : List.of("openai-java", "langchain4j")) {
        String who = us + " vs " + peer;
        for (String size : List.of("small", "large")) {
          Row p = find(rows, "ChatLatencyBenchmark.chat", peer, size);
          Row v = find(rows, "ChatLatencyBenchmark.chat", us, size);
          if (p != null && v != null) {
            if (v.p50() > p.p50()) {
              behind.add("p50 " + size + ", " + who);
            }
            if (v.p99() > p.p99()) {
              behind.add("p99 " + size + ", " + who);
            }
            if (v.allocPerOp() > p.allocPerOp()) {
              behind.add("allocation " + size + ", " + who);
            }
          }
        }
        Row pt = find(rows, "ChatThroughputBenchmark.chat", peer, null);
        Row vt = find(rows, "ChatThroughputBenchmark.chat", us, null);
        if (pt != null && vt != null && vt.score() < pt.score()) {
          behind.add("throughput, " + who);
        }
        Row ps = find(rows, "StreamBenchmark.stream", peer, null);
        Row vs = find(rows, "StreamBenchmark.stream", us, null);
        if (ps != null && vs != null) {
          if (vs.score() < ps.score()) {
            behind.add("stream events/s, " + who);
          }
          if (vs.allocPerOp() > ps.allocPerOp()) {
            behind.add("stream allocation, " + who);
          }
        }
        if (memory.containsKey(peer) && memory.containsKey(us)
            && memory.get(us) > memory.get(peer)) {
          behind.add("memory per stream, " + who);
        }
        if (firstCall.containsKey(peer) && firstCall.containsKey(us)
            && firstCall.get(us) > firstCall.get(peer)) {
          behind.add("first call, " + who);
        }
      }
    }
    targets.add(new String[] {"ahead of openai-java and LangChain4j on every metric (direct"
        + " client and router)", behind.isEmpty() ? "ahead on all "
        + "latency, allocation, throughput, streaming, memory and first-call figures"
        : "behind on: " + String.join("; ", behind), ok(behind.isEmpty())});

    StringBuilder head = new StringBuilder("## Targets\n\n| target | measured | verdict |\n"
        + "|---|---|---|\n");
    for (String[] t : targets) {
      head.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2])
          .append(" |\n");
    }
    int at = md.indexOf("## Method");
    md.insert(at, head.append('\n'));
    return md.toString();
  }

  private static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static void chart(List<Row> rows, Path file) throws IOException {
    DefaultCategoryDataset latency = new DefaultCategoryDataset();
    DefaultCategoryDataset alloc = new DefaultCategoryDataset();
    DefaultCategoryDataset events = new DefaultCategoryDataset();
    for (String c : BenchMain.CONTESTANTS) {
      Row l = find(rows, "ChatLatencyBenchmark.chat", c, "small");
      if (l != null) {
        latency.addValue(l.p50(), "p50 µs per call (~1 KB)", c);
        alloc.addValue(l.allocPerOp() / 1024, "KB allocated per call", c);
      }
      Row s = find(rows, "StreamBenchmark.stream", c, null);
      if (s != null) {
        events.addValue(s.score() * Payloads.STREAM_DELTAS / 1000, "thousand events/s", c);
      }
    }
    CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(new CategoryAxis());
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    Color[] colors = {new Color(0x33, 0x66, 0x99), new Color(0x99, 0x66, 0x33),
        new Color(0x33, 0x99, 0x66)};
    DefaultCategoryDataset[] sets = {latency, alloc, events};
    String[] labels = {"p50 µs / call", "KB / call", "k events / s"};
    for (int i = 0; i < sets.length; i++) {
      BarRenderer r = new BarRenderer();
      r.setBarPainter(new StandardBarPainter());
      r.setShadowVisible(false);
      r.setSeriesPaint(0, colors[i]);
      CategoryPlot sub = new CategoryPlot(sets[i], null, new NumberAxis(labels[i]), r);
      sub.setBackgroundPaint(Color.WHITE);
      sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
      plot.add(sub, 1);
    }
    JFreeChart chart = new JFreeChart("VectorNode vs the floor and the peers (lower latency"
        + " and allocation, higher events/s are better)", JFreeChart.DEFAULT_TITLE_FONT, plot,
        true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 760);
  }
}
