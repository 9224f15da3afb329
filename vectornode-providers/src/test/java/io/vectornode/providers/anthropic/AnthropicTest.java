package io.vectornode.providers.anthropic;

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
import io.vectornode.error.ProviderException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.TransportException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.StubReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicTest {
  private static final String KEY = "sk-ant-api03-test-CANARY-0000";
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":"
      + "{\"type\":\"string\"}},\"required\":[\"city\"]}";
  private ProviderStubServer server;
  private ProviderContext context;
  private ModelClient client;

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
    context = ProviderContext.create();
    client = client(b -> b);
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  private ModelClient client(UnaryOperator<ProviderConfig.Builder> customize) {
    return ProviderRegistry.load().create(customize.apply(ProviderConfig.builder("anthropic")
        .apiKey(KEY).baseUrl(server.rootUrl())).build(), context);
  }

  private static JsonNode json(RecordedCall call) {
    try {
      return new ObjectMapper().readTree(call.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ChatRequest.Builder request() {
    return ChatRequest.builder().model("claude-sonnet-4-5");
  }

  @Test
  void chat_text_sendsHeadersSystemAndDefaultMaxTokens() {
    server.enqueue(AnthropicStubs.message("Hello!", 12, 3, 0, 0));

    ChatResponse r = client.chat(request().system("Be brief.").system("Be kind.").user("Hi")
        .build());

    assertThat(r.text()).isEqualTo("Hello!");
    assertThat(r.id()).isEqualTo(AnthropicStubs.ID);
    assertThat(r.model()).isEqualTo(AnthropicStubs.MODEL);
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage()).isEqualTo(Usage.of(12, 3));
    RecordedCall call = server.takeRequest();
    assertThat(call.path()).isEqualTo("/v1/messages");
    assertThat(call.header("x-api-key")).contains(KEY);
    assertThat(call.header("anthropic-version")).contains("2023-06-01");
    assertThat(call.header("Authorization")).isEmpty();
    JsonNode body = json(call);
    assertThat(body.get("system").asText()).isEqualTo("Be brief.\n\nBe kind.");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(8192);
    assertThat(body.get("messages")).hasSize(1);
    assertThat(body.get("messages").get(0).get("content").get(0).get("text").asText())
        .isEqualTo("Hi");
  }

  @Test
  void chat_maxTokensDefaults_followTheModel() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(AnthropicStubs.message("ok"));
    }
    client.chat(ChatRequest.builder().model("claude-3-haiku-20240307").user("x").build());
    client.chat(ChatRequest.builder().model("claude-sonnet-4-5").user("x")
        .providerOption("anthropic", "thinking", Map.of("type", "enabled", "budget_tokens", 4000))
        .build());
    client.chat(request().user("x").maxOutputTokens(77).build());
    assertThat(json(server.takeRequest()).get("max_tokens").asInt()).isEqualTo(4096);
    JsonNode thinking = json(server.takeRequest());
    assertThat(thinking.get("max_tokens").asInt()).isEqualTo(12192);
    assertThat(thinking.get("thinking").get("budget_tokens").asInt()).isEqualTo(4000);
    assertThat(json(server.takeRequest()).get("max_tokens").asInt()).isEqualTo(77);
  }

  @Test
  void chat_imagesToolsAndResults_useContentBlocks() {
    server.enqueue(AnthropicStubs.toolUse(
        new ContentPart.ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"),
        new ContentPart.ToolCall("toolu_02", "get_weather", "{\"city\":\"Rome\"}")));
    Tool weather = new Tool("get_weather", "Weather", SCHEMA, false);
    ChatRequest ask = request()
        .message(Message.user(new ContentPart.Text("Here:"),
            new ContentPart.ImageData(new byte[] {1, 2, 3}, "image/jpeg"),
            new ContentPart.ImageUrl("https://example.com/a.png")))
        .tool(weather).toolChoice(ToolChoice.required()).parallelToolCalls(false).build();

    ChatResponse r = client.chat(ask);

    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.text()).isEqualTo("I'll check that.");
    assertThat(r.toolCalls()).extracting(ContentPart.ToolCall::id)
        .containsExactly("toolu_01", "toolu_02");
    JsonNode sent = json(server.takeRequest());
    JsonNode content = sent.get("messages").get(0).get("content");
    assertThat(content.get(1).get("source").get("type").asText()).isEqualTo("base64");
    assertThat(content.get(1).get("source").get("media_type").asText()).isEqualTo("image/jpeg");
    assertThat(content.get(1).get("source").get("data").asText()).isEqualTo("AQID");
    assertThat(content.get(2).get("source").get("type").asText()).isEqualTo("url");
    assertThat(sent.get("tools").get(0).get("input_schema").get("required").get(0).asText())
        .isEqualTo("city");
    assertThat(sent.get("tool_choice").get("type").asText()).isEqualTo("any");
    assertThat(sent.get("tool_choice").get("disable_parallel_tool_use").asBoolean()).isTrue();

    server.enqueue(AnthropicStubs.message("Paris 18, Rome 24."));
    client.chat(ask.toBuilder().message(r.message())
        .message(Message.toolResult("toolu_01", "{\"t\":18}"))
        .message(new Message(io.vectornode.Role.TOOL,
            List.of(new ContentPart.ToolResult("toolu_02", "timeout", true))))
        .toolChoice(ToolChoice.auto()).parallelToolCalls(null).build());
    JsonNode messages = json(server.takeRequest()).get("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(1).get("content").get(1).get("type").asText()).isEqualTo("tool_use");
    assertThat(messages.get(1).get("content").get(1).get("input").get("city").asText())
        .isEqualTo("Paris");
    JsonNode results = messages.get(2);
    assertThat(results.get("role").asText()).isEqualTo("user");
    assertThat(results.get("content")).hasSize(2);
    assertThat(results.get("content").get(0).get("tool_use_id").asText()).isEqualTo("toolu_01");
    assertThat(results.get("content").get(1).get("is_error").asBoolean()).isTrue();
  }

  @Test
  void chat_jsonSchema_isEmulatedWithAForcedToolAndReturnedAsText() {
    server.enqueue(AnthropicStubs.messageWith("[{\"type\":\"tool_use\",\"id\":\"toolu_9\","
        + "\"name\":\"city\",\"input\":{\"city\":\"Paris\"}}]", "tool_use",
        AnthropicStubs.usage(50, 10, 0, 0)));
    ChatResponse r = client.chat(request().user("Capital of France?")
        .responseFormat(ResponseFormat.jsonSchema("city", SCHEMA)).build());
    assertThat(r.text()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(r.toolCalls()).isEmpty();
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    JsonNode sent = json(server.takeRequest());
    assertThat(sent.get("tools").get(0).get("name").asText()).isEqualTo("city");
    assertThat(sent.get("tool_choice").get("name").asText()).isEqualTo("city");

    assertThatThrownBy(() -> client.chat(request().user("x")
        .responseFormat(ResponseFormat.jsonObject()).tool(Tool.of("t", "", "{}")).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("responseFormat");
  }

  @Test
  void chat_toolChoiceWithoutTools_isNotSent() {
    server.enqueue(AnthropicStubs.message("ok"));
    server.enqueue(AnthropicStubs.message("ok"));
    client.chat(request().user("x").toolChoice(ToolChoice.none()).build());
    client.chat(request().user("x").toolChoice(ToolChoice.auto()).parallelToolCalls(false)
        .build());
    assertThat(json(server.takeRequest()).has("tool_choice")).isFalse();
    assertThat(json(server.takeRequest()).has("tool_choice")).isFalse();
  }

  @Test
  void chat_manyStopSequences_arePassedThrough() {
    // The Messages API documents no maximum for stop_sequences.
    server.enqueue(AnthropicStubs.message("ok"));
    client.chat(request().user("x").stop("a", "b", "c", "d", "e", "f", "g").build());
    assertThat(json(server.takeRequest()).get("stop_sequences")).hasSize(7);
  }

  @Test
  void chat_temperatureAboveOne_isRejectedBeforeSending() {
    assertThatThrownBy(() -> client.chat(request().user("x").temperature(1.5).build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("temperature: anthropic accepts 0.0 to 1.0, was 1.5");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void chat_thinkingBlocks_areKeptAndSentBackWithSignatures() {
    server.enqueue(AnthropicStubs.messageWith("[{\"type\":\"thinking\",\"thinking\":"
        + "\"Let me think.\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pk\"},"
        + "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix/LafPsn4a\"},"
        + "{\"type\":\"text\",\"text\":\"42.\"}]", "end_turn",
        AnthropicStubs.usage(30, 90, 0, 0)));
    ChatResponse r = client.chat(request().user("Think").build());
    assertThat(r.message().content()).containsExactly(
        new ContentPart.Reasoning("Let me think.",
            "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pk", false),
        new ContentPart.Reasoning("EmwKAhgBEgy3va3pzix/LafPsn4a", null, true),
        new ContentPart.Text("42."));

    server.takeRequest();
    server.enqueue(AnthropicStubs.message("ok"));
    client.chat(request().user("Think").message(r.message()).user("Again").build());
    JsonNode assistant = json(server.takeRequest()).get("messages").get(1).get("content");
    assertThat(assistant.get(0).get("type").asText()).isEqualTo("thinking");
    assertThat(assistant.get(0).get("signature").asText())
        .isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pk");
    assertThat(assistant.get(1).get("type").asText()).isEqualTo("redacted_thinking");
    assertThat(assistant.get(1).get("data").asText()).isEqualTo("EmwKAhgBEgy3va3pzix/LafPsn4a");
  }

  @Test
  void chat_cacheBreakpointsAndCacheUsage_areMapped() {
    server.enqueue(AnthropicStubs.message("cached", 20, 5, 1800, 200));
    ChatResponse r = client.chat(request().system("Long instructions").user("q")
        .tool(Tool.of("t", "", "{\"type\":\"object\"}"))
        .providerOption("anthropic", "cache_breakpoints", List.of("system", "tools", "messages"))
        .build());
    assertThat(r.usage()).isEqualTo(new Usage(2020, 5, 1800, 200, 0));
    JsonNode sent = json(server.takeRequest());
    assertThat(sent.has("cache_breakpoints")).isFalse();
    assertThat(sent.get("system").get(0).get("cache_control").get("type").asText())
        .isEqualTo("ephemeral");
    assertThat(sent.get("tools").get(0).has("cache_control")).isTrue();
    assertThat(sent.get("messages").get(0).get("content").get(0).has("cache_control")).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"end_turn, STOP", "stop_sequence, STOP", "max_tokens, LENGTH",
      "tool_use, TOOL_CALLS", "pause_turn, PAUSED", "refusal, REFUSAL",
      "model_context_window_exceeded, LENGTH"})
  void chat_stopReasons_areMapped(String raw, FinishReason expected) {
    server.enqueue(AnthropicStubs.messageWith("[{\"type\":\"text\",\"text\":\"x\"}]", raw,
        AnthropicStubs.usage(1, 1, 0, 0)));
    assertThat(client.chat(request().user("x").build()).finishReason()).isEqualTo(expected);
  }

  @Test
  void stream_allEventKinds_areAssembled() {
    server.enqueue(StubReply.sse(List.of(
        AnthropicStubs.messageStart(AnthropicStubs.usage(25, 1, 100, 0)),
        AnthropicStubs.blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}"),
        AnthropicStubs.thinkingDelta(0, "Weather needs "),
        AnthropicStubs.thinkingDelta(0, "a tool."),
        AnthropicStubs.signatureDelta(0, "EqQBCgIYAhIM"),
        AnthropicStubs.blockStop(0),
        AnthropicStubs.ping(),
        AnthropicStubs.blockStart(1, "{\"type\":\"text\",\"text\":\"\"}"),
        AnthropicStubs.textDelta(1, "Checking."),
        AnthropicStubs.blockStop(1),
        AnthropicStubs.blockStart(2, "{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":"
            + "\"get_weather\",\"input\":{}}"),
        AnthropicStubs.jsonDelta(2, ""),
        AnthropicStubs.jsonDelta(2, "{\"city\": \"Pa"),
        AnthropicStubs.jsonDelta(2, "ris\"}"),
        AnthropicStubs.blockStop(2),
        AnthropicStubs.blockStart(3, "{\"type\":\"tool_use\",\"id\":\"toolu_b\",\"name\":"
            + "\"get_time\",\"input\":{}}"),
        AnthropicStubs.blockStop(3),
        AnthropicStubs.messageDelta("tool_use", "{\"output_tokens\":89}"),
        AnthropicStubs.messageStop())));
    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream s = client.stream(request().user("x").build())) {
      s.forEach(events::add);
    }
    assertThat(events).contains(
        new StreamEvent.ReasoningDelta("Weather needs "),
        new StreamEvent.TextDelta("Checking."),
        new StreamEvent.ToolCallDelta(0, "toolu_a", "get_weather", ""),
        new StreamEvent.ToolCallDelta(0, null, null, "{\"city\": \"Pa"),
        new StreamEvent.ToolCallDelta(1, "toolu_b", "get_time", ""),
        new StreamEvent.UsageUpdate(new Usage(125, 89, 100, 0, 0)));
    ChatResponse r = ((StreamEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(r.message().content()).containsExactly(
        new ContentPart.Reasoning("Weather needs a tool.", "EqQBCgIYAhIM", false),
        new ContentPart.Text("Checking."),
        new ContentPart.ToolCall("toolu_a", "get_weather", "{\"city\": \"Paris\"}"),
        new ContentPart.ToolCall("toolu_b", "get_time", "{}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(new Usage(125, 89, 100, 0, 0));
    assertThat(json(server.takeRequest()).get("stream").asBoolean()).isTrue();
  }

  @Test
  void stream_jsonSchema_streamsTheToolInputAsText() {
    server.enqueue(StubReply.sse(List.of(
        AnthropicStubs.messageStart(AnthropicStubs.usage(849, 10, 0, 0)),
        AnthropicStubs.blockStart(0, "{\"type\":\"tool_use\",\"id\":\"toolu_j\",\"name\":"
            + "\"city\",\"input\":{}}"),
        AnthropicStubs.jsonDelta(0, "{\"city\": "),
        AnthropicStubs.jsonDelta(0, "\"Paris\"}"),
        AnthropicStubs.blockStop(0),
        AnthropicStubs.messageDelta("tool_use", "{\"input_tokens\":849,"
            + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
            + "\"output_tokens\":47}"),
        AnthropicStubs.messageStop())));
    try (ChatStream s = client.stream(request().user("x")
        .responseFormat(ResponseFormat.jsonSchema("city", SCHEMA)).build())) {
      ChatResponse r = s.response();
      assertThat(r.text()).isEqualTo("{\"city\": \"Paris\"}");
      assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(r.usage()).isEqualTo(Usage.of(849, 47));
    }
  }

  @Test
  void stream_errorEventAfter200_isATypedRetryableOverload() {
    server.enqueue(StubReply.sse(List.of(
        AnthropicStubs.messageStart(AnthropicStubs.usage(10, 1, 0, 0)),
        AnthropicStubs.blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
        AnthropicStubs.textDelta(0, "Par"),
        AnthropicStubs.errorEvent("overloaded_error", "Overloaded"))));
    List<StreamEvent> seen = new ArrayList<>();
    Throwable t = catchThrowable(() -> {
      try (ChatStream s = client.stream(request().user("x").build())) {
        s.forEach(seen::add);
      }
    });
    assertThat(t).isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
      assertThat(e.retryable()).isTrue();
      assertThat(e.errorCode()).contains("overloaded_error");
    });
    assertThat(seen).contains(new StreamEvent.TextDelta("Par"));
  }

  @Test
  void stream_endingWithoutMessageStop_isAnError() {
    server.enqueue(StubReply.sse(List.of(
        AnthropicStubs.messageStart(AnthropicStubs.usage(10, 1, 0, 0)),
        AnthropicStubs.blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
        AnthropicStubs.textDelta(0, "cut"))));
    assertThatThrownBy(() -> {
      try (ChatStream s = client.stream(request().user("x").build())) {
        s.response();
      }
    }).isInstanceOfSatisfying(TransportException.class,
        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.INCOMPLETE_STREAM));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @CsvSource({
      "400, invalid_request_error, 'messages: text content blocks must be non-empty',"
          + " InvalidRequestException, false",
      "400, invalid_request_error, 'prompt is too long: 208310 tokens > 200000 maximum',"
          + " ContextLengthExceededException, false",
      "401, authentication_error, 'invalid x-api-key', AuthenticationException, false",
      "403, permission_error, 'Your API key does not have permission', PermissionDeniedException,"
          + " false",
      "404, not_found_error, 'model: claude-9', NotFoundException, false",
      "413, request_too_large, 'Request exceeds the maximum allowed number of bytes.',"
          + " InvalidRequestException, false",
      "429, rate_limit_error, 'Number of request tokens has exceeded your per-minute rate"
          + " limit', RateLimitException, true",
      "500, api_error, 'Internal server error', ServiceUnavailableException, true",
      "529, overloaded_error, 'Overloaded', ServiceUnavailableException, true"})
  void chat_errors_mapToTypedExceptions(int status, String type, String message,
      String expected, boolean retryable) {
    server.enqueue(AnthropicStubs.error(status, type, message));
    Throwable t = catchThrowable(() -> client.chat(request().user("x").build()));
    assertThat(t.getClass().getSimpleName()).isEqualTo(expected);
    ProviderException e = (ProviderException) t;
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e.errorCode()).contains(type);
    assertThat(e.requestId()).contains("req_011CSHoEeqs5C35K2UUqR7Fy");
    assertThat(e).hasMessageContaining(message);
  }

  @Test
  void chat_rateLimited_keepsRetryAfterAndAnthropicHeaders() {
    server.enqueue(AnthropicStubs.rateLimited(Duration.ofSeconds(30)));
    Throwable t = catchThrowable(() -> client.chat(request().user("x").build()));
    assertThat(t).isInstanceOfSatisfying(RateLimitException.class, e -> {
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
      assertThat(e.quotaExceeded()).isFalse();
      assertThat(e.headers())
          .containsEntry("anthropic-ratelimit-requests-remaining", "0")
          .containsEntry("anthropic-ratelimit-input-tokens-limit", "30000")
          .containsEntry("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy");
    });
  }

  @Test
  void create_missingKeyOrUnknownOption_failsNamingTheField() {
    assertThatThrownBy(() -> client(b -> b.apiKey((String) null)))
        .hasMessageContaining("providers.anthropic.apiKey")
        .hasMessageContaining("ANTHROPIC_API_KEY");
    assertThatThrownBy(() -> client(b -> b.option("cache", "system")))
        .hasMessageContaining("providers.anthropic.options.cache");
  }
}
