package io.vectornode.providers.gemini;

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
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ProviderException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.TransportException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.GeminiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.StubReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiTest {
  private static final String KEY = "AIza-test-CANARY-key-000000";
  private ProviderStubServer server;
  private ProviderContext context;
  private ModelClient client;

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
    context = ProviderContext.create();
    client = ProviderRegistry.load().create(ProviderConfig.builder("gemini").apiKey(KEY)
        .baseUrl(server.rootUrl()).build(), context);
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  private static JsonNode json(RecordedCall call) {
    try {
      return new ObjectMapper().readTree(call.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ChatRequest.Builder request() {
    return ChatRequest.builder().model("gemini/gemini-2.5-flash");
  }

  @Test
  void chat_text_keyInHeaderNeverInUrl_rolesAndSystemInstruction() {
    server.enqueue(GeminiStubs.response("Bonjour!", 9, 2, 0, 0));

    ChatResponse r = client.chat(request().system("Answer in French.").user("Hello")
        .message(Message.assistant("Salut")).user("Again").temperature(0.4).topP(0.9)
        .maxOutputTokens(100).stop("END").seed(3L).build());

    assertThat(r.text()).isEqualTo("Bonjour!");
    assertThat(r.model()).isEqualTo(GeminiStubs.MODEL);
    assertThat(r.id()).isEqualTo(GeminiStubs.ID);
    assertThat(r.usage()).isEqualTo(Usage.of(9, 2));
    RecordedCall call = server.takeRequest();
    assertThat(call.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(call.path()).doesNotContain(KEY).doesNotContain("key=");
    assertThat(call.header("x-goog-api-key")).contains(KEY);
    JsonNode body = json(call);
    assertThat(body.get("systemInstruction").get("parts").get(0).get("text").asText())
        .isEqualTo("Answer in French.");
    assertThat(body.get("contents").findValuesAsText("role"))
        .containsExactly("user", "model", "user");
    JsonNode gen = body.get("generationConfig");
    assertThat(gen.get("temperature").asDouble()).isEqualTo(0.4);
    assertThat(gen.get("topP").asDouble()).isEqualTo(0.9);
    assertThat(gen.get("maxOutputTokens").asInt()).isEqualTo(100);
    assertThat(gen.get("stopSequences").get(0).asText()).isEqualTo("END");
    assertThat(gen.get("seed").asLong()).isEqualTo(3);
  }

  @Test
  void chat_images_areInlineOrFileDataAndHttpUrlsAreRejected() {
    server.enqueue(GeminiStubs.response("A cat."));
    client.chat(request().message(Message.user(new ContentPart.Text("What?"),
        new ContentPart.ImageData(new byte[] {1, 2, 3}, "image/png"),
        new ContentPart.ImageUrl("data:image/jpeg;base64,AQID"),
        new ContentPart.ImageUrl("gs://bucket/cat.webp"))).build());
    JsonNode parts = json(server.takeRequest()).get("contents").get(0).get("parts");
    assertThat(parts.get(1).get("inlineData").get("mimeType").asText()).isEqualTo("image/png");
    assertThat(parts.get(1).get("inlineData").get("data").asText()).isEqualTo("AQID");
    assertThat(parts.get(2).get("inlineData").get("mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(parts.get(3).get("fileData").get("fileUri").asText())
        .isEqualTo("gs://bucket/cat.webp");
    assertThatThrownBy(() -> client.chat(request().message(Message.user(
        new ContentPart.ImageUrl("https://example.com/cat.png"))).build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gemini cannot fetch image URLs");
  }

  @Test
  void chat_functionCallsRoundTrip_withSignaturesAndResponsesNamed() {
    server.enqueue(GeminiStubs.responseWith("[{\"functionCall\":{\"name\":\"get_weather\","
        + "\"args\":{\"city\":\"Tokyo\"}},\"thoughtSignature\":\"EqUCCqICAb4\"},"
        + "{\"functionCall\":{\"name\":\"search_web\",\"args\":{\"q\":\"Tokyo\"}}}]", "STOP",
        GeminiStubs.usage(71, 19, 0, 45)));
    Tool weather = Tool.of("get_weather", "Weather",
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}");
    Tool search = Tool.of("search_web", "", "{\"type\":\"object\",\"properties\":{\"q\":"
        + "{\"type\":\"string\"}}}");
    Tool noArgs = Tool.of("now", "", "{\"type\":\"object\",\"properties\":{}}");
    ChatRequest ask = request().user("Tokyo?").tool(weather).tool(search).tool(noArgs)
        .toolChoice(ToolChoice.tool("get_weather")).build();

    ChatResponse r = client.chat(ask);

    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(new Usage(71, 64, 0, 0, 45));
    assertThat(r.toolCalls()).extracting(ContentPart.ToolCall::name)
        .containsExactly("get_weather", "search_web");
    assertThat(r.toolCalls().get(0).arguments()).isEqualTo("{\"city\":\"Tokyo\"}");
    assertThat(r.message().content().get(0))
        .isEqualTo(new ContentPart.Reasoning("", "EqUCCqICAb4", false));
    JsonNode sent = json(server.takeRequest());
    JsonNode decls = sent.get("tools").get(0).get("functionDeclarations");
    assertThat(decls.get(0).get("parameters").get("type").asText()).isEqualTo("OBJECT");
    assertThat(decls.get(0).get("parameters").has("additionalProperties")).isFalse();
    assertThat(decls.get(0).get("parameters").get("properties").get("city").get("type").asText())
        .isEqualTo("STRING");
    assertThat(decls.get(2).has("parameters")).isFalse();
    JsonNode fc = sent.get("toolConfig").get("functionCallingConfig");
    assertThat(fc.get("mode").asText()).isEqualTo("ANY");
    assertThat(fc.get("allowedFunctionNames").get(0).asText()).isEqualTo("get_weather");

    server.enqueue(GeminiStubs.response("Sunny, 25C."));
    client.chat(ask.toBuilder().toolChoice(null).message(r.message())
        .message(Message.toolResult(r.toolCalls().get(0).id(), "{\"sky\":\"sunny\"}"))
        .message(Message.toolResult(r.toolCalls().get(1).id(), "plain text result"))
        .build());
    JsonNode contents = json(server.takeRequest()).get("contents");
    assertThat(contents).hasSize(3);
    JsonNode model = contents.get(1).get("parts");
    assertThat(model.get(0).get("thoughtSignature").asText()).isEqualTo("EqUCCqICAb4");
    assertThat(model.get(0).get("functionCall").get("name").asText()).isEqualTo("get_weather");
    assertThat(model.get(0).get("functionCall").has("id")).isFalse();
    JsonNode results = contents.get(2);
    assertThat(results.get("role").asText()).isEqualTo("user");
    assertThat(results.get("parts")).hasSize(2);
    JsonNode fr0 = results.get("parts").get(0).get("functionResponse");
    assertThat(fr0.get("name").asText()).isEqualTo("get_weather");
    assertThat(fr0.get("response").get("sky").asText()).isEqualTo("sunny");
    assertThat(results.get("parts").get(1).get("functionResponse").get("response")
        .get("result").asText()).isEqualTo("plain text result");
  }

  @Test
  void chat_toolWithoutDescription_isDescribedByItsName() {
    // FunctionDeclaration: "description: Required." (and "" is the same as none in proto3).
    server.enqueue(GeminiStubs.response("ok"));
    client.chat(request().user("x")
        .tool(Tool.of("search_web", "", "{\"type\":\"object\"}"))
        .tool(Tool.of("blank", "  ", "{\"type\":\"object\"}"))
        .tool(Tool.of("get_weather", "Weather", "{\"type\":\"object\"}")).build());
    JsonNode decls = json(server.takeRequest()).get("tools").get(0).get("functionDeclarations");
    assertThat(decls.get(0).get("description").asText()).isEqualTo("search_web");
    assertThat(decls.get(1).get("description").asText()).isEqualTo("blank");
    assertThat(decls.get(2).get("description").asText()).isEqualTo("Weather");
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "none"})
  void chat_toolChoiceWithoutTools_sendsNoToolConfig(String choice) {
    // Gemini: 400 "Function calling config is set without function_declarations".
    server.enqueue(GeminiStubs.response("ok"));
    client.chat(request().user("x")
        .toolChoice(choice.equals("auto") ? ToolChoice.auto() : ToolChoice.none()).build());
    JsonNode sent = json(server.takeRequest());
    assertThat(sent.has("toolConfig")).isFalse();
    assertThat(sent.has("tools")).isFalse();
  }

  @Test
  void chat_fiveStopSequences_areSent() {
    server.enqueue(GeminiStubs.response("ok"));
    client.chat(request().user("x").stop("a", "b", "c", "d", "e").build());
    assertThat(json(server.takeRequest()).get("generationConfig").get("stopSequences"))
        .hasSize(5);
  }

  @Test
  void chat_moreThanFiveStopSequences_failsNamingTheLimitAndCountBeforeSending() {
    assertThatThrownBy(() -> client.chat(request().user("x")
        .stop("a", "b", "c", "d", "e", "f").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("stop: provider 'gemini' (gemini) accepts at most 5 stop sequences, was 6");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void chat_toolResultForUnknownCall_failsBeforeSending() {
    assertThatThrownBy(() -> client.chat(request().user("x")
        .message(Message.toolResult("call_missing", "{}")).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("call_missing");
  }

  @Test
  void chat_jsonSchema_isConvertedToGeminisSubset() {
    server.enqueue(GeminiStubs.response("{\"name\":\"Ada\",\"tags\":[]}"));
    client.chat(request().user("x").responseFormat(ResponseFormat.jsonSchema("person",
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
            + "\"properties\":{\"name\":{\"type\":\"string\",\"description\":\"Full name\"},"
            + "\"age\":{\"type\":[\"integer\",\"null\"]},\"kind\":{\"const\":\"person\"},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
            + "\"enum\":[\"a\",\"b\"]}}},\"required\":[\"name\"],"
            + "\"additionalProperties\":false}")).build());
    JsonNode gen = json(server.takeRequest()).get("generationConfig");
    assertThat(gen.get("responseMimeType").asText()).isEqualTo("application/json");
    JsonNode schema = gen.get("responseSchema");
    assertThat(schema.has("$schema")).isFalse();
    assertThat(schema.get("type").asText()).isEqualTo("OBJECT");
    JsonNode props = schema.get("properties");
    assertThat(props.get("name").get("description").asText()).isEqualTo("Full name");
    assertThat(props.get("age").get("type").asText()).isEqualTo("INTEGER");
    assertThat(props.get("age").get("nullable").asBoolean()).isTrue();
    assertThat(props.get("kind").get("enum").get(0).asText()).isEqualTo("person");
    assertThat(props.get("tags").get("items").get("enum")).hasSize(2);
    assertThat(schema.get("required").get(0).asText()).isEqualTo("name");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/A\"}}}",
      "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}",
      "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}",
      "{\"type\":[\"string\",\"integer\"]}",
      "{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}"})
  void chat_schemaGeminiCannotExpress_failsNamingTheKeyword(String schema) {
    Throwable t = catchThrowable(() -> client.chat(request().user("x")
        .responseFormat(ResponseFormat.jsonSchema("s", schema)).build()));
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("responseFormat.schema: gemini cannot express")
        .hasMessageContaining("(at #");
    assertThat(server.requestCount()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT"})
  void chat_safetyFinishReasons_areContentFiltered(String reason) {
    server.enqueue(GeminiStubs.responseWith("[{\"text\":\"Partial\"}]", reason,
        GeminiStubs.usage(9, 1, 0, 0)));
    assertThat(catchThrowable(() -> client.chat(request().user("x").build())))
        .isInstanceOfSatisfying(ContentFilteredException.class, e -> {
          assertThat(e.errorCode()).contains(reason);
          assertThat(e.partialText()).contains("Partial");
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void chat_maxTokensAndOtherFinishReasons_areMapped() {
    server.enqueue(GeminiStubs.responseWith("[{\"text\":\"cut\"}]", "MAX_TOKENS",
        GeminiStubs.usage(9, 100, 0, 0)));
    server.enqueue(GeminiStubs.responseWith("[{\"text\":\"odd\"}]", "MALFORMED_FUNCTION_CALL",
        GeminiStubs.usage(9, 1, 0, 0)));
    assertThat(client.chat(request().user("x").build()).finishReason())
        .isEqualTo(FinishReason.LENGTH);
    assertThat(client.chat(request().user("x").build()).finishReason())
        .isEqualTo(FinishReason.OTHER);
  }

  @Test
  void chat_blockedPrompt_isContentFiltered() {
    server.enqueue(GeminiStubs.blocked("SAFETY"));
    assertThat(catchThrowable(() -> client.chat(request().user("x").build())))
        .isInstanceOfSatisfying(ContentFilteredException.class,
            e -> assertThat(e).hasMessageContaining("prompt was blocked"));
  }

  @Test
  void chat_cachedAndThoughtTokens_areNormalized() {
    server.enqueue(GeminiStubs.response("ok", 2000, 30, 1500, 120));
    assertThat(client.chat(request().user("x").build()).usage())
        .isEqualTo(new Usage(2000, 150, 1500, 0, 120));
  }

  @Test
  void stream_chunks_areAssembledWithThoughtsSignatureAndCalls() {
    server.enqueue(StubReply.sse(List.of(
        GeminiStubs.chunk("[{\"text\":\"Thinking about it\",\"thought\":true}]", null,
            GeminiStubs.usage(29, 0, 0, 45)),
        GeminiStubs.chunk("[{\"text\":\"Let me \"}]", null, GeminiStubs.usage(29, 3, 0, 45)),
        GeminiStubs.chunk("[{\"text\":\"check.\"}]", null, GeminiStubs.usage(29, 5, 0, 45)),
        GeminiStubs.chunk("[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"location\":"
            + "\"San Francisco\"}},\"thoughtSignature\":\"EqUC\"}]", null,
            GeminiStubs.usage(29, 15, 0, 45)),
        GeminiStubs.chunk("[{\"text\":\"\"}]", "STOP", GeminiStubs.usage(29, 15, 0, 45)))));
    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream s = client.stream(request().user("x").build())) {
      s.forEach(events::add);
    }
    assertThat(server.takeRequest().path())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    assertThat(events).contains(new StreamEvent.ReasoningDelta("Thinking about it"),
        new StreamEvent.TextDelta("Let me "), new StreamEvent.TextDelta("check."));
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
        StreamEvent.ToolCallDelta.class, d -> {
          assertThat(d.index()).isZero();
          assertThat(d.name()).isEqualTo("weather");
          assertThat(d.argumentsDelta()).isEqualTo("{\"location\":\"San Francisco\"}");
        }));
    ChatResponse r = ((StreamEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(r.message().content()).hasSize(4);
    assertThat(r.message().content().get(0))
        .isEqualTo(new ContentPart.Reasoning("Thinking about it", null, false));
    assertThat(r.text()).isEqualTo("Let me check.");
    assertThat(r.message().content().get(2))
        .isEqualTo(new ContentPart.Reasoning("", "EqUC", false));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(new Usage(29, 60, 0, 0, 45));
  }

  @Test
  void stream_endingWithoutFinishReason_isAnError() {
    server.enqueue(StubReply.sse(List.of(
        GeminiStubs.chunk("[{\"text\":\"half\"}]", null, GeminiStubs.usage(9, 1, 0, 0)))));
    assertThatThrownBy(() -> {
      try (ChatStream s = client.stream(request().user("x").build())) {
        s.response();
      }
    }).isInstanceOfSatisfying(TransportException.class,
        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.INCOMPLETE_STREAM));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @CsvSource({
      "400, INVALID_ARGUMENT, 'Invalid JSON payload received.', InvalidRequestException, false",
      "400, INVALID_ARGUMENT, 'The input token count (1200000) exceeds the maximum number of"
          + " tokens allowed (1048576).', ContextLengthExceededException, false",
      "403, PERMISSION_DENIED, 'Method doesn''t allow unregistered callers.',"
          + " PermissionDeniedException, false",
      "404, NOT_FOUND, 'models/gemini-9 is not found for API version v1beta.',"
          + " NotFoundException, false",
      "500, INTERNAL, 'An internal error has occurred.', ServiceUnavailableException, true",
      "503, UNAVAILABLE, 'The model is overloaded. Please try again later.',"
          + " ServiceUnavailableException, true",
      "504, DEADLINE_EXCEEDED, 'Deadline exceeded', ServiceUnavailableException, true"})
  void chat_errors_mapByStatusAndRpcStatus(int code, String status, String message,
      String expected, boolean retryable) {
    server.enqueue(GeminiStubs.error(code, status, message, null));
    Throwable t = catchThrowable(() -> client.chat(request().user("x").build()));
    assertThat(t.getClass().getSimpleName()).isEqualTo(expected);
    assertThat(((ProviderException) t).retryable()).isEqualTo(retryable);
    assertThat(((ProviderException) t).errorCode()).contains(status);
  }

  @Test
  void chat_invalidKey_isAnAuthenticationError() {
    server.enqueue(GeminiStubs.error(400, "INVALID_ARGUMENT",
        "API key not valid. Please pass a valid API key.", "[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\","
            + "\"domain\":\"googleapis.com\"}]"));
    assertThat(catchThrowable(() -> client.chat(request().user("x").build())))
        .isInstanceOf(io.vectornode.error.AuthenticationException.class);
  }

  @Test
  void chat_resourceExhausted_readsRetryInfoAndDailyQuota() {
    server.enqueue(GeminiStubs.rateLimited(Duration.ofSeconds(32)));
    server.enqueue(GeminiStubs.error(429, "RESOURCE_EXHAUSTED", "quota", "[{\"@type\":"
        + "\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":"
        + "\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]}]"));
    assertThat(catchThrowable(() -> client.chat(request().user("x").build())))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(32));
          assertThat(e.retryable()).isTrue();
          assertThat(e.quotaExceeded()).isFalse();
        });
    assertThat(catchThrowable(() -> client.chat(request().user("x").build())))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.quotaExceeded()).isTrue();
          assertThat(e.retryable()).isFalse();
        });
  }
}
