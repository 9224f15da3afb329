package io.vectornode.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.CallStartEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.Usage;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordingModelCallListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class ListenerTest {
  private ProviderStubServer server;
  private ProviderContext context;
  private RecordingModelCallListener recorder;
  private ModelClient client;

  @BeforeEach
  void start() {
    LogCapture.clear();
    server = ProviderStubServer.start();
    recorder = new RecordingModelCallListener();
    ModelCallListener throwing = new ModelCallListener() {
      @Override
      public void onCallStart(CallStartEvent event) {
        throw new IllegalStateException("listener bug on start");
      }

      @Override
      public void onCallEnd(CallEndEvent event) {
        throw new IllegalStateException("listener bug on end");
      }
    };
    context = ProviderContext.builder().listener(throwing).listener(recorder).build();
    client = ProviderRegistry.load().create(ProviderConfig.builder("openai").apiKey("sk-test-1")
        .baseUrl(server.baseUrl()).build(), context);
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  @Test
  void chat_throwingListener_isLoggedAndTheCallAndOtherListenersProceed() {
    server.enqueue(OpenAiStubs.chat("fine", 7, 1, 0, 0));

    var response = client.chat(ChatRequest.builder().model("gpt-4o-mini").user("hi")
        .task("support").tag("team", "care").build());

    assertThat(response.text()).isEqualTo("fine");
    CallStartEvent start = recorder.starts().get(0);
    assertThat(start.task()).isEqualTo("support");
    assertThat(start.model()).isEqualTo("gpt-4o-mini");
    assertThat(start.streaming()).isFalse();
    CallEndEvent end = recorder.singleEnd();
    assertThat(end.requestId()).isEqualTo(start.requestId()).startsWith("vn-");
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.provider()).isEqualTo("openai");
    assertThat(end.model()).isEqualTo(OpenAiStubs.MODEL);
    assertThat(end.usage()).isEqualTo(Usage.of(7, 1));
    assertThat(end.latency()).isPositive().isEqualTo(response.latency());
    assertThat(end.timeToFirstToken()).isEqualTo(response.timeToFirstToken());
    assertThat(end.attempts()).singleElement().satisfies(a -> {
      assertThat(a.attempt()).isEqualTo(1);
      assertThat(a.outcome()).isEqualTo(CallOutcome.SUCCESS);
      assertThat(a.keyId()).startsWith("key-");
    });
    assertThat(end.tags()).containsEntry("team", "care");
    assertThat(LogCapture.lines())
        .filteredOn(l -> l.level() == Level.WARN)
        .hasSize(2)
        .allSatisfy(l -> assertThat(l.message()).contains("threw").contains(end.requestId()));
  }
}
