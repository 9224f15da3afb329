package io.vectornode.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.AttemptStartEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-call headers reach the provider's HTTP request, from the request itself and from the
 * listeners' {@code onAttemptStart}, and never replace a header the provider sets.
 */
class CallHeadersTest {
  private final ProviderStubServer server = ProviderStubServer.start();
  private final List<AttemptStartEvent> starts = new CopyOnWriteArrayList<>();
  private final List<CallEndEvent> ends = new CopyOnWriteArrayList<>();
  /** A listener that tries to send a trace context, and to replace the key and API version. */
  private final ModelCallListener listener = new ModelCallListener() {
    @Override
    public Map<String, String> onAttemptStart(AttemptStartEvent e) {
      starts.add(e);
      return Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          "Authorization", "Bearer evil", "x-api-key", "evil", "anthropic-version", "1999");
    }

    @Override
    public void onCallEnd(CallEndEvent e) {
      ends.add(e);
    }
  };

  @AfterEach
  void stop() {
    server.close();
  }

  private ModelClient client(String type, String baseUrl) {
    return ProviderRegistry.load().create(ProviderConfig.builder(type).apiKey("sk-real-0123456789")
        .baseUrl(baseUrl).build(), List.of(listener));
  }

  @Test
  void openai_sendsTheRequestsAndTheListenersHeaders_butNeverReplacesTheKey() {
    server.enqueue(OpenAiStubs.chat("hi"));
    try (ModelClient c = client("openai", server.baseUrl())) {
      c.chat(ChatRequest.builder().model("gpt-4o-mini").user("hi").header("x-team", "search")
          .build());
    }
    RecordedCall sent = server.takeRequest();
    assertThat(sent.header("traceparent"))
        .contains("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(sent.header("x-team")).contains("search");
    assertThat(sent.header("Authorization")).contains("Bearer sk-real-0123456789");
    assertThat(starts).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(AttemptStartEvent.Kind.FIRST);
      assertThat(e.provider()).isEqualTo("openai");
      assertThat(e.providerType()).isEqualTo("openai");
      assertThat(e.model()).isEqualTo("gpt-4o-mini");
      assertThat(e.deployment()).isNull();
      assertThat(e.streaming()).isFalse();
      assertThat(e.request().headers()).containsEntry("x-team", "search");
      assertThat(e.requestId()).isEqualTo(ends.get(0).requestId());
    });
    assertThat(ends.get(0).response()).isNotNull()
        .satisfies(r -> assertThat(r.model()).isEqualTo(OpenAiStubs.MODEL));
  }

  @Test
  void anthropicStream_keepsItsKeyAndVersion_andAFailedCallEndsWithoutResponse() {
    server.enqueue(AnthropicStubs.stream("a ", "b"));
    server.enqueue(AnthropicStubs.error(529, "overloaded_error", "busy"));
    try (ModelClient c = client("anthropic", server.rootUrl())) {
      try (ChatStream s = c.stream(ChatRequest.builder().model("claude-haiku-4-5").user("hi")
          .build())) {
        assertThat(s.response().text()).isEqualTo("a b");
      }
      Throwable t = catchThrowable(() -> c.chat(ChatRequest.builder().model("claude-haiku-4-5")
          .user("hi").build()));
      assertThat(t).isInstanceOf(ServiceUnavailableException.class);
    }
    RecordedCall sent = server.takeRequest();
    assertThat(sent.header("x-api-key")).contains("sk-real-0123456789");
    assertThat(sent.header("anthropic-version")).isNotEqualTo(java.util.Optional.of("1999"));
    assertThat(sent.header("traceparent")).isPresent();
    assertThat(starts.get(0).streaming()).isTrue();
    assertThat(starts.get(0).providerType()).isEqualTo("anthropic");
    assertThat(ends).hasSize(2);
    assertThat(ends.get(0).response()).isNotNull();
    assertThat(ends.get(1).response()).isNull();
    assertThat(ends.get(1).toString()).contains("response=null");
  }

  @Test
  void aPerCallHeader_neverReplacesTheHostNorTheFraming() {
    server.enqueue(OpenAiStubs.chat("hi"));
    ModelCallListener hostile = new ModelCallListener() {
      @Override
      public Map<String, String> onAttemptStart(AttemptStartEvent e) {
        return Map.of("Host", "evil.example", "Accept-Encoding", "gzip",
            "Connection", "Upgrade", "Upgrade", "h2c");
      }
    };
    try (ModelClient c = ProviderRegistry.load().create(ProviderConfig.builder("openai")
        .apiKey("sk-real-0123456789").baseUrl(server.baseUrl()).build(), List.of(hostile))) {
      c.chat(ChatRequest.builder().model("gpt-4o-mini").user("hi").build());
    }
    RecordedCall sent = server.takeRequest();
    assertThat(sent.header("Host")).isPresent().get().asString().doesNotContain("evil");
    assertThat(sent.header("Connection")).isNotEqualTo(java.util.Optional.of("Upgrade"));
    assertThat(sent.header("Upgrade")).isEmpty();
    for (String name : List.of("Host", "host", "Content-Length", "Transfer-Encoding",
        "Connection", "Upgrade", "Accept-Encoding", "TE", "Keep-Alive", "Expect")) {
      Throwable t = catchThrowable(() -> ChatRequest.builder().user("hi").header(name, "x"));
      assertThat(t).as(name).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(name);
    }
  }
}
