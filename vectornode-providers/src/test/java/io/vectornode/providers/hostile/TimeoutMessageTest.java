package io.vectornode.providers.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.error.TransportException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A timeout says which one fired, with its value: a stream that keeps sending keep-alives past
 * the call's deadline used to say "read timed out" although the read timeout never passed.
 * (Timeouts are real time here, kept to a few hundred milliseconds.)
 */
class TimeoutMessageTest {
  private ProviderStubServer server;
  private ProviderContext context;

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
    context = ProviderContext.builder().build();
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  private ModelClient client(Duration read, Duration total) {
    return ProviderRegistry.load().create(ProviderConfig.builder("openai").apiKey("sk-test-1234")
        .baseUrl(server.baseUrl()).readTimeout(read).callTimeout(total).build(), context);
  }

  private static Throwable stream(ModelClient c, ChatRequest r) {
    return catchThrowable(() -> {
      try (var s = c.stream(r)) {
        s.forEach(e -> { });
      }
    });
  }

  private static ChatRequest request() {
    return ChatRequest.builder().model("gpt-4o-mini").user("x").build();
  }

  @Test
  void totalDeadline_whileDataKeepsFlowing_isNamedAsTheTotalTimeout() {
    server.enqueue(OpenAiStubs.stream("a", "b").keepAliveAfterEvents(1));
    Throwable thrown = stream(client(Duration.ofSeconds(5), Duration.ofMillis(400)), request());
    assertThat(thrown).isInstanceOf(TransportException.class)
        .hasMessageContaining("total timeout").hasMessageContaining("400ms")
        .hasMessageContaining("timeouts.total").hasMessageNotContaining("read timeout");
    assertThat(((TransportException) thrown).kind()).isEqualTo(TransportException.Kind.TIMEOUT);
  }

  @Test
  void requestDeadline_isNamedAsTheRequestsDeadline() {
    server.enqueue(OpenAiStubs.stream("a", "b").keepAliveAfterEvents(1));
    Throwable thrown = stream(client(Duration.ofSeconds(5), Duration.ofMinutes(10)),
        request().toBuilder().timeout(Duration.ofMillis(300)).build());
    assertThat(thrown).isInstanceOf(TransportException.class)
        .hasMessageContaining("total timeout").hasMessageContaining("300ms")
        .hasMessageContaining("the request's remaining deadline");
  }

  @Test
  void silence_isNamedAsTheReadTimeout() {
    server.enqueue(OpenAiStubs.stream("a", "b").stallAfterEvents(1));
    Throwable thrown = stream(client(Duration.ofMillis(300), Duration.ofSeconds(30)), request());
    assertThat(thrown).isInstanceOf(TransportException.class)
        .hasMessageContaining("read timeout").hasMessageContaining("no data for 300ms")
        .hasMessageNotContaining("total");
  }

  @Test
  void silenceBeforeTheHeaders_isNamedAsTheReadTimeoutToo() {
    server.enqueue(OpenAiStubs.chat("late").headersDelay(Duration.ofSeconds(3)));
    Throwable thrown = catchThrowable(() -> client(Duration.ofMillis(300),
        Duration.ofSeconds(30)).chat(request()));
    assertThat(thrown).isInstanceOf(TransportException.class)
        .hasMessageContaining("read timeout: no data for 300ms while waiting for it");
  }
}
