package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vectornode.Usage;
import io.vectornode.error.ResponseParseException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The usage reader: every shape a server sends normalizes as documented; lies are refused. */
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
    // odd but honest shapes from compatible servers
    "{\"prompt_tokens\":12,\"completion_tokens\":null,\"prompt_tokens_details\":null,"
        + "\"completion_tokens_details\":[1,2],\"extra\":{\"nested\":{\"deep\":[{}]}}}",
    "{\"prompt_tokens\":10.0,\"completion_tokens\":4,"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":9}}",
    // cached above input and reasoning above output are clamped
    "{\"prompt_tokens\":5,\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":9},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":3}}",
    "{}",
  };

  /** For each body: the usage when reasoning is inside completion_tokens, and when beside. */
  private static final Usage[][] EXPECTED = {
    {new Usage(1200, 300, 1024, 0, 128), new Usage(1200, 428, 1024, 0, 128)},
    {new Usage(50, 5, 40, 0, 0), new Usage(50, 5, 40, 0, 0)},
    {new Usage(50, 5, 7, 0, 0), new Usage(50, 5, 7, 0, 0)},
    {new Usage(12, 0, 0, 0, 0), new Usage(12, 0, 0, 0, 0)},
    {new Usage(10, 4, 0, 0, 4), new Usage(10, 13, 0, 0, 9)},
    {new Usage(5, 2, 5, 0, 2), new Usage(5, 5, 5, 0, 3)},
    {Usage.ZERO, Usage.ZERO},
  };

  /** Counts that would make a cost wrong: refused, naming the field. */
  private static final String[][] LIES = {
    {"{\"prompt_tokens\":-5,\"completion_tokens\":1}", "prompt_tokens", "negative"},
    {"{\"prompt_tokens\":1,\"completion_tokens\":9e18}", "completion_tokens", "larger"},
    {"{\"prompt_tokens\":9223372036854775807}", "prompt_tokens", "larger"},
    {"{\"completion_tokens\":1e19}", "completion_tokens", "larger"},
    {"{\"prompt_tokens\":123456789012345678901234567890}", "prompt_tokens", "larger"},
    {"{\"prompt_tokens\":10.7}", "prompt_tokens", "whole"},
    {"{\"prompt_tokens\":\"12\"}", "prompt_tokens", "not a number"},
    {"{\"prompt_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":-1}}",
        "cached_tokens", "negative"},
    {"{\"completion_tokens_details\":{\"reasoning_tokens\":1.5}}", "reasoning_tokens",
        "whole"},
  };

  @Test
  void usage_lyingCounts_failWithATypedErrorNamingTheField() throws IOException {
    for (String[] lie : LIES) {
      try (JsonParser p = Json.FACTORY.createParser(lie[0])) {
        p.nextToken();
        assertThatThrownBy(() -> OpenAiResponses.usage("p", p, true))
            .as(lie[0]).isInstanceOf(ResponseParseException.class)
            .hasMessageContaining(lie[1]).hasMessageContaining(lie[2]);
      }
    }
  }

  @Test
  void usage_everyShape_normalizesAndReadsTheWholeObject() throws IOException {
    for (int i = 0; i < BODIES.length; i++) {
      String body = BODIES[i];
      for (int beside = 0; beside < 2; beside++) {
        Usage tokens;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
          assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
          tokens = OpenAiResponses.usage("p", p, beside == 0);
          assertThat(p.currentToken()).as("left on the usage object's end").isEqualTo(
              JsonToken.END_OBJECT);
          assertThat(p.nextToken()).as("nothing left unread in %s", body).isNull();
        }
        assertThat(tokens).as("%s (reasoning in output: %s)", body, beside == 0)
            .isEqualTo(EXPECTED[i][beside]);
      }
    }
  }

  @Test
  void openAiShape_mapsCachedAndReasoning() throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(BODIES[0])) {
      p.nextToken();
      assertThat(OpenAiResponses.usage("p", p, true)).isEqualTo(new Usage(1200, 300, 1024, 0, 128));
    }
  }
}
