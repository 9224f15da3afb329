package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the CLI prints and exits with when a call fails, a key is missing, or help is asked. */
class CliFailureTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ProviderStubServer server;
  private Path config;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    server = ProviderStubServer.start();
    config = dir.resolve("vectornode.yaml");
    Files.writeString(config, """
        providers:
          openai: { apiKey: sk-cli-test-123456, baseUrl: %s }
        models:
          a: { provider: openai, model: gpt-4o }
          b: { provider: openai, model: gpt-4o-mini }
        routes:
          resilient: { strategy: fallback, targets: [a, b] }
        resilience: { maxAttempts: 2, backoff: { initial: 1ms, max: 2ms } }
        """.formatted(server.baseUrl()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(Map<String, String> env, String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void chatJson_everyAttemptFails_printsOneJsonObjectWithTheErrorAndTheAttempts()
      throws IOException {
    for (int i = 0; i < 4; i++) {
      server.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    }

    assertThat(run("chat", "--config", config.toString(), "--task", "resilient", "--json", "hi"))
        .isEqualTo(1);

    assertThat(out().lines()).hasSize(1);
    JsonNode j = JSON.readTree(out());
    assertThat(j.get("error").asText()).isEqualTo("ServiceUnavailableException");
    assertThat(j.get("errorClass").asText())
        .isEqualTo("io.vectornode.error.ServiceUnavailableException");
    assertThat(j.get("message").asText()).contains("503");
    assertThat(j.get("status").asInt()).isEqualTo(503);
    assertThat(j.get("outcome").asText()).isEqualTo("FAILURE");
    assertThat(j.get("requestId").asText()).isNotBlank();
    assertThat(j.get("attempts").asInt()).isEqualTo(4);
    JsonNode list = j.get("attemptList");
    assertThat(list).hasSize(4);
    assertThat(list.findValuesAsText("deployment")).containsExactly("a", "a", "b", "b");
    assertThat(list.findValuesAsText("outcome")).containsOnly("FAILURE");
    assertThat(list.findValuesAsText("error")).containsOnly("ServiceUnavailableException");
    assertThat(list.get(0).get("provider").asText()).isEqualTo("openai");
    assertThat(list.get(2).get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(list.get(1).get("reason").asText())
        .isEqualTo("attempts exhausted -> next deployment");
    assertThat(list.get(0).has("latencyMs")).isTrue();
    assertThat(err()).contains("ServiceUnavailableException");
  }

  @Test
  void chatStreamJson_rejected_printsTheErrorJsonWithoutTheKey() throws IOException {
    server.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: sk-cli-test-123456"));

    assertThat(run("chat", "--config", config.toString(), "--model", "openai/gpt-4o-mini",
        "--stream", "--json", "hi")).isEqualTo(1);

    assertThat(out().lines()).hasSize(1);
    assertThat(out()).doesNotContain("sk-cli-test-123456");
    JsonNode j = JSON.readTree(out());
    assertThat(j.get("error").asText()).isEqualTo("AuthenticationException");
    assertThat(j.get("status").asInt()).isEqualTo(401);
    assertThat(j.get("retryable").asBoolean()).isFalse();
    assertThat(j.get("attemptList")).hasSize(1);
    assertThat(j.get("attemptList").get(0).get("error").asText())
        .isEqualTo("AuthenticationException");
  }

  @Test
  void chat_withoutJson_printsNothingOnStdoutWhenTheCallFails() {
    server.enqueue(OpenAiStubs.error(400, "invalid_request_error", null, "bad"));
    assertThat(run("chat", "--config", config.toString(), "--model", "openai/x", "hi"))
        .isEqualTo(1);
    assertThat(out()).isEmpty();
    assertThat(err()).contains("InvalidRequestException");
  }

  @Test
  void chat_noKeyAndNoConfig_exitsOneWithCommandLineAdvice() {
    assertThat(run("chat", "--model", "openai/gpt-4o-mini", "hi")).isEqualTo(1);

    assertThat(err()).contains("OPENAI_API_KEY").contains("--config FILE")
        .contains("export OPENAI_API_KEY=").doesNotContain("VectorNode.fromConfig")
        .doesNotContain("usage:");
    assertThat(out()).isEmpty();
  }

  @Test
  void chatJson_noKeyAndNoConfig_printsTheErrorJson() throws IOException {
    assertThat(run("chat", "--json", "hi")).isEqualTo(1);
    JsonNode j = JSON.readTree(out());
    assertThat(j.get("error").asText()).isEqualTo("ConfigurationException");
    assertThat(j.get("message").asText()).contains("--config FILE");
    assertThat(j.get("attempts").asInt()).isZero();
    assertThat(j.get("attemptList")).isEmpty();
  }

  @Test
  void chat_badBaseUrlInTheEnvironment_isNotReportedAsAMissingKey() {
    assertThat(run(Map.of("OPENAI_API_KEY", "sk-env-test-123456", "OPENAI_BASE_URL", "nope"),
        "chat", "--model", "openai/gpt-4o-mini", "hi")).isEqualTo(1);
    assertThat(err()).contains("nope").doesNotContain("no provider key")
        .doesNotContain("sk-env-test-123456");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--help", "-h", "chat --help", "chat -h", "providers --help",
      "providers -h", "usage --help", "usage -h", "config --help", "config check --help",
      "config check -h", "tour --help", "tour -h"})
  void help_printsTheCommandsUsageOnStdoutAndExitsZero(String args) {
    String[] a = args.split(" ");

    assertThat(run(a)).isZero();

    String command = a[0].startsWith("-") ? "" : " " + a[0];
    assertThat(out()).startsWith("usage: vectornode" + command);
    assertThat(err()).isEmpty();
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void help_mainAndChat_documentTheClassPathAndTheExitStatus() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains(
            "java -cp vectornode.jar:my-provider.jar io.vectornode.examples.cli.Main providers")
        .contains("META-INF/services/io.vectornode.spi.ModelProvider")
        .contains("1 a failed call or config (or no key set), 2 a usage mistake");
    out.reset();
    assertThat(run("chat", "--help")).isZero();
    assertThat(out()).contains("--json").contains("GEMINI_API_KEY").contains("Exit status");
  }

  @Test
  void providersAndTour_unknownArgument_exitTwo() {
    assertThat(run("providers", "--all")).isEqualTo(2);
    assertThat(err()).contains("providers: unknown argument '--all'");
    assertThat(run("tour", "fast")).isEqualTo(2);
    assertThat(err()).contains("tour: unknown argument 'fast'");
  }
}
