package io.vectornode.providers.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Converts a JSON Schema to the OpenAPI-3.0 subset Gemini's {@code responseSchema} and function
 * {@code parameters} accept. What the subset cannot express ({@code $ref}, {@code oneOf}, {@code
 * allOf}, {@code not}, map-like {@code additionalProperties}, tuples, unions of several types)
 * fails with the path of the offending keyword, rather than being silently dropped. Nullability
 * in JSON Schema's forms ({@code "type": ["string", "null"]}, or an {@code anyOf} with a {@code
 * {"type": "null"}} branch) becomes {@code "nullable": true}.
 */
final class GeminiSchema {
  private static final Set<String> COPIED = Set.of("format", "description", "title", "pattern",
      "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength", "minProperties",
      "maxProperties", "propertyOrdering", "example", "default", "nullable", "required");
  private static final Set<String> DROPPED = Set.of("$schema", "$id", "$comment", "examples");
  private static final Set<String> TYPES =
      Set.of("string", "number", "integer", "boolean", "array", "object");

  private GeminiSchema() {}

  static ObjectNode convert(String schema, String field) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(Json.requireJson(schema, field));
    } catch (IOException e) {
      throw new ConfigurationException(field, "is not valid JSON", e);
    }
    return convert(root, field, "#");
  }

  private static ConfigurationException cannot(String field, String path, String what) {
    return new ConfigurationException(field, "gemini cannot express " + what + " (at " + path
        + "); simplify the schema");
  }

  private static ObjectNode convert(JsonNode node, String field, String path) {
    if (!node.isObject()) {
      throw cannot(field, path, "a non-object schema (" + node.getNodeType() + ")");
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      JsonNode v = e.getValue();
      String at = path + "/" + k;
      if (COPIED.contains(k)) {
        out.set(k, v);
      } else if (DROPPED.contains(k)) {
        continue;
      } else {
        switch (k) {
          case "type" -> type(out, v, field, at);
          case "enum" -> {
            for (JsonNode item : v) {
              if (!item.isTextual()) {
                throw cannot(field, at, "a non-string enum value (" + item + ")");
              }
            }
            out.set("enum", v);
          }
          case "const" -> {
            if (!v.isTextual()) {
              throw cannot(field, at, "a non-string const");
            }
            out.putArray("enum").add(v);
          }
          case "items" -> {
            if (v.isArray()) {
              throw cannot(field, at, "tuple items");
            }
            out.set("items", convert(v, field, at));
          }
          case "properties" -> {
            ObjectNode props = out.putObject("properties");
            v.fields().forEachRemaining(p ->
                props.set(p.getKey(), convert(p.getValue(), field, at + "/" + p.getKey())));
          }
          case "anyOf" -> anyOf(out, v, field, at);
          case "additionalProperties" -> {
            if (!v.isBoolean()) {
              throw cannot(field, at, "additionalProperties with a schema (a map)");
            }
            // true or false: Gemini objects hold exactly their declared properties anyway.
          }
          default -> throw cannot(field, at, "'" + k + "'");
        }
      }
    }
    return out;
  }

  /**
   * {@code anyOf}; a {@code {"type": "null"}} branch (how a strict schema makes an object or an
   * enum optional) becomes {@code nullable}, and a single branch left is merged into the schema.
   */
  private static void anyOf(ObjectNode out, JsonNode v, String field, String at) {
    if (!v.isArray()) {
      throw cannot(field, at, "a non-array anyOf");
    }
    java.util.List<ObjectNode> branches = new java.util.ArrayList<>();
    boolean nullable = false;
    int i = 0;
    for (JsonNode alt : v) {
      String path = at + "/" + i++;
      if (isNullType(alt)) {
        nullable = true;
      } else {
        branches.add(convert(alt, field, path));
      }
    }
    if (branches.size() == 1) {
      branches.get(0).fields().forEachRemaining(e -> {
        if (!out.has(e.getKey())) {
          out.set(e.getKey(), e.getValue());
        }
      });
    } else if (!branches.isEmpty()) {
      out.putArray("anyOf").addAll(branches);
    } else {
      throw cannot(field, at, "an anyOf that allows only null");
    }
    if (nullable) {
      out.put("nullable", true);
    }
  }

  private static boolean isNullType(JsonNode n) {
    return n.isObject() && n.size() == 1 && n.path("type").isTextual()
        && n.path("type").asText().equals("null");
  }

  private static void type(ObjectNode out, JsonNode v, String field, String at) {
    String single = null;
    if (v.isTextual()) {
      single = v.asText();
    } else if (v.isArray()) {
      for (JsonNode t : v) {
        String name = t.asText();
        if (name.equals("null")) {
          out.put("nullable", true);
        } else if (single == null) {
          single = name;
        } else {
          throw cannot(field, at, "a union of types " + v);
        }
      }
    }
    if (single == null || !TYPES.contains(single)) {
      throw cannot(field, at, "type " + v);
    }
    out.put("type", single.toUpperCase(Locale.ROOT));
  }
}
