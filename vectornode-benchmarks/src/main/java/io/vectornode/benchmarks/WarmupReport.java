package io.vectornode.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The section of {@code BENCHMARKS.md} for {@code benchmarks.jar warmup}: throughput with 64
 * callers after a short and after a long warm-up, as a ratio to raw OkHttp + Jackson (the mean
 * of the passes).
 */
final class WarmupReport {
  static final String TITLE = "## Throughput after a short and a long warm-up (64 callers)";
  private static final ObjectMapper JSON = new ObjectMapper();

  private WarmupReport() {}

  /** Puts the section into BENCHMARKS.md, replacing the one there. */
  static void write(Path root, Path json) throws IOException {
    Path md = root.resolve("BENCHMARKS.md");
    String text = Files.exists(md) ? Files.readString(md) : "";
    Files.writeString(md, replace(text, section(json)));
  }

  /** @return the text with its warm-up section (if any) replaced by this one, or appended */
  static String replace(String text, String section) {
    int at = text.indexOf(TITLE);
    if (at < 0) {
      return section.isEmpty() ? text : text.stripTrailing() + "\n\n" + section;
    }
    int next = text.indexOf("\n## ", at + TITLE.length());
    String rest = next < 0 ? "" : text.substring(next);
    return text.substring(0, at) + section + rest;
  }

  /** @return the section, or empty when the run has not been made */
  static String section(Path json) throws IOException {
    if (!Files.exists(json)) {
      return "";
    }
    // warm-up label -> contestant -> scores of the passes
    Map<String, Map<String, List<Double>>> runs = new LinkedHashMap<>();
    for (JsonNode r : JSON.readTree(json.toFile())) {
      String warmup = r.get("warmupIterations").asInt() + " x " + r.get("warmupTime").asText();
      String c = r.path("params").path("contestant").asText();
      runs.computeIfAbsent(warmup, k -> new LinkedHashMap<>())
          .computeIfAbsent(c, k -> new ArrayList<>())
          .add(r.get("primaryMetric").get("score").asDouble());
    }
    StringBuilder sb = new StringBuilder(TITLE).append("\n\n");
    sb.append("`benchmarks.jar warmup`: `ChatThroughputBenchmark` (64 threads, ~1 KB responses),"
        + " measured 8 x 2 s after each warm-up, four passes in alternating contestant order"
        + " (A B C, C B A, A B C, C B A; one fork each; calls/s are their mean). Target: ≥ 0.95 × the floor after both.\n\n");
    sb.append("| warm-up | contestant | calls/s (passes) | ratio to the floor | verdict |\n");
    sb.append("|---|---|---|---|---|\n");
    for (var w : runs.entrySet()) {
      double floor = mean(w.getValue().get("raw-okhttp"));
      for (var c : w.getValue().entrySet()) {
        double score = mean(c.getValue());
        double ratio = score / floor;
        sb.append("| ").append(w.getKey()).append(" | ").append(c.getKey()).append(" | ")
            .append(String.format(Locale.ROOT, "%,.0f", score)).append(" (");
        for (int i = 0; i < c.getValue().size(); i++) {
          sb.append(i == 0 ? "" : ", ")
              .append(String.format(Locale.ROOT, "%,.0f", c.getValue().get(i)));
        }
        sb.append(") | ").append(String.format(Locale.ROOT, "%.2f", ratio)).append(" | ")
            .append(c.getKey().equals("raw-okhttp") ? "floor" : ratio >= 0.95 ? "**met**"
                : "**not met**").append(" |\n");
      }
    }
    return sb.toString();
  }

  private static double mean(List<Double> v) {
    return v == null ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).average()
        .orElse(Double.NaN);
  }
}
