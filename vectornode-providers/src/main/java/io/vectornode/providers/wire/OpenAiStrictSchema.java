package io.vectornode.providers.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Completes a JSON Schema the way OpenAI's strict mode ({@code "strict": true}) requires: every
 * object schema gets {@code "additionalProperties": false} when it has none, and lists every one
 * of its properties in {@code required} (the ones it already required first). Nested schemas are
 * completed too: properties, array items, {@code anyOf}/{@code oneOf}/{@code allOf} branches,
 * {@code not}, and the definitions under {@code $defs} and {@code definitions}.
 *
 * <p>The schema is parsed into a fresh tree, so the caller's text is never changed. An object
 * schema that explicitly allows additional properties ({@code true} or a schema) cannot be
 * strict; it fails with a {@link ConfigurationException} naming its path rather than being
 * silently rewritten.
 */
final class OpenAiStrictSchema {
  private static final String[] SCHEMA_ARRAYS = {"anyOf", "oneOf", "allOf", "prefixItems"};
  private static final String[] SCHEMA_MAPS = {"properties", "$defs", "definitions"};

  private OpenAiStrictSchema() {}

  /**
   * The schema completed for strict mode, as JSON text.
   *
   * @param schema the user's schema, JSON text
   * @param field the request field it came from, for error messages
   * @return the completed schema
   * @throws ConfigurationException naming the field and the path when the schema is not JSON or
   *     allows additional properties explicitly
   */
  static String complete(String schema, String field) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(Json.requireJson(schema, field));
    } catch (IOException e) {
      throw new ConfigurationException(field, "is not valid JSON", e);
    }
    complete(root, field, "#");
    return root.toString();
  }

  private static void complete(JsonNode node, String field, String path) {
    if (!(node instanceof ObjectNode o)) {
      return; // true/false schemas and malformed parts: nothing strict mode asks of them
    }
    if (isObject(o)) {
      JsonNode extra = o.get("additionalProperties");
      if (extra == null) {
        o.put("additionalProperties", false);
      } else if (!extra.isBoolean() || extra.booleanValue()) {
        throw new ConfigurationException(field, "strict mode needs \"additionalProperties\":"
            + " false on every object, but " + path + "/additionalProperties is "
            + abbreviate(extra) + "; remove it, or turn strict off");
      }
      JsonNode props = o.get("properties");
      if (props instanceof ObjectNode p && !p.isEmpty()) {
        Set<String> required = new LinkedHashSet<>();
        JsonNode given = o.get("required");
        if (given != null && given.isArray()) {
          given.forEach(n -> required.add(n.asText()));
        }
        p.fieldNames().forEachRemaining(required::add);
        ArrayNode out = o.putArray("required");
        required.forEach(out::add);
      }
    }
    for (String key : SCHEMA_MAPS) {
      JsonNode map = o.get(key);
      if (map instanceof ObjectNode m) {
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          complete(e.getValue(), field, path + "/" + key + "/" + e.getKey());
        }
      }
    }
    for (String key : SCHEMA_ARRAYS) {
      JsonNode list = o.get(key);
      if (list != null && list.isArray()) {
        for (int i = 0; i < list.size(); i++) {
          complete(list.get(i), field, path + "/" + key + "/" + i);
        }
      }
    }
    JsonNode items = o.get("items");
    if (items != null && items.isArray()) {
      for (int i = 0; i < items.size(); i++) {
        complete(items.get(i), field, path + "/items/" + i);
      }
    } else if (items != null) {
      complete(items, field, path + "/items");
    }
    JsonNode not = o.get("not");
    if (not != null) {
      complete(not, field, path + "/not");
    }
  }

  /** An object schema: {@code type} is or includes {@code object}, or it has properties. */
  private static boolean isObject(ObjectNode o) {
    JsonNode type = o.get("type");
    if (type == null) {
      return o.has("properties");
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if ("object".equals(t.asText())) {
          return true;
        }
      }
      return false;
    }
    return "object".equals(type.asText());
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
