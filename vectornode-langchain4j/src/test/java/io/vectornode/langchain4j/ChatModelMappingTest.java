package io.vectornode.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.vectornode.ContentPart;
import io.vectornode.testing.OpenAiStubs;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each LangChain4j request field becomes on the wire, through VectorNode's router. */
class ChatModelMappingTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  private final RoutedStubs stubs = new RoutedStubs();
  private final VectorNodeChatModel model =
      VectorNodeChatModel.builder().client(stubs.client).task("support").build();

  @AfterEach
  void close() {
    stubs.close();
  }

  @Test
  void everyMessageKindAndParameter_reachesTheWire() {
    stubs.primary.enqueue(OpenAiStubs.toolCalls(
        new ContentPart.ToolCall("call_2", "lookup", "{\"sku\":\"K-9\"}")));
    ToolSpecification lookup = ToolSpecification.builder().name("lookup")
        .description("Finds a product \"by SKU\"")
        .parameters(JsonObjectSchema.builder()
            .addStringProperty("sku", "the SKU")
            .addEnumProperty("region", List.of("eu", "us"))
            .addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema()).build())
            .required("sku").additionalProperties(false).build())
        .build();
    ChatRequest request = ChatRequest.builder()
        .messages(
            SystemMessage.from("Be brief."),
            UserMessage.from(TextContent.from("What is in these?"),
                ImageContent.from("https://example.com/a.png", ImageContent.DetailLevel.HIGH),
                ImageContent.from(Base64.getEncoder().encodeToString(PNG), "image/png")),
            AiMessage.from(ToolExecutionRequest.builder().id("call_1").name("lookup")
                .arguments("{\"sku\":\"A-1\"}").build()),
            ToolExecutionResultMessage.builder().id("call_1").toolName("lookup")
                .text("{\"name\":\"anvil\"}").isError(false).build(),
            UserMessage.from("And K-9?"))
        .parameters(VectorNodeChatRequestParameters.builder()
            .topP(0.9).maxOutputTokens(50).toolSpecifications(lookup)
            .toolChoice(ToolChoice.REQUIRED).responseFormat(ResponseFormat.JSON)
            .seed(42L).parallelToolCalls(false).providerOption("openai", "user", "u-1")
            .tag("feature", "catalog").build())
        .build();

    ChatResponse response = model.chat(request);

    assertThat(response.aiMessage().text()).isNull();
    assertThat(response.aiMessage().toolExecutionRequests()).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo("call_2");
      assertThat(r.name()).isEqualTo("lookup");
      assertThat(r.arguments()).isEqualTo("{\"sku\":\"K-9\"}");
    });
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    JsonNode sent = RoutedStubs.parse(stubs.primary.takeRequest());
    JsonNode m = sent.get("messages");
    assertThat(m.at("/0/role").asText()).isEqualTo("system");
    assertThat(m.at("/1/content/0/text").asText()).isEqualTo("What is in these?");
    assertThat(m.at("/1/content/1/image_url/url").asText()).isEqualTo("https://example.com/a.png");
    assertThat(m.at("/1/content/1/image_url/detail").asText()).isEqualTo("high");
    assertThat(m.at("/1/content/2/image_url/url").asText())
        .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
    assertThat(m.at("/2/content").isNull()).isTrue();
    assertThat(m.at("/2/tool_calls/0/id").asText()).isEqualTo("call_1");
    assertThat(m.at("/3/tool_call_id").asText()).isEqualTo("call_1");
    assertThat(m.at("/3/content").asText()).isEqualTo("{\"name\":\"anvil\"}");
    assertThat(m.at("/4/content").asText()).isEqualTo("And K-9?");
    JsonNode fn = sent.at("/tools/0/function");
    assertThat(fn.get("description").asText()).isEqualTo("Finds a product \"by SKU\"");
    assertThat(fn.at("/parameters/properties/region/enum/1").asText()).isEqualTo("us");
    assertThat(fn.at("/parameters/properties/tags/items/type").asText()).isEqualTo("string");
    assertThat(fn.at("/parameters/additionalProperties").asBoolean(true)).isFalse();
    assertThat(fn.has("strict")).isFalse(); // strictTools defaults to false
    assertThat(sent.get("tool_choice").asText()).isEqualTo("required");
    assertThat(sent.get("parallel_tool_calls").asBoolean(true)).isFalse();
    assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_object");
    assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(50);
    assertThat(sent.get("seed").asLong()).isEqualTo(42);
    assertThat(sent.get("user").asText()).isEqualTo("u-1");
    assertThat(stubs.listener.singleEnd().tags()).containsEntry("feature", "catalog");
  }

  @Test
  void aModelNamedOnTheRequest_winsOverTheDefaultTask() {
    stubs.backup.enqueue(OpenAiStubs.chat("from the spare"));

    ChatResponse r = model.chat(ChatRequest.builder().messages(UserMessage.from("hi"))
        .modelName("spare").build());

    assertThat(r.aiMessage().text()).isEqualTo("from the spare");
    assertThat(stubs.primary.requestCount()).isZero();
    assertThat(VectorNodeChatResponseMetadata.of(r).orElseThrow().provider()).isEqualTo("backup");
  }

  @Test
  void strictFlags_areSentWhenTheBuilderAsks() {
    stubs.primary.enqueue(OpenAiStubs.chat("{\"a\":\"x\"}"));
    VectorNodeChatModel strict = VectorNodeChatModel.builder().client(stubs.client)
        .model("main").strictTools(true).strictJsonSchema(true).build();

    strict.chat(ChatRequest.builder().messages(UserMessage.from("json please"))
        .toolSpecifications(ToolSpecification.builder().name("t").build())
        .responseFormat(ResponseFormat.builder().type(dev.langchain4j.model.chat.request
            .ResponseFormatType.JSON).jsonSchema(dev.langchain4j.model.chat.request.json
            .JsonSchema.builder().name("My Answer!").rootElement(JsonObjectSchema.builder()
                .addStringProperty("a").build()).build()).build())
        .build());

    JsonNode sent = RoutedStubs.parse(stubs.primary.takeRequest());
    assertThat(sent.at("/tools/0/function/strict").asBoolean()).isTrue();
    assertThat(sent.at("/tools/0/function/parameters/type").asText()).isEqualTo("object");
    assertThat(sent.at("/response_format/json_schema/strict").asBoolean()).isTrue();
    assertThat(sent.at("/response_format/json_schema/name").asText()).isEqualTo("My_Answer_");
  }

  @Test
  void whatVectorNodeCannotSend_failsBeforeAnyRequest() {
    Throwable topK = catchThrowable(() -> model.chat(ChatRequest.builder()
        .messages(UserMessage.from("hi")).topK(5).build()));
    Throwable penalty = catchThrowable(() -> model.chat(ChatRequest.builder()
        .messages(UserMessage.from("hi")).frequencyPenalty(0.5).build()));
    Throwable audio = catchThrowable(() -> model.chat(ChatRequest.builder()
        .messages(UserMessage.from(AudioContent.from("https://example.com/a.mp3"))).build()));

    assertThat(topK).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("topK").hasMessageContaining("providerOption");
    assertThat(penalty).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("frequencyPenalty");
    assertThat(audio).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("AUDIO");
    assertThat(stubs.primary.requestCount() + stubs.backup.requestCount()).isZero();
  }

  @Test
  void builder_refusesAModelAndATaskTogether_namingThePreviousValue() {
    Throwable t = catchThrowable(() -> VectorNodeChatModel.builder().task("support").model("x"));

    assertThat(t).isInstanceOf(IllegalStateException.class)
        .hasMessage("model: cannot be set with a task (task was 'support')");
  }
}
