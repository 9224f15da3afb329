package io.vectornode.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.StubReply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * VectorNode as a LangChain4j {@code StreamingChatModel}: an AI Service's {@code TokenStream},
 * and the model's own handler API for cancellation and errors. Waits are bounded waits for an
 * event (a future, a latch, the stub seeing the client hang up), never sleeps.
 */
class StreamingTest {
  interface StreamingAssistant {
    TokenStream chat(String message);
  }

  static final class OrderTools {
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Tool("Looks up the shipping status of an order")
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

  private static ChatResponse await(CompletableFuture<ChatResponse> done) throws Exception {
    return done.get(10, TimeUnit.SECONDS);
  }

  @Test
  void tokenStream_retriesBeforeTheFirstToken_thenStreamsDeltas_andCompletesWithCost()
      throws Exception {
    stubs.primary.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    stubs.primary.enqueue(OpenAiStubs.stream("Reset ", "it ", "in settings."));
    VectorNodeChatModel model =
        VectorNodeChatModel.builder().client(stubs.client).task("support").build();
    StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
        .streamingChatModel(model).build();
    List<String> partials = new CopyOnWriteArrayList<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    assistant.chat("How do I reset my password?")
        .onPartialResponse(partials::add)
        .onCompleteResponse(done::complete)
        .onError(done::completeExceptionally)
        .start();
    ChatResponse response = await(done);

    assertThat(partials).containsExactly("Reset ", "it ", "in settings.");
    assertThat(response.aiMessage().text()).isEqualTo("Reset it in settings.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(12);
    assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(3);
    VectorNodeChatResponseMetadata vn = VectorNodeChatResponseMetadata.of(response).orElseThrow();
    assertThat(vn.attempts()).isEqualTo(2);
    assertThat(vn.provider()).isEqualTo("primary");
    assertThat(vn.costUsd()).hasValueSatisfying(
        usd -> assertThat(usd).isEqualByComparingTo(RoutedStubs.cost(12, 3)));
    stubs.primary.takeRequest(); // the 503
    JsonNode sent = RoutedStubs.parse(stubs.primary.takeRequest());
    assertThat(sent.get("stream").asBoolean()).isTrue();
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("How do I reset my password?");
  }

  @Test
  void tokenStream_toolCallRoundTrip_partialToolCallsThenTheAnswer() throws Exception {
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
    StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
        .streamingChatModel(VectorNodeChatModel.builder().client(stubs.client).task("support")
            .build())
        .tools(tools).build();
    List<PartialToolCall> partialCalls = new CopyOnWriteArrayList<>();
    List<String> partials = new CopyOnWriteArrayList<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    assistant.chat("Where is A-17?")
        .onPartialToolCall(partialCalls::add)
        .onPartialResponse(partials::add)
        .onCompleteResponse(done::complete)
        .onError(done::completeExceptionally)
        .start();
    ChatResponse response = await(done);

    assertThat(partialCalls).extracting(PartialToolCall::partialArguments)
        .containsExactly("{\"orderId\":", "\"A-17\"}");
    assertThat(partialCalls).allSatisfy(p -> {
      assertThat(p.index()).isZero();
      assertThat(p.id()).isEqualTo("call_S1");
      assertThat(p.name()).isEqualTo("orderStatus");
    });
    assertThat(tools.asked).containsExactly("A-17");
    assertThat(partials).containsExactly("It ", "shipped.");
    assertThat(response.aiMessage().text()).isEqualTo("It shipped.");
    stubs.primary.takeRequest();
    JsonNode second = RoutedStubs.parse(stubs.primary.takeRequest());
    assertThat(second.at("/messages/1/tool_calls/0/id").asText()).isEqualTo("call_S1");
    assertThat(second.at("/messages/2/role").asText()).isEqualTo("tool");
    assertThat(second.at("/messages/2/content").asText()).isEqualTo("shipped");
  }

  @Test
  void cancelFromAPartialCallback_closesTheHttpStream_andNothingIsReportedAfterIt()
      throws Exception {
    stubs.primary.enqueue(OpenAiStubs.stream("Hel", "lo", " there").keepAliveAfterEvents(2));
    CountDownLatch runEnded = new CountDownLatch(1);
    Executor tracked = r -> new Thread(() -> {
      try {
        r.run();
      } finally {
        runEnded.countDown();
      }
    }).start();
    VectorNodeChatModel model = VectorNodeChatModel.builder().client(stubs.client)
        .model("main").executor(tracked).build();
    List<String> heard = new CopyOnWriteArrayList<>();

    model.chat(ChatRequest.builder().messages(UserMessage.from("Say hello")).build(),
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(PartialResponse partial, PartialResponseContext ctx) {
            heard.add("partial:" + partial.text());
            ctx.streamingHandle().cancel();
            heard.add("cancelled:" + ctx.streamingHandle().isCancelled());
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            heard.add("complete");
          }

          @Override
          public void onError(Throwable error) {
            heard.add("error:" + error);
          }
        });

    assertThat(stubs.primary.awaitClientDisconnect(Duration.ofSeconds(10))).isTrue();
    assertThat(runEnded.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(heard).containsExactly("partial:Hel", "cancelled:true");
  }

  @Test
  void failureBeforeTheFirstToken_reachesOnError_asLangChain4jsType_withoutTheKey()
      throws Exception {
    stubs.primary.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: " + RoutedStubs.CANARY + ". Find your key at ..."));
    VectorNodeChatModel model =
        VectorNodeChatModel.builder().client(stubs.client).model("main").build();
    CompletableFuture<Throwable> failed = new CompletableFuture<>();

    model.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(),
        new StreamingChatResponseHandler() {
          @Override
          public void onCompleteResponse(ChatResponse response) {
            failed.completeExceptionally(new AssertionError("completed: " + response));
          }

          @Override
          public void onError(Throwable error) {
            failed.complete(error);
          }
        });
    Throwable error = failed.get(10, TimeUnit.SECONDS);

    assertThat(error).isInstanceOf(AuthenticationException.class)
        .hasCauseInstanceOf(io.vectornode.error.AuthenticationException.class);
    assertThat(((io.vectornode.error.AuthenticationException) error.getCause()).status())
        .isEqualTo(401);
    for (Throwable t = error; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(RoutedStubs.CANARY);
      assertThat(t.toString()).doesNotContain(RoutedStubs.CANARY);
    }
    assertThat(stubs.primary.requestCount()).isEqualTo(1);
    assertThat(model.toString()).doesNotContain(RoutedStubs.CANARY);
    assertThat(stubs.client.toString()).doesNotContain(RoutedStubs.CANARY);
  }
}
