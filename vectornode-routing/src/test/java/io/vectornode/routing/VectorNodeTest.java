package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.FakeScript;
import io.vectornode.testing.RecordingModelCallListener;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VectorNodeTest {
  private final FakeScript script = FakeScript.create();
  private final RecordingModelCallListener listener = new RecordingModelCallListener();

  private ModelClient client() {
    return VectorNode.builder()
        .provider(ProviderConfig.builder("primary").type("fake").option("script", script).build())
        .provider(ProviderConfig.builder("backup").type("fake").option("reply", "from backup")
            .build())
        .model("fast", "primary", "fake-small")
        .defaultModel("fast")
        .listener(listener)
        .build();
  }

  @Test
  void chat_deploymentName_resolvesToProviderAndModel() {
    script.reply("hello from primary");
    try (ModelClient c = client()) {
      var r = c.chat("fast", "hi");
      assertThat(r.text()).isEqualTo("hello from primary");
      assertThat(r.provider()).isEqualTo("primary");
      assertThat(r.model()).isEqualTo("fake-small");
    }
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(listener.singleEnd().model()).isEqualTo("fake-small");
  }

  @Test
  void chat_providerSlashModel_goesToThatProvider() {
    try (ModelClient c = client()) {
      var r = c.chat("backup/any-model", "hi");
      assertThat(r.text()).isEqualTo("from backup");
      assertThat(r.model()).isEqualTo("any-model");
    }
  }

  @Test
  void chat_noModel_usesDefault() {
    try (ModelClient c = client()) {
      assertThat(c.chat(ChatRequest.builder().user("echo me").build()).text())
          .isEqualTo("echo: echo me");
    }
    assertThat(script.requests()).singleElement()
        .satisfies(r -> assertThat(r.model()).contains("primary/fake-small"));
  }

  @Test
  void chat_unknownReference_failsListingWhatIsConfigured() {
    try (ModelClient c = client()) {
      assertThatThrownBy(() -> c.chat("gpt-5", "hi"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("'gpt-5'")
          .hasMessageContaining("[fast]")
          .hasMessageContaining("[backup, primary]");
      assertThatThrownBy(() -> c.chat(ChatRequest.builder().task("reasoning").user("x").build()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("'reasoning'");
    }
  }

  @Test
  void build_inconsistentConfig_failsNamingTheField() {
    assertThatThrownBy(() -> VectorNode.builder().build())
        .hasMessageStartingWith("providers:");
    assertThatThrownBy(() -> VectorNode.builder()
        .provider(ProviderConfig.builder("a").type("fake").build())
        .provider(ProviderConfig.builder("a").type("fake").build()))
        .hasMessageContaining("'a' is already configured");
    assertThatThrownBy(() -> VectorNode.builder()
        .provider(ProviderConfig.builder("a").type("fake").build())
        .model("m", "b", "x").build())
        .hasMessageStartingWith("models.m.provider:").hasMessageContaining("'b'");
    assertThatThrownBy(() -> VectorNode.builder()
        .provider(ProviderConfig.builder("a").type("fake").build())
        .defaultModel("nope").build())
        .hasMessageStartingWith("defaultModel:");
    assertThatThrownBy(() -> VectorNode.builder()
        .provider(ProviderConfig.builder("a").type("anthropic-typo").build()).build())
        .hasMessageContaining("'anthropic-typo'").hasMessageContaining("fake");
  }

  @Test
  void fromEnvironment_readsOpenAiKeyAndBaseUrl() {
    var b = VectorNode.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-env-123456",
        "OPENAI_BASE_URL", "http://127.0.0.1:9/v1")::get);
    try (ModelClient c = b.build()) {
      assertThat(c.toString()).contains("providers=[openai]");
    }
    assertThatThrownBy(() -> VectorNode.fromEnvironment(Map.<String, String>of()::get))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("OPENAI_API_KEY").hasMessageContaining("ANTHROPIC_API_KEY");
    try (ModelClient c = VectorNode.fromEnvironment(Map.of("ANTHROPIC_API_KEY", "sk-ant-1234",
        "GOOGLE_API_KEY", "AIza-1234", "GROQ_API_KEY", "gsk-1234",
        "AZURE_OPENAI_API_KEY", "az-1234"))) {
      assertThat(c.toString()).contains("providers=[anthropic, gemini, groq]");
    }
  }

  @Test
  void fromEnvironment_bedrockNeedsItsKeyAndARegion_vertexAProjectAndAKeyFile(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    try (ModelClient c = VectorNode.fromEnvironment(Map.of("AWS_BEARER_TOKEN_BEDROCK",
        "ABSK-canary-1234", "AWS_DEFAULT_REGION", "eu-west-1"))) {
      assertThat(c.toString()).contains("providers=[bedrock]").doesNotContain("ABSK-canary");
    }
    assertThatThrownBy(() -> VectorNode.fromEnvironment(Map.of("AWS_BEARER_TOKEN_BEDROCK",
        "ABSK-canary-1234")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("AWS_BEARER_TOKEN_BEDROCK (with AWS_REGION)")
        .hasMessageNotContaining("ABSK-canary");

    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64,
        "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(
            g.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    java.nio.file.Path key = dir.resolve("sa.json");
    java.nio.file.Files.writeString(key, new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsString(Map.of("type", "service_account", "project_id", "p-1",
            "private_key_id", "k1", "private_key", pem,
            "client_email", "vn@p-1.iam.gserviceaccount.com",
            "token_uri", "https://oauth2.googleapis.com/token")));
    try (ModelClient c = VectorNode.fromEnvironment(Map.of("GOOGLE_CLOUD_PROJECT", "p-1",
        "GOOGLE_APPLICATION_CREDENTIALS", key.toString()))) {
      assertThat(c.toString()).contains("providers=[vertex]");
    }
    assertThatThrownBy(() -> VectorNode.fromEnvironment(Map.of("GOOGLE_CLOUD_PROJECT", "p-1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("GOOGLE_CLOUD_PROJECT with GOOGLE_APPLICATION_CREDENTIALS");
  }
}
