package io.vectornode.benchmarks;

import io.vectornode.ChatRequest;
import io.vectornode.jdbc.JdbcLedger;
import io.vectornode.routing.Deployment;
import io.vectornode.routing.DeploymentLimits;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.VectorNode;
import io.vectornode.usage.UsageLedger;
import io.vectornode.spi.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The router with one deployment, and a usage ledger or none: a {@link JdbcLedger} (its spool
 * in a temporary directory) on the benchmark's loopback PostgreSQL, the same ledger with its
 * database unreachable (what recording costs the caller, without the database's and the
 * writer's activity on the machine), or the JSONL {@link UsageLedger}. They differ only in
 * that listener.
 */
final class JdbcRouter extends VectorNodeContestant {
  private final JdbcLedger ledger;
  private final UsageLedger jsonl;
  private final Path spool;

  private JdbcRouter(String base, JdbcLedger ledger, UsageLedger jsonl, Path spool) {
    super(build(base, ledger != null ? ledger : jsonl), ChatRequest.builder().model("one")
        .system(Bench.SYSTEM).user(Bench.PROMPT).maxOutputTokens(100).tag("team", "bench")
        .build());
    this.ledger = ledger;
    this.jsonl = jsonl;
    this.spool = spool;
  }

  /** No ledger. */
  static JdbcRouter none(String base) {
    return new JdbcRouter(base, null, null, null);
  }

  /** The JSONL ledger, in a temporary directory. */
  static JdbcRouter jsonl(String base) {
    Path dir = temp();
    return new JdbcRouter(base, null, UsageLedger.open(dir), dir);
  }

  /**
   * A JdbcLedger whose database does not answer (a closed loopback port): every record is
   * appended to the spool and left there (cap 4 GB, more than a fork writes).
   */
  static JdbcRouter jdbcDown(String base) {
    Path spool = temp();
    return new JdbcRouter(base, JdbcLedger.builder().url("jdbc:postgresql://127.0.0.1:1/none")
        .spool(spool).spoolLimitBytes(4L << 30).closeTimeout(java.time.Duration.ZERO).build(),
        null, spool);
  }

  private static Path temp() {
    try {
      return Files.createTempDirectory("bench-ledger-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JdbcLedger with its defaults (queue 10,000, batches of 500) on the database at url. */
  static JdbcRouter jdbc(String base, String url) {
    Path spool = temp();
    return new JdbcRouter(base, JdbcLedger.builder().url(url).spool(spool).build(), null, spool);
  }

  /** @return the ledger, or null */
  JdbcLedger ledger() {
    return ledger;
  }

  private static io.vectornode.routing.VectorNodeClient build(String base,
      io.vectornode.ModelCallListener ledger) {
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
    }
    if (jsonl != null) {
      jsonl.close();
    }
    if (spool != null) {
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
