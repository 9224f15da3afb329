package io.vectornode.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Mood {
    HAPPY,
    @JsonProperty("so-so")
    SO_SO
  }

  @JsonClassDescription("A step of the plan")
  record Step(@JsonPropertyDescription("what to do") String action, int minutes) {}

  record Plan(
      @JsonProperty("plan_title") String title,
      Mood mood,
      List<Step> steps,
      Optional<String> note,
      @Nullable Integer priority,
      Optional<Step> bonus,
      Set<String> tags,
      double[] weights,
      Map<String, BigDecimal> prices,
      OptionalInt retries,
      Optional<Mood> second) {}

  record Page<T>(List<T> items, boolean more) {}

  record Holder(Page<Step> page) {}

  record Node(String name, List<Node> children) {}

  record Bad(String name, Object payload) {}

  record Deeper(List<Map<String, Bad>> bad) {}

  record Prim(@Nullable int count) {}

  private static JsonNode schema(Class<?> type) throws Exception {
    return JSON.readTree(JsonSchemas.of(type));
  }

  @Test
  void nestedRecordWithEnumListAndOptionalsIsStrictReady() throws Exception {
    JsonNode s = schema(Plan.class);

    assertThat(s.get("type").asText()).isEqualTo("object");
    assertThat(s.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(s.get("required")).extracting(JsonNode::asText).containsExactly("plan_title",
        "mood", "steps", "note", "priority", "bonus", "tags", "weights", "prices", "retries",
        "second");
    JsonNode p = s.get("properties");
    assertThat(p.get("plan_title")).isEqualTo(JSON.readTree("{\"type\":\"string\"}"));
    assertThat(p.get("mood")).isEqualTo(
        JSON.readTree("{\"type\":\"string\",\"enum\":[\"HAPPY\",\"so-so\"]}"));
    assertThat(p.get("steps")).isEqualTo(JSON.readTree("""
        {"type":"array","items":{"type":"object","description":"A step of the plan",
         "properties":{"action":{"type":"string","description":"what to do"},
                       "minutes":{"type":"integer"}},
         "required":["action","minutes"],"additionalProperties":false}}"""));
    assertThat(p.get("note")).isEqualTo(JSON.readTree("{\"type\":[\"string\",\"null\"]}"));
    assertThat(p.get("priority")).isEqualTo(JSON.readTree("{\"type\":[\"integer\",\"null\"]}"));
    assertThat(p.get("bonus").get("anyOf").get(1)).isEqualTo(
        JSON.readTree("{\"type\":\"null\"}"));
    assertThat(p.get("bonus").get("anyOf").get(0).get("type").asText()).isEqualTo("object");
    assertThat(p.get("bonus").get("description").asText()).isEqualTo("A step of the plan");
    assertThat(p.get("tags")).isEqualTo(
        JSON.readTree("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
    assertThat(p.get("weights")).isEqualTo(
        JSON.readTree("{\"type\":\"array\",\"items\":{\"type\":\"number\"}}"));
    assertThat(p.get("prices")).isEqualTo(JSON.readTree(
        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}}"));
    assertThat(p.get("retries")).isEqualTo(JSON.readTree("{\"type\":[\"integer\",\"null\"]}"));
    assertThat(p.get("second")).isEqualTo(JSON.readTree("""
        {"anyOf":[{"type":"string","enum":["HAPPY","so-so"]},{"type":"null"}]}"""));
  }

  @Test
  void sameTextForTheSameTypeAndGenericRecordsResolve() throws Exception {
    assertThat(JsonSchemas.of(Plan.class)).isSameAs(JsonSchemas.of(Plan.class));
    assertThat(JsonSchemas.node(Plan.class)).isSameAs(JsonSchemas.node(Plan.class));
    JsonNode s = schema(Holder.class);
    JsonNode items = s.at("/properties/page/properties/items/items");
    assertThat(items.get("properties").has("action")).isTrue();
    assertThat(s.at("/properties/page/required")).extracting(JsonNode::asText)
        .containsExactly("items", "more");
  }

  @Test
  void unsupportedTypesFailNamingTheTypeAndPath() {
    assertThatThrownBy(() -> JsonSchemas.of(Node.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.children[]").hasMessageContaining("cyclic")
        .hasMessageContaining(Node.class.getName());
    assertThatThrownBy(() -> JsonSchemas.of(Bad.class))
        .hasMessageContaining("java.lang.Object at $.payload");
    assertThatThrownBy(() -> JsonSchemas.of(Deeper.class))
        .hasMessageContaining("java.lang.Object at $.bad[].*.payload")
        .hasMessageContaining("(in " + Deeper.class.getName() + ")");
    assertThatThrownBy(() -> JsonSchemas.of(Page.class))
        .hasMessageContaining("at $.items[]").hasMessageContaining("type variable");
    assertThatThrownBy(() -> JsonSchemas.of(Prim.class))
        .hasMessageContaining("int at $.count").hasMessageContaining("primitive");
    assertThatThrownBy(() -> JsonSchemas.of(List.class))
        .hasMessageContaining("raw collection");
    assertThatThrownBy(() -> JsonSchemas.of(Runnable.class))
        .hasMessageContaining("java.lang.Runnable at $");
  }
}
