package io.vectornode.providers.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.error.ResponseParseException;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.HostileServer;
import io.vectornode.testing.HostileServer.Body;
import io.vectornode.testing.HostileServer.Reply;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.StubReply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replies that parse but lie: usage counts that are negative, fractional or overflow (item 11),
 * tool-call deltas that reuse an index or an id (item 12), and invalid UTF-8 (item 13). None may
 * become a silent success with a wrong total, a corrupted or dropped call, or replacement
 * characters.
 */
class WrongShapesTest extends HostileSupport {

  private void reply(StubReply stub) {
    Reply r = Reply.status(stub.status());
    if (!stub.events().isEmpty()) {
      r.header("Content-Type", "text/event-stream");
      r.body(String.join("\n\n", stub.events()) + "\n\n");
    } else {
      r.header("Content-Type", "application/json");
      r.body(stub.body());
    }
    server.enqueue(r);
  }

  /** A whole response whose usage object holds one lying count. */
  private static String body(Targets.Target t, String field, String value) {
    return switch (t.type()) {
      case "openai" -> "{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
          + "\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{"
          + "\"prompt_tokens\":3,\"completion_tokens\":2,\"" + field + "\":" + value + "}}";
      case "anthropic" -> "{\"id\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
          + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,\"output_tokens\":2,\""
          + field + "\":" + value + "}}";
      default -> "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":"
          + "\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2,\""
          + field + "\":" + value + "}}";
    };
  }

  /** A whole stream whose (last) usage report holds one lying count. */
  private static String stream(Targets.Target t, String field, String value) {
    return switch (t.type()) {
      case "openai" -> t.sseText() + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
          + "\"completion_tokens\":2,\"" + field + "\":" + value + "}}\n\n" + t.sseEnd();
      case "anthropic" -> t.sseText() + "event: message_delta\ndata: {\"type\":\"message_delta\","
          + "\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"" + field + "\":" + value
          + "}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
      default -> "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},"
          + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,"
          + "\"candidatesTokenCount\":2,\"" + field + "\":" + value + "}}\n\n";
    };
  }

  private static String outputField(Targets.Target t) {
    return switch (t.type()) {
      case "openai" -> "completion_tokens";
      case "anthropic" -> "output_tokens";
      default -> "candidatesTokenCount";
    };
  }

  @ParameterizedTest
  @MethodSource("targets")
  void lyingUsageCounts_areATypedError_neverAClampOrAnOverflow(Targets.Target t) {
    String field = outputField(t);
    for (String lie : new String[] {"-5", "9e18", "9223372036854775807", "1e19", "10.5",
        "18446744073709551616", "\"12\"", "1e400", "1e-999999999", "-1e-999999999",
        "-0.5"}) {
      for (boolean stream : new boolean[] {false, true}) {
        String text = stream ? stream(t, field, lie) : body(t, field, lie);
        server.enqueue(Reply.status(200)
            .header("Content-Type", stream ? "text/event-stream" : "application/json")
            .body(text));
        Throwable thrown = catchThrowable(() -> Targets.call(client(t), stream));
        assertThat(thrown).as("%s %s=%s stream=%s", t, field, lie, stream)
            .isInstanceOf(ResponseParseException.class)
            .hasMessageContaining(field)
            .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("targets")
  void honestUsageCounts_stillRead(Targets.Target t) {
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .body(body(t, outputField(t), "7")));
    ChatResponse r = client(t).chat(Targets.request());
    assertThat(r.usage().outputTokens()).isEqualTo(7);
    assertThat(r.usage().totalTokens()).isEqualTo(10);
  }

  @Test
  void openAiToolDeltas_reusingAnIndexForASecondCall_makeTwoIntactCalls() {
    reply(StubReply.sse(List.of(
        OpenAiStubs.toolCallChunk(0, "call_a", "weather", ""),
        OpenAiStubs.toolCallChunk(0, null, null, "{\"city\":"),
        OpenAiStubs.toolCallChunk(0, null, null, "\"Paris\"}"),
        OpenAiStubs.toolCallChunk(0, "call_b", "time", ""),
        OpenAiStubs.toolCallChunk(0, null, null, "{\"tz\":"),
        OpenAiStubs.toolCallChunk(0, null, null, "\"UTC\"}"),
        OpenAiStubs.chunk("{}", "tool_calls"), OpenAiStubs.done())));
    List<ContentPart.ToolCall> calls = streamedCalls(client(Targets.OPENAI));
    assertThat(calls).containsExactly(
        new ContentPart.ToolCall("call_a", "weather", "{\"city\":\"Paris\"}"),
        new ContentPart.ToolCall("call_b", "time", "{\"tz\":\"UTC\"}"));
  }

  @Test
  void openAiToolDeltas_sendingOneIdUnderTwoIndices_makeOneCall() {
    reply(StubReply.sse(List.of(
        OpenAiStubs.toolCallChunk(0, "call_a", "weather", "{\"city\":"),
        OpenAiStubs.toolCallChunk(1, "call_a", null, "\"Paris\"}"),
        OpenAiStubs.toolCallChunk(2, "call_c", "time", "{}"),
        OpenAiStubs.chunk("{}", "tool_calls"), OpenAiStubs.done())));
    List<ContentPart.ToolCall> calls = streamedCalls(client(Targets.OPENAI));
    assertThat(calls).containsExactly(
        new ContentPart.ToolCall("call_a", "weather", "{\"city\":\"Paris\"}"),
        new ContentPart.ToolCall("call_c", "time", "{}"));
  }

  @Test
  void openAiToolDeltas_reusingAnIndexWithoutIds_splitOnANewName() {
    reply(StubReply.sse(List.of(
        OpenAiStubs.toolCallChunk(0, null, "weather", "{\"city\":\"Paris\"}"),
        OpenAiStubs.toolCallChunk(0, null, "time", "{\"tz\":\"UTC\"}"),
        OpenAiStubs.chunk("{}", "tool_calls"), OpenAiStubs.done())));
    List<ContentPart.ToolCall> calls = streamedCalls(client(Targets.OPENAI));
    assertThat(calls).extracting(ContentPart.ToolCall::name, ContentPart.ToolCall::arguments)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("weather", "{\"city\":\"Paris\"}"),
            org.assertj.core.groups.Tuple.tuple("time", "{\"tz\":\"UTC\"}"));
  }

  @Test
  void anthropicBlocks_reusingIndexZero_dropNoToolCall() {
    List<String> events = new ArrayList<>();
    events.add(AnthropicStubs.messageStart(AnthropicStubs.usage(5, 1, 0, 0)));
    events.add(AnthropicStubs.blockStart(0,
        "{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"weather\",\"input\":{}}"));
    events.add(AnthropicStubs.jsonDelta(0, "{\"city\":\"Paris\"}"));
    events.add(AnthropicStubs.blockStop(0));
    events.add(AnthropicStubs.blockStart(0,
        "{\"type\":\"tool_use\",\"id\":\"toolu_b\",\"name\":\"time\",\"input\":{}}"));
    events.add(AnthropicStubs.jsonDelta(0, "{\"tz\":\"UTC\"}"));
    events.add(AnthropicStubs.blockStop(0));
    events.add(AnthropicStubs.messageDelta("tool_use", "{\"output_tokens\":9}"));
    events.add(AnthropicStubs.messageStop());
    reply(StubReply.sse(events));
    assertThat(streamedCalls(client(Targets.ANTHROPIC))).containsExactly(
        new ContentPart.ToolCall("toolu_a", "weather", "{\"city\":\"Paris\"}"),
        new ContentPart.ToolCall("toolu_b", "time", "{\"tz\":\"UTC\"}"));
  }

  private static List<ContentPart.ToolCall> streamedCalls(ModelClient client) {
    try (var s = client.stream(Targets.request())) {
      ChatResponse done = null;
      for (StreamEvent e : s) {
        if (e instanceof StreamEvent.Completed c) {
          done = c.response();
        }
      }
      assertThat(done).isNotNull();
      return done.message().toolCalls();
    }
  }

  /** The bytes of a text with {@code \u00ff\u00fe} replaced by the invalid bytes FF FE. */
  private static byte[] invalidUtf8(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] parts = text.split("\u00ff\u00fe", -1);
    for (int i = 0; i < parts.length; i++) {
      out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
      if (i < parts.length - 1) {
        out.write(0xff);
        out.write(0xfe);
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @MethodSource("targets")
  void invalidUtf8_inTheText_isATypedErrorOnEveryPath(Targets.Target t) {
    String text = body(t, outputField(t), "2").replace("\"ok\"", "\"o\u00ff\u00fek\"");
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .body(Body.bytes(invalidUtf8(text))));
    assertThat(catchThrowable(() -> Targets.call(client(t), false))).as("%s chat", t)
        .isInstanceOf(ResponseParseException.class);
    String events = t.sseText().replace("\"hi\"", "\"h\u00ff\u00fei\"") + t.sseEnd();
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.bytes(invalidUtf8(events))));
    assertThat(catchThrowable(() -> Targets.call(client(t), true))).as("%s stream", t)
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void openAiToolDeltas_whoseIdChangesMidCall_stayOneCall() {
    // As Poolside's API streams: the first fragment has id A and the name, the rest id B.
    reply(StubReply.sse(List.of(
        OpenAiStubs.toolCallChunk(0, "call_A", "weather", ""),
        OpenAiStubs.toolCallChunk(0, "call_B", null, "{\"city\":"),
        OpenAiStubs.toolCallChunk(0, "call_B", null, "\"Paris\"}"),
        OpenAiStubs.chunk("{}", "tool_calls"), OpenAiStubs.done())));
    assertThat(streamedCalls(client(Targets.OPENAI))).containsExactly(
        new ContentPart.ToolCall("call_A", "weather", "{\"city\":\"Paris\"}"));
  }

  @ParameterizedTest
  @MethodSource("targets")
  void blankToolName_isATypedError_chatAndStream(Targets.Target t) {
    String chat = switch (t.type()) {
      case "openai" -> "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
          + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\" \","
          + "\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}";
      case "anthropic" -> "{\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\" \","
          + "\"input\":{}}],\"stop_reason\":\"tool_use\"}";
      default -> "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":"
          + "\" \"}}]},\"finishReason\":\"STOP\"}]}";
    };
    server.enqueue(Reply.status(200).header("Content-Type", "application/json").body(chat));
    assertThat(catchThrowable(() -> Targets.call(client(t), false))).as("%s chat", t)
        .isInstanceOf(ResponseParseException.class);
    String stream = switch (t.type()) {
      case "openai" -> OpenAiStubs.toolCallChunk(0, "c1", " ", "{}") + "\n\n"
          + OpenAiStubs.chunk("{}", "tool_calls") + "\n\n" + OpenAiStubs.done() + "\n\n";
      case "anthropic" -> AnthropicStubs.messageStart(AnthropicStubs.usage(5, 1, 0, 0))
          + "\n\n" + AnthropicStubs.blockStart(0,
              "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\" \",\"input\":{}}") + "\n\n"
          + AnthropicStubs.blockStop(0) + "\n\n"
          + AnthropicStubs.messageDelta("tool_use", "{\"output_tokens\":9}") + "\n\n"
          + AnthropicStubs.messageStop() + "\n\n";
      default -> "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":"
          + "{\"name\":\" \"}}]},\"finishReason\":\"STOP\"}]}\n\n";
    };
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream").body(stream));
    assertThat(catchThrowable(() -> Targets.call(client(t), true))).as("%s stream", t)
        .isInstanceOf(ResponseParseException.class);
  }
}
