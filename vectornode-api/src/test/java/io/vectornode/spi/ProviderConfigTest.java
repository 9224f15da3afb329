package io.vectornode.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.ChatRequest;
import io.vectornode.error.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {
  @Test
  void builder_invalidValues_failNamingFieldAndValue() {
    assertThatThrownBy(() -> ProviderConfig.builder("Open AI"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'Open AI'");
    assertThatThrownBy(() -> ProviderConfig.builder("x").baseUrl("ftp://host/v1"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("baseUrl:").hasMessageContaining("ftp://host/v1");
    assertThatThrownBy(() -> ProviderConfig.builder("x").baseUrl("http://user:pw@host/v1"))
        .hasMessageContaining("credentials").hasMessageNotContaining("pw");
    assertThatThrownBy(() -> ProviderConfig.builder("x").readTimeout(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("readTimeout:");
  }

  @Test
  void toString_hidesKeyAndHeaderValues() {
    ProviderConfig c = ProviderConfig.builder("openai").apiKey("sk-very-secret-123")
        .header("X-Token", "tok-very-secret").build();
    assertThat(c.toString()).doesNotContain("very-secret").contains("X-Token").contains("key-");
  }

  @Test
  void modelFor_stripsOnlyThisInstancesPrefix() {
    ProviderConfig c = ProviderConfig.builder("together").defaultModel("meta/llama").build();
    assertThat(c.modelFor(ChatRequest.builder().model("together/meta-llama/Llama-3").user("x")
        .build())).isEqualTo("meta-llama/Llama-3");
    assertThat(c.modelFor(ChatRequest.builder().model("meta-llama/Llama-3").user("x").build()))
        .isEqualTo("meta-llama/Llama-3");
    assertThat(c.modelFor(ChatRequest.builder().user("x").build())).isEqualTo("meta/llama");
    assertThat(c.type()).isEqualTo("together");
  }
}
