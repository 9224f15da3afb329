package io.vectornode.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.StreamInterruptedException;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.ResponsesStubs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Responses API through the router: a {@code response.failed} before any content is retried
 * (the stream commit point), an {@code error} event after content interrupts the stream keeping
 * the partial text.
 */
class ResponsesRoutingTest {
  private static ModelClient router(ProviderStubServer server, ManualTime time) {
    return VectorNode.builder()
        .provider(ProviderConfig.builder("openai").apiKey("sk-resp-0123456789abcdef")
            .baseUrl(server.baseUrl()).option("api", "auto").build())
        .model("thinker", "openai", "o4-mini")
        .ticker(time).clock(time.clock()).sleeper(time)
        .build();
  }

  private static String text(List<StreamEvent> events) {
    StringBuilder sb = new StringBuilder();
    events.stream().filter(e -> e instanceof StreamEvent.TextDelta)
        .forEach(e -> sb.append(((StreamEvent.TextDelta) e).text()));
    return sb.toString();
  }

  @Test
  void failedBeforeContent_isRetried_andTheRetryStreams() {
    ManualTime time = ManualTime.create();
    try (ProviderStubServer server = ProviderStubServer.start();
        ModelClient ai = router(server, time)) {
      server.enqueue(ResponsesStubs.stream()
          .failed("server_error", "The model failed to generate a response.").build());
      server.enqueue(ResponsesStubs.streamText("Hel", "lo"));
      List<StreamEvent> events = new ArrayList<>();
      try (ChatStream s = ai.stream(ChatRequest.builder().model("thinker").user("x").build())) {
        s.forEach(events::add);
      }
      assertThat(text(events)).isEqualTo("Hello");
      assertThat(events).last().isInstanceOf(StreamEvent.Completed.class);
      assertThat(server.requestCount()).isEqualTo(2);
      assertThat(server.takeRequest().path()).isEqualTo("/v1/responses");
    }
  }

  @Test
  void errorAfterContent_interruptsTheStream_keepingThePartialText() {
    ManualTime time = ManualTime.create();
    try (ProviderStubServer server = ProviderStubServer.start();
        ModelClient ai = router(server, time)) {
      server.enqueue(ResponsesStubs.stream().event("response.output_item.added",
              "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\","
                  + "\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}")
          .event("response.output_text.delta", "\"item_id\":\"msg_1\",\"output_index\":0,"
              + "\"content_index\":0,\"delta\":\"Partial \",\"logprobs\":[]")
          .error("server_error", "The server had an error while processing your request.")
          .build());
      List<StreamEvent> events = new ArrayList<>();
      Throwable t = catchThrowable(() -> {
        try (ChatStream s = ai.stream(ChatRequest.builder().model("thinker").user("x")
            .build())) {
          s.forEach(events::add);
        }
      });
      assertThat(t).isInstanceOf(StreamInterruptedException.class);
      assertThat(((StreamInterruptedException) t).partialText()).isEqualTo("Partial ");
      assertThat(t.getCause()).isInstanceOf(ServiceUnavailableException.class);
      assertThat(text(events)).isEqualTo("Partial ");
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }
}
