package io.vectornode.providers.openaicompatible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.ModelClient;
import io.vectornode.Usage;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PresetsTest {
  private ProviderStubServer server;
  private ProviderContext context;

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
    context = ProviderContext.create();
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  @Test
  void presets_areDiscoveredWithTheVendorsDefaults() {
    assertThat(ProviderRegistry.load().ids()).contains("azure-openai", "groq", "mistral",
        "deepseek", "together", "fireworks", "openrouter", "xai", "ollama", "vllm", "lmstudio");
    Map<String, Optional<String>> urls = Preset.ALL.stream()
        .collect(Collectors.toMap(Preset::id, p -> p.preset().baseUrl()));
    assertThat(urls).containsEntry("groq", Optional.of("https://api.groq.com/openai/v1"))
        .containsEntry("mistral", Optional.of("https://api.mistral.ai/v1"))
        .containsEntry("deepseek", Optional.of("https://api.deepseek.com/v1"))
        .containsEntry("together", Optional.of("https://api.together.xyz/v1"))
        .containsEntry("fireworks", Optional.of("https://api.fireworks.ai/inference/v1"))
        .containsEntry("openrouter", Optional.of("https://openrouter.ai/api/v1"))
        .containsEntry("xai", Optional.of("https://api.x.ai/v1"))
        .containsEntry("ollama", Optional.of("http://127.0.0.1:11434/v1"))
        .containsEntry("vllm", Optional.of("http://127.0.0.1:8000/v1"))
        .containsEntry("lmstudio", Optional.of("http://127.0.0.1:1234/v1"))
        .containsEntry("azure-openai", Optional.empty());
    assertThat(Preset.ALL).extracting(p -> p.preset().keyVariable())
        .contains("GROQ_API_KEY", "AZURE_OPENAI_API_KEY", "OPENROUTER_API_KEY", "XAI_API_KEY");
  }

  @ParameterizedTest
  @ValueSource(strings = {"groq", "mistral", "deepseek", "together", "fireworks", "openrouter",
      "xai"})
  void hostedPresets_sendBearerKeyToChatCompletionsAndRequireAKey(String id) {
    ModelClient c = ProviderRegistry.load().create(ProviderConfig.builder(id).apiKey("k-123456")
        .baseUrl(server.baseUrl()).build(), context);
    server.enqueue(OpenAiStubs.chat("hi"));
    assertThat(c.chat(id + "/some-model", "x").text()).isEqualTo("hi");
    RecordedCall call = server.takeRequest();
    assertThat(call.path()).isEqualTo("/v1/chat/completions");
    assertThat(call.header("Authorization")).contains("Bearer k-123456");
    assertThatThrownBy(() -> ProviderRegistry.load().create(ProviderConfig.builder(id).build(),
        context)).isInstanceOf(ConfigurationException.class).hasMessageContaining("_API_KEY");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ollama", "vllm", "lmstudio"})
  void localPresets_needNoKey(String id) {
    ModelClient c = ProviderRegistry.load().create(ProviderConfig.builder(id)
        .baseUrl(server.baseUrl()).build(), context);
    server.enqueue(OpenAiStubs.chat("local"));
    assertThat(c.chat("llama3.2", "x").text()).isEqualTo("local");
    assertThat(server.takeRequest().header("Authorization")).isEmpty();
  }

  @Test
  void azure_postsToTheDeploymentWithApiVersionAndApiKeyHeader() {
    ModelClient c = ProviderRegistry.load().create(ProviderConfig.builder("azure")
        .type("azure-openai").apiKey("azure-key-123456").baseUrl(server.rootUrl()).build(),
        context);
    server.enqueue(OpenAiStubs.chat("from azure"));
    assertThat(c.chat("my-gpt4o-deployment", "x").text()).isEqualTo("from azure");
    RecordedCall call = server.takeRequest();
    assertThat(call.path()).isEqualTo(
        "/openai/deployments/my-gpt4o-deployment/chat/completions?api-version=2024-10-21");
    assertThat(call.header("api-key")).contains("azure-key-123456");
    assertThat(call.header("Authorization")).isEmpty();

    ModelClient v1 = ProviderRegistry.load().create(ProviderConfig.builder("azure")
        .type("azure-openai").apiKey("azure-key-123456").baseUrl(server.rootUrl())
        .option("apiVersion", "v1").build(), context);
    server.enqueue(OpenAiStubs.chat("v1"));
    v1.chat("gpt-4o", "x");
    assertThat(server.takeRequest().path()).isEqualTo("/openai/v1/chat/completions");
    assertThatThrownBy(() -> ProviderRegistry.load().create(ProviderConfig.builder("azure")
        .type("azure-openai").apiKey("k-123456").build(), context))
        .hasMessageContaining("providers.azure.baseUrl");
  }

  @Test
  void xai_reasoningReportedBesideCompletion_isAddedToOutput() {
    ModelClient c = ProviderRegistry.load().create(ProviderConfig.builder("xai")
        .apiKey("xai-123456").baseUrl(server.baseUrl()).build(), context);
    // As recorded from grok-3-mini: completion 26, reasoning 196, total 513 = 291 + 26 + 196.
    server.enqueue(OpenAiStubs.completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop",
        "{\"prompt_tokens\":291,\"completion_tokens\":26,\"total_tokens\":513,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":290},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":196}}"));
    assertThat(c.chat("grok-3-mini", "x").usage()).isEqualTo(new Usage(291, 222, 290, 0, 196));
  }

  @Test
  void apiVersion_isOnlyForAzure() {
    assertThatThrownBy(() -> ProviderRegistry.load().create(ProviderConfig.builder("groq")
        .apiKey("k-123456").option("apiVersion", "x").build(), context))
        .hasMessageContaining("options.apiVersion");
  }
}
