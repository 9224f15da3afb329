package io.vectornode.providers.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.GeminiStubs;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.VertexStubs;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link VertexAiProvider#withTokens}: the application's own token source, e.g. google-auth. */
class VertexTokenSourceTest {
  private static final String SECRET = "ya29.app-SOURCE-canary-9b2e4f6a8c0d1e3f5a7b";
  private ProviderStubServer server;
  private ProviderContext context;

  @BeforeEach
  void start() {
    LogCapture.clear();
    server = ProviderStubServer.start();
    context = ProviderContext.create();
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  private ProviderConfig.Builder config() {
    return ProviderConfig.builder("vertex").type("vertex-ai").baseUrl(server.rootUrl())
        .option("project", VertexStubs.PROJECT).option("location", VertexStubs.LOCATION);
  }

  private ModelClient client(VertexAiProvider provider, ProviderConfig config) {
    return ProviderRegistry.of(List.of(provider)).create(config, context);
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().model("gemini-2.5-flash").user("Hi").build();
  }

  @Test
  void withTokens_asksTheSourceForEveryCall_andSendsItAsBearer() {
    AtomicInteger asked = new AtomicInteger();
    VertexAiProvider provider = VertexAiProvider.withTokens(
        () -> "ya29.app-token-" + asked.incrementAndGet());
    assertThat(provider.id()).isEqualTo("vertex-ai");
    ModelClient client = client(provider, config().build());
    server.enqueue(GeminiStubs.response("one"));
    server.enqueue(GeminiStubs.response("two"));
    client.chat(ask());
    client.chat(ask());
    assertThat(server.takeRequest().header("authorization")).contains("Bearer ya29.app-token-1");
    assertThat(server.takeRequest().header("authorization")).contains("Bearer ya29.app-token-2");
    assertThat(asked).hasValue(2);
  }

  @Test
  void failingOrBadSources_failTyped_withoutTheirMessage() {
    ModelClient failing = client(VertexAiProvider.withTokens(() -> {
      throw new IllegalStateException("refresh failed for " + SECRET);
    }), config().build());
    Throwable t = catchThrowable(() -> failing.chat(ask()));
    assertThat(t).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("java.lang.IllegalStateException")
        .hasMessageNotContaining(SECRET);
    assertThat(((AuthenticationException) t).retryable()).isFalse();

    ModelClient injecting = client(VertexAiProvider.withTokens(
        () -> SECRET + "\r\nX-Injected: 1"), config().build());
    assertThat(catchThrowable(() -> injecting.chat(ask())))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("cannot travel in an HTTP header")
        .hasMessageNotContaining(SECRET);

    ModelClient empty = client(VertexAiProvider.withTokens(() -> null), config().build());
    assertThat(catchThrowable(() -> empty.chat(ask()))).hasMessageContaining("returned no token");
    assertThat(server.requestCount()).isZero();
    assertThat(LogCapture.text()).doesNotContain(SECRET);
  }

  @Test
  void withTokens_rejectsConfigsThatNameCredentialsToo() {
    assertThat(catchThrowable(() -> client(VertexAiProvider.withTokens(() -> SECRET),
        config().apiKey("ya29.other-token-1234").build())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("providers.vertex.apiKey: the provider was given a token source");
    assertThat(VertexAiProvider.withTokens(() -> SECRET).toString()).doesNotContain(SECRET);
  }
}
