package io.vectornode.config;

import io.vectornode.routing.VectorNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.testing.LogCapture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, items 5 and 6: what a {@code ${scheme:name}} reference resolves to never appears in
 * a config error (the reference as written does), and {@code ${file:}} reads are bounded.
 */
class ConfigSecretsTest {
  static final String CANARY = "sk-canary-5f1e9b7c2d4a8e6f0123";

  @TempDir Path dir;

  @BeforeEach
  void clearLogs() {
    LogCapture.clear();
  }

  /**
   * The six fields of the issue, each with a reference where a value is validated and quoted:
   * the field as it appears in the message, and the config ({@code REF} stands for the
   * reference).
   */
  static Stream<Arguments> quotingFields() {
    return Stream.of(
        Arguments.of("maxIdleConnections",
            "maxIdleConnections: 'REF'\nproviders: {a: {type: fake}}\n"),
        Arguments.of("providers.a.baseUrl",
            "providers: {a: {type: openai-compatible, baseUrl: 'REF'}}\n"),
        Arguments.of("providers.a.timeouts.connect",
            "providers: {a: {type: fake, timeouts: {connect: 'REF'}}}\n"),
        Arguments.of("budgets.b.period",
            "providers: {a: {type: fake}}\nbudgets: {b: {period: 'REF', limit: 5}}\n"),
        Arguments.of("ledger.zone",
            "providers: {a: {type: fake}}\nledger: {directory: usage, zone: 'REF'}\n"),
        Arguments.of("options.maxTokensField",
            "providers: {a: {type: openai-compatible, baseUrl: 'http://127.0.0.1:1/v1',"
                + " options: {maxTokensField: 'REF'}}}\n"));
  }

  private Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  /** Everything an exception shows: messages, causes, suppressed, stack trace text. */
  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  private static void assertShowsReferenceNotSecret(Throwable t, String field, String ref) {
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(t.getMessage()).contains(field).contains(ref);
    assertThat(everything(t)).doesNotContain(CANARY).doesNotContain(CANARY.substring(0, 14));
    assertThat(LogCapture.text()).doesNotContain(CANARY.substring(0, 14));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quotingFields")
  void fromConfig_envReferenceInQuotedField_messageShowsReferenceNotValue(String field,
      String yaml) throws IOException {
    Path f = write("vectornode.yaml", yaml.replace("REF", "${env:CANARY_KEY}"));
    Throwable t = catchThrowable(() ->
        VectorNode.fromConfig(f, Map.of("CANARY_KEY", CANARY)::get).close());
    assertShowsReferenceNotSecret(t, field, "${env:CANARY_KEY}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quotingFields")
  void configLoader_envReferenceInQuotedField_messageShowsReferenceNotValue(String field,
      String yaml) throws IOException {
    Path f = write("vectornode.yaml", yaml.replace("REF", "${env:CANARY_KEY}"));
    Throwable t = catchThrowable(() ->
        ConfigLoader.load(f, Map.of("CANARY_KEY", CANARY)::get).build().close());
    assertShowsReferenceNotSecret(t, field, "${env:CANARY_KEY}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quotingFields")
  void builderFromConfig_fileReferenceInQuotedField_messageShowsReferenceNotValue(String field,
      String yaml) throws IOException {
    write("canary.key", CANARY + "\n");
    Path f = write("vectornode.yaml", yaml.replace("REF", "${file:canary.key}"));
    Throwable t = catchThrowable(() -> VectorNode.builderFromConfig(f).build().close());
    assertShowsReferenceNotSecret(t, field, "${file:canary.key}");
  }

  @Test
  void fromConfig_referenceInsideALongerValue_showsTheValueAsWritten() throws IOException {
    Path f = write("vectornode.yaml",
        "providers: {a: {type: fake, timeouts: {read: '${env:CANARY_KEY}s'}}}\n");
    Throwable t = catchThrowable(() ->
        VectorNode.fromConfig(f, Map.of("CANARY_KEY", CANARY)::get));
    assertShowsReferenceNotSecret(t, "providers.a.timeouts.read", "'${env:CANARY_KEY}s'");
  }

  @Test
  void fromConfig_literalValue_isStillQuoted() throws IOException {
    Path f = write("vectornode.yaml", "maxIdleConnections: lots\nproviders: {a: {type: fake}}\n");
    assertThatThrownBy(() -> VectorNode.fromConfig(f, Map.<String, String>of()::get))
        .hasMessageContaining("maxIdleConnections").hasMessageContaining("'lots'");
  }

  @Test
  void fromConfig_shortNumericReference_replacedOnlyWhereItStandsAlone() throws IOException {
    Path f = write("vectornode.yaml",
        "maxIdleConnections: ${env:IDLE}\nproviders: {a: {type: fake}}\n");
    assertThatThrownBy(() -> VectorNode.fromConfig(f, Map.of("IDLE", "0")::get))
        .hasMessageContaining("must be between 1 and 100000, was ${env:IDLE}");
  }

  @Test
  void fromConfig_secretInALedgerPath_neverInTheMessageOrCause() throws IOException {
    // The ledger fails to open (a file is in the way); the I/O error names the resolved path.
    write("blocker", "");
    Path f = write("vectornode.yaml", "providers: {a: {type: fake}}\n"
        + "ledger: {directory: 'blocker/${env:CANARY_KEY}'}\n");
    Throwable t = catchThrowable(() ->
        VectorNode.fromConfig(f, Map.of("CANARY_KEY", CANARY)::get));
    assertThat(t).isNotNull();
    assertThat(everything(t)).doesNotContain(CANARY).contains("${env:CANARY_KEY}");
  }

  // Item 6: ${file:} reads are bounded.

  @Test
  void fileReference_overTheLimit_failsNamingTheReferenceAndTheLimitNotTheContent()
      throws IOException {
    write("big.key", "Q".repeat(64 * 1024 + 1));
    Path f = write("vectornode.yaml", "providers: {openai: {apiKey: '${file:big.key}'}}\n");
    Throwable t = catchThrowable(() -> VectorNode.fromConfig(f, Map.<String, String>of()::get));
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.openai.apiKey").hasMessageContaining("${file:big.key}")
        .hasMessageContaining("65537 bytes").hasMessageContaining("65536 bytes (64 KiB)");
    assertThat(t.getMessage()).doesNotContain("QQQQ");
  }

  @Test
  void fileReference_atTheLimit_isRead() throws IOException {
    write("ok.key", "k".repeat(64 * 1024));
    Path f = write("vectornode.yaml",
        "providers: {a: {type: fake}}\nbudgets: {b: {scope: {tag: {team: '${file:ok.key}'}},"
            + " period: day, limit: 5}}\n");
    try (ModelClient c = VectorNode.fromConfig(f, Map.<String, String>of()::get)) {
      assertThat(c).isNotNull();
    }
  }

  @Test
  void fileReference_repeatedInOneValue_isRefusedInsteadOfAmplified() throws IOException {
    write("a.key", "Z".repeat(40 * 1024));
    Path f = write("vectornode.yaml",
        "providers: {a: {type: fake, headers: {X-A: '${file:a.key}${file:a.key}'}}}\n");
    Throwable t = catchThrowable(() -> VectorNode.fromConfig(f, Map.<String, String>of()::get));
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.a.headers.X-A")
        .hasMessageContaining("resolves to more than 65536 characters");
    assertThat(t.getMessage()).doesNotContain("ZZZZ");
  }

  @Test
  void references_resolvingToMoreThan1MiBInAll_areRefused() throws IOException {
    write("a.key", "Z".repeat(60 * 1024));
    StringBuilder yaml = new StringBuilder("providers: {a: {type: fake, headers: {");
    for (int i = 0; i < 20; i++) {
      yaml.append(i == 0 ? "" : ", ").append("X-").append(i).append(": '${file:a.key}'");
    }
    Path f = write("vectornode.yaml", yaml.append("}}}\n").toString());
    Throwable t = catchThrowable(() -> VectorNode.fromConfig(f, Map.<String, String>of()::get));
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("resolve to more than 1048576 characters in all");
    assertThat(t.getMessage()).doesNotContain("ZZZZ");
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC}) // mkfifo and /dev/zero
  void fileReference_devZero_failsFastWithoutReading() throws IOException {
    Path f = write("vectornode.yaml", "providers: {openai: {apiKey: '${file:/dev/zero}'}}\n");
    Throwable t = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        catchThrowable(() -> VectorNode.fromConfig(f, Map.<String, String>of()::get)));
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("${file:/dev/zero}").hasMessageContaining("not a regular file");
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC}) // mkfifo and /dev/zero
  void fileReference_fifo_failsFastInsteadOfBlocking() throws Exception {
    Path fifo = dir.resolve("secret.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mk.waitFor()).as("mkfifo").isZero();
    Path f = write("vectornode.yaml", "providers: {openai: {apiKey: '${file:secret.fifo}'}}\n");
    Throwable t = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        catchThrowable(() -> VectorNode.fromConfig(f, Map.<String, String>of()::get)));
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("${file:secret.fifo}").hasMessageContaining("not a regular file");
  }

  @Test
  void fileReference_hugeSparseFile_failsOnItsSizeBeforeReading() throws IOException {
    Path huge = dir.resolve("huge.key");
    try (RandomAccessFile raf = new RandomAccessFile(huge.toFile(), "rw")) {
      raf.setLength(4L << 30); // 4 GiB, no blocks written
    }
    Path f = write("vectornode.yaml", "providers: {openai: {apiKey: '${file:huge.key}'}}\n");
    Throwable t = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        catchThrowable(() -> VectorNode.fromConfig(f, Map.<String, String>of()::get)));
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("${file:huge.key}").hasMessageContaining("4294967296 bytes")
        .hasMessageContaining("64 KiB");
  }
}
