package io.vectornode.providers.openaicompatible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.ChatRequest;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each preset's defaults, as a table, and what each one does on the wire. */
class PresetDefaultsTest {
  /** One preset's defaults; a null base URL means the config must name one. */
  record Row(String id, String baseUrl, String keyVariable, boolean keyRequired,
      String maxTokensField, boolean reasoningInOutput) {
    @Override
    public String toString() {
      return id;
    }
  }

  static final List<Row> TABLE = List.of(
      new Row("azure-openai", null, "AZURE_OPENAI_API_KEY", true, "max_completion_tokens", true),
      new Row("groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY", true,
          "max_completion_tokens", true),
      new Row("mistral", "https://api.mistral.ai/v1", "MISTRAL_API_KEY", true, "max_tokens",
          true),
      new Row("deepseek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", true, "max_tokens",
          true),
      new Row("together", "https://api.together.xyz/v1", "TOGETHER_API_KEY", true, "max_tokens",
          true),
      new Row("fireworks", "https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY", true,
          "max_tokens", true),
      new Row("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", true,
          "max_tokens", true),
      new Row("xai", "https://api.x.ai/v1", "XAI_API_KEY", true, "max_tokens", false),
      new Row("ollama", "http://127.0.0.1:11434/v1", "OLLAMA_API_KEY", false, "max_tokens", true),
      new Row("vllm", "http://127.0.0.1:8000/v1", "VLLM_API_KEY", false, "max_tokens", true),
      new Row("lmstudio", "http://127.0.0.1:1234/v1", "LMSTUDIO_API_KEY", false, "max_tokens",
          true));

  private static final ObjectMapper JSON = new ObjectMapper();

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

  static Stream<Row> rows() {
    return TABLE.stream();
  }

  /** The preset the registry found for an id (through {@link OpenAiCompatibleProvider}). */
  private static Preset preset(String id) {
    return (Preset) ProviderRegistry.load().provider(id);
  }

  @Test
  void table_coversEveryPresetOnceAndEveryPresetIsRegistered() {
    assertThat(TABLE).extracting(Row::id).containsExactlyElementsOf(
        new OpenAiCompatibleProvider().presets().stream().map(p -> p.id()).toList());
    ProviderRegistry registry = ProviderRegistry.load();
    assertThat(registry.ids()).containsAll(TABLE.stream().map(Row::id).toList());
    assertThat(TABLE).allSatisfy(row -> assertThat(registry.origin(row.id()))
        .isEqualTo("preset of " + OpenAiCompatibleProvider.class.getName()));
    assertThat(registry.failures()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("rows")
  void preset_accessors_matchTheTable(Row row) {
    Preset p = preset(row.id());
    assertThat(p.preset().id()).isEqualTo(row.id());
    assertThat(p.preset().baseUrl()).isEqualTo(Optional.ofNullable(row.baseUrl()));
    assertThat(p.preset().keyVariable()).isEqualTo(row.keyVariable());
    assertThat(p.preset().keyRequired()).isEqualTo(row.keyRequired());
    assertThat(p.preset().maxTokensField()).isEqualTo(row.maxTokensField());
    assertThat(p.preset().reasoningInOutput()).isEqualTo(row.reasoningInOutput());
    assertThat(p.preset().azureApiVersion().isPresent()).isEqualTo(row.id().equals("azure-openai"));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void preset_withoutKey_isRefusedNamingTheVariableOnlyWhenAKeyIsRequired(Row row) {
    ProviderConfig noKey = ProviderConfig.builder(row.id()).baseUrl(server.baseUrl()).build();
    if (row.keyRequired()) {
      assertThatThrownBy(() -> ProviderRegistry.load().create(noKey, context))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("providers." + row.id() + ".apiKey")
          .hasMessageContaining("${env:" + row.keyVariable() + "}");
    } else {
      assertThat(ProviderRegistry.load().create(noKey, context)).isNotNull();
    }
  }

  @ParameterizedTest
  @MethodSource("rows")
  void preset_withoutBaseUrl_isRefusedOnlyWhenItHasNone(Row row) {
    ProviderConfig noUrl = ProviderConfig.builder(row.id()).apiKey("k-123456").build();
    if (row.baseUrl() == null) {
      assertThatThrownBy(() -> ProviderRegistry.load().create(noUrl, context))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("providers." + row.id() + ".baseUrl")
          .hasMessageNotContaining("'null'");
    } else {
      assertThat(ProviderRegistry.load().create(noUrl, context)).isNotNull();
    }
  }

  @ParameterizedTest
  @MethodSource("rows")
  void preset_chat_capsOutputWithItsFieldAndCountsReasoningAsItsServerDoes(Row row)
      throws Exception {
    boolean azure = row.id().equals("azure-openai");
    ModelClient c = ProviderRegistry.load().create(ProviderConfig.builder(row.id())
        .apiKey("k-123456").baseUrl(azure ? server.rootUrl() : server.baseUrl()).build(),
        context);
    server.enqueue(OpenAiStubs.completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop",
        OpenAiStubs.usage(100, 26, 0, 196)));

    var response = c.chat(ChatRequest.builder().model("m").message(Message.user("x"))
        .maxOutputTokens(7).build());

    RecordedCall call = server.takeRequest();
    JsonNode body = JSON.readTree(call.body());
    String other = row.maxTokensField().equals("max_tokens") ? "max_completion_tokens"
        : "max_tokens";
    assertThat(body.path(row.maxTokensField()).asInt()).isEqualTo(7);
    assertThat(body.has(other)).isFalse();
    // completion_tokens 26 with 196 reasoning: inside it (26 out) or beside it (222 out).
    assertThat(response.usage().outputTokens()).isEqualTo(row.reasoningInOutput() ? 26 : 222);
    assertThat(call.path()).isEqualTo(azure
        ? "/openai/deployments/m/chat/completions?api-version=2024-10-21"
        : "/v1/chat/completions");
  }
}
