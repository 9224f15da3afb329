package io.vectornode.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.CallStartEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.ServiceUnavailableException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ListeningModelClientTest {
  private final List<Object> events = new CopyOnWriteArrayList<>();
  private final AtomicLong nanos = new AtomicLong();
  private final ModelCallListener recorder = new ModelCallListener() {
    @Override
    public void onCallStart(CallStartEvent e) {
      events.add(e);
      nanos.addAndGet(Duration.ofMillis(5).toNanos());
    }

    @Override
    public void onAttempt(AttemptEvent e) {
      events.add(e);
    }

    @Override
    public void onCallEnd(CallEndEvent e) {
      events.add(e);
    }
  };
  private final ModelCallListener throwing = new ModelCallListener() {
    @Override
    public void onAttempt(AttemptEvent event) {
      throw new IllegalStateException("boom");
    }
  };
  private final ProviderContext context = ProviderContext.builder()
      .listener(throwing).listener(recorder).ticker(nanos::get).build();
  private final ModelClient client = ProviderRegistry.load()
      .create(ProviderConfig.builder("echo").apiKey("k-123456789").build(), context);

  private CallEndEvent end() {
    assertThat(events).filteredOn(e -> e instanceof CallEndEvent).hasSize(1);
    return (CallEndEvent) events.get(events.size() - 1);
  }

  @Test
  void chat_reportsStartAttemptEndWithVirtualLatency() {
    var r = client.chat(ChatRequest.builder().model("echo/m1").user("hi").build());
    assertThat(r.text()).isEqualTo("hi");
    assertThat(r.latency()).isEqualTo(Duration.ofMillis(5));
    assertThat(events).hasSize(3);
    assertThat(events.get(0)).isInstanceOf(CallStartEvent.class);
    assertThat(events.get(1)).isInstanceOf(AttemptEvent.class);
    CallEndEvent end = end();
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.model()).isEqualTo("m1");
    assertThat(end.latency()).isEqualTo(Duration.ofMillis(5));
    assertThat(end.usage()).isEqualTo(Usage.of(3, 3));
  }

  @Test
  void chat_failure_isReportedAndRethrown() {
    assertThatThrownBy(() -> client.chat("m", "fail"))
        .isInstanceOf(ServiceUnavailableException.class);
    assertThat(end().outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(end().errorType()).isEqualTo("ServiceUnavailableException");
    assertThat(end().attempts().get(0).keyId()).startsWith("key-");
  }

  @Test
  void stream_closedBeforeCompletion_reportsCancelledExactlyOnce() {
    ChatStream s = client.stream(ChatRequest.builder().model("m").user("hello").build());
    Iterator<StreamEvent> it = s.iterator();
    assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("hello"));
    assertThat(it.next()).isInstanceOf(StreamEvent.UsageUpdate.class);
    s.close();
    s.close();
    assertThat(it.hasNext()).isFalse();
    assertThat(end().outcome()).isEqualTo(CallOutcome.CANCELLED);
    assertThat(end().usage()).isEqualTo(Usage.of(3, 3));
  }

  @Test
  void stream_completed_reportsSuccessAndCloseAfterwardsChangesNothing() {
    try (ChatStream s = client.stream(ChatRequest.builder().model("m").user("hey").build())) {
      assertThat(s.response().text()).isEqualTo("hey");
    }
    assertThat(end().outcome()).isEqualTo(CallOutcome.SUCCESS);
  }

  @Test
  void chatAsync_reportsOnCompletion() throws Exception {
    assertThat(client.chatAsync(ChatRequest.builder().model("m").user("a").build()).get().text())
        .isEqualTo("a");
    assertThat(end().outcome()).isEqualTo(CallOutcome.SUCCESS);
  }

  /** An untyped exception from the provider still ends the call (its span, its Observation). */
  @Test
  void untypedException_endsTheCall_chatAndStream() {
    assertThatThrownBy(() -> client.chat("m", "crash"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(end().outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(end().errorType()).isEqualTo("IllegalStateException");
    events.clear();
    assertThatThrownBy(() -> client.stream(ChatRequest.builder().model("m").user("crash")
        .build())).isInstanceOf(IllegalStateException.class);
    assertThat(end().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  @Test
  void embed_isReportedAsOneEmbeddingCall_withItsUsage() {
    io.vectornode.EmbeddingResponse r = client.embed(io.vectornode.EmbeddingRequest.builder()
        .model("echo-embed").inputs(List.of("ab", "abc")).build());

    assertThat(r.vector(1)).containsExactly(3f);
    assertThat(client.maxEmbeddingInputs()).isEqualTo(16);
    assertThat(((CallStartEvent) events.get(0)).operation())
        .isEqualTo(io.vectornode.Operation.EMBEDDING);
    CallEndEvent end = end();
    assertThat(end.operation()).isEqualTo(io.vectornode.Operation.EMBEDDING);
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.usage()).isEqualTo(Usage.of(2, 0));
    assertThat(end.attempts()).hasSize(1);
  }

  @Test
  void embed_failure_isReportedOnceAndRethrown() {
    assertThatThrownBy(() -> client.embed(io.vectornode.EmbeddingRequest.builder()
        .model("echo-embed").input("fail").build()))
        .isInstanceOf(ServiceUnavailableException.class);
    CallEndEvent end = end();
    assertThat(end.operation()).isEqualTo(io.vectornode.Operation.EMBEDDING);
    assertThat(end.outcome()).isEqualTo(CallOutcome.FAILURE);
  }
}
