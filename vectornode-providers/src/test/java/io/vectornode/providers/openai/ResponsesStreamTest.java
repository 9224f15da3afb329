package io.vectornode.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.InvalidRequestException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.testing.ResponsesStubs;
import io.vectornode.testing.StubReply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Responses API streams: deltas, usage, the end events, failures and lies. */
class ResponsesStreamTest extends OpenAiTestSupport {
  private static final String ENC = "gAAAAABpPDIVfinalEncryptedReasoningBlob0123456789==";

  @BeforeEach
  void responsesMode() {
    client.close();
    client = client(b -> b.option("api", "responses"));
  }

  private List<StreamEvent> drain() {
    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream s = client.stream(ChatRequest.builder().model("gpt-5").user("x").build())) {
      s.forEach(events::add);
    }
    return events;
  }

  private Throwable failure(StubReply reply, List<StreamEvent> seen) {
    server.enqueue(reply);
    return catchThrowable(() -> {
      try (ChatStream s = client.stream(ChatRequest.builder().model("gpt-5").user("x")
          .build())) {
        s.forEach(seen::add);
      }
    });
  }

  private static ChatResponse completed(List<StreamEvent> events) {
    assertThat(events).last().isInstanceOf(StreamEvent.Completed.class);
    return ((StreamEvent.Completed) events.get(events.size() - 1)).response();
  }

  @Test
  void reasoningTextAndCallDeltas_assembleWithUsageAndTheEncryptedItem() {
    server.enqueue(ResponsesStubs.stream()
        .reasoning("rs_1", ENC, "**Plan**", " then act.")
        .message("msg_1", "Let me ", "check.")
        .functionCall("fc_1", "call_1", "get_weather", "{\"ci", "ty\":\"Pa", "ris\"}")
        .completed(ResponsesStubs.usage(640, 128, 46, 20)).build());

    List<StreamEvent> events = drain();

    assertThat(events).filteredOn(e -> e instanceof StreamEvent.ReasoningDelta)
        .extracting(e -> ((StreamEvent.ReasoningDelta) e).text())
        .containsExactly("**Plan**", " then act.");
    assertThat(events).filteredOn(e -> e instanceof StreamEvent.TextDelta)
        .extracting(e -> ((StreamEvent.TextDelta) e).text()).containsExactly("Let me ", "check.");
    assertThat(events).filteredOn(e -> e instanceof StreamEvent.ToolCallDelta)
        .extracting(e -> ((StreamEvent.ToolCallDelta) e).argumentsDelta())
        .containsExactly("", "{\"ci", "ty\":\"Pa", "ris\"}");
    StreamEvent.ToolCallDelta start = (StreamEvent.ToolCallDelta) events.stream()
        .filter(e -> e instanceof StreamEvent.ToolCallDelta).findFirst().orElseThrow();
    assertThat(start.id()).isEqualTo("call_1");
    assertThat(start.name()).isEqualTo("get_weather");
    Usage usage = new Usage(640, 46, 128, 0, 20);
    assertThat(events).contains(new StreamEvent.UsageUpdate(usage));

    ChatResponse r = completed(events);
    assertThat(r.id()).isEqualTo(ResponsesStubs.ID);
    assertThat(r.model()).isEqualTo(ResponsesStubs.MODEL);
    assertThat(r.usage()).isEqualTo(usage);
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.message().content()).containsExactly(
        new ContentPart.Reasoning("**Plan** then act.", ENC, false, "rs_1"),
        new ContentPart.Text("Let me check."),
        new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(json(server.takeRequest()).get("stream").asBoolean()).isTrue();
  }

  @Test
  void incomplete_endsWithLength() {
    server.enqueue(ResponsesStubs.stream().message("msg_1", "Once upon")
        .incomplete("max_output_tokens", ResponsesStubs.usage(10, 0, 16, 0)).build());
    ChatResponse r = completed(drain());
    assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(r.text()).isEqualTo("Once upon");
    assertThat(r.usage().outputTokens()).isEqualTo(16);
  }

  @Test
  void incompleteForContentFilter_isAContentFilteredError() {
    List<StreamEvent> seen = new ArrayList<>();
    Throwable t = failure(ResponsesStubs.stream().message("msg_1", "Part")
        .incomplete("content_filter", ResponsesStubs.usage(10, 0, 2, 0)).build(), seen);
    assertThat(t).isInstanceOf(ContentFilteredException.class);
    assertThat(((ContentFilteredException) t).partialText()).contains("Part");
  }

  @Test
  void responseFailed_beforeContent_isATypedRetryableError() {
    List<StreamEvent> seen = new ArrayList<>();
    Throwable t = failure(ResponsesStubs.stream()
        .failed("rate_limit_exceeded", "Request too large for gpt-4o-mini on tokens per min")
        .build(), seen);
    assertThat(t).isInstanceOf(RateLimitException.class);
    assertThat(((RateLimitException) t).retryable()).isTrue();
    assertThat(((RateLimitException) t).quotaExceeded()).isFalse();
    assertThat(t.getMessage()).contains("tokens per min");

    Throwable server = failure(ResponsesStubs.stream().message("msg_1", "Hal")
        .failed("server_error", "The model failed to generate a response.").build(), seen);
    assertThat(server).isInstanceOf(ServiceUnavailableException.class);
    assertThat(((VectorNodeException) server).retryable()).isTrue();
  }

  @Test
  void errorEvent_asTheLiveApiSendsIt_isMapped() {
    List<StreamEvent> seen = new ArrayList<>();
    Throwable quota = failure(ResponsesStubs.stream()
        .error("insufficient_quota", "You exceeded your current quota.")
        .failed("insufficient_quota", "You exceeded your current quota.").build(), seen);
    assertThat(quota).isInstanceOf(RateLimitException.class);
    assertThat(((RateLimitException) quota).quotaExceeded()).isTrue();
    assertThat(((RateLimitException) quota).retryable()).isFalse();

    // the documented flat shape: code and message on the event itself
    Throwable flat = failure(ResponsesStubs.stream().event("error",
        "\"code\":\"invalid_prompt\",\"message\":\"Invalid prompt.\",\"param\":null").build(),
        seen);
    assertThat(flat).isInstanceOf(InvalidRequestException.class);
    assertThat(((VectorNodeException) flat).retryable()).isFalse();
  }

  @Test
  void endWithoutCompleted_isAnIncompleteStream() {
    List<StreamEvent> seen = new ArrayList<>();
    ResponsesStubs.Stream s = ResponsesStubs.stream().message("msg_1", "a", "b");
    Throwable t = failure(s.build(), seen);
    assertThat(t).isInstanceOf(TransportException.class)
        .hasMessageContaining("without response.completed");
    assertThat(seen).noneMatch(e -> e instanceof StreamEvent.Completed);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  @Test
  void deltaForAnUnknownItem_isATypedError() {
    List<StreamEvent> seen = new ArrayList<>();
    Throwable t = failure(ResponsesStubs.stream().event("response.function_call_arguments.delta",
        "\"item_id\":\"fc_ghost\",\"output_index\":0,\"delta\":\"{}\"")
        .completed(ResponsesStubs.usage(1, 0, 1, 0)).build(), seen);
    assertThat(t).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("never added");
  }

  @Test
  void duplicateItemIds_areATypedError() {
    List<StreamEvent> seen = new ArrayList<>();
    Throwable t = failure(ResponsesStubs.stream().message("msg_1", "a").message("msg_1", "b")
        .completed(ResponsesStubs.usage(1, 0, 1, 0)).build(), seen);
    assertThat(t).isInstanceOf(ResponseParseException.class).hasMessageContaining("share the id");
  }

  @Test
  void negativeUsage_isATypedError() {
    List<StreamEvent> seen = new ArrayList<>();
    Throwable t = failure(ResponsesStubs.stream().message("msg_1", "a")
        .completed(ResponsesStubs.usage(-5, 0, 1, 0)).build(), seen);
    assertThat(t).isInstanceOf(ResponseParseException.class).hasMessageContaining("negative");

    Throwable cached = failure(ResponsesStubs.stream().message("msg_1", "a")
        .completed(ResponsesStubs.usage(5, 9, 1, 0)).build(), seen);
    assertThat(cached).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("more cached and cache-write tokens");
  }

  @Test
  void sequenceGoingBack_isATypedError() {
    StubReply reply = StubReply.sse(List.of(
        "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":3,"
            + "\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}",
        "event: response.in_progress\ndata: {\"type\":\"response.in_progress\","
            + "\"sequence_number\":2,\"response\":{\"id\":\"resp_1\",\"output\":[]}}"));
    Throwable t = failure(reply, new ArrayList<>());
    assertThat(t).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("sequence_number 2 after 3");
  }

  @Test
  void completedOnly_withTheWholeOutput_isRead() {
    // A server that sends no item events, only the final response.
    StubReply reply = StubReply.sse(List.of("event: response.completed\ndata: {\"type\":"
        + "\"response.completed\",\"sequence_number\":0,\"response\":"
        + ResponsesStubs.response("completed", null, null,
            List.of(ResponsesStubs.message("msg_9", "whole")),
            ResponsesStubs.usage(3, 0, 1, 0)) + "}"));
    server.enqueue(reply);
    assertThat(completed(drain()).text()).isEqualTo("whole");
  }

  @Test
  void canaryKey_echoedInStreamErrors_neverLeaks() {
    List<StreamEvent> seen = new ArrayList<>();
    Throwable failed = failure(ResponsesStubs.stream()
        .failed("server_error", "key " + KEY + " / Bearer " + KEY + " rejected").build(), seen);
    Throwable error = failure(ResponsesStubs.stream()
        .error("rate_limit_" + KEY, "slow down " + KEY).build(), seen);
    java.io.StringWriter sw = new java.io.StringWriter();
    failed.printStackTrace(new java.io.PrintWriter(sw));
    error.printStackTrace(new java.io.PrintWriter(sw));
    String all = sw + failed.toString() + error + listener.dump();
    assertThat(all).contains("[REDACTED]").doesNotContain(KEY)
        .doesNotContain(KEY.substring(0, 16));
  }

  @Test
  void cacheWriteTokens_areASubsetOfInput() {
    String usage = "{\"input_tokens\":2000,\"input_tokens_details\":{\"cached_tokens\":1024,"
        + "\"cache_write_tokens\":512},\"output_tokens\":30,\"output_tokens_details\":"
        + "{\"reasoning_tokens\":10},\"total_tokens\":2030}";
    server.enqueue(ResponsesStubs.stream().message("msg_1", "a").completed(usage).build());
    assertThat(completed(drain()).usage()).isEqualTo(new Usage(2000, 30, 1024, 512, 10));
  }

  @Test
  void argumentsReplacedByDoneEvents_countAgainstTheContentBound() {
    client.close();
    client = client(b -> b.option("api", "responses").maxResponseBytes(16 * 1024));
    ResponsesStubs.Stream s = ResponsesStubs.stream();
    String big = "{\"pad\":\"" + "x".repeat(3000) + "\"}";
    for (int i = 0; i < 4; i++) { // 4 x 3 KB kept, over the 4 KB a 16 KB bound allows
      s.event("response.output_item.added", "\"output_index\":" + i + ",\"item\":{\"id\":\"fc_"
          + i + "\",\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\","
          + "\"call_id\":\"call_" + i + "\",\"name\":\"f\"}");
      s.event("response.function_call_arguments.delta", "\"item_id\":\"fc_" + i
          + "\",\"output_index\":" + i + ",\"delta\":\"{}\"");
      s.event("response.function_call_arguments.done", "\"item_id\":\"fc_" + i
          + "\",\"output_index\":" + i + ",\"name\":\"f\",\"arguments\":"
          + com.fasterxml.jackson.databind.node.TextNode.valueOf(big) + "");
    }
    Throwable t = failure(s.completed(ResponsesStubs.usage(1, 0, 1, 0)).build(),
        new ArrayList<>());
    assertThat(t).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("maxResponseBytes");
  }

  @Test
  void completedEventCarryingAFailedResponse_isATypedErrorNotASilentSuccess() {
    // The end event's own response says it failed (or is not finished): the non-streaming read
    // refuses both, so the stream must too, rather than completing with STOP and partial text.
    StubReply failed = StubReply.sse(List.of("event: response.completed\ndata: {\"type\":"
        + "\"response.completed\",\"sequence_number\":0,\"response\":"
        + ResponsesStubs.response("failed", null,
            "{\"code\":\"server_error\",\"message\":\"The model crashed.\"}",
            List.of(ResponsesStubs.message("msg_9", "partial")), null) + "}"));
    List<StreamEvent> seen = new ArrayList<>();
    Throwable t = failure(failed, seen);
    assertThat(t).isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("The model crashed.");
    assertThat(seen).noneMatch(e -> e instanceof StreamEvent.Completed);

    StubReply unfinished = StubReply.sse(List.of("event: response.completed\ndata: {\"type\":"
        + "\"response.completed\",\"sequence_number\":0,\"response\":"
        + ResponsesStubs.response("in_progress", null, null,
            List.of(ResponsesStubs.message("msg_9", "partial")), null) + "}"));
    seen.clear();
    assertThat(failure(unfinished, seen)).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("in_progress");
    assertThat(seen).noneMatch(e -> e instanceof StreamEvent.Completed);
  }
}
