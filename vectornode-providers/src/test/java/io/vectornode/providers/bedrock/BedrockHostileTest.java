package io.vectornode.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.error.ProviderException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.BedrockStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.StubReply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bedrock replies that lie: each is a typed error, never a crash or a silent success. */
class BedrockHostileTest {
  private ProviderStubServer server;
  private ProviderContext context;
  private ModelClient client;

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
    context = ProviderContext.create();
    client = ProviderRegistry.load().create(ProviderConfig.builder("bedrock")
        .apiKey("bedrock-api-key-hostile-0000").baseUrl(server.rootUrl())
        .option("region", "us-east-1").maxEventBytes(4096).build(), context);
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  private static ChatRequest request() {
    return ChatRequest.builder().model("amazon.nova-pro-v1:0").user("x").build();
  }

  private Throwable chat(StubReply reply) {
    server.enqueue(reply);
    return catchThrowable(() -> client.chat(request()));
  }

  private Throwable stream(List<byte[]> frames) {
    server.enqueue(BedrockStubs.eventStream(frames));
    return catchThrowable(() -> {
      try (ChatStream s = client.stream(request())) {
        s.forEach(e -> { });
      }
    });
  }

  @Test
  void answers_withoutContent_negativeCounts_orToolUseWithoutId_areParseErrors() {
    assertThat(chat(StubReply.json(200, "{\"output\":{},\"stopReason\":\"end_turn\"}")))
        .isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("no output.message.content");
    assertThat(chat(BedrockStubs.converse("[{\"text\":\"x\"}]", "end_turn",
        "{\"inputTokens\":-5,\"outputTokens\":1}")))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("inputTokens");
    assertThat(chat(BedrockStubs.converse("[{\"toolUse\":{\"name\":\"f\",\"input\":{}}}]",
        "tool_use", BedrockStubs.usage(1, 1, 0, 0))))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("toolUseId");
  }

  @Test
  void errorWithoutJson_orWithoutType_isStillTyped_byStatus() {
    Throwable t = chat(StubReply.body(503, "text/html", "<html>Service Unavailable</html>"));
    assertThat(t).isInstanceOf(ProviderException.class);
    assertThat(((ProviderException) t).retryable()).isTrue();
    assertThat(t.getMessage()).contains("Service Unavailable");
  }

  @Test
  void stream_toolDeltaForABlockThatNeverStarted_isAParseError() {
    assertThat(stream(List.of(BedrockStubs.messageStart(), BedrockStubs.toolDelta(3, "{}"))))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("index 3");
  }

  @Test
  void stream_payloadThatIsNotJson_isAParseError() {
    byte[] bad = BedrockStubs.frame(Map.of(":event-type", "contentBlockDelta",
        ":message-type", "event"), "{\"delta\": nope".getBytes(StandardCharsets.UTF_8));
    assertThat(stream(List.of(BedrockStubs.messageStart(), bad)))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("malformed stream event");
  }

  @Test
  void stream_messageLargerThanMaxEventBytes_isRefused() {
    assertThat(stream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.textDelta(0, "x".repeat(5000)))))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("outside 16..4096");
  }

  @Test
  void stream_unknownEventsAndMessageTypes_areIgnored_notFatal() {
    Throwable t = stream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.event("somethingNew", "{\"x\":1}"), BedrockStubs.textDelta(0, "ok"),
        BedrockStubs.messageStop("end_turn"), BedrockStubs.metadata(
            BedrockStubs.usage(1, 1, 0, 0))));
    assertThat(t).isNull();
  }

  @Test
  void stream_textDeltaIntoAToolUseBlock_orASecondStartOfOneIndex_isAParseError() {
    // Text spliced into a tool's input would call the tool with corrupted arguments (and show
    // the caller text the model never wrote): a lie, not an answer.
    Throwable spliced = stream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.toolStart(0, "tooluse_1", "get_weather"),
        BedrockStubs.toolDelta(0, "{\"city\":\"Paris\"}"), BedrockStubs.textDelta(0, "junk"),
        BedrockStubs.blockStop(0), BedrockStubs.messageStop("tool_use"),
        BedrockStubs.metadata(BedrockStubs.usage(1, 1, 0, 0))));
    assertThat(spliced).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("index 0");

    Throwable restarted = stream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.toolStart(0, "tooluse_1", "get_weather"), BedrockStubs.toolDelta(0, "{}"),
        BedrockStubs.toolStart(0, "tooluse_2", "delete_everything"),
        BedrockStubs.toolDelta(0, "{}"), BedrockStubs.messageStop("tool_use"),
        BedrockStubs.metadata(BedrockStubs.usage(1, 1, 0, 0))));
    assertThat(restarted).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("index 0");
  }

  @Test
  void stream_exceptionWithAnEmptyType_isStillTheServersTypedError_notAnIndexCrash() {
    Throwable t = stream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.exception("", "internal hiccup, try again")));
    assertThat(t).isInstanceOf(ProviderException.class)
        .isNotInstanceOf(ResponseParseException.class)
        .hasMessageContaining("internal hiccup")
        .hasMessageNotContaining("StringIndexOutOfBounds");
    assertThat(((ProviderException) t).retryable()).isTrue();
  }

  @Test
  void stream_exceptionAfterThe200_keepsTheRequestIdForAwsSupport() {
    Throwable t = stream(List.of(BedrockStubs.messageStart(), BedrockStubs.textDelta(0, "par"),
        BedrockStubs.exception("modelStreamErrorException", "The model stopped.")));
    assertThat(t).isInstanceOf(ProviderException.class);
    assertThat(((ProviderException) t).error().requestId())
        .isEqualTo("a1b2c3d4-5e6f-4a8b-9c0d-e1f2a3b4c5d6");
  }
}
