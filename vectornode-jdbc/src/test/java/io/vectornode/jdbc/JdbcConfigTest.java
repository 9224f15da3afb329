package io.vectornode.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config's {@code ledger.jdbc} block: found through the ServiceLoader, its defaults, and an
 * error naming the field (and the file's line) for each bad value. No database is needed: a
 * ledger starts while its database is unreachable.
 */
class JdbcConfigTest {
  static final String URL = "jdbc:postgresql://127.0.0.1:1/app";

  @TempDir Path dir;

  private Path write(String jdbcBlock) throws IOException {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, "providers:\n  local: {type: fake}\nledger:\n  jdbc:\n"
        + jdbcBlock.indent(4));
    return file;
  }

  @Test
  void theDefaultSpool_isUsageSpool_besideTheConfigFile() throws IOException {
    Path file = write("url: " + URL + "\n");
    try (VectorNodeClient c = VectorNode.fromConfig(file, Map.<String, String>of()::get)) {
      assertThat(dir.resolve("usage-spool").resolve(".lock")).exists();
      assertThat(c).isNotNull();
    }
  }

  @Test
  void badValues_areRefused_namingTheFieldAndLine() throws IOException {
    Map<String, String> cases = Map.of(
        "url: " + URL + "\nspoolLimt: 1GB\n", "ledger.jdbc.spoolLimt: is not a field of"
            + " ledger.jdbc; fields: [password, queueCapacity, spool, spoolLimit, table, url, user]",
        "user: x\n", "ledger.jdbc.url: is required",
        "url: " + URL + "\nspoolLimit: lots\n", "ledger.jdbc.spoolLimit: must be a size such as"
            + " 512MB or 2GB, was 'lots'",
        "url: " + URL + "\nspoolLimit: 10KB\n", "ledger.jdbc.spoolLimit: must be at least 1MB",
        "url: " + URL + "\nqueueCapacity: many\n", "ledger.jdbc.queueCapacity: must be a number of"
            + " records",
        "url: " + URL + "\nqueueCapacity: 0\n", "ledger.jdbc.queueCapacity: must be 1 to 1000000,"
            + " was 0",
        "url: " + URL + "\ntable: 'a;b'\n", "ledger.jdbc.table: must be a lowercase name",
        "url: 'jdbc:mysql://h/db'\n", "ledger.jdbc.url: must be a PostgreSQL JDBC URL");
    for (Map.Entry<String, String> e : cases.entrySet()) {
      Path file = write(e.getKey());
      Throwable t = catchThrowable(() -> VectorNode.fromConfig(file,
          Map.<String, String>of()::get).close());
      assertThat(t).as(e.getKey()).isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith(file.toString() + ":")
          .hasMessageContaining(e.getValue());
    }
    // A refused config leaves no spool locked behind.
    assertThat(dir.resolve("usage-spool")).doesNotExist();
  }

  @Test
  void aReload_keepsTheOpenLedger_andOneThatChangesItOnTheSameSpoolIsRefused()
      throws IOException {
    try (TestPostgres pg = TestPostgres.start()) {
      Path file = dir.resolve("watched.yaml");
      String config = """
          providers:
            local: {type: fake}
          models:
            %s: {provider: local, model: echo}
          ledger:
            jdbc: {url: '%s', table: %s, spool: spool/}
          """;
      Files.writeString(file, config.formatted("m", pg.jdbcUrl(), "reload_calls"));
      try (VectorNodeClient c = VectorNode.watch(file)) {
        c.chat(io.vectornode.ChatRequest.builder().model("m").user("one").build());
        // Another model, the same ledger: the new config shares the ledger that is open.
        Files.writeString(file, config.formatted("n", pg.jdbcUrl(), "reload_calls"));
        assertThat(c.reload()).as("reloaded: %s", c.lastReloadError()).isTrue();
        c.chat(io.vectornode.ChatRequest.builder().model("n").user("two").build());
        // Another table on the same spool: refused, the config in use stays.
        Files.writeString(file, config.formatted("n", pg.jdbcUrl(), "other_calls"));
        assertThat(c.reload()).isFalse();
        assertThat(c.lastReloadError()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .contains("ledger.jdbc: differs from the ledger already open on the spool");
        c.chat(io.vectornode.ChatRequest.builder().model("n").user("three").build());
      }
      assertThat(Calls.ids(pg, "reload_calls")).hasSize(3);
      // Closed with the client: the spool is free again.
      JdbcLedger after = JdbcLedger.builder().url(pg.jdbcUrl()).spool(dir.resolve("spool"))
          .build();
      after.close();
      assertThat(Calls.segments(dir.resolve("spool"))).isEmpty();
    }
  }

  @Test
  void theFactory_isFoundByTheServiceLoader() {
    assertThat(java.util.ServiceLoader.load(io.vectornode.usage.UsageSinkFactory.class).stream()
        .map(p -> p.get().type())).containsExactly("jdbc");
  }
}
