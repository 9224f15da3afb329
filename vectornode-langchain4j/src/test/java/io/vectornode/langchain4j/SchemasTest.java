package io.vectornode.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LangChain4j schema elements written as JSON Schema text. */
class SchemasTest {
  @Test
  void everyElementKind_isWrittenAsValidJsonSchema() throws Exception {
    JsonObjectSchema node = JsonObjectSchema.builder()
        .addProperty("value", new JsonNumberSchema())
        .addProperty("next", JsonReferenceSchema.builder().reference("node").build())
        .build();
    JsonObjectSchema root = JsonObjectSchema.builder()
        .description("line one\nline \"two\"\t\u0001")
        .addProperty("count", JsonIntegerSchema.builder().description("how many").build())
        .addProperty("ok", new JsonBooleanSchema())
        .addProperty("maybe", JsonAnyOfSchema.builder()
            .anyOf(JsonIntegerSchema.builder().build(), new JsonNullSchema()).build())
        .addProperty("raw", JsonRawSchema.from("{\"type\":\"string\",\"format\":\"date\"}"))
        .addProperty("head", JsonReferenceSchema.builder().reference("node").build())
        .definitions(Map.of("node", node))
        .build();

    JsonNode s = new ObjectMapper().readTree(Schemas.json(root));

    assertThat(s.get("description").asText()).isEqualTo("line one\nline \"two\"\t\u0001");
    assertThat(s.at("/properties/count/type").asText()).isEqualTo("integer");
    assertThat(s.at("/properties/count/description").asText()).isEqualTo("how many");
    assertThat(s.at("/properties/ok/type").asText()).isEqualTo("boolean");
    assertThat(s.at("/properties/maybe/anyOf/1/type").asText()).isEqualTo("null");
    assertThat(s.at("/properties/raw/format").asText()).isEqualTo("date");
    assertThat(s.at("/properties/head/$ref").asText()).isEqualTo("#/$defs/node");
    assertThat(s.at("/$defs/node/properties/value/type").asText()).isEqualTo("number");
    assertThat(s.has("required")).isFalse();
  }

  @Test
  void schemaNames_areMadeValidForVectorNode() {
    assertThat(Requests.schemaName(null)).isEqualTo("response");
    assertThat(Requests.schemaName("com.acme.Ticket$Inner")).isEqualTo("com_acme_Ticket_Inner");
    assertThat(Requests.schemaName("x".repeat(70))).hasSize(64);
  }
}
