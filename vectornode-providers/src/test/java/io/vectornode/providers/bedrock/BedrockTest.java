package io.vectornode.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.ResponseFormat;
import io.vectornode.StreamEvent;
import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import io.vectornode.Usage;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.InvalidRequestException;
import io.vectornode.error.ProviderException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.BedrockStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.StubReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bedrock provider end to end against a stub: request shape, streams, errors, signing. */
class BedrockTest {
  private static final String KEY = "ABSKQmVkcm9ja0FQSUtleS1jYW5hcnktMDAwMA==";
  private static final String MODEL = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
  private static final Instant NOW = Instant.parse("2026-03-01T12:34:56Z");
  private ProviderStubServer server;
  private ProviderContext context;

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
    context = ProviderContext.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  private ModelClient client(UnaryOperator<ProviderConfig.Builder> customize) {
    return ProviderRegistry.load().create(customize.apply(ProviderConfig.builder("bedrock")
        .baseUrl(server.rootUrl()).option("region", "us-west-2")).build(), context);
  }

  private ModelClient client() {
    return client(b -> b.apiKey(KEY));
  }

  private static JsonNode json(RecordedCall call) {
    try {
      return new ObjectMapper().readTree(call.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ChatRequest.Builder request() {
    return ChatRequest.builder().model(MODEL);
  }

  @Test
  void chat_writesTheConverseShape_toTheEncodedModelPath() {
    server.enqueue(BedrockStubs.text("ok"));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    ChatResponse r = client().chat(request().system("Be brief.").system("Use metric units.")
        .message(Message.user(new ContentPart.Text("What is it?"),
            new ContentPart.ImageData(png, "image/png")))
        .maxOutputTokens(300).temperature(0.2).topP(0.9).stop(List.of("END"))
        .tool(Tool.of("get_weather", "Weather now", "{\"type\":\"object\"}"))
        .toolChoice(ToolChoice.required())
        .providerOption("bedrock", "thinking", Map.of("type", "enabled", "budget_tokens", 1024))
        .providerOption("bedrock", "guardrailConfig",
            Map.of("guardrailIdentifier", "gr-1", "guardrailVersion", "1"))
        .build());
    assertThat(r.text()).isEqualTo("ok");
    assertThat(r.id()).isEqualTo("6a4f2d1c-0b8e-4c51-9d7e-2f3a1b0c9e88");
    assertThat(r.usage()).isEqualTo(new Usage(12, 9, 0, 0, 0));
    RecordedCall call = server.takeRequest();
    assertThat(call.path())
        .isEqualTo("/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse");
    assertThat(call.header("authorization")).contains("Bearer " + KEY);
    assertThat(call.header("content-type")).contains("application/json");
    JsonNode body = json(call);
    assertThat(body.path("system").toString())
        .isEqualTo("[{\"text\":\"Be brief.\"},{\"text\":\"Use metric units.\"}]");
    JsonNode content = body.path("messages").get(0).path("content");
    assertThat(content.get(0).path("text").asText()).isEqualTo("What is it?");
    assertThat(content.get(1).path("image").path("format").asText()).isEqualTo("png");
    assertThat(content.get(1).path("image").path("source").path("bytes").asText())
        .isEqualTo("iVBORw0KGgo=");
    assertThat(body.path("inferenceConfig").toString()).isEqualTo("{\"maxTokens\":300,"
        + "\"temperature\":0.2,\"topP\":0.9,\"stopSequences\":[\"END\"]}");
    assertThat(body.path("toolConfig").toString()).isEqualTo("{\"tools\":[{\"toolSpec\":"
        + "{\"name\":\"get_weather\",\"description\":\"Weather now\",\"inputSchema\":{\"json\":"
        + "{\"type\":\"object\"}}}}],\"toolChoice\":{\"any\":{}}}");
    assertThat(body.path("additionalModelRequestFields").path("thinking").path("budget_tokens")
        .asInt()).isEqualTo(1024);
    assertThat(body.path("guardrailConfig").path("guardrailIdentifier").asText())
        .isEqualTo("gr-1");
    assertThat(body.has("model")).isFalse();
  }

  @Test
  void chat_sendsReasoningBack_withSignatures_andMergesToolResultsIntoOneUserTurn() {
    server.enqueue(BedrockStubs.text("done"));
    client().chat(request().user("Weather?").message(Message.assistant(List.of(
            new ContentPart.Reasoning("Need the tool.", "sig-123", false),
            new ContentPart.Reasoning("EncryptedBlob==", null, true),
            new ContentPart.ToolCall("tooluse_a", "get_weather", "{\"city\":\"Oslo\"}"))))
        .message(Message.toolResult("tooluse_a", "{\"tempC\":3}"))
        .user("Thanks").tool(Tool.of("get_weather", "", "{\"type\":\"object\"}"))
        .providerOption("bedrock", "cache_breakpoints", List.of("system", "messages"))
        .system("sys").build());
    JsonNode body = json(server.takeRequest());
    JsonNode messages = body.path("messages");
    assertThat(messages).hasSize(3);
    JsonNode assistant = messages.get(1).path("content");
    assertThat(assistant.get(0).toString()).isEqualTo("{\"reasoningContent\":{\"reasoningText\":"
        + "{\"text\":\"Need the tool.\",\"signature\":\"sig-123\"}}}");
    assertThat(assistant.get(1).toString())
        .isEqualTo("{\"reasoningContent\":{\"redactedContent\":\"EncryptedBlob==\"}}");
    assertThat(assistant.get(2).path("toolUse").path("input").path("city").asText())
        .isEqualTo("Oslo");
    JsonNode user = messages.get(2);
    assertThat(user.path("role").asText()).isEqualTo("user");
    assertThat(user.path("content").get(0).path("toolResult").path("toolUseId").asText())
        .isEqualTo("tooluse_a");
    assertThat(user.path("content").get(1).path("text").asText()).isEqualTo("Thanks");
    assertThat(user.path("content").get(2).toString())
        .isEqualTo("{\"cachePoint\":{\"type\":\"default\"}}");
    assertThat(body.path("system").get(1).toString())
        .isEqualTo("{\"cachePoint\":{\"type\":\"default\"}}");
  }

  @Test
  void jsonSchema_isAForcedTool_andItsInputComesBackAsText() {
    server.enqueue(BedrockStubs.converse("[{\"toolUse\":{\"toolUseId\":\"t\",\"name\":\"city\","
        + "\"input\":{\"name\":\"Oslo\"}}}]", "tool_use", BedrockStubs.usage(5, 5, 0, 0)));
    ChatResponse r = client().chat(request().user("x").responseFormat(ResponseFormat.jsonSchema(
        "city", "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}")).build());
    assertThat(r.text()).isEqualTo("{\"name\":\"Oslo\"}");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    JsonNode tc = json(server.takeRequest()).path("toolConfig");
    assertThat(tc.path("toolChoice").toString()).isEqualTo("{\"tool\":{\"name\":\"city\"}}");
  }

  @Test
  void toolChoiceNone_dropsTheTools_orIsRejectedWhenTheHistoryHasToolCalls() {
    server.enqueue(BedrockStubs.text("ok"));
    client().chat(request().user("x").tool(Tool.of("f", "", "{\"type\":\"object\"}"))
        .toolChoice(ToolChoice.none()).build());
    assertThat(json(server.takeRequest()).has("toolConfig")).isFalse();
    assertThatThrownBy(() -> client().chat(request().user("x")
        .message(Message.assistant(List.of(new ContentPart.ToolCall("t", "f", "{}"))))
        .message(Message.toolResult("t", "1")).tool(Tool.of("f", "", "{\"type\":\"object\"}"))
        .toolChoice(ToolChoice.none()).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("toolChoice");
  }

  @Test
  void imageUrl_overHttp_isRejectedNamingTheField_dataUrlIsSentAsBytes() {
    assertThatThrownBy(() -> client().chat(request().message(Message.user(
        new ContentPart.ImageUrl(java.net.URI.create("https://example.com/cat.png"),
            io.vectornode.ImageDetail.AUTO))).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("messages.image")
        .hasMessageContaining("does not fetch");
    server.enqueue(BedrockStubs.text("a cat"));
    client().chat(request().message(Message.user(new ContentPart.ImageUrl(
        java.net.URI.create("data:image/jpeg;base64,/9j/4AAQ"), io.vectornode.ImageDetail.AUTO)))
        .build());
    assertThat(json(server.takeRequest()).path("messages").get(0).path("content").get(0)
        .toString()).isEqualTo("{\"image\":{\"format\":\"jpeg\",\"source\":{\"bytes\":"
            + "\"/9j/4AAQ\"}}}");
  }

  private static List<StreamEvent> drain(ChatStream s) {
    List<StreamEvent> out = new ArrayList<>();
    try (s) {
      s.forEach(out::add);
    }
    return out;
  }

  @Test
  void stream_reasoningThenText_assemblesSignatureAndCacheUsage() {
    server.enqueue(BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":"
            + "{\"reasoningContent\":{\"text\":\"Let me think\"}}}"),
        BedrockStubs.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":"
            + "{\"reasoningContent\":{\"signature\":\"EqQBCkYI\"}}}"),
        BedrockStubs.blockStop(0), BedrockStubs.textDelta(1, "Answer"),
        BedrockStubs.blockStop(1), BedrockStubs.messageStop("end_turn"),
        BedrockStubs.metadata(BedrockStubs.usage(10, 40, 500, 20)))).chunkSize(7));
    List<StreamEvent> events = drain(client().stream(request().user("x").build()));
    assertThat(events).contains(new StreamEvent.ReasoningDelta("Let me think"),
        new StreamEvent.TextDelta("Answer"));
    ChatResponse r = ((StreamEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(r.text()).isEqualTo("Answer");
    assertThat(r.message().content().get(0))
        .isEqualTo(new ContentPart.Reasoning("Let me think", "EqQBCkYI", false));
    assertThat(r.usage()).isEqualTo(new Usage(530, 40, 500, 20, 0));
    assertThat(r.id()).isEqualTo("a1b2c3d4-5e6f-4a8b-9c0d-e1f2a3b4c5d6");
    RecordedCall call = server.takeRequest();
    assertThat(call.path()).endsWith("%3A0/converse-stream");
    assertThat(call.header("accept")).contains("application/vnd.amazon.eventstream");
  }

  @Test
  void stream_jsonSchema_forcedToolInputArrivesAsTextDeltas() {
    server.enqueue(BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.toolStart(0, "tooluse_j", "city"), BedrockStubs.toolDelta(0, "{\"name\""),
        BedrockStubs.toolDelta(0, ":\"Oslo\"}"), BedrockStubs.blockStop(0),
        BedrockStubs.messageStop("tool_use"), BedrockStubs.metadata(
            BedrockStubs.usage(9, 6, 0, 0)))));
    List<StreamEvent> events = drain(client().stream(request().user("x").responseFormat(
        ResponseFormat.jsonSchema("city", "{\"type\":\"object\"}")).build()));
    assertThat(events).filteredOn(e -> e instanceof StreamEvent.ToolCallDelta).isEmpty();
    assertThat(events).filteredOn(e -> e instanceof StreamEvent.TextDelta).hasSize(2);
    ChatResponse r = ((StreamEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(r.text()).isEqualTo("{\"name\":\"Oslo\"}");
    assertThat(r.toolCalls()).isEmpty();
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @ParameterizedTest
  @CsvSource({
      "throttlingException, RateLimitException, true",
      "modelStreamErrorException, ServiceUnavailableException, true",
      "serviceUnavailableException, ServiceUnavailableException, true",
      "internalServerException, ServiceUnavailableException, true",
      "validationException, InvalidRequestException, false",
      "modelTimeoutException, ProviderException, true"})
  void stream_exceptionEvents_mapToTypedErrors(String type, String expected, boolean retryable) {
    server.enqueue(BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.textDelta(0, "partial"),
        BedrockStubs.exception(type, "Something went wrong: " + type))));
    List<StreamEvent> seen = new ArrayList<>();
    Throwable t = catchThrowable(() -> {
      try (ChatStream s = client().stream(request().user("x").build())) {
        s.forEach(seen::add);
      }
    });
    assertThat(seen).containsExactly(new StreamEvent.TextDelta("partial"));
    assertThat(t.getClass().getSimpleName()).isEqualTo(expected);
    assertThat(((VectorNodeException) t).retryable()).isEqualTo(retryable);
    assertThat(((ProviderException) t).errorCode()).isPresent();
    assertThat(t.getMessage()).contains("Something went wrong");
  }

  @Test
  void stream_corruptedCrcFromTheServer_isAResponseParseException() {
    byte[] delta = BedrockStubs.textDelta(0, "hello");
    delta[delta.length - 6] ^= 0x01;
    server.enqueue(BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(), delta,
        BedrockStubs.messageStop("end_turn"))));
    Throwable t = catchThrowable(() -> drain(client().stream(request().user("x").build())));
    assertThat(t).isExactlyInstanceOf(ResponseParseException.class)
        .hasMessageContaining("message CRC mismatch");
  }

  @Test
  void stream_guardrail_isContentFilteredWithThePartialText() {
    server.enqueue(BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.textDelta(0, "Here is how"), BedrockStubs.messageStop("guardrail_intervened"),
        BedrockStubs.metadata(BedrockStubs.usage(5, 3, 0, 0)))));
    Throwable t = catchThrowable(() -> drain(client().stream(request().user("x").build())));
    assertThat(t).isInstanceOf(ContentFilteredException.class);
    assertThat(((ContentFilteredException) t).retryable()).isFalse();
    assertThat(((ContentFilteredException) t).partialText()).contains("Here is how");
  }

  @Test
  void stream_endingAfterStopWithoutMetadata_completes_butBeforeStopIsATransportError() {
    server.enqueue(BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.textDelta(0, "hi"), BedrockStubs.messageStop("max_tokens"))));
    List<StreamEvent> events = drain(client().stream(request().user("x").build()));
    ChatResponse r = ((StreamEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(r.usage()).isEqualTo(Usage.ZERO);

    server.enqueue(BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.textDelta(0, "hi"))));
    Throwable t = catchThrowable(() -> drain(client().stream(request().user("x").build())));
    assertThat(t).isInstanceOfSatisfying(TransportException.class, e -> {
      assertThat(e.kind()).isEqualTo(TransportException.Kind.INCOMPLETE_STREAM);
      assertThat(e.retryable()).isTrue();
    });
  }

  @ParameterizedTest
  @CsvSource({
      "403, UnrecognizedClientException, AuthenticationException, false",
      "403, ExpiredTokenException, AuthenticationException, false",
      "403, InvalidSignatureException, AuthenticationException, false",
      "429, ModelNotReadyException, ServiceUnavailableException, true",
      "408, ModelTimeoutException, ProviderException, true",
      "424, ModelErrorException, ProviderException, false",
      "400, ValidationException, InvalidRequestException, false"})
  void httpErrors_mapByTheirAwsType(int status, String type, String expected,
      boolean retryable) {
    server.enqueue(BedrockStubs.error(status, type, "detail of " + type));
    Throwable t = catchThrowable(() -> client().chat(request().user("x").build()));
    assertThat(t.getClass().getSimpleName()).isEqualTo(expected);
    ProviderException e = (ProviderException) t;
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.errorCode()).contains(type);
    assertThat(e.requestId()).contains("0c6b1f0e-3a2d-4e8f-9b71-5d4c3b2a1f00");
  }

  @Test
  void staticCredentials_signWithSigV4_forTheRegionAndTheClock() {
    server.enqueue(BedrockStubs.text("signed"));
    ModelClient c = client(b -> b.option("accessKeyId", "AKIAIOSFODNN7EXAMPLE")
        .option("secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .option("sessionToken", "IQoJb3JpZ2luX2VjEXAMPLETOKEN"));
    assertThat(c.chat(request().user("x").build()).text()).isEqualTo("signed");
    RecordedCall call = server.takeRequest();
    assertThat(call.header("x-amz-date")).contains("20260301T123456Z");
    assertThat(call.header("x-amz-content-sha256")).contains(SigV4Hex.sha256(call.body()));
    assertThat(call.header("x-amz-security-token")).contains("IQoJb3JpZ2luX2VjEXAMPLETOKEN");
    assertThat(call.header("authorization").orElseThrow()).matches("AWS4-HMAC-SHA256 "
        + "Credential=AKIAIOSFODNN7EXAMPLE/20260301/us-west-2/bedrock/aws4_request, "
        + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;"
        + "x-amz-security-token, "
        + "Signature=[0-9a-f]{64}");
  }

  /** The hex SHA-256 of a text, computed here independently of the signer. */
  private static final class SigV4Hex {
    static String sha256(String s) {
      try {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest
            .getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
  }
}
