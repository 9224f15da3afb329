package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, item 5, through the command line: {@code vectornode config check} never prints what
 * a reference resolved to, on stdout or stderr, in errors or in its summary.
 */
class ConfigCheckTest {
  private static final String CANARY = "sk-canary-cli-7d3e9a1b5c2f4e60";
  private static final Map<String, String> ENV =
      Map.of("CANARY_KEY", CANARY, "MODEL_ID", "private-model-9f8e7d6c5b4a");

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /**
   * The six fields of the issue, each with {@code REF} where a validated, quoted value goes;
   * each with an {@code ${env:}} and a {@code ${file:}} reference.
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
                + " options: {maxTokensField: 'REF'}}}\n"))
        .flatMap(a -> Stream.of("${env:CANARY_KEY}", "${file:canary.key}")
            .map(ref -> Arguments.of(a.get()[0], ref, a.get()[1])));
  }

  private int check(String yaml) throws IOException {
    Files.writeString(dir.resolve("canary.key"), CANARY + "\n");
    Path f = dir.resolve("vectornode.yaml");
    Files.writeString(f, yaml);
    return Main.run(new String[] {"config", "check", f.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("quotingFields")
  void configCheck_referenceInQuotedField_printsTheReferenceNeverTheValue(String field,
      String ref, String yaml) throws IOException {
    assertThat(check(yaml.replace("REF", ref))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ConfigurationException")
        .contains(field).contains(ref);
    assertThat(printed()).doesNotContain(CANARY).doesNotContain(CANARY.substring(0, 14));
  }

  @Test
  void configCheck_validConfigWithReferences_summaryShowsReferences() throws IOException {
    assertThat(check("""
        providers: {a: {type: fake, apiKey: '${env:CANARY_KEY}'}}
        models: {m: {provider: a, model: '${env:MODEL_ID}'}}
        routes: {r: {targets: [m]}}
        """)).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(": OK")
        .contains("route r: fallback [m (a/${env:MODEL_ID}");
    assertThat(printed()).doesNotContain(CANARY).doesNotContain("private-model-9f8e7d6c5b4a");
  }

  /** Issue 12, item 3: a negative limit is a config error (exit 1), not a stack trace. */
  @Test
  void configCheck_negativeRpm_namesFileLineAndFieldWithoutStackTrace() throws IOException {
    assertThat(check("""
        providers: {a: {type: fake}}
        models:
          m:
            provider: a
            model: x
            limits:
              rpm: -5
        """)).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
        "vectornode: ConfigurationException: " + dir.resolve("vectornode.yaml")
            + ":7:7: models.m.limits.rpm: must be >= 0 (0 means no limit), was -5"
            + System.lineSeparator());
  }

  /** Issue 12, item 3: an unset variable is named once, with the file's place and a hint. */
  @Test
  void configCheck_unsetEnvVariable_namesFileLineFieldAndHint() throws IOException {
    assertThat(check("""
        providers:
          openai:
            apiKey: ${env:OPENAI_API_KEY}
        """)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
        "vectornode: ConfigurationException: " + dir.resolve("vectornode.yaml")
            + ":3:5: providers.openai.apiKey: ${env:OPENAI_API_KEY} is not set; set environment"
            + " variable OPENAI_API_KEY or write the key in the file" + System.lineSeparator());
  }
}
