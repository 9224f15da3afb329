package io.vectornode.jtokkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.spi.TokenCounter;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which models the counter knows, and that it is found as a {@link TokenCounter}. */
class JtokkitCounterTest {
  private static final TokenCounter COUNTER = new JtokkitCounter();

  @Test
  void serviceLoader_findsTheCounter() {
    assertThat(ServiceLoader.load(TokenCounter.class).findFirst())
        .get().isInstanceOf(JtokkitCounter.class);
  }

  @Test
  void count_isJtokkitsPlainTextCount() {
    assertThat(COUNTER.count("o200k_base", "hello world")).isEqualTo(2);
    assertThat(COUNTER.count("o200k_base", "<|endoftext|>")).isGreaterThan(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt-4o", "gpt-4o-mini-2024-07-18", "gpt-4.1-nano", "gpt-5",
      "o3-mini", "o4-mini", "ft:gpt-4o-mini:acme::abc123", "chatgpt-4o-latest"})
  void o200kModels_areRecognized(String model) {
    assertThat(COUNTER.encoding("openai", model)).isEqualTo("o200k_base");
  }

  @Test
  void otherModelsAndTypes_haveTheirOwnOrNoEncoding() {
    assertThat(COUNTER.encoding("openai", "gpt-4-0613")).isEqualTo("cl100k_base");
    assertThat(COUNTER.encoding("openai", "gpt-3.5-turbo")).isEqualTo("cl100k_base");
    assertThat(COUNTER.encoding("openai", "my-finetune")).isNull();
    assertThat(COUNTER.encoding("groq", "gpt-4o")).isNull();
    assertThat(COUNTER.encoding("gemini", "gemini-2.5-pro")).isNull();
  }

}
