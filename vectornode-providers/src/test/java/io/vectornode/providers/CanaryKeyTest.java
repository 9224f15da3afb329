package io.vectornode.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordingModelCallListener;
import io.vectornode.testing.StubReply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary key must never appear in a log line (at any level), an exception message or stack
 * trace, a {@code toString()}, or a listener event: not even when the server echoes it back.
 */
class CanaryKeyTest {
  private static final String CANARY = "sk-canary-DO-NOT-LEAK-5f4dcc3b5aa765d61d8327deb882cf99";
  private static final String HEADER_SECRET = "hdr-canary-7d793037a0760186574b0282f2f435e7";

  private ProviderStubServer server;
  private ProviderContext context;
  private RecordingModelCallListener listener;
  private ProviderConfig config;
  private ModelClient client;

  @BeforeEach
  void start() {
    LogCapture.clear();
    server = ProviderStubServer.start();
    listener = new RecordingModelCallListener();
    context = ProviderContext.builder().listener(listener).build();
    config = ProviderConfig.builder("openai").apiKey(CANARY).baseUrl(server.baseUrl())
        .header("X-Secret-Gateway-Token", HEADER_SECRET).build();
    client = ProviderRegistry.load().create(config, context);
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  private static String everything(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    return sw + "\n" + t;
  }

  @Test
  void canary_neverLeaks_evenWhenTheServerEchoesIt() {
    String echo = "Incorrect API key provided: " + CANARY + ". Header was Bearer " + CANARY
        + " and " + HEADER_SECRET;
    List<StubReply> replies = List.of(
        OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key", echo),
        OpenAiStubs.error(429, "requests", "rate_limit_exceeded", echo),
        StubReply.body(502, "text/plain", echo),
        StubReply.json(200, "{\"broken\": " + CANARY),
        StubReply.sse(List.of("data: {\"error\":{\"message\":\"" + echo + "\",\"type\":"
            + "\"server_error\"}}")),
        StubReply.sse(List.of("data: {\"choices\":[{\"delta\":{\"content\":\"" + CANARY))
    );
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < replies.size(); i++) {
      server.enqueue(replies.get(i));
      ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("hi").build();
      boolean stream = i >= 4;
      Throwable t = catchThrowable(() -> {
        if (stream) {
          try (var s = client.stream(request)) {
            s.response();
          }
        } else {
          client.chat(request);
        }
      });
      assertThat(t).as("reply %d must fail", i).isNotNull();
      seen.append(everything(t));
      assertThat(server.takeRequest().header("Authorization")).contains("Bearer " + CANARY);
    }
    seen.append(LogCapture.text()).append(listener.dump())
        .append(config).append(config.apiKey().orElseThrow()).append(client).append(context);

    assertThat(listener.ends()).hasSize(replies.size());
    assertThat(seen.toString())
        .contains("[REDACTED]")
        .doesNotContain(CANARY)
        .doesNotContain(CANARY.substring(0, 24))
        .doesNotContain(HEADER_SECRET);
  }
}
