package io.vectornode.providers.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vectornode.Usage;
import io.vectornode.providers.internal.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The token-level usage reader must mean exactly what the tree reader means. */
class OpenAiUsageTest {
  private static final String[] BODIES = {
    "{\"prompt_tokens\":1200,\"completion_tokens\":300,\"total_tokens\":1500,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":128,\"audio_tokens\":0,"
        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}",
    // DeepSeek: cache hits at the top level
    "{\"prompt_tokens\":50,\"completion_tokens\":5,\"prompt_cache_hit_tokens\":40,"
        + "\"prompt_cache_miss_tokens\":10}",
    // both: the details win
    "{\"prompt_tokens\":50,\"completion_tokens\":5,\"prompt_cache_hit_tokens\":40,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":7}}",
    // odd types and values from compatible servers
    "{\"prompt_tokens\":\"12\",\"completion_tokens\":-3,\"prompt_tokens_details\":null,"
        + "\"completion_tokens_details\":[1,2],\"extra\":{\"nested\":{\"deep\":[{}]}}}",
    "{\"prompt_tokens\":10.7,\"completion_tokens\":4,"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":9}}",
    // cached above input and reasoning above output are clamped
    "{\"prompt_tokens\":5,\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":9},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":3}}",
    "{}",
  };

  @Test
  void tokenReader_equalsTreeReader_onEveryShape() throws IOException {
    for (String body : BODIES) {
      for (boolean reasoningInOutput : new boolean[] {true, false}) {
        Usage tree = OpenAiResponses.usage(Json.MAPPER.readTree(body), reasoningInOutput);
        Usage tokens;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
          assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
          tokens = OpenAiResponses.usage(p, reasoningInOutput);
          assertThat(p.currentToken()).as("left on the usage object's end").isEqualTo(
              JsonToken.END_OBJECT);
          assertThat(p.nextToken()).as("nothing left unread in %s", body).isNull();
        }
        assertThat(tokens).as("%s (reasoning in output: %s)", body, reasoningInOutput)
            .isEqualTo(tree);
      }
    }
  }

  @Test
  void openAiShape_mapsCachedAndReasoning() throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(BODIES[0])) {
      p.nextToken();
      assertThat(OpenAiResponses.usage(p, true)).isEqualTo(new Usage(1200, 300, 1024, 0, 128));
    }
  }
}
