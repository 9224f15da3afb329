package io.vectornode.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ContentPart;
import io.vectornode.testing.OpenAiStubs;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.util.MimeTypeUtils;

/** What each Spring AI prompt field becomes on the wire, through VectorNode's router. */
class ChatModelMappingTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  private final RoutedStubs stubs = new RoutedStubs();
  private final VectorNodeChatModel model =
      VectorNodeChatModel.builder().client(stubs.client).task("support").build();

  @AfterEach
  void close() {
    stubs.close();
  }

  private static ToolCallback lookup() {
    ToolDefinition definition = ToolDefinition.builder().name("lookup")
        .description("Finds a product by SKU")
        .inputSchema("{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\"}},"
            + "\"required\":[\"sku\"]}")
        .build();
    return new ToolCallback() {
      @Override
      public ToolDefinition getToolDefinition() {
        return definition;
      }

      @Override
      public String call(String toolInput) {
        return "{\"name\":\"anvil\"}";
      }
    };
  }

  @Test
  void everyMessageKindAndOption_reachesTheWire() {
    stubs.primary.enqueue(OpenAiStubs.toolCalls(
        new ContentPart.ToolCall("call_2", "lookup", "{\"sku\":\"K-9\"}")));
    Prompt prompt = new Prompt(List.of(
        new SystemMessage("Be brief."),
        UserMessage.builder().text("What is in these?").media(
            new Media(MimeTypeUtils.IMAGE_PNG, URI.create("https://example.com/a.png")),
            Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(PNG).build()).build(),
        AssistantMessage.builder().content("").toolCalls(List.of(new AssistantMessage.ToolCall(
            "call_1", "function", "lookup", "{\"sku\":\"A-1\"}"))).build(),
        ToolResponseMessage.builder().responses(List.of(new ToolResponseMessage.ToolResponse(
            "call_1", "lookup", "{\"name\":\"anvil\"}"))).build(),
        new UserMessage("And K-9?")),
        VectorNodeChatOptions.builder().topP(0.9).maxTokens(50).stopSequences(List.of("END"))
            .toolCallbacks(lookup()).toolChoice("lookup").parallelToolCalls(false).seed(42L)
            .providerOption("openai", "user", "u-1").tag("feature", "catalog").build());

    ChatResponse response = model.call(prompt);

    AssistantMessage out = response.getResult().getOutput();
    assertThat(out.getToolCalls()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo("call_2");
      assertThat(c.name()).isEqualTo("lookup");
      assertThat(c.arguments()).isEqualTo("{\"sku\":\"K-9\"}");
    });
    assertThat(response.hasToolCalls()).isTrue();
    assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("TOOL_CALLS");
    JsonNode sent = RoutedStubs.parse(stubs.primary.takeRequest());
    JsonNode m = sent.get("messages");
    assertThat(m.at("/0/content").asText()).isEqualTo("Be brief.");
    assertThat(m.at("/1/content/0/text").asText()).isEqualTo("What is in these?");
    assertThat(m.at("/1/content/1/image_url/url").asText()).isEqualTo("https://example.com/a.png");
    assertThat(m.at("/1/content/2/image_url/url").asText())
        .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
    assertThat(m.at("/2/content").isNull()).isTrue();
    assertThat(m.at("/2/tool_calls/0/id").asText()).isEqualTo("call_1");
    assertThat(m.at("/3/role").asText()).isEqualTo("tool");
    assertThat(m.at("/3/tool_call_id").asText()).isEqualTo("call_1");
    assertThat(m.at("/4/content").asText()).isEqualTo("And K-9?");
    assertThat(sent.at("/tools/0/function/name").asText()).isEqualTo("lookup");
    assertThat(sent.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("sku");
    assertThat(sent.at("/tool_choice/function/name").asText()).isEqualTo("lookup");
    assertThat(sent.get("parallel_tool_calls").asBoolean(true)).isFalse();
    assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(50);
    assertThat(sent.at("/stop/0").asText()).isEqualTo("END");
    assertThat(sent.get("seed").asLong()).isEqualTo(42);
    assertThat(sent.get("user").asText()).isEqualTo("u-1");
    assertThat(stubs.listener.singleEnd().tags()).containsEntry("feature", "catalog");
  }

  @Test
  void aPlainChatOptionsPrompt_overridesTheDefaults_andItsModelWinsOverTheDefaultTask() {
    stubs.backup.enqueue(OpenAiStubs.chat("from the spare"));
    VectorNodeChatModel withDefaults = VectorNodeChatModel.builder().client(stubs.client)
        .task("support").defaultOptions(VectorNodeChatOptions.builder().temperature(0.9)
            .maxTokens(30).tag("team", "t1").build()).build();

    ChatResponse r = withDefaults.call(new Prompt("hi",
        ChatOptions.builder().model("spare").temperature(0.1).build()));

    assertThat(r.getResult().getOutput().getText()).isEqualTo("from the spare");
    assertThat(VectorNodeMetadata.provider(r)).contains("backup");
    assertThat(stubs.primary.requestCount()).isZero();
    JsonNode sent = RoutedStubs.parse(stubs.backup.takeRequest());
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.1);
    assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(30);
    assertThat(stubs.listener.singleEnd().tags()).containsEntry("team", "t1");
  }

  @Test
  void whatVectorNodeCannotSend_failsBeforeAnyRequest() {
    Throwable topK = catchThrowable(() ->
        model.call(new Prompt("hi", ChatOptions.builder().topK(5).build())));
    Throwable pdf = catchThrowable(() -> model.call(new Prompt(UserMessage.builder().text("read")
        .media(new Media(MimeTypeUtils.parseMimeType("application/pdf"),
            URI.create("https://example.com/a.pdf"))).build())));

    assertThat(topK).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topK").hasMessageContaining("providerOption");
    assertThat(pdf).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("application/pdf");
    assertThat(stubs.primary.requestCount() + stubs.backup.requestCount()).isZero();
  }

  @Test
  void options_mutateAndCombine_keepVectorNodesValues() {
    VectorNodeChatOptions base = VectorNodeChatOptions.builder().task("a").tag("x", "1")
        .seed(1L).temperature(0.5).build();

    VectorNodeChatOptions combined = base.mutate()
        .combineWith(VectorNodeChatOptions.builder().tag("y", "2").toolChoice("none"))
        .outputSchema("{\"type\":\"object\"}").build();

    assertThat(base.mutate().build()).isEqualTo(base);
    assertThat(combined.getTask()).isEqualTo("a");
    assertThat(combined.getTags()).containsEntry("x", "1").containsEntry("y", "2");
    assertThat(combined.getToolChoice()).isEqualTo("none");
    assertThat(combined.getSeed()).isEqualTo(1L);
    assertThat(combined.getTemperature()).isEqualTo(0.5);
    assertThat(combined.getOutputSchema()).isEqualTo("{\"type\":\"object\"}");
  }

  @org.junit.jupiter.api.Test
  void toolHistoryWithoutIds_isPairedByTheToolsName() {
    io.vectornode.Message call = Prompts.message(AssistantMessage.builder().content("")
        .toolCalls(List.of(new AssistantMessage.ToolCall("", "function", "lookup", "{}")))
        .build());
    io.vectornode.Message result = Prompts.message(ToolResponseMessage.builder()
        .responses(List.of(new ToolResponseMessage.ToolResponse("", "lookup", "42"))).build());
    org.assertj.core.api.Assertions.assertThat(call.content()).singleElement()
        .isEqualTo(new ContentPart.ToolCall("lookup", "lookup", "{}"));
    org.assertj.core.api.Assertions.assertThat(result.content()).singleElement()
        .isEqualTo(new ContentPart.ToolResult("lookup", "42", false));
  }
}
