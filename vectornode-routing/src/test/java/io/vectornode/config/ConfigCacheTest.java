package io.vectornode.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response cache written in a config: the {@code cache} section and a route's flag. */
class ConfigCacheTest {
  @TempDir Path dir;
  private final ProviderStubServer s = ProviderStubServer.start();

  @AfterEach
  void stop() {
    s.close();
  }

  private ModelClient load(String yaml) throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, """
        providers:
          openai: { apiKey: sk-canary-77d1c0ffee, baseUrl: %s }
        models:
          m: { provider: openai, model: gpt-4o-mini }
          n: { provider: openai, model: gpt-4o-mini }
        """.formatted(s.baseUrl()) + yaml);
    return VectorNode.fromConfig(file, Map.<String, String>of()::get);
  }

  private static ChatRequest req(String model, Double temperature) {
    ChatRequest.Builder b = ChatRequest.builder().model(model).user("capital of France?");
    if (temperature != null) {
      b.temperature(temperature);
    }
    return b.build();
  }

  @Test
  void routeFlag_cachesThatRouteOnly() throws IOException {
    try (ModelClient c = load("""
        routes:
          faq: { targets: [m], cache: true }
          live: { targets: [n] }
        """)) {
      s.enqueue(OpenAiStubs.chat("Paris"));
      s.enqueue(OpenAiStubs.chat("Paris"));
      s.enqueue(OpenAiStubs.chat("Paris"));
      assertThat(c.chat(req("faq", 0.0)).cached()).isFalse();
      ChatResponse hit = c.chat(req("faq", 0.0));
      assertThat(hit.cached()).isTrue();
      assertThat(hit.text()).isEqualTo("Paris");
      assertThat(s.requestCount()).isEqualTo(1);
      assertThat(c.chat(req("live", 0.0)).cached()).isFalse();
      assertThat(c.chat(req("live", 0.0)).cached()).isFalse();
      assertThat(s.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void section_namesRoutes_andCacheSampledCachesUnsetTemperature() throws IOException {
    try (ModelClient c = load("""
        cache: { routes: [m], maximumSize: 5, ttl: 10m, cacheSampled: true }
        """)) {
      s.enqueue(OpenAiStubs.chat("Paris"));
      assertThat(c.chat(req("m", null)).cached()).isFalse();
      assertThat(c.chat(req("m", null)).cached()).isTrue();
      assertThat(s.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void withoutCacheSampled_anUnsetTemperatureIsNotCached() throws IOException {
    try (ModelClient c = load("cache: { routes: [m] }\n")) {
      s.enqueue(OpenAiStubs.chat("Paris"));
      s.enqueue(OpenAiStubs.chat("Paris"));
      assertThat(c.chat(req("m", null)).cached()).isFalse();
      assertThat(c.chat(req("m", null)).cached()).isFalse();
      assertThat(s.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void badValues_nameTheField() {
    assertThat(catchThrowable(() -> load("cache: { routes: [nope] }\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.routes[0]: 'nope' is not a configured route or model")
        .hasMessageNotContaining("sk-canary");
    assertThat(catchThrowable(() -> load("cache: { routes: [m], maximumSize: 0 }\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.maximumSize: must be at least 1, was 0");
    assertThat(catchThrowable(() -> load("cache: { ttl: 0s }\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.ttl: must be positive");
    assertThat(catchThrowable(() -> load("cache: { rouets: [m] }\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.rouets: unknown key");
    assertThat(catchThrowable(() -> load("routes:\n  faq: { targets: [m], cache: maybe }\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("routes.faq.cache: must be true or false, was 'maybe'");
  }
}
