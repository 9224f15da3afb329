package io.vectornode.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.ImageDetail;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import io.vectornode.Usage;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.RecordedCall;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OpenAiChatTest extends OpenAiTestSupport {
  private static final String WEATHER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
          + "\"required\":[\"city\"],\"additionalProperties\":false}";

  @Test
  void chat_plainText_returnsTextUsageAndSendsBearerKey() {
    server.enqueue(OpenAiStubs.chat("Hello there!", 9, 3, 0, 0));

    ChatResponse r = client.chat("gpt-4o-mini", "Hi");

    assertThat(r.text()).isEqualTo("Hello there!");
    assertThat(r.provider()).isEqualTo("openai");
    assertThat(r.model()).isEqualTo(OpenAiStubs.MODEL);
    assertThat(r.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage()).isEqualTo(Usage.of(9, 3));
    assertThat(r.attempts()).isEqualTo(1);
    RecordedCall call = server.takeRequest();
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/v1/chat/completions");
    assertThat(call.header("Authorization")).contains("Bearer " + KEY);
    assertThat(call.header("Content-Type")).hasValueSatisfying(v -> v.startsWith("application/json"));
    JsonNode body = json(call);
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.get("messages")).hasSize(1);
    assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("user");
    assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("Hi");
    assertThat(body.has("stream")).isFalse();
  }

  @Test
  void chat_fieldsInAnyOrderWithNestedExtras_areReadLikeTheDocumentedShape() {
    // The body is read token by token: usage before choices, finish_reason before message,
    // unknown nested objects and arrays, a second choice, arguments sent as an object.
    server.enqueue(io.vectornode.testing.StubReply.json(200, """
        {"usage":{"prompt_tokens":12,"completion_tokens":7,
                  "prompt_tokens_details":{"cached_tokens":4},
                  "completion_tokens_details":{"reasoning_tokens":2}},
         "service_tier":"default","system_fingerprint":null,
         "choices":[
           {"finish_reason":"tool_calls","index":0,
            "logprobs":{"content":[{"token":"a","top_logprobs":[{"token":"b"}]}]},
            "message":{"annotations":[],"tool_calls":[
                {"type":"function","id":"call_1","function":{"arguments":{"q":"x"},"name":"find"}},
                {"id":"call_2","function":{"name":"look","arguments":"{}"}}],
              "role":"assistant","content":"Checking.","refusal":null}},
           {"index":1,"message":{"content":"ignored"}}],
         "model":"gpt-4o-mini-2024-07-18","object":"chat.completion","id":"chatcmpl-9"}
        """));
    ChatResponse r = client.chat("gpt-4o-mini", "Hi");
    assertThat(r.id()).isEqualTo("chatcmpl-9");
    assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(r.text()).isEqualTo("Checking.");
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.message().content()).containsExactly(new ContentPart.Text("Checking."),
        new ContentPart.ToolCall("call_1", "find", "{\"q\":\"x\"}"),
        new ContentPart.ToolCall("call_2", "look", "{}"));
    assertThat(r.usage()).isEqualTo(new Usage(12, 7, 4, 0, 2)); // completion includes reasoning
  }

  @Test
  void chat_providerPrefixedModel_stripsInstanceName() {
    server.enqueue(OpenAiStubs.chat("ok"));
    client.chat("openai/gpt-4o", "Hi");
    assertThat(json(server.takeRequest()).get("model").asText()).isEqualTo("gpt-4o");
  }

  @Test
  void chat_systemAndMultiTurn_sendsEveryMessageInOrder() {
    server.enqueue(OpenAiStubs.chat("Paris."));
    ChatRequest request = ChatRequest.builder().model("gpt-4o-mini")
        .system("Be brief.")
        .user("Capital of Italy?")
        .message(Message.assistant("Rome."))
        .user("And France?")
        .build();

    client.chat(request);

    JsonNode messages = json(server.takeRequest()).get("messages");
    assertThat(messages).hasSize(4);
    assertThat(messages.findValuesAsText("role"))
        .containsExactly("system", "user", "assistant", "user");
    assertThat(messages.get(0).get("content").asText()).isEqualTo("Be brief.");
    assertThat(messages.get(2).get("content").asText()).isEqualTo("Rome.");
    assertThat(messages.get(3).get("content").asText()).isEqualTo("And France?");
  }

  @Test
  void chat_imagesByUrlAndBytes_sendsImageUrlPartsWithDataUrl() {
    server.enqueue(OpenAiStubs.chat("A cat."));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    ChatRequest request = ChatRequest.builder().model("gpt-4o")
        .message(Message.user(
            new ContentPart.Text("What is this?"),
            new ContentPart.ImageUrl(URI.create("https://example.com/cat.jpg"), ImageDetail.LOW),
            new ContentPart.ImageData(png, "image/png")))
        .build();

    client.chat(request);

    JsonNode content = json(server.takeRequest()).get("messages").get(0).get("content");
    assertThat(content).hasSize(3);
    assertThat(content.get(0).get("type").asText()).isEqualTo("text");
    assertThat(content.get(1).get("type").asText()).isEqualTo("image_url");
    assertThat(content.get(1).get("image_url").get("url").asText())
        .isEqualTo("https://example.com/cat.jpg");
    assertThat(content.get(1).get("image_url").get("detail").asText()).isEqualTo("low");
    assertThat(content.get(2).get("image_url").get("url").asText())
        .isEqualTo("data:image/png;base64,iVBORwECAw==");
    assertThat(content.get(2).get("image_url").has("detail")).isFalse();
  }

  @Test
  void chat_toolsAndParallelCalls_roundTrip() {
    server.enqueue(OpenAiStubs.toolCalls(
        new ContentPart.ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
        new ContentPart.ToolCall("call_b", "get_weather", "{\"city\":\"Rome\"}")));
    Tool weather = new Tool("get_weather", "Current weather", WEATHER_SCHEMA, true);
    ChatRequest request = ChatRequest.builder().model("gpt-4o").user("Weather in Paris and Rome?")
        .tool(weather).toolChoice(ToolChoice.required()).parallelToolCalls(true).build();

    ChatResponse r = client.chat(request);

    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.toolCalls()).containsExactly(
        new ContentPart.ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
        new ContentPart.ToolCall("call_b", "get_weather", "{\"city\":\"Rome\"}"));
    JsonNode sent = json(server.takeRequest());
    JsonNode fn = sent.get("tools").get(0).get("function");
    assertThat(sent.get("tools").get(0).get("type").asText()).isEqualTo("function");
    assertThat(fn.get("name").asText()).isEqualTo("get_weather");
    assertThat(fn.get("description").asText()).isEqualTo("Current weather");
    assertThat(fn.get("parameters").get("required").get(0).asText()).isEqualTo("city");
    assertThat(fn.get("strict").asBoolean()).isTrue();
    assertThat(sent.get("tool_choice").asText()).isEqualTo("required");
    assertThat(sent.get("parallel_tool_calls").asBoolean()).isTrue();

    // Second turn: the assistant's calls and both results go back.
    server.enqueue(OpenAiStubs.chat("Paris 18C, Rome 24C."));
    ChatRequest next = request.toBuilder()
        .message(r.message())
        .message(Message.toolResult("call_a", "{\"temp\":18}"))
        .message(Message.toolResult("call_b", "{\"temp\":24}"))
        .toolChoice(ToolChoice.tool("get_weather"))
        .build();
    assertThat(client.chat(next).text()).isEqualTo("Paris 18C, Rome 24C.");
    JsonNode messages = json(server.takeRequest()).get("messages");
    assertThat(messages).hasSize(4);
    JsonNode assistant = messages.get(1);
    assertThat(assistant.get("content").isNull()).isTrue();
    assertThat(assistant.get("tool_calls")).hasSize(2);
    assertThat(assistant.get("tool_calls").get(1).get("id").asText()).isEqualTo("call_b");
    assertThat(assistant.get("tool_calls").get(1).get("function").get("arguments").asText())
        .isEqualTo("{\"city\":\"Rome\"}");
    assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
    assertThat(messages.get(2).get("tool_call_id").asText()).isEqualTo("call_a");
    assertThat(messages.get(3).get("content").asText()).isEqualTo("{\"temp\":24}");
  }

  @Test
  void chat_specificToolChoice_sendsFunctionObject() {
    server.enqueue(OpenAiStubs.chat("ok"));
    client.chat(ChatRequest.builder().model("m").user("x")
        .tool(Tool.of("lookup", "", "{\"type\":\"object\"}"))
        .toolChoice(ToolChoice.tool("lookup")).build());
    JsonNode sent = json(server.takeRequest());
    assertThat(sent.get("tool_choice").get("function").get("name").asText()).isEqualTo("lookup");
    assertThat(sent.get("tools").get(0).get("function").has("description")).isFalse();
    assertThat(sent.get("tools").get(0).get("function").has("strict")).isFalse();
    assertThat(sent.has("parallel_tool_calls")).isFalse();
  }

  @Test
  void chat_toolParametersNotJson_failsNamingTheFieldBeforeSending() {
    ChatRequest request = ChatRequest.builder().model("m").user("x")
        .tool(Tool.of("broken", "", "{\"type\": obj}")).build();
    assertThatThrownBy(() -> client.chat(request))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("tools[0].parameters");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void chat_responseFormats_areSentAsDocumented() {
    server.enqueue(OpenAiStubs.chat("{\"a\":1}"));
    server.enqueue(OpenAiStubs.chat("{\"city\":\"Paris\"}"));
    client.chat(ChatRequest.builder().model("m").user("JSON please")
        .responseFormat(ResponseFormat.jsonObject()).build());
    client.chat(ChatRequest.builder().model("m").user("x")
        .responseFormat(ResponseFormat.jsonSchema("weather", WEATHER_SCHEMA)).build());

    assertThat(json(server.takeRequest()).get("response_format").get("type").asText())
        .isEqualTo("json_object");
    JsonNode rf = json(server.takeRequest()).get("response_format");
    assertThat(rf.get("type").asText()).isEqualTo("json_schema");
    assertThat(rf.get("json_schema").get("name").asText()).isEqualTo("weather");
    assertThat(rf.get("json_schema").get("strict").asBoolean()).isTrue();
    assertThat(rf.get("json_schema").get("schema").get("properties").has("city")).isTrue();
  }

  @Test
  void chat_samplingParameters_areSentUnderOpenAiNames() {
    server.enqueue(OpenAiStubs.chat("ok"));
    client.chat(ChatRequest.builder().model("m").user("x").temperature(0.2).topP(0.9)
        .maxOutputTokens(256).stop("END", "STOP").seed(42L).build());
    JsonNode sent = json(server.takeRequest());
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(256);
    assertThat(sent.has("max_tokens")).isFalse();
    assertThat(sent.get("stop").get(1).asText()).isEqualTo("STOP");
    assertThat(sent.get("seed").asLong()).isEqualTo(42L);
  }

  @Test
  void chat_providerOptions_areMergedOnlyForThisProvider() {
    server.enqueue(OpenAiStubs.chat("ok"));
    client.chat(ChatRequest.builder().model("o3-mini").user("x")
        .providerOption("openai", "reasoning_effort", "low")
        .providerOption("anthropic", "top_k", 5)
        .providerOption("openai", "temperature", 1)
        .temperature(0.5)
        .build());
    JsonNode sent = json(server.takeRequest());
    assertThat(sent.get("reasoning_effort").asText()).isEqualTo("low");
    assertThat(sent.has("top_k")).isFalse();
    assertThat(sent.findValues("temperature")).hasSize(1);
    assertThat(sent.get("temperature").asInt()).isEqualTo(1);
  }

  @Test
  void chat_usageWithCachedAndReasoningTokens_isNormalized() {
    server.enqueue(OpenAiStubs.chat("42", 2006, 300, 1920, 192));
    ChatResponse r = client.chat("o3-mini", "x");
    assertThat(r.usage()).isEqualTo(new Usage(2006, 300, 1920, 0, 192));
    assertThat(listener.singleEnd().usage()).isEqualTo(r.usage());
  }

  @ParameterizedTest
  @CsvSource({
      "stop, STOP", "length, LENGTH", "tool_calls, TOOL_CALLS", "function_call, TOOL_CALLS",
      "something_new, OTHER"})
  void chat_finishReasons_areMapped(String raw, FinishReason expected) {
    server.enqueue(OpenAiStubs.completion(
        "{\"role\":\"assistant\",\"content\":\"x\"}", raw, OpenAiStubs.usage(1, 1, 0, 0)));
    assertThat(client.chat("m", "x").finishReason()).isEqualTo(expected);
  }

  @Test
  void chat_contentFilterFinish_throwsContentFilteredWithPartialText() {
    server.enqueue(OpenAiStubs.completion(
        "{\"role\":\"assistant\",\"content\":\"Here is how to\"}", "content_filter",
        OpenAiStubs.usage(10, 4, 0, 0)));
    assertThatThrownBy(() -> client.chat("m", "x"))
        .isInstanceOfSatisfying(ContentFilteredException.class, e -> {
          assertThat(e.partialText()).contains("Here is how to");
          assertThat(e.retryable()).isFalse();
          assertThat(e.requestId()).contains("req_stub_7b3b3c1e2a");
        });
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  @Test
  void chat_refusal_isReturnedAsTextWithRefusalReason() {
    server.enqueue(OpenAiStubs.completion(
        "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"}",
        "stop", OpenAiStubs.usage(10, 6, 0, 0)));
    ChatResponse r = client.chat("m", "x");
    assertThat(r.finishReason()).isEqualTo(FinishReason.REFUSAL);
    assertThat(r.text()).isEqualTo("I can't help with that.");
  }

  @Test
  void chat_organizationProjectAndExtraHeaders_areSent() {
    client = client(b -> b.option("organization", "org-123").option("project", "proj_456")
        .header("X-Team", "search"));
    server.enqueue(OpenAiStubs.chat("ok"));
    client.chat("m", "x");
    RecordedCall call = server.takeRequest();
    assertThat(call.header("OpenAI-Organization")).contains("org-123");
    assertThat(call.header("OpenAI-Project")).contains("proj_456");
    assertThat(call.header("X-Team")).contains("search");
  }

  @Test
  void chatAsync_completesWithResponseAndReportsToListener() throws Exception {
    server.enqueue(OpenAiStubs.chat("async hello"));
    CompletableFuture<ChatResponse> f = client.chatAsync(
        ChatRequest.builder().model("m").user("x").tag("team", "search").build());
    assertThat(f.get().text()).isEqualTo("async hello");
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(listener.singleEnd().tags()).isEqualTo(Map.of("team", "search"));
    assertThat(listener.starts()).hasSize(1);
    assertThat(listener.attempts()).hasSize(1);
  }

  @Test
  void create_unknownOptionOrMissingKey_failsNamingTheField() {
    assertThatThrownBy(() -> client(b -> b.option("organisation", "x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.openai.options.organisation")
        .hasMessageContaining("organization");
    assertThatThrownBy(() -> client(b -> b.apiKey((String) null)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.openai.apiKey")
        .hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void chat_noModelAnywhere_failsBeforeSending() {
    assertThatThrownBy(() -> client.chat(ChatRequest.builder().user("x").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("model");
    assertThat(server.requestCount()).isZero();
    client = client(b -> b.defaultModel("gpt-4o-mini"));
    server.enqueue(OpenAiStubs.chat("ok"));
    client.chat(ChatRequest.builder().user("x").build());
    assertThat(json(server.takeRequest()).get("model").asText()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void chat_baseUrlWithTrailingSlash_postsToChatCompletions() {
    client = client(b -> b.baseUrl(server.baseUrl() + "/"));
    server.enqueue(OpenAiStubs.chat("ok"));
    client.chat("m", "x");
    assertThat(server.takeRequest().path()).isEqualTo("/v1/chat/completions");
  }
}
