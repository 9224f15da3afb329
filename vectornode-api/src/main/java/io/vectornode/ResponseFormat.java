package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** The shape of the model's answer: free text, any JSON object, or JSON matching a schema. */
public sealed interface ResponseFormat
    permits ResponseFormat.Text, ResponseFormat.JsonObject, ResponseFormat.JsonSchema {

  /** Free text (the default). */
  record Text() implements ResponseFormat {}

  /** Any valid JSON object. Most providers also need the word "JSON" in the prompt. */
  record JsonObject() implements ResponseFormat {}

  /**
   * JSON matching a schema.
   *
   * <p>Strict mode: OpenAI (and the OpenAI-compatible providers, which share its request shape)
   * accept a strict schema only when every object schema has {@code "additionalProperties":
   * false} and lists every property in {@code required}. With {@code strict}, those providers
   * send the schema completed that way: each object schema that has no {@code
   * additionalProperties} gets {@code false}, and each property it does not require is added to
   * its {@code required}, recursively (properties, array items, {@code anyOf}/{@code
   * oneOf}/{@code allOf} branches, {@code $defs}). A property the schema left optional is
   * therefore always present in the answer; to let the model give no value, type it as
   * nullable ({@code ["string", "null"]}), or set {@code strict} to false. The schema held here
   * is never changed. An object schema that explicitly allows additional properties ({@code
   * true} or a schema) cannot be strict: the call fails before sending with a {@code
   * ConfigurationException} on {@code responseFormat.schema} naming its path (such as {@code
   * #/properties/meta/additionalProperties}). Providers without a strict mode ignore the flag.
   *
   * @param name a name for the schema: 1 to 64 letters, digits, {@code _} or {@code -}
   * @param schema the JSON Schema as JSON text (an object)
   * @param strict whether the provider should enforce the schema exactly, where it can
   */
  record JsonSchema(String name, String schema, boolean strict) implements ResponseFormat {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** Validates. */
    public JsonSchema {
      requireNonNull(name, "name");
      requireNonNull(schema, "schema");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "responseFormat name: must be 1-64 letters, digits, '_' or '-', was '" + name + "'");
      }
      String s = schema.strip();
      if (!s.startsWith("{") || !s.endsWith("}")) {
        throw new IllegalArgumentException(
            "responseFormat schema: must be a JSON object, was '" + Tool.abbreviate(s) + "'");
      }
    }
  }

  /**
   * Free text.
   *
   * @return the format
   */
  static ResponseFormat text() {
    return new Text();
  }

  /**
   * Any JSON object.
   *
   * @return the format
   */
  static ResponseFormat jsonObject() {
    return new JsonObject();
  }

  /**
   * JSON matching a schema, strictly enforced where the provider can: for OpenAI the schema is
   * sent completed for strict mode, as {@link JsonSchema} describes.
   *
   * @param name the schema's name
   * @param schema the JSON Schema as JSON text
   * @return the format
   */
  static ResponseFormat jsonSchema(String name, String schema) {
    return new JsonSchema(name, schema, true);
  }
}
