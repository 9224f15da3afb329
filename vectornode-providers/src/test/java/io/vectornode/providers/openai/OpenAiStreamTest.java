package io.vectornode.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.TransportException;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.StubReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiStreamTest extends OpenAiTestSupport {
  private static final ChatRequest REQUEST =
      ChatRequest.builder().model("gpt-4o-mini").user("Say hello").build();

  private static List<StreamEvent> drain(ChatStream stream) {
    List<StreamEvent> events = new ArrayList<>();
    try (stream) {
      stream.forEach(events::add);
    }
    return events;
  }

  private static String text(List<StreamEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (StreamEvent e : events) {
      if (e instanceof StreamEvent.TextDelta d) {
        sb.append(d.text());
      }
    }
    return sb.toString();
  }

  private static ChatResponse completed(List<StreamEvent> events) {
    assertThat(events).last().isInstanceOf(StreamEvent.Completed.class);
    return ((StreamEvent.Completed) events.get(events.size() - 1)).response();
  }

  @Test
  void stream_textDeltas_yieldDeltasUsageAndCompleted() {
    server.enqueue(OpenAiStubs.stream("Hel", "lo", " world"));

    List<StreamEvent> events = drain(client.stream(REQUEST));

    assertThat(events).hasSize(5);
    assertThat(events.subList(0, 3)).containsExactly(
        new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"),
        new StreamEvent.TextDelta(" world"));
    assertThat(events.get(3)).isEqualTo(new StreamEvent.UsageUpdate(Usage.of(12, 3)));
    ChatResponse r = completed(events);
    assertThat(r.text()).isEqualTo("Hello world");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage()).isEqualTo(Usage.of(12, 3));
    assertThat(r.model()).isEqualTo(OpenAiStubs.MODEL);
    assertThat(r.timeToFirstToken()).isLessThanOrEqualTo(r.latency());

    RecordedCall call = server.takeRequest();
    assertThat(call.header("Accept")).contains("text/event-stream");
    JsonNode body = json(call);
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();

    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.usage()).isEqualTo(Usage.of(12, 3));
    assertThat(end.timeToFirstToken()).isNotNull();
    assertThat(listener.starts().get(0).streaming()).isTrue();
  }

  @Test
  void stream_toolCallFragmentsOfTwoCallsInterleaved_areAssembledByIndex() {
    server.enqueue(StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"role\":\"assistant\",\"content\":null}", null),
        OpenAiStubs.toolCallChunk(0, "call_paris", "get_weather", ""),
        OpenAiStubs.toolCallChunk(1, "call_rome", "get_weather", ""),
        OpenAiStubs.toolCallChunk(0, null, null, "{\"ci"),
        OpenAiStubs.toolCallChunk(1, null, null, "{\"city\":"),
        OpenAiStubs.toolCallChunk(0, null, null, "ty\":\"Par"),
        OpenAiStubs.toolCallChunk(1, null, null, "\"Rome\"}"),
        OpenAiStubs.toolCallChunk(0, null, null, "is\"}"),
        OpenAiStubs.chunk("{}", "tool_calls"),
        OpenAiStubs.usageChunk(OpenAiStubs.usage(80, 40, 0, 0)),
        OpenAiStubs.done())));

    List<StreamEvent> events = drain(client.stream(REQUEST));

    assertThat(events.get(0)).isEqualTo(
        new StreamEvent.ToolCallDelta(0, "call_paris", "get_weather", ""));
    assertThat(events.get(1)).isEqualTo(
        new StreamEvent.ToolCallDelta(1, "call_rome", "get_weather", ""));
    assertThat(events.get(2)).isEqualTo(new StreamEvent.ToolCallDelta(0, null, null, "{\"ci"));
    ChatResponse r = completed(events);
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.toolCalls()).containsExactly(
        new ContentPart.ToolCall("call_paris", "get_weather", "{\"city\":\"Paris\"}"),
        new ContentPart.ToolCall("call_rome", "get_weather", "{\"city\":\"Rome\"}"));
  }

  @Test
  void stream_eventsSplitAcrossTcpReads_areReassembled() {
    server.enqueue(OpenAiStubs.stream("split ", "into ", "tiny ", "writes").chunkSize(3));
    ChatResponse r = completed(drain(client.stream(REQUEST)));
    assertThat(r.text()).isEqualTo("split into tiny writes");
    assertThat(r.usage().outputTokens()).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\n", "\r"})
  void stream_crlfAndCrLineEndings_areParsed(String ending) {
    server.enqueue(OpenAiStubs.stream("line", " endings").lineEnding(ending).chunkSize(7));
    assertThat(completed(drain(client.stream(REQUEST))).text()).isEqualTo("line endings");
  }

  @Test
  void stream_commentsAndKeepAlives_areIgnored() {
    server.enqueue(StubReply.sse(List.of(
        ": OPENROUTER PROCESSING",
        OpenAiStubs.chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
        ":",
        ": keep-alive",
        OpenAiStubs.chunk("{\"content\":\"still here\"}", null),
        "event: ping\n: comment inside an event\ndata: " + OpenAiStubs.chunk("{}", "stop")
            .substring("data: ".length()),
        OpenAiStubs.usageChunk(OpenAiStubs.usage(5, 2, 0, 0)),
        OpenAiStubs.done())));
    ChatResponse r = completed(drain(client.stream(REQUEST)));
    assertThat(r.text()).isEqualTo("still here");
    assertThat(r.usage()).isEqualTo(Usage.of(5, 2));
  }

  @Test
  void stream_eventLargerThan64Kb_isReadWhole() {
    String big = "x".repeat(200_000);
    server.enqueue(OpenAiStubs.stream("start ", big, " end").chunkSize(8192));
    List<StreamEvent> events = drain(client.stream(REQUEST));
    assertThat(events.get(1)).isEqualTo(new StreamEvent.TextDelta(big));
    assertThat(completed(events).text()).hasSize(200_010);
  }

  @Test
  void stream_cutAfterThreeEvents_failsWithTransportExceptionAndReportsFailure() {
    server.enqueue(OpenAiStubs.stream("one", "two", "three", "four", "five")
        .disconnectAfterEvents(3));
    List<StreamEvent> seen = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (ChatStream s = client.stream(REQUEST)) {
        s.forEach(seen::add);
      }
    }).isInstanceOfSatisfying(TransportException.class, e -> {
      assertThat(e.kind()).isEqualTo(TransportException.Kind.IO);
      assertThat(e.retryable()).isTrue();
      assertThat(e.requestSent()).isTrue();
    });
    assertThat(text(seen)).isEqualTo("onetwo");
    assertThat(seen).noneMatch(e -> e instanceof StreamEvent.Completed);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(listener.singleEnd().error()).isInstanceOf(TransportException.class);
  }

  @Test
  void stream_cleanEofWithoutDone_isAnErrorNotASuccess() {
    server.enqueue(StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"content\":\"partial\"}", null),
        OpenAiStubs.chunk("{}", "stop"))));
    assertThatThrownBy(() -> drain(client.stream(REQUEST)))
        .isInstanceOfSatisfying(TransportException.class, e ->
            assertThat(e.kind()).isEqualTo(TransportException.Kind.INCOMPLETE_STREAM))
        .hasMessageContaining("[DONE]");
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  @Test
  void stream_closedEarlyByCaller_cancelsHttpCallAndReportsCancelledOnce() {
    server.enqueue(OpenAiStubs.stream("first", "second", "third").keepAliveAfterEvents(2));
    ChatStream stream = client.stream(REQUEST);
    Iterator<StreamEvent> it = stream.iterator();
    assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("first"));

    stream.close();
    stream.close();

    assertThat(it.hasNext()).isFalse();
    assertThat(server.awaitClientDisconnect(Duration.ofSeconds(5))).isTrue();
    assertThat(listener.ends()).hasSize(1);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.CANCELLED);
  }

  @Test
  void stream_closedFromAnotherThreadWhileBlocked_endsIterationQuietly() throws Exception {
    server.enqueue(OpenAiStubs.stream("only").keepAliveAfterEvents(2));
    ChatStream stream = client.stream(REQUEST);
    Iterator<StreamEvent> it = stream.iterator();
    assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("only"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(it::hasNext, pool);
      stream.close();
      assertThat(blocked.get(5, TimeUnit.SECONDS)).isFalse();
    } finally {
      pool.shutdownNow();
    }
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.CANCELLED);
  }

  @Test
  void stream_errorEventAfter200_throwsTypedRetryableError() {
    server.enqueue(StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"content\":\"Hi\"}", null),
        "data: {\"error\":{\"message\":\"The server had an error while processing your request."
            + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}",
        OpenAiStubs.done())));
    assertThatThrownBy(() -> drain(client.stream(REQUEST)))
        .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.status()).isZero();
        })
        .hasMessageContaining("The server had an error");
  }

  @Test
  void stream_malformedJsonChunk_throwsResponseParseException() {
    server.enqueue(StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"content\":\"Hi\"}", null),
        "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"unterminated",
        OpenAiStubs.done())));
    assertThatThrownBy(() -> drain(client.stream(REQUEST)))
        .isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("malformed stream chunk");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "two objects in one event | {\"choices\":[]}{\"choices\":[]} | malformed stream chunk",
      "not JSON | hello there | malformed stream chunk",
      "an array | [1,2] | not a JSON object",
      "ends inside a choice | {\"choices\":[{\"delta\":{\"content\":\"x\"} | malformed stream chunk"})
  void stream_badChunkAfterGoodOnes_failsAndDeliversNothingFromIt(String name, String chunk,
      String message) {
    server.enqueue(StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"content\":\"Hi\"}", null),
        OpenAiStubs.chunk("{\"content\":\" there\"}", null),
        "data: " + chunk,
        OpenAiStubs.done())));
    List<StreamEvent> seen = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (ChatStream s = client.stream(REQUEST)) {
        s.forEach(seen::add);
      }
    }).isInstanceOf(ResponseParseException.class).hasMessageContaining(message);
    assertThat(seen).containsExactly(new StreamEvent.TextDelta("Hi"),
        new StreamEvent.TextDelta(" there"));
  }

  @Test
  void stream_chunksWithPaddingAndSplitLines_allParseWithOneReusedParser() {
    // Whitespace around a payload, a payload split over two data lines, and a large one:
    // each event is fed to the same parser, which must start clean every time.
    String big = "y".repeat(20_000);
    server.enqueue(StubReply.sse(List.of(
        "data:   {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}   ",
        "data: {\"choices\":[{\"index\":0,\ndata: \"delta\":{\"content\":\"b\"}}]}",
        OpenAiStubs.chunk("{\"content\":\"" + big + "\"}", null),
        OpenAiStubs.chunk("{\"content\":\"c\"}", "stop"),
        OpenAiStubs.done())));
    StringBuilder text = new StringBuilder();
    try (ChatStream s = client.stream(REQUEST)) {
      s.forEach(e -> {
        if (e instanceof StreamEvent.TextDelta d) {
          text.append(d.text());
        }
      });
    }
    assertThat(text.toString()).isEqualTo("ab" + big + "c");
  }

  @Test
  void stream_contentFilterFinish_throwsWithPartialText() {
    server.enqueue(StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"content\":\"Step one:\"}", null),
        OpenAiStubs.chunk("{}", "content_filter"),
        OpenAiStubs.usageChunk(OpenAiStubs.usage(20, 3, 0, 0)),
        OpenAiStubs.done())));
    List<StreamEvent> seen = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (ChatStream s = client.stream(REQUEST)) {
        s.forEach(seen::add);
      }
    }).isInstanceOfSatisfying(ContentFilteredException.class,
        e -> assertThat(e.partialText()).contains("Step one:"));
    assertThat(seen).contains(new StreamEvent.UsageUpdate(Usage.of(20, 3)));
    assertThat(listener.singleEnd().usage()).isEqualTo(Usage.of(20, 3));
  }

  @Test
  void stream_errorStatusBeforeStreaming_throwsFromStream() {
    server.enqueue(OpenAiStubs.rateLimited(Duration.ofMillis(1500)));
    assertThatThrownBy(() -> client.stream(REQUEST))
        .isInstanceOfSatisfying(RateLimitException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(1500)));
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  @Test
  void stream_silentServer_failsWithReadTimeout() {
    client = client(b -> b.readTimeout(Duration.ofMillis(300)));
    server.enqueue(OpenAiStubs.stream("a", "b").stallAfterEvents(2));
    List<StreamEvent> seen = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (ChatStream s = client.stream(REQUEST)) {
        s.forEach(seen::add);
      }
    }).isInstanceOfSatisfying(TransportException.class,
        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.TIMEOUT));
    assertThat(text(seen)).isEqualTo("a");
  }

  @Test
  void stream_reasoningContent_yieldsReasoningDeltasAndPart() {
    server.enqueue(StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"\"}",
            null),
        OpenAiStubs.chunk("{\"content\":null,\"reasoning_content\":\"Think.\"}", null),
        OpenAiStubs.chunk("{\"content\":\"Answer.\",\"reasoning_content\":null}", null),
        OpenAiStubs.chunk("{}", "stop"),
        OpenAiStubs.usageChunk(OpenAiStubs.usage(10, 20, 0, 12)),
        OpenAiStubs.done())));
    List<StreamEvent> events = drain(client.stream(REQUEST));
    assertThat(events.get(0)).isEqualTo(new StreamEvent.ReasoningDelta("Think."));
    ChatResponse r = completed(events);
    assertThat(r.message().content().get(0))
        .isEqualTo(new ContentPart.Reasoning("Think.", null, false));
    assertThat(r.text()).isEqualTo("Answer.");
    assertThat(r.usage().reasoningTokens()).isEqualTo(12);
  }

  @Test
  void publisher_honoursDemandAndCompletes() throws Exception {
    server.enqueue(OpenAiStubs.stream("a", "b", "c"));
    ChatStream stream = client.stream(REQUEST);
    List<StreamEvent> received = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      stream.publisher(pool).subscribe(new Flow.Subscriber<>() {
        Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
          subscription = s;
          s.request(1);
        }

        @Override
        public void onNext(StreamEvent item) {
          received.add(item);
          subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
          done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
          done.complete(null);
        }
      });
      done.get(5, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(text(received)).isEqualTo("abc");
    assertThat(received).last().isInstanceOf(StreamEvent.Completed.class);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
  }

  @Test
  void response_drainsTheStream() {
    server.enqueue(OpenAiStubs.stream("all", " at once"));
    try (ChatStream s = client.stream(REQUEST)) {
      assertThat(s.response().text()).isEqualTo("all at once");
      assertThatThrownBy(s::iterator).isInstanceOf(IllegalStateException.class);
    }
  }
}
