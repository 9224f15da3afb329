package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.error.ConfigurationException;
import org.junit.jupiter.api.Test;

/** Nullability in JSON Schema's forms, as Gemini's subset expresses it. */
class GeminiSchemaTest {
  private static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  @Test
  void anyOfWithANullBranch_becomesTheOtherBranchMadeNullable() throws Exception {
    JsonNode out = GeminiSchema.convert("""
        {"anyOf":[{"type":"string","enum":["A","B"]},{"type":"null"}],"description":"d"}""",
        "f");
    assertThat(out).isEqualTo(json(
        "{\"type\":\"STRING\",\"enum\":[\"A\",\"B\"],\"nullable\":true,\"description\":\"d\"}"));
  }

  @Test
  void anyOfWithSeveralBranchesAndNull_keepsTheBranchesAndIsNullable() throws Exception {
    JsonNode out = GeminiSchema.convert("""
        {"anyOf":[{"type":"string"},{"type":"integer"},{"type":"null"}]}""", "f");
    assertThat(out).isEqualTo(json(
        "{\"anyOf\":[{\"type\":\"STRING\"},{\"type\":\"INTEGER\"}],\"nullable\":true}"));
  }

  @Test
  void anyOfOfOnlyNull_andNullInsideABranch_failNamingThePath() {
    assertThatThrownBy(() -> GeminiSchema.convert("{\"anyOf\":[{\"type\":\"null\"}]}", "f"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("#/anyOf")
        .hasMessageContaining("only null");
    assertThatThrownBy(() -> GeminiSchema.convert(
        "{\"properties\":{\"a\":{\"type\":\"null\"}}}", "f"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("#/properties/a/type");
  }
}
