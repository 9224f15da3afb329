package io.vectornode.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.ImageDetail;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.ResponsesStubs;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Responses API request bodies, checked against OpenAI's API reference ({@code CreateResponse}:
 * {@code instructions}, {@code input} items, flat function tools, {@code text.format}, {@code
 * store}, {@code include}, {@code reasoning}), and which API each mode picks.
 */
class ResponsesRequestTest extends OpenAiTestSupport {
  private static final String PARAMS = "{\"type\":\"object\",\"properties\":{\"city\":"
      + "{\"type\":\"string\"}},\"required\":[\"city\"]}";

  private JsonNode send(ChatRequest request) {
    client.close();
    client = client(b -> b.option("api", "responses"));
    server.enqueue(ResponsesStubs.text("ok"));
    client.chat(request);
    RecordedCall call = server.takeRequest();
    assertThat(call.path()).isEqualTo("/v1/responses");
    return json(call);
  }

  @Test
  void systemAndTurns_becomeInstructionsAndInputItems() {
    JsonNode body = send(ChatRequest.builder().model("gpt-5-mini").system("Be terse.")
        .system("Answer in French.").user("Capital of Italy?")
        .message(Message.assistant("Rome.")).user("And France?").build());

    assertThat(body.get("model").asText()).isEqualTo("gpt-5-mini");
    assertThat(body.get("instructions").asText()).isEqualTo("Be terse.\n\nAnswer in French.");
    assertThat(body.has("messages")).isFalse();
    JsonNode input = body.get("input");
    assertThat(input).hasSize(3);
    assertThat(input.get(0).toString()).isEqualTo("{\"type\":\"message\",\"role\":\"user\","
        + "\"content\":[{\"type\":\"input_text\",\"text\":\"Capital of Italy?\"}]}");
    assertThat(input.get(1).toString()).isEqualTo(
        "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Rome.\"}");
    assertThat(input.get(2).get("content").get(0).get("text").asText()).isEqualTo("And France?");
  }

  @Test
  void storeIsFalse_andReasoningModelsAskForEncryptedReasoning() {
    JsonNode body = send(ChatRequest.builder().model("gpt-5-mini").user("x").build());
    assertThat(body.get("store").asBoolean(true)).isFalse();
    assertThat(body.get("include").toString()).isEqualTo("[\"reasoning.encrypted_content\"]");
    assertThat(body.has("reasoning")).isFalse(); // no effort configured: the model's default
    assertThat(body.has("stream")).isFalse();
  }

  @Test
  void nonReasoningModel_getsNoInclude() {
    // OpenAI answers 400 to reasoning.encrypted_content for models that do not reason.
    JsonNode body = send(ChatRequest.builder().model("gpt-4.1").user("x").build());
    assertThat(body.get("store").asBoolean(true)).isFalse();
    assertThat(body.has("include")).isFalse();
  }

  @Test
  void images_areInputImagesWithTheirDetail() {
    JsonNode body = send(ChatRequest.builder().model("gpt-5").message(Message.user(
        new ContentPart.Text("What is it?"),
        new ContentPart.ImageUrl(URI.create("https://example.com/a.png"), ImageDetail.LOW),
        new ContentPart.ImageData(new byte[] {1, 2, 3}, "image/png"))).build());
    JsonNode content = body.get("input").get(0).get("content");
    assertThat(content.get(1).toString()).isEqualTo("{\"type\":\"input_image\","
        + "\"image_url\":\"https://example.com/a.png\",\"detail\":\"low\"}");
    assertThat(content.get(2).get("image_url").asText()).isEqualTo("data:image/png;base64,AQID");
    assertThat(content.get(2).get("detail").asText()).isEqualTo("auto");
  }

  @Test
  void tools_areFlatWithStrict_andToolChoiceNamesTheFunction() {
    JsonNode body = send(ChatRequest.builder().model("gpt-5").user("x")
        .tool(new Tool("get_weather", "Current weather", PARAMS, true))
        .toolChoice(ToolChoice.tool("get_weather")).parallelToolCalls(false).build());
    JsonNode tool = body.get("tools").get(0);
    assertThat(tool.get("type").asText()).isEqualTo("function");
    assertThat(tool.get("name").asText()).isEqualTo("get_weather");
    assertThat(tool.get("description").asText()).isEqualTo("Current weather");
    assertThat(tool.has("function")).isFalse();
    assertThat(tool.get("strict").asBoolean()).isTrue();
    // strict mode completed the schema, as on the chat path
    assertThat(tool.get("parameters").get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(body.get("tool_choice").toString())
        .isEqualTo("{\"type\":\"function\",\"name\":\"get_weather\"}");
    assertThat(body.get("parallel_tool_calls").asBoolean(true)).isFalse();
  }

  @Test
  void jsonSchema_goesInTextFormat() {
    JsonNode body = send(ChatRequest.builder().model("gpt-5").user("x")
        .responseFormat(ResponseFormat.jsonSchema("city", PARAMS)).build());
    JsonNode format = body.get("text").get("format");
    assertThat(format.get("type").asText()).isEqualTo("json_schema");
    assertThat(format.get("name").asText()).isEqualTo("city");
    assertThat(format.get("strict").asBoolean()).isTrue();
    assertThat(format.get("schema").get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(body.has("response_format")).isFalse();

    JsonNode object = send(ChatRequest.builder().model("gpt-5").user("x")
        .responseFormat(ResponseFormat.jsonObject()).build());
    assertThat(object.get("text").toString()).isEqualTo("{\"format\":{\"type\":\"json_object\"}}");
  }

  @Test
  void maxOutputTokensAndSampling_areSentUnderTheirResponsesNames() {
    JsonNode body = send(ChatRequest.builder().model("gpt-4.1").user("x").maxOutputTokens(300)
        .temperature(0.2).topP(0.9).build());
    assertThat(body.get("max_output_tokens").asInt()).isEqualTo(300);
    assertThat(body.has("max_completion_tokens")).isFalse();
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
  }

  @Test
  void reasoningEffort_fromTheConfigOrTheRequestsChatSpelling() {
    client.close();
    client = client(b -> b.option("api", "responses").option("reasoningEffort", "low")
        .option("reasoningSummary", "auto"));
    server.enqueue(ResponsesStubs.text("ok"));
    client.chat(ChatRequest.builder().model("o4-mini").user("x").build());
    assertThat(json(server.takeRequest()).get("reasoning").toString())
        .isEqualTo("{\"effort\":\"low\",\"summary\":\"auto\"}");

    server.enqueue(ResponsesStubs.text("ok"));
    client.chat(ChatRequest.builder().model("o4-mini").user("x")
        .providerOption("openai", "reasoning_effort", "high").build());
    JsonNode body = json(server.takeRequest());
    assertThat(body.get("reasoning").toString())
        .isEqualTo("{\"effort\":\"high\",\"summary\":\"auto\"}");
    assertThat(body.has("reasoning_effort")).isFalse();

    // the instance's default effort is for reasoning models: gpt-4.1 would answer 400 to it
    server.enqueue(ResponsesStubs.text("ok"));
    client.chat(ChatRequest.builder().model("gpt-4.1").user("x").build());
    assertThat(json(server.takeRequest()).has("reasoning")).isFalse();
  }

  @Test
  void stopAndSeed_areRefusedBeforeSending() {
    client.close();
    client = client(b -> b.option("api", "responses"));
    assertThatThrownBy(() -> client.chat(ChatRequest.builder().model("gpt-5").user("x")
        .stop("END").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stop").hasMessageContaining("no stop sequences");
    assertThatThrownBy(() -> client.chat(ChatRequest.builder().model("gpt-5").user("x")
        .seed(7L).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("seed");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void autoMode_sendsPreferringModelsToResponses_andTheRestToChat() {
    client.close();
    client = client(b -> b.option("api", "auto"));
    server.enqueue(ResponsesStubs.text("r"));
    assertThat(client.chat(ChatRequest.builder().model("o3").user("x").build()).text())
        .isEqualTo("r");
    assertThat(server.takeRequest().path()).isEqualTo("/v1/responses");

    server.enqueue(OpenAiStubs.chat("c"));
    assertThat(client.chat(ChatRequest.builder().model("gpt-4o-mini").user("x").build()).text())
        .isEqualTo("c");
    assertThat(server.takeRequest().path()).isEqualTo("/v1/chat/completions");

    // stop sequences exist only in Chat Completions: auto keeps such a request there
    server.enqueue(OpenAiStubs.chat("s"));
    client.chat(ChatRequest.builder().model("gpt-5").user("x").stop("END").build());
    assertThat(server.takeRequest().path()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void defaultMode_isChatCompletions() {
    server.enqueue(OpenAiStubs.chat("c"));
    client.chat(ChatRequest.builder().model("gpt-5").user("x").build());
    assertThat(server.takeRequest().path()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void badOptions_nameTheFieldAndValue() {
    assertThatThrownBy(() -> client(b -> b.option("api", "assistants")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.openai.options.api").hasMessageContaining("assistants");
    assertThatThrownBy(() -> client(b -> b.option("api", "responses")
        .option("reasoningEffort", "extreme")))
        .hasMessageContaining("options.reasoningEffort").hasMessageContaining("extreme");
    assertThatThrownBy(() -> client(b -> b.option("reasoningEffort", "low")))
        .hasMessageContaining("options.reasoningEffort")
        .hasMessageContaining("Responses API only");
    assertThatThrownBy(() -> ProviderRegistry.load().create(io.vectornode.spi.ProviderConfig
        .builder("az").type("azure-openai").apiKey(KEY).baseUrl(server.rootUrl())
        .option("api", "responses").build(), context))
        .hasMessageContaining("providers.az.options.api");
  }

  @Test
  void storeOption_turnsStorageOnAndDropsTheInclude() {
    client.close();
    client = client(b -> b.option("api", "responses").option("store", "true"));
    server.enqueue(ResponsesStubs.text("ok"));
    client.chat(ChatRequest.builder().model("gpt-5").user("x").build());
    JsonNode body = json(server.takeRequest());
    assertThat(body.get("store").asBoolean()).isTrue();
    assertThat(body.has("include")).isFalse();
  }
}
