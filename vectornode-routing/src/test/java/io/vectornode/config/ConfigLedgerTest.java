package io.vectornode.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config's {@code ledger} block: the JSONL files, a database sink ({@code ledger.jdbc}, whose
 * module these tests do not have), both, or neither.
 */
class ConfigLedgerTest {
  static final String CANARY = "canary-ledger-3c9e1f7a5b2d4e68";

  @TempDir Path dir;

  private Throwable load(String yaml) throws IOException {
    Path file = dir.resolve("f.yaml");
    Files.writeString(file, "providers:\n  local: {type: fake}\n" + yaml);
    return catchThrowable(() -> VectorNode.fromConfig(file, Map.of("PW", CANARY)::get).close());
  }

  @Test
  void ledgerJdbc_withoutTheJdbcModule_saysWhichModuleToAdd_andShowsNoPassword()
      throws IOException {
    Throwable t = load("""
        ledger:
          jdbc:
            url: 'jdbc:postgresql://127.0.0.1:5432/app?password=%s'
            password: ${env:PW}
        """.formatted(CANARY));
    assertThat(t).isExactlyInstanceOf(ConfigurationException.class)
        .hasMessage(dir.resolve("f.yaml") + ":4:3: ledger.jdbc: no module on the classpath"
            + " provides a 'jdbc' ledger (add io.vectornode:vectornode-jdbc); provided: []");
    assertThat(t.toString()).doesNotContain(CANARY);
  }

  @Test
  void ledger_withNeitherDirectoryNorSink_isRefused() throws IOException {
    assertThat(load("ledger: {}\n")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ledger.directory: is required (or a database ledger such as"
            + " ledger.jdbc)");
  }

  @Test
  void ledger_aTypo_isAnUnknownKey_withASuggestion() throws IOException {
    assertThat(load("ledger: {directory: usage, jbdc: {url: x}}\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ledger.jbdc: unknown key; did you mean 'jdbc'?");
  }

  @Test
  void ledgerZone_withoutADirectory_isRefused() throws IOException {
    assertThat(load("ledger: {zone: UTC, jdbc: {url: x}}\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ledger.zone: applies to the files of ledger.directory");
  }

  @Test
  void ledgerDirectory_alone_stillWritesTheFiles() throws IOException {
    assertThat(load("ledger: {directory: usage}\n")).isNull();
    assertThat(dir.resolve("usage")).isDirectory();
  }
}
