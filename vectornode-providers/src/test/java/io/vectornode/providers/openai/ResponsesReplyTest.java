package io.vectornode.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.testing.ResponsesStubs;
import io.vectornode.testing.StubReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Non-streaming Responses answers: what is read, and replies that lie. */
class ResponsesReplyTest extends OpenAiTestSupport {
  private static final String USAGE = ResponsesStubs.usage(10, 0, 5, 0);

  @BeforeEach
  void responsesMode() {
    client.close();
    client = client(b -> b.option("api", "responses"));
  }

  private Throwable failure(StubReply reply) {
    server.enqueue(reply);
    return catchThrowable(() -> client.chat(ChatRequest.builder().model("gpt-5").user("x")
        .build()));
  }

  private static StubReply body(String status, String error, List<String> items) {
    return StubReply.json(200, ResponsesStubs.response(status, null, error, items, USAGE));
  }

  @Test
  void itemsKeepTheirOrder_andHostedToolItemsAreSkipped() throws Exception {
    server.enqueue(StubReply.json(200, ResponsesStubs.response("completed", null, null, List.of(
        "{\"id\":\"ws_1\",\"type\":\"web_search_call\",\"status\":\"completed\"}",
        ResponsesStubs.reasoning("rs_1", "Think.", "gAAAA1"),
        ResponsesStubs.message("msg_1", "Part one. "),
        ResponsesStubs.message("msg_2", "Part two.")), USAGE)));
    ChatResponse r = client.chatAsync(ChatRequest.builder().model("gpt-5").user("x").build())
        .get(10, TimeUnit.SECONDS);
    assertThat(r.message().content()).containsExactly(
        new ContentPart.Reasoning("Think.", "gAAAA1", false, "rs_1"),
        new ContentPart.Text("Part one. Part two."));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(server.takeRequest().path()).isEqualTo("/v1/responses");
  }

  @Test
  void failedStatusInA200_isATypedError() {
    Throwable t = failure(body("failed",
        "{\"code\":\"server_error\",\"message\":\"The model failed to generate a response.\"}",
        List.of()));
    assertThat(t).isInstanceOf(ServiceUnavailableException.class);
    assertThat(((ServiceUnavailableException) t).retryable()).isTrue();
  }

  @Test
  void unfinishedResponse_isNotASuccess() {
    assertThat(failure(body("in_progress", null, List.of())))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("in_progress");
  }

  @Test
  void functionCallWithoutCallId_cannotBePaired_soFails() {
    String item = "{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"completed\","
        + "\"arguments\":\"{}\",\"name\":\"f\"}";
    assertThat(failure(body("completed", null, List.of(item))))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("call_id");
  }

  @Test
  void duplicateItemIds_fail() {
    assertThat(failure(body("completed", null, List.of(ResponsesStubs.message("msg_1", "a"),
        ResponsesStubs.message("msg_1", "b")))))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("share the id");
  }

  @Test
  void tooManyItems_fail() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i <= 1024; i++) {
      items.add(ResponsesStubs.message("msg_" + i, "a"));
    }
    assertThat(failure(body("completed", null, items)))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("1024");
  }

  @Test
  void missingOutput_andNegativeUsage_fail() {
    assertThat(failure(StubReply.json(200, "{\"id\":\"resp_1\",\"status\":\"completed\"}")))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("no output");
    assertThat(failure(StubReply.json(200, ResponsesStubs.response("completed", null, null,
        List.of(ResponsesStubs.message("msg_1", "a")), ResponsesStubs.usage(3, 0, -1, 0)))))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("negative");
  }
}
