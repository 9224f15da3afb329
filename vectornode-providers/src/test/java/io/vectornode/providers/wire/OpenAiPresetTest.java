package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiPresetTest {

  @Test
  void builder_unsetFields_takeTheDocumentedDefaults() {
    OpenAiPreset p = OpenAiPreset.builder("local").keyVariable("LOCAL_API_KEY").build();

    assertThat(p.id()).isEqualTo("local");
    assertThat(p.baseUrl()).isEmpty();
    assertThat(p.keyVariable()).isEqualTo("LOCAL_API_KEY");
    assertThat(p.keyRequired()).isTrue();
    assertThat(p.maxTokensField()).isEqualTo("max_tokens");
    assertThat(p.reasoningInOutput()).isTrue();
    assertThat(p.azureApiVersion()).isEmpty();
  }

  @Test
  void builder_namedFields_areKept() {
    OpenAiPreset p = OpenAiPreset.builder("v").baseUrl("https://api.example.com/v1")
        .keyVariable("V_KEY").keyRequired(false).maxTokensField("max_completion_tokens")
        .reasoningInOutput(false).azure("2024-10-21").build();

    assertThat(p.baseUrl()).isEqualTo(Optional.of("https://api.example.com/v1"));
    assertThat(p.keyRequired()).isFalse();
    assertThat(p.maxTokensField()).isEqualTo("max_completion_tokens");
    assertThat(p.reasoningInOutput()).isFalse();
    assertThat(p.azureApiVersion()).isEqualTo(Optional.of("2024-10-21"));
    assertThat(p.toString()).contains("id=v", "keyVariable=V_KEY", "azureApiVersion=2024-10-21");
  }

  @Test
  void builder_badValues_failNamingTheFieldAndTheValue() {
    assertThatThrownBy(() -> OpenAiPreset.builder("v").maxTokensField("max_output"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTokensField").hasMessageContaining("'max_output'");
    assertThatThrownBy(() -> OpenAiPreset.builder("v").baseUrl("ftp://example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl").hasMessageContaining("'ftp://example.com'");
    assertThatThrownBy(() -> OpenAiPreset.builder(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
    assertThatThrownBy(() -> OpenAiPreset.builder("v").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("keyVariable");
  }
}
