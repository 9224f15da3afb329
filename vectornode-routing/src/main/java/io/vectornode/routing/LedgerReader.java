package io.vectornode.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.error.ConfigurationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link UsageLedger}: one file or every ledger file in a directory. Lines that are not
 * whole records (a crash's half-written line) are skipped and counted.
 */
public final class LedgerReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LedgerReader() {}

  /**
   * One call as the ledger recorded it.
   *
   * @param ts when it ended
   * @param requestId its id
   * @param task its task, or null
   * @param tags its tags
   * @param provider the provider of its final attempt, or null
   * @param model the model of its final attempt, or null
   * @param deployment the deployment of its final attempt, or null
   * @param outcome SUCCESS, FAILURE or CANCELLED
   * @param attempts how many attempts it made
   * @param inputTokens input tokens over all attempts
   * @param outputTokens output tokens over all attempts
   * @param costUsd the known cost over all attempts, or null when unknown
   * @param latencyMs its latency
   */
  public record Entry(Instant ts, String requestId, @Nullable String task,
      Map<String, String> tags, @Nullable String provider, @Nullable String model,
      @Nullable String deployment, String outcome, int attempts, long inputTokens,
      long outputTokens, @Nullable BigDecimal costUsd, long latencyMs) {
    /** Copies. */
    public Entry {
      tags = Map.copyOf(tags);
    }
  }

  /**
   * What was read.
   *
   * @param entries the records, in file order
   * @param skippedLines lines that were not whole records
   */
  public record Result(List<Entry> entries, int skippedLines) {
    /** Copies. */
    public Result {
      entries = List.copyOf(entries);
    }
  }

  /**
   * Reads a ledger file, or every {@code vectornode-usage-*.jsonl} in a directory.
   *
   * @param path the file or directory
   * @param since only records at or after this instant, or null for all
   * @return the records
   */
  public static Result read(Path path, @Nullable Instant since) {
    List<Path> files = new ArrayList<>();
    try {
      if (Files.isDirectory(path)) {
        try (Stream<Path> s = Files.list(path)) {
          s.filter(p -> p.getFileName().toString().startsWith("vectornode-usage-")
              && p.getFileName().toString().endsWith(".jsonl")).sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new ConfigurationException("ledger", "no such file or directory: '" + path + "'");
      }
      List<Entry> entries = new ArrayList<>();
      int skipped = 0;
      for (Path f : files) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          String line;
          while ((line = r.readLine()) != null) {
            if (line.isBlank()) {
              continue;
            }
            Entry e = parse(line);
            if (e == null) {
              skipped++;
            } else if (since == null || !e.ts().isBefore(since)) {
              entries.add(e);
            }
          }
        }
      }
      return new Result(entries, skipped);
    } catch (IOException e) {
      throw new ConfigurationException("ledger", "cannot read '" + path + "' (" + e.getMessage()
          + ")", e);
    }
  }

  private static @Nullable Entry parse(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.isObject() || !n.hasNonNull("requestId") || !n.hasNonNull("ts")) {
        return null;
      }
      Map<String, String> tags = new HashMap<>();
      n.path("tags").fields().forEachRemaining(t -> tags.put(t.getKey(), t.getValue().asText()));
      JsonNode attempts = n.path("attempts");
      JsonNode last = attempts.size() == 0 ? null : attempts.get(attempts.size() - 1);
      JsonNode cost = n.path("cost");
      return new Entry(Instant.parse(n.get("ts").asText()), n.get("requestId").asText(),
          text(n, "task"), tags, text(n, "provider"), text(n, "model"),
          last == null ? null : text(last, "deployment"), n.path("outcome").asText(),
          attempts.size(), n.path("usage").path("input").asLong(),
          n.path("usage").path("output").asLong(),
          cost.path("known").asBoolean(false) ? new BigDecimal(cost.path("usd").asText()) : null,
          n.path("latencyMs").asLong());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
