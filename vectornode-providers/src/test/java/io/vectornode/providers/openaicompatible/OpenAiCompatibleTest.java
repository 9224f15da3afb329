package io.vectornode.providers.openaicompatible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.StubReply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Servers that speak Chat Completions loosely: Ollama, vLLM, llama.cpp, LM Studio, Groq... */
class OpenAiCompatibleTest {
  private ProviderStubServer server;
  private ProviderContext context;
  private ModelClient client;

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
    context = ProviderContext.create();
    client = ProviderRegistry.load().create(ProviderConfig.builder("local")
        .type("openai-compatible").baseUrl(server.baseUrl()).build(), context);
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  @Test
  void chat_moreStopSequencesThanOpenAiAllows_arePassedThrough() throws Exception {
    // OpenAI's limit of 4 is its own; compatible servers document theirs.
    server.enqueue(StubReply.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\","
        + "\"model\":\"llama3.2\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
        + "\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}"));
    client.chat(ChatRequest.builder().model("local/llama3.2").user("x")
        .stop("a", "b", "c", "d", "e", "f").build());
    String body = server.takeRequest().body();
    assertThat(body).contains("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]");
  }

  @Test
  void chat_withoutKey_sendsNoAuthorizationAndUsesMaxTokens() throws Exception {
    server.enqueue(StubReply.json(200, "{\"id\":\"chatcmpl-719\",\"object\":\"chat.completion\","
        + "\"created\":1731000000,\"model\":\"llama3.2\",\"system_fingerprint\":\"fp_ollama\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":26,\"completion_tokens\":3,"
        + "\"total_tokens\":29}}"));

    ChatResponse r = client.chat(ChatRequest.builder().model("local/llama3.2").user("hello")
        .maxOutputTokens(64).build());

    assertThat(r.text()).isEqualTo("Hi!");
    assertThat(r.provider()).isEqualTo("local");
    assertThat(r.usage()).isEqualTo(Usage.of(26, 3));
    RecordedCall call = server.takeRequest();
    assertThat(call.header("Authorization")).isEmpty();
    var body = new ObjectMapper().readTree(call.body());
    assertThat(body.get("model").asText()).isEqualTo("llama3.2");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
    assertThat(body.has("max_completion_tokens")).isFalse();
  }

  @Test
  void chat_missingIdUsageAndFinishReason_areTolerated() {
    server.enqueue(StubReply.json(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\","
        + "\"content\":\"bare\"},\"finish_reason\":null,\"x_extra\":{\"a\":1}}],"
        + "\"timings\":{\"predicted_ms\":12.5}}"));
    ChatResponse r = client.chat("llama", "x");
    assertThat(r.text()).isEqualTo("bare");
    assertThat(r.id()).startsWith("vn-");
    assertThat(r.model()).isEqualTo("llama");
    assertThat(r.usage()).isEqualTo(Usage.ZERO);
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void chat_toolCallsWithoutIdsOrFinishReason_areAssembled() {
    server.enqueue(StubReply.json(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\","
        + "\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_time\","
        + "\"arguments\":{\"tz\":\"UTC\"}}}]}}]}"));
    ChatResponse r = client.chat("llama", "x");
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.toolCalls()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("get_time");
      assertThat(c.arguments()).isEqualTo("{\"tz\":\"UTC\"}");
      assertThat(c.id()).startsWith("vn-");
    });
  }

  @Test
  void stream_withoutUsageIndexesOrIds_isAssembled() {
    // llama.cpp / older vLLM style: no usage chunk, tool-call deltas without "index".
    server.enqueue(StubReply.sse(List.of(
        "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}],\"created\":1}",
        "data: {\"choices\":[{\"delta\":{\"content\":\"Checking\"},\"finish_reason\":null}]}",
        "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\"}}]}}]}",
        "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":"
            + "\"\\\"x\\\"}\"}}]}}]}",
        "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"call_2\",\"type\":\"function\","
            + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{}\"}}]}}]}",
        "data: {\"choices\":[{\"delta\":{},\"finish_reason\":null}]}",
        "data: [DONE]")));
    List<StreamEvent> events = new ArrayList<>();
    try (var s = client.stream(ChatRequest.builder().model("qwen").user("x").build())) {
      s.forEach(events::add);
    }
    ChatResponse r = ((StreamEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(r.text()).isEqualTo("Checking");
    assertThat(r.toolCalls()).containsExactly(
        new ContentPart.ToolCall("call_1", "lookup", "{\"q\":\"x\"}"),
        new ContentPart.ToolCall("call_2", "lookup", "{}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(Usage.ZERO);
    assertThat(events).noneMatch(e -> e instanceof StreamEvent.UsageUpdate);
  }

  @Test
  void stream_groqStyleUsageInsideFinishChunk_isRead() {
    server.enqueue(StubReply.sse(List.of(
        "data: {\"id\":\"chatcmpl-b6\",\"object\":\"chat.completion.chunk\",\"model\":"
            + "\"llama-3.3-70b-versatile\",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
            + "\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}",
        "data: {\"id\":\"chatcmpl-b6\",\"object\":\"chat.completion.chunk\",\"choices\":[{"
            + "\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"x_groq\":{\"id\":\"req_01\","
            + "\"usage\":{\"prompt_tokens\":210}},\"usage\":{\"queue_time\":0.04,"
            + "\"prompt_tokens\":210,\"completion_tokens\":15,\"total_tokens\":225}}",
        "data: [DONE]")));
    try (var s = client.stream(ChatRequest.builder().model("llama").user("x").build())) {
      ChatResponse r = s.response();
      assertThat(r.usage()).isEqualTo(Usage.of(210, 15));
      assertThat(r.model()).isEqualTo("llama-3.3-70b-versatile");
    }
  }

  @Test
  void stream_vllmStyleErrorObjectInStream_isTyped() {
    server.enqueue(StubReply.sse(List.of(
        "data: {\"object\":\"error\",\"message\":\"This model's maximum context length is 4096"
            + " tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}",
        "data: [DONE]")));
    assertThatThrownBy(() -> {
      try (var s = client.stream(ChatRequest.builder().model("m").user("x").build())) {
        s.response();
      }
    }).isInstanceOf(io.vectornode.error.ContextLengthExceededException.class);
  }

  @Test
  void chat_deepSeekCacheHitTokens_countAsCached() {
    server.enqueue(StubReply.json(200, "{\"id\":\"x\",\"model\":\"deepseek-chat\",\"choices\":[{"
        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":"
        + "\"stop\"}],\"usage\":{\"prompt_tokens\":339,\"completion_tokens\":83,\"total_tokens\":"
        + "422,\"prompt_cache_hit_tokens\":320,\"prompt_cache_miss_tokens\":19}}"));
    assertThat(client.chat("deepseek-chat", "x").usage())
        .isEqualTo(new Usage(339, 83, 320, 0, 0));
  }

  @Test
  void create_withoutBaseUrl_failsNamingTheField() {
    assertThatThrownBy(() -> ProviderRegistry.load().create(
        ProviderConfig.builder("local").type("openai-compatible").build(), context))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.local.baseUrl");
  }
}
