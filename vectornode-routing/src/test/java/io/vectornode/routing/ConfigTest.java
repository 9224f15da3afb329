package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    Path f = dir.resolve("vectornode.yaml");
    Files.writeString(f, text);
    return f;
  }

  private ModelClient load(String yaml, Map<String, String> env) throws IOException {
    return VectorNode.fromConfig(write(yaml), env::get);
  }

  @Test
  void fromConfig_yamlWithEnvKey_callsTheConfiguredServer() throws IOException {
    try (ProviderStubServer server = ProviderStubServer.start()) {
      server.enqueue(OpenAiStubs.chat("from config"));
      String yaml = """
          providers:
            openai:
              apiKey: ${env:TEST_OPENAI_KEY}
              baseUrl: %s
              options: { organization: org-42 }
              timeouts: { connect: 2s, read: 1500ms, total: 1m }
            local:
              type: openai-compatible
              baseUrl: http://127.0.0.1:1/v1
          models:
            fast: { provider: openai, model: gpt-4o-mini }
          defaultModel: fast
          """.formatted(server.baseUrl());
      try (ModelClient c = load(yaml, Map.of("TEST_OPENAI_KEY", "sk-from-env-123"))) {
        assertThat(c.chat("fast", "hi").text()).isEqualTo("from config");
      }
      RecordedCall call = server.takeRequest();
      assertThat(call.header("Authorization")).contains("Bearer sk-from-env-123");
      assertThat(call.header("OpenAI-Organization")).contains("org-42");
      assertThat(call.body()).contains("\"model\":\"gpt-4o-mini\"");
    }
  }

  @Test
  void fromConfig_json_isAccepted() throws IOException {
    String json = "{\"providers\":{\"local\":{\"type\":\"fake\",\"options\":{\"reply\":\"json!\"}}},"
        + "\"models\":{\"m\":{\"provider\":\"local\",\"model\":\"x\"}}}";
    try (ModelClient c = load(json, Map.of())) {
      assertThat(c.chat("m", "hi").text()).isEqualTo("json!");
    }
  }

  @Test
  void fromConfig_unknownKey_failsNamingFileAndPath() throws IOException {
    assertThatThrownBy(() -> load("""
        providers:
          openai:
            apiKey: sk-123456
            base_url: http://x
        """, Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("vectornode.yaml")
        .hasMessageContaining("providers.openai.base_url")
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> load("providers: {a: {type: fake}}\nrouting: {}\n", Map.of()))
        .hasMessageContaining("routing").hasMessageContaining("unknown key")
        .hasMessageContaining("routes");
  }

  @Test
  void fromConfig_missingRequiredFields_failNamingThem() throws IOException {
    assertThatThrownBy(() -> load("models: {}\n", Map.of()))
        .hasMessageContaining("providers: is required");
    assertThatThrownBy(() -> load("providers: {mine: {baseUrl: 'http://x'}}\n", Map.of()))
        .hasMessageContaining("providers.mine.type: is required")
        .hasMessageContaining("openai-compatible");
    assertThatThrownBy(() -> load(
        "providers: {a: {type: fake}}\nmodels: {m: {provider: a}}\n", Map.of()))
        .hasMessageContaining("models.m.model: is required");
    assertThatThrownBy(() -> load("providers: {openai: {}}\n", Map.of()))
        .hasMessageContaining("vectornode.yaml:1:13: providers.openai.apiKey");
  }

  @Test
  void fromConfig_unsetEnvVariable_failsNamingItWithoutValue() throws IOException {
    assertThatThrownBy(() -> load(
        "providers: {openai: {apiKey: '${env:NOT_SET_ANYWHERE}'}}\n", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.openai.apiKey")
        .hasMessageContaining("NOT_SET_ANYWHERE");
  }

  @Test
  void fromConfig_badValues_failNamingFieldAndValue() throws IOException {
    assertThatThrownBy(() -> load(
        "providers: {a: {type: fake, timeouts: {read: soon}}}\n", Map.of()))
        .hasMessageContaining("providers.a.timeouts.read").hasMessageContaining("'soon'");
    assertThatThrownBy(() -> load(
        "providers: {a: {type: openai-compatible, baseUrl: 'ftp://nope'}}\n", Map.of()))
        .hasMessageContaining("providers.a.baseUrl").hasMessageContaining("ftp://nope");
    assertThatThrownBy(() -> load("providers: [1, 2]\n", Map.of()))
        .hasMessageContaining("providers");
    assertThatThrownBy(() -> load("providers:\n  a: {type: fake\n", Map.of()))
        .hasMessageContaining("line");
    assertThatThrownBy(() -> load(
        "maxIdleConnections: 0\nproviders: {a: {type: fake}}\n", Map.of()))
        .hasMessageContaining("maxIdleConnections").hasMessageContaining("was 0");
    assertThatThrownBy(() -> load(
        "maxIdleConnections: lots\nproviders: {a: {type: fake}}\n", Map.of()))
        .hasMessageContaining("maxIdleConnections").hasMessageContaining("'lots'");
    load("maxIdleConnections: 128\nproviders: {a: {type: fake}}\n", Map.of()).close();
    assertThatThrownBy(() -> VectorNode.builder().maxIdleConnections(-1))
        .hasMessage("maxIdleConnections: must be at least 1, was -1");
  }

  @Test
  void fromConfig_secretNeverInErrors() throws IOException {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(
        "providers: {openai: {apiKey: sk-canary-abcdef-999, baseUrl: 'nope://x'}}\n", Map.of()));
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(t.getMessage()).doesNotContain("sk-canary-abcdef-999");
  }

  @Test
  void fromConfig_routesResilienceLimitsAndOverrides_areRead() throws IOException {
    try (ProviderStubServer server = ProviderStubServer.start()) {
      server.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
      server.enqueue(OpenAiStubs.chat("from backup"));
      String yaml = """
          providers:
            openai: { apiKey: sk-cfg-0123456789, baseUrl: %s }
          models:
            primary:
              provider: openai
              model: gpt-4o
              limits: { rpm: 100, tpm: 50000, maxConcurrent: 4 }
            backup:
              provider: openai
              model: my-finetune
              contextWindow: 32000
              maxOutputTokens: 4096
              capabilities: [tools]
              prices: { input: 0.5, output: 1.5 }
          routes:
            chat:
              strategy: fallback
              targets: [primary, { model: backup, weight: 2 }]
              hedging: { delay: 5s }
          resilience:
            maxAttempts: 1
            backoff: { initial: 10ms, max: 1s, multiplier: 3, jitter: 0 }
            retryBudget: { tokens: 20, refill: 0.2 }
            circuitBreaker: { consecutiveFailures: 2, openDuration: 10s }
            timeouts: { total: 30s, firstToken: 5s }
          defaultModel: chat
          """.formatted(server.baseUrl());
      try (ModelClient c = load(yaml, Map.of())) {
        var r = c.chat(io.vectornode.ChatRequest.builder().user("hi").build());
        assertThat(r.text()).isEqualTo("from backup");
        assertThat(r.attempts()).isEqualTo(2); // maxAttempts 1: no retry, straight to backup
        assertThat(r.cost().usd()).isPresent(); // priced by the deployment's own prices
      }
    }
  }

  @Test
  void fromConfig_badRoutingSettings_failNamingTheField() throws IOException {
    String base = "providers: {a: {type: fake}}\nmodels: {m: {provider: a, model: x}}\n";
    assertThatThrownBy(() -> load(base + "routes: {r: {strategy: fastest, targets: [m]}}\n",
        Map.of())).hasMessageContaining("routes.r.strategy").hasMessageContaining("'fastest'");
    assertThatThrownBy(() -> load(base + "routes: {r: {targets: [nope]}}\n", Map.of()))
        .hasMessageContaining("routes.r.targets").hasMessageContaining("'nope'");
    assertThatThrownBy(() -> load(base + "routes: {r: {targets: [m], hedging: {}}}\n",
        Map.of())).hasMessageContaining("routes.r.hedging");
    assertThatThrownBy(() -> load(base + "resilience: {maxAttempts: 0}\n", Map.of()))
        .hasMessageContaining("resilience.maxAttempts: must be at least 1, was 0");
    assertThatThrownBy(() -> load(base + "resilience: {backof: {}}\n", Map.of()))
        .hasMessageContaining("resilience.backof").hasMessageContaining("backoff");
    // A model outside the catalog needs only its prices (see ConfigPricesTest), but whole ones.
    assertThatThrownBy(() -> load("providers: {a: {type: fake}}\nmodels: {m: {provider: a,"
        + " model: x, prices: {input: 1}}}\n", Map.of()))
        .hasMessageContaining("models.m").hasMessageContaining("needs 'input' and 'output'");
  }
}
