package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.Cost;
import io.vectornode.Message;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.RoutingException;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.usage.LedgerRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** One logical call of several model turns ({@link VectorNodeClient#chat(ChatRequest, Turns)}). */
class MultiTurnTest extends RouterTestSupport {
  private static final ContentPart.ToolCall WEATHER =
      new ContentPart.ToolCall("call_1", "weather", "{\"city\":\"Paris\"}");
  private ProviderStubServer s;

  private VectorNodeClient client() {
    return client(builder());
  }

  private VectorNodeClient client(VectorNode.Builder b) {
    s = server();
    return (VectorNodeClient) build(b.provider(openai("p", s)).model("m", "p", "gpt-4o-mini"));
  }

  private static ChatRequest first() {
    return ChatRequest.builder().model("m").user("weather in Paris?").build();
  }

  /** Appends the answer and a result per tool call while the model calls tools. */
  private static Turns tools(List<ChatResponse> seen) {
    return previous -> {
      seen.add(previous);
      if (previous.toolCalls().isEmpty()) {
        return null;
      }
      ChatRequest.Builder next = first().toBuilder().message(previous.message());
      for (ContentPart.ToolCall c : previous.toolCalls()) {
        next.message(Message.toolResult(c.id(), "sunny"));
      }
      return next.build();
    };
  }

  private static BigDecimal usd(Cost c) {
    return c.usd().orElseThrow();
  }

  @Test
  void chat_threeTurnsWithARetry_oneCallEveryAttemptNumberedAndTotals() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.toolCalls(WEATHER));
    s.enqueue(OpenAiStubs.error(503, "server_error", null, "The server is overloaded"));
    s.enqueue(OpenAiStubs.toolCalls(WEATHER));
    s.enqueue(OpenAiStubs.chat("It is sunny in Paris."));
    List<ChatResponse> seen = new ArrayList<>();

    ChatResponse r = c.chat(first(), tools(seen));

    assertThat(r.text()).isEqualTo("It is sunny in Paris.");
    assertThat(s.requestCount()).isEqualTo(4);
    assertThat(seen).extracting(ChatResponse::attempts).containsExactly(1, 2, 1);
    assertThat(r.attempts()).isEqualTo(4);
    Usage sum = seen.get(0).usage().plus(seen.get(1).usage()).plus(seen.get(2).usage());
    assertThat(r.usage()).isEqualTo(sum);
    BigDecimal cost = usd(seen.get(0).cost()).add(usd(seen.get(1).cost()))
        .add(usd(seen.get(2).cost()));
    assertThat(usd(r.cost())).isEqualByComparingTo(cost).isPositive();

    assertThat(listener.starts()).hasSize(1);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.attempts()).extracting(AttemptEvent::attempt).containsExactly(1, 2, 3, 4);
    assertThat(end.attempts()).extracting(AttemptEvent::outcome).containsExactly(
        CallOutcome.SUCCESS, CallOutcome.FAILURE, CallOutcome.SUCCESS, CallOutcome.SUCCESS);
    assertThat(end.attempts()).extracting(AttemptEvent::requestId).containsOnly(end.requestId());
    assertThat(usd(end.cost())).isEqualByComparingTo(cost);
    assertThat(end.response().attempts()).isEqualTo(4);
    assertThat(usd(end.response().cost())).isEqualByComparingTo(cost);
    // The ledger: one record holding every turn's attempts.
    LedgerRecord line = LedgerRecord.parse(LedgerRecord.of(end, time.clock().instant()).toJson())
        .orElseThrow();
    assertThat(line.attempts()).hasSize(4);
    assertThat(line.requestId()).isEqualTo(end.requestId());
  }

  @Test
  void chat_eachTurnSendsItsOwnRequest() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.toolCalls(WEATHER));
    s.enqueue(OpenAiStubs.chat("sunny"));
    c.chat(first(), tools(new ArrayList<>()));
    assertThat(s.takeRequest().body()).doesNotContain("tool_call_id");
    assertThat(s.takeRequest().body()).contains("\"tool_call_id\":\"call_1\"")
        .contains("\"content\":\"sunny\"");
  }

  @Test
  void chat_turnsEndAtOnce_isASingleCall() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.chat("hi"));
    ChatResponse r = c.chat(first(), previous -> null);
    assertThat(r.text()).isEqualTo("hi");
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(listener.singleEnd().attempts()).hasSize(1);
    assertThat(usd(r.cost())).isEqualByComparingTo(usd(listener.singleEnd().cost()));
  }

  @Test
  void chat_aTurnFails_theCallEndsOnceAsAFailureWithEveryAttempt() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.toolCalls(WEATHER));
    s.enqueue(OpenAiStubs.error(400, "invalid_request_error", null, "bad tool result"));
    Throwable t = catchThrowable(() -> c.chat(first(), tools(new ArrayList<>())));
    assertThat(t).isInstanceOf(io.vectornode.error.InvalidRequestException.class);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(end.attempts()).extracting(AttemptEvent::attempt).containsExactly(1, 2);
    assertThat(listener.starts()).hasSize(1);
  }

  @Test
  void chat_turnsThrows_theCallFailsWithThatException() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.toolCalls(WEATHER));
    IllegalStateException boom = new IllegalStateException("tool crashed");
    Throwable t = catchThrowable(() -> c.chat(first(), previous -> {
      throw boom;
    }));
    assertThat(t).isSameAs(boom);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(end.error()).isSameAs(boom);
    assertThat(end.attempts()).hasSize(1);
  }

  @Test
  void chat_timeoutCoversEveryTurn() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.toolCalls(WEATHER));
    s.enqueue(OpenAiStubs.chat("never sent"));
    ChatRequest r = first().toBuilder().timeout(Duration.ofSeconds(10)).build();
    Throwable t = catchThrowable(() -> c.chat(r, previous -> {
      time.advance(Duration.ofSeconds(11)); // a slow tool
      return r.toBuilder().message(previous.message())
          .message(Message.toolResult("call_1", "sunny")).build();
    }));
    assertThat(t).isInstanceOf(RoutingException.class).hasMessageContaining("deadline");
    assertThat(s.requestCount()).isEqualTo(1);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  @Test
  void chat_isNotCached() {
    VectorNodeClient c = client(builder().responseCache(ResponseCache.builder().routes("m")
        .build()));
    s.enqueue(OpenAiStubs.chat("one"));
    s.enqueue(OpenAiStubs.chat("two"));
    ChatRequest r = first().toBuilder().temperature(0.0).build();
    assertThat(c.chat(r, previous -> null).text()).isEqualTo("one");
    assertThat(c.chat(r, previous -> null).text()).isEqualTo("two");
    assertThat(listener.ends()).noneMatch(CallEndEvent::cacheHit);
  }

  @Test
  void chat_closedClient_isCancelled() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.toolCalls(WEATHER));
    Throwable t = catchThrowable(() -> c.chat(first(), previous -> {
      c.close(); // closed while a tool runs: no further turn
      return first();
    }));
    assertThat(t).isInstanceOf(CancellationException.class);
    assertThat(s.requestCount()).isEqualTo(1);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.CANCELLED);
  }

  @Test
  void stream_twoTurns_deliversEveryTurnsTextAndEndsOnce() {
    VectorNodeClient c = client();
    s.enqueue(io.vectornode.testing.StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"role\":\"assistant\",\"content\":\"Let me check. \"}", null),
        OpenAiStubs.toolCallChunk(0, "call_1", "weather", "{\"city\":"),
        OpenAiStubs.toolCallChunk(0, null, null, "\"Paris\"}"),
        OpenAiStubs.chunk("{}", "tool_calls"),
        OpenAiStubs.usageChunk(OpenAiStubs.usage(50, 20, 0, 0)),
        OpenAiStubs.done())));
    s.enqueue(OpenAiStubs.stream("It is ", "sunny."));
    List<ChatResponse> seen = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    List<Usage> usages = new ArrayList<>();
    List<ChatResponse> completed = new ArrayList<>();
    try (ChatStream st = c.stream(first(), tools(seen))) {
      for (StreamEvent e : st) {
        if (e instanceof StreamEvent.TextDelta d) {
          text.append(d.text());
        } else if (e instanceof StreamEvent.UsageUpdate u) {
          usages.add(u.usage());
        } else if (e instanceof StreamEvent.Completed done) {
          completed.add(done.response());
        }
      }
    }
    assertThat(text.toString()).isEqualTo("Let me check. It is sunny.");
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).toolCalls()).containsExactly(WEATHER);
    assertThat(completed).hasSize(1);
    ChatResponse r = completed.get(0);
    assertThat(r.text()).isEqualTo("It is sunny.");
    assertThat(r.usage()).isEqualTo(Usage.of(50, 20).plus(Usage.of(12, 2)));
    assertThat(usages).last().isEqualTo(r.usage());
    assertThat(r.attempts()).isEqualTo(2);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.attempts()).extracting(AttemptEvent::attempt).containsExactly(1, 2);
    assertThat(usd(end.cost())).isEqualByComparingTo(usd(r.cost())).isPositive();
    assertThat(listener.starts()).singleElement().satisfies(st -> assertThat(st.streaming())
        .isTrue());
    assertThat(s.takeRequest().body()).doesNotContain("tool_call_id");
    assertThat(s.takeRequest().body()).contains("\"tool_call_id\":\"call_1\"");
  }

  @Test
  void stream_closedBetweenTurns_endsCancelledOnceAndSendsNoMoreTurns() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.stream("first turn"));
    ChatStream[] holder = new ChatStream[1];
    ChatStream st = c.stream(first(), previous -> {
      holder[0].close();
      return first();
    });
    holder[0] = st;
    List<StreamEvent> events = new ArrayList<>();
    st.forEach(events::add);
    assertThat(events).noneMatch(e -> e instanceof StreamEvent.Completed);
    assertThat(s.requestCount()).isEqualTo(1);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.CANCELLED);
    assertThat(end.attempts()).hasSize(1);
  }

  @Test
  void stream_secondTurnFailsBeforeItsFirstToken_isRetried() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.stream("one "));
    s.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    s.enqueue(OpenAiStubs.stream("two"));
    int[] turns = {0};
    ChatResponse r;
    try (ChatStream st = c.stream(first(), previous -> ++turns[0] < 2 ? first() : null)) {
      r = st.response();
    }
    assertThat(r.text()).isEqualTo("two");
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(listener.singleEnd().attempts()).extracting(AttemptEvent::outcome)
        .containsExactly(CallOutcome.SUCCESS, CallOutcome.FAILURE, CallOutcome.SUCCESS);
  }
  @Test
  void chat_aLaterTurnsFirstAttempt_isFirstNotFallback() {
    List<io.vectornode.AttemptStartEvent.Kind> kinds =
        java.util.Collections.synchronizedList(new ArrayList<>());
    VectorNodeClient c = client(builder().listener(new io.vectornode.ModelCallListener() {
      @Override
      public java.util.Map<String, String> onAttemptStart(io.vectornode.AttemptStartEvent e) {
        kinds.add(e.kind());
        return java.util.Map.of();
      }
    }));
    s.enqueue(OpenAiStubs.toolCalls(WEATHER));
    s.enqueue(OpenAiStubs.error(503, "server_error", null, "The server is overloaded"));
    s.enqueue(OpenAiStubs.chat("It is sunny in Paris."));
    c.chat(first(), tools(new ArrayList<>()));
    // Turn 2's first attempt is a first attempt of that turn, its second a retry: no deployment
    // failed over.
    assertThat(kinds).containsExactly(io.vectornode.AttemptStartEvent.Kind.FIRST,
        io.vectornode.AttemptStartEvent.Kind.FIRST, io.vectornode.AttemptStartEvent.Kind.RETRY);
  }

  @Test
  void chat_turnsThrowsAnError_theCallStillEndsOnce() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.toolCalls(WEATHER));
    AssertionError boom = new AssertionError("a tool's assertion");
    Throwable t = catchThrowable(() -> c.chat(first(), previous -> {
      throw boom;
    }));
    assertThat(t).isSameAs(boom);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(end.error()).isSameAs(boom);
  }

  @Test
  void stream_turnsThrowsAnError_theCallStillEndsOnce() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.stream("first turn"));
    AssertionError boom = new AssertionError("a tool's assertion");
    ChatStream st = c.stream(first(), previous -> {
      throw boom;
    });
    Throwable t = catchThrowable(() -> st.forEach(e -> { }));
    assertThat(t).isSameAs(boom);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(end.error()).isSameAs(boom);
  }
  @Test
  void stream_closedWhileTheLastTurnsAnswerIsChecked_deliversNoCompleted() {
    VectorNodeClient c = client();
    s.enqueue(OpenAiStubs.stream("the answer"));
    ChatStream[] holder = new ChatStream[1];
    ChatStream st = c.stream(first(), previous -> {
      holder[0].close(); // closed (from anywhere) while Turns looks at the answer
      return null;
    });
    holder[0] = st;
    List<StreamEvent> events = new ArrayList<>();
    st.forEach(events::add);
    // The call ended CANCELLED: the caller must not also get a successful Completed.
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.CANCELLED);
    assertThat(events).noneMatch(e -> e instanceof StreamEvent.Completed);
  }
}
