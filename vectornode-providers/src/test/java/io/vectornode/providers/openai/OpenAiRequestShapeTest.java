package io.vectornode.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatRequest;
import io.vectornode.ResponseFormat;
import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import io.vectornode.error.ConfigurationException;
import io.vectornode.testing.OpenAiStubs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request bodies checked against what OpenAI's API reference requires and refuses. */
class OpenAiRequestShapeTest extends OpenAiTestSupport {
  /** Optional fields, no additionalProperties anywhere, nested objects in four places. */
  private static final String LOOSE_SCHEMA = """
      {"type":"object",
       "properties":{
         "name":{"type":"string"},
         "age":{"type":["integer","null"]},
         "address":{"type":"object","properties":{"city":{"type":"string"},
                                                  "zip":{"type":"string"}},
                    "required":["city"]},
         "pets":{"type":"array","items":{"type":"object",
                                         "properties":{"kind":{"type":"string"}}}},
         "contact":{"anyOf":[{"type":"object","properties":{"email":{"type":"string"}}},
                             {"$ref":"#/$defs/phone"}]}},
       "required":["name"],
       "$defs":{"phone":{"type":"object","properties":{"number":{"type":"string"}}}}}
      """;

  private JsonNode sentSchema(ResponseFormat format) {
    server.enqueue(OpenAiStubs.chat("{}"));
    client.chat(ChatRequest.builder().model("m").user("x").responseFormat(format).build());
    return json(server.takeRequest()).get("response_format").get("json_schema");
  }

  private static List<String> texts(JsonNode array) {
    return JSON.convertValue(array, JSON.getTypeFactory()
        .constructCollectionType(List.class, String.class));
  }

  @Test
  void strictJsonSchema_isCompletedForStrictModeAtEveryDepth() {
    ResponseFormat.JsonSchema format =
        (ResponseFormat.JsonSchema) ResponseFormat.jsonSchema("person", LOOSE_SCHEMA);

    JsonNode js = sentSchema(format);

    assertThat(js.get("strict").asBoolean()).isTrue();
    JsonNode s = js.get("schema");
    assertThat(s.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(texts(s.get("required")))
        .containsExactly("name", "age", "address", "pets", "contact");
    JsonNode address = s.get("properties").get("address");
    assertThat(address.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(texts(address.get("required"))).containsExactly("city", "zip");
    JsonNode pet = s.get("properties").get("pets").get("items");
    assertThat(pet.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(texts(pet.get("required"))).containsExactly("kind");
    JsonNode email = s.get("properties").get("contact").get("anyOf").get(0);
    assertThat(email.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(texts(email.get("required"))).containsExactly("email");
    JsonNode phone = s.get("$defs").get("phone");
    assertThat(phone.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(texts(phone.get("required"))).containsExactly("number");
    // Leaves are untouched: a string property gets no object keywords.
    assertThat(s.get("properties").get("name").has("additionalProperties")).isFalse();
    // The user's schema is not changed.
    assertThat(format.schema()).isEqualTo(LOOSE_SCHEMA);
  }

  @Test
  void strictJsonSchema_alreadyStrict_isSentUnchanged() throws Exception {
    String strict = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
        + "\"required\":[\"city\"],\"additionalProperties\":false}";

    JsonNode js = sentSchema(ResponseFormat.jsonSchema("weather", strict));

    assertThat(js.get("schema")).isEqualTo(JSON.readTree(strict));
  }

  @Test
  void nonStrictJsonSchema_isSentAsWritten() throws Exception {
    JsonNode js = sentSchema(new ResponseFormat.JsonSchema("person", LOOSE_SCHEMA, false));

    assertThat(js.get("strict").asBoolean(true)).isFalse();
    assertThat(js.get("schema")).isEqualTo(JSON.readTree(LOOSE_SCHEMA));
  }

  @Test
  void strictJsonSchema_allowingAdditionalProperties_failsNamingThePathBeforeSending() {
    String map = "{\"type\":\"object\",\"properties\":{\"meta\":{\"type\":\"object\","
        + "\"additionalProperties\":{\"type\":\"string\"}}}}";
    ChatRequest request = ChatRequest.builder().model("m").user("x")
        .responseFormat(ResponseFormat.jsonSchema("m", map)).build();

    assertThatThrownBy(() -> client.chat(request))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("responseFormat.schema: strict mode needs")
        .hasMessageContaining("#/properties/meta/additionalProperties is {\"type\":\"string\"}");
    assertThatThrownBy(() -> client.chat(request.toBuilder().responseFormat(
        ResponseFormat.jsonSchema("m", "{\"type\":\"object\",\"additionalProperties\":true}"))
        .build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("#/additionalProperties is true");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void strictTool_parametersAreCompletedAndNonStrictOnesSentAsWritten() throws Exception {
    String params = "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"},"
        + "\"limit\":{\"type\":\"integer\"}},\"required\":[\"q\"]}";
    server.enqueue(OpenAiStubs.chat("ok"));

    client.chat(ChatRequest.builder().model("m").user("x")
        .tool(new Tool("search", "Search", params, true))
        .tool(Tool.of("loose", "Loose", params)).build());

    JsonNode tools = json(server.takeRequest()).get("tools");
    JsonNode strict = tools.get(0).get("function").get("parameters");
    assertThat(strict.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(texts(strict.get("required"))).containsExactly("q", "limit");
    assertThat(tools.get(1).get("function").get("parameters")).isEqualTo(JSON.readTree(params));
  }

  @Test
  void toolChoiceWithoutTools_isNotSent() {
    server.enqueue(OpenAiStubs.chat("ok"));
    server.enqueue(OpenAiStubs.chat("ok"));

    client.chat(ChatRequest.builder().model("m").user("x").toolChoice(ToolChoice.auto()).build());
    client.chat(ChatRequest.builder().model("m").user("x").toolChoice(ToolChoice.none()).build());

    assertThat(json(server.takeRequest()).has("tool_choice")).isFalse();
    assertThat(json(server.takeRequest()).has("tool_choice")).isFalse();
  }

  @Test
  void toolChoiceWithToolsFromProviderOptions_isSent() {
    server.enqueue(OpenAiStubs.chat("ok"));

    client.chat(ChatRequest.builder().model("m").user("x").toolChoice(ToolChoice.none())
        .providerOption("openai", "tools", List.of()).build());

    assertThat(json(server.takeRequest()).get("tool_choice").asText()).isEqualTo("none");
  }

  @Test
  void stop_fourSequences_areSent() {
    server.enqueue(OpenAiStubs.chat("ok"));

    client.chat(ChatRequest.builder().model("m").user("x").stop("a", "b", "c", "d").build());

    assertThat(texts(json(server.takeRequest()).get("stop"))).containsExactly("a", "b", "c", "d");
  }

  @Test
  void stop_moreThanFourSequences_failsNamingTheLimitAndCountBeforeSending() {
    ChatRequest request = ChatRequest.builder().model("m").user("x")
        .stop("a", "b", "c", "d", "e").build();

    assertThatThrownBy(() -> client.chat(request))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("stop: provider 'openai' (openai) accepts at most 4 stop sequences, was 5")
        .hasMessageNotContaining(KEY);
    assertThat(server.requestCount()).isZero();
  }
}
