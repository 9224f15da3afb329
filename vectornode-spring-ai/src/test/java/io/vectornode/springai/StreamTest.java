package io.vectornode.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.error.AuthenticationException;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.StubReply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.annotation.Tool;

/**
 * {@code stream(Prompt)}: through a {@code ChatClient} (deltas, a tool round trip) and directly
 * (cancellation, errors). Waits are bounded blocks on the Flux or on the stub seeing the client
 * hang up, never sleeps.
 */
class StreamTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  static final class OrderTools {
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Tool(description = "Looks up the shipping status of an order")
    String orderStatus(String orderId) {
      asked.add(orderId);
      return "shipped";
    }
  }

  private final RoutedStubs stubs = new RoutedStubs();

  @AfterEach
  void close() {
    stubs.close();
  }

  private VectorNodeChatModel model() {
    return VectorNodeChatModel.builder().client(stubs.client).task("support").build();
  }

  @Test
  void chatClientStream_retriesBeforeTheFirstToken_thenOneChunkPerDelta_lastCarriesTheMetadata() {
    stubs.primary.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    stubs.primary.enqueue(OpenAiStubs.stream("Reset ", "it ", "in settings."));

    List<ChatResponse> chunks = ChatClient.create(model()).prompt()
        .user("How do I reset my password?").stream().chatResponse()
        .collectList().block(WAIT);

    assertThat(chunks).extracting(c -> c.getResult().getOutput().getText())
        .containsExactly("Reset ", "it ", "in settings.", "");
    ChatResponse last = chunks.get(chunks.size() - 1);
    assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
    assertThat(last.getMetadata().getUsage().getPromptTokens()).isEqualTo(12);
    assertThat(last.getMetadata().getUsage().getCompletionTokens()).isEqualTo(3);
    assertThat(VectorNodeMetadata.attempts(last)).contains(2);
    assertThat(VectorNodeMetadata.costUsd(last)).hasValueSatisfying(
        usd -> assertThat(usd).isEqualByComparingTo(RoutedStubs.cost(12, 3)));
    assertThat(VectorNodeMetadata.attempts(chunks.get(0))).isEmpty();
    stubs.primary.takeRequest();
    JsonNode sent = RoutedStubs.parse(stubs.primary.takeRequest());
    assertThat(sent.get("stream").asBoolean()).isTrue();
  }

  @Test
  void chatClientStream_toolRoundTrip_executesTheToolAndStreamsTheAnswer() {
    stubs.primary.enqueue(StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"role\":\"assistant\",\"content\":null}", null),
        OpenAiStubs.toolCallChunk(0, "call_S1", "orderStatus", ""),
        OpenAiStubs.toolCallChunk(0, null, null, "{\"orderId\":"),
        OpenAiStubs.toolCallChunk(0, null, null, "\"A-17\"}"),
        OpenAiStubs.chunk("{}", "tool_calls"),
        OpenAiStubs.usageChunk(OpenAiStubs.usage(82, 17, 0, 0)),
        OpenAiStubs.done())));
    stubs.primary.enqueue(OpenAiStubs.stream("It ", "shipped."));
    OrderTools tools = new OrderTools();

    List<String> content = ChatClient.create(model()).prompt().user("Where is A-17?")
        .tools(tools).stream().content().collectList().block(WAIT);

    assertThat(String.join("", content)).isEqualTo("It shipped.");
    assertThat(tools.asked).containsExactly("A-17");
    stubs.primary.takeRequest();
    JsonNode second = RoutedStubs.parse(stubs.primary.takeRequest());
    assertThat(second.at("/messages/1/tool_calls/0/id").asText()).isEqualTo("call_S1");
    assertThat(second.at("/messages/2/tool_call_id").asText()).isEqualTo("call_S1");
    assertThat(second.at("/messages/2/content").asText()).contains("shipped");
  }

  @Test
  void cancellingTheSubscription_closesTheHttpStream() {
    stubs.primary.enqueue(OpenAiStubs.stream("Hel", "lo", " there").keepAliveAfterEvents(2));

    ChatResponse first = model().stream(new Prompt("Say hello")).take(1).blockLast(WAIT);

    assertThat(first.getResult().getOutput().getText()).isEqualTo("Hel");
    assertThat(stubs.primary.awaitClientDisconnect(WAIT)).isTrue();
  }

  @Test
  void aFailureBeforeTheFirstToken_isSignalledAsVectorNodesException_withoutTheKey() {
    stubs.primary.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: " + RoutedStubs.CANARY + ". Find your key at ..."));
    VectorNodeChatModel model =
        VectorNodeChatModel.builder().client(stubs.client).model("main").build();

    Throwable t = catchThrowable(() -> model.stream(new Prompt("hi")).blockLast(WAIT));

    assertThat(t).isInstanceOf(AuthenticationException.class);
    assertThat(((AuthenticationException) t).status()).isEqualTo(401);
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertThat(c.toString()).doesNotContain(RoutedStubs.CANARY);
    }
    assertThat(stubs.primary.requestCount()).isEqualTo(1);
    assertThat(model.toString()).doesNotContain(RoutedStubs.CANARY);
    assertThat(model.getOptions().toString()).doesNotContain(RoutedStubs.CANARY);
  }
}
