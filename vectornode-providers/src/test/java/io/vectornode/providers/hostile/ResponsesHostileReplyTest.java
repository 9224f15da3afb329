package io.vectornode.providers.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.error.ResponseParseException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.HostileServer.Body;
import io.vectornode.testing.HostileServer.Reply;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The {@code openai} provider in its Responses API mode against replies that used to exhaust the
 * heap elsewhere: each is a typed exception (or, where the reply is legal, a success) in the
 * 256 MB JVM {@code HostileReplyTest} runs in (the module's pom runs every {@code
 * *HostileReplyTest} there).
 */
class ResponsesHostileReplyTest extends HostileSupport {
  private static final long MB = 1024 * 1024;
  private static final String ADDED = "event: response.output_item.added\ndata: {\"type\":"
      + "\"response.output_item.added\",\"output_index\":0,\"item\":{\"id\":\"msg_1\","
      + "\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}}"
      + "\n\n";
  private static final String COMPLETED = "event: response.completed\ndata: {\"type\":"
      + "\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\","
      + "\"output\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n";

  private ModelClient client(UnaryOperator<ProviderConfig.Builder> more) {
    return ProviderRegistry.load().create(more.apply(ProviderConfig.builder("openai")
        .apiKey(Targets.KEY).baseUrl(server.baseUrl()).defaultModel("gpt-5")
        .option("api", "responses")).build(), context);
  }

  private static String delta(String text) {
    return "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
        + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + text
        + "\"}\n\n";
  }

  private static Throwable call(ModelClient c, boolean stream) {
    return catchThrowable(() -> {
      ChatRequest r = ChatRequest.builder().user("hello").build();
      if (!stream) {
        c.chat(r);
        return;
      }
      try (ChatStream s = c.stream(r)) {
        for (StreamEvent e : s) {
          assertThat(e).isNotNull();
        }
      }
    });
  }

  @Test
  void successBodyOf200Mb_isAResponseParseException() {
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .body(Body.repeat("{\"status\":\"completed\",\"output\":[{\"type\":\"message\","
            + "\"content\":[{\"type\":\"output_text\",\"text\":\"", 'x', 200 * MB, "\"}]}]}")));
    assertThat(call(client(b -> b), false)).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("maxResponseBytes");
  }

  @Test
  void unknownFieldOf200MbInsideAnItem_underARaisedBound_isSkippedUnread() {
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .body(Body.repeat("{\"status\":\"completed\",\"output\":[{\"type\":\"message\","
            + "\"id\":\"msg_1\",\"content\":[{\"type\":\"output_text\",\"annotations\":\"", 'x',
            200 * MB, "\",\"text\":\"ok\"}]}]}")));
    assertThat(call(client(b -> b.maxResponseBytes(300 * MB)), false)).isNull();
  }

  @Test
  void sseLineOf50Mb_isAResponseParseException() {
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.repeat(ADDED + "data: {\"x\":\"", 'x', 50 * MB, "\"}\n\n")));
    assertThat(call(client(b -> b), true)).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("maxEventBytes");
  }

  @Test
  void endlessStreamOfValidTextDeltas_stopsAtTheContentBound() {
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.repeatText(ADDED, delta("y".repeat(1000)), 1_000_000, "")));
    assertThat(call(client(b -> b), true)).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("maxResponseBytes");
  }

  @Test
  void streamOfTinyItems_stopsAtTheItemBound_andARepeatedIdIsALie() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      body.append("event: response.output_item.added\ndata: {\"type\":")
          .append("\"response.output_item.added\",\"output_index\":").append(i)
          .append(",\"item\":{\"id\":\"msg_").append(i)
          .append("\",\"type\":\"message\",\"content\":[]}}\n\n");
    }
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(body.toString()));
    assertThat(call(client(b -> b), true)).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("more than 1024 output items");

    String same = "event: response.output_item.added\ndata: {\"type\":"
        + "\"response.output_item.added\",\"item\":{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"content\":[]}}\n\n";
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.repeatText("", same, 1_000_000, "")));
    assertThat(call(client(b -> b), true)).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("share the id");
  }

  @Test
  void nesting100kDeep_isAResponseParseException() {
    String open = "[".repeat(100_000);
    String close = "]".repeat(100_000);
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .body("{\"output\":" + open + close + "}"));
    assertThat(call(client(b -> b), false)).isInstanceOf(ResponseParseException.class);
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(ADDED + "data: {\"type\":\"response.output_text.delta\",\"x\":" + open + close
            + "}\n\n"));
    assertThat(call(client(b -> b), true)).isInstanceOf(ResponseParseException.class);
  }

  @Test
  void streamOf40MbOnTheWire_withLittleContent_isServedWhole() {
    String padded = "event: response.output_text.delta\ndata: {\"type\":"
        + "\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,"
        + "\"delta\":\"y\",\"obfuscation\":\"" + "p".repeat(4000) + "\"}\n\n";
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.repeatText(ADDED, padded, 10_000, COMPLETED)));
    assertThat(call(client(b -> b), true)).isNull();
  }
}
