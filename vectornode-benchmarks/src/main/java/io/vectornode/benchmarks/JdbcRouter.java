package io.vectornode.benchmarks;

import io.vectornode.ChatRequest;
import io.vectornode.jdbc.JdbcLedger;
import io.vectornode.routing.Deployment;
import io.vectornode.routing.DeploymentLimits;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The router with one deployment, with or without a {@link JdbcLedger} listening (its spool in
 * a temporary directory, its database the benchmark's loopback PostgreSQL): the two differ only
 * in that listener.
 */
final class JdbcRouter extends VectorNodeContestant {
  private final JdbcLedger ledger;
  private final Path spool;

  private JdbcRouter(String base, JdbcLedger ledger, Path spool) {
    super(build(base, ledger), ChatRequest.builder().model("one").system(Bench.SYSTEM)
        .user(Bench.PROMPT).maxOutputTokens(100).tag("team", "bench").build());
    this.ledger = ledger;
    this.spool = spool;
  }

  /** No ledger. */
  static JdbcRouter none(String base) {
    return new JdbcRouter(base, null, null);
  }

  /** A JdbcLedger with its defaults (queue 10,000, batches of 500) on the database at url. */
  static JdbcRouter jdbc(String base, String url) {
    try {
      Path spool = Files.createTempDirectory("bench-spool-");
      return new JdbcRouter(base, JdbcLedger.builder().url(url).spool(spool).build(), spool);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the ledger, or null */
  JdbcLedger ledger() {
    return ledger;
  }

  private static io.vectornode.routing.VectorNodeClient build(String base, JdbcLedger ledger) {
    VectorNode.Builder b = VectorNode.builder()
        .provider(ProviderConfig.builder("a").type("openai").apiKey("sk-bench-a").baseUrl(base)
            .connectTimeout(Bench.CONNECT_TIMEOUT).readTimeout(Bench.CALL_TIMEOUT)
            .callTimeout(Bench.CALL_TIMEOUT).build())
        .deployment(new Deployment("one", "a", "gpt-4o-mini", DeploymentLimits.NONE, null))
        .resilience(Resilience.custom().totalTimeout(Bench.CALL_TIMEOUT).build())
        .logCalls(false)
        .maxIdleConnections(128);
    if (ledger != null) {
      b.listener(ledger);
    }
    return b.build();
  }

  @Override
  public void close() {
    super.close();
    if (ledger != null) {
      ledger.close();
      System.out.println("ledger: " + ledger.stats());
      deleteTree(spool);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory
    }
  }
}
