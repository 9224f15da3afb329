package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.Secret;
import io.vectornode.error.VectorNodeException;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each key's own per-minute limits, in one JVM. */
class KeyLimitsTest extends RouterTestSupport {
  private static ChatRequest req() {
    return ChatRequest.builder().model("m").user("hi").maxOutputTokens(10).build();
  }

  @Test
  void eachKeyTakesAtMostItsRpm_thenTheDeploymentIsSkipped_untilTheMinutePasses() {
    ProviderStubServer s = server();
    for (int i = 0; i < 6; i++) {
      s.enqueue(OpenAiStubs.chat("ok", 5, 1, 0, 0));
    }
    ModelClient c = build(builder()
        .provider(io.vectornode.spi.ProviderConfig.builder("p").type("openai")
            .baseUrl(s.baseUrl()).build())
        .keys("p", List.of(new ApiKey(Secret.of("sk-limited-one-0123456789"), 1, 2, 0),
            new ApiKey(Secret.of("sk-limited-two-0123456789"), 1, 2, 0)))
        .model("m", "p", "gpt-4o-mini"));
    Map<String, Integer> perKey = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      c.chat(req());
      perKey.merge(s.takeRequest().header("Authorization").orElseThrow(), 1, Integer::sum);
    }
    assertThat(perKey.values()).containsExactly(2, 2);
    Throwable t = catchThrowable(() -> c.chat(req()));
    assertThat(t).isInstanceOf(VectorNodeException.class)
        .hasMessageContaining("every key is at its per-minute limit");
    assertThat(s.requestCount()).isEqualTo(4);
    time.advance(Duration.ofSeconds(31)); // half a minute refills one request per key
    c.chat(req());
    assertThat(s.requestCount()).isEqualTo(5);
  }

  @Test
  void aKeysToString_showsItsIdAndLimits_neverTheKey() {
    ApiKey k = ApiKey.of("sk-canary-0123456789").withLimits(60, 10_000);
    assertThat(k.toString()).doesNotContain("sk-canary").contains("rpm 60", "tpm 10000",
        k.secret().id());
    assertThat(catchThrowable(() -> ApiKey.of("sk-canary-0123456789").withLimits(-1, 0)))
        .hasMessageContaining("must not be negative").hasMessageNotContaining("sk-canary");
  }
}
