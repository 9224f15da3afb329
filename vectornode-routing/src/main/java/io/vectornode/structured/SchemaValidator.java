package io.vectornode.structured;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates a JSON value against the JSON Schema subset {@link JsonSchemas} writes (and that a
 * strict provider enforces): {@code type} (a name or an array of names), {@code properties},
 * {@code required}, {@code additionalProperties} ({@code false} or a schema), {@code enum},
 * {@code items}, {@code anyOf}. Other keywords ({@code description}, formats, bounds) are not
 * checked. Errors name the JSON path ({@code $.steps[1].kind}) and what was wrong, at most
 * {@link #MAX_ERRORS}, and never quote more than a short prefix of a value. Stateless.
 */
final class SchemaValidator {
  static final int MAX_ERRORS = 20;
  private static final int MAX_QUOTED = 60;

  private SchemaValidator() {}

  /**
   * @return the errors, empty when the value is valid
   */
  static List<String> validate(JsonNode schema, JsonNode value) {
    List<String> errors = new ArrayList<>();
    check(schema, value, "$", errors);
    if (errors.size() > MAX_ERRORS) {
      int more = errors.size() - MAX_ERRORS;
      errors = new ArrayList<>(errors.subList(0, MAX_ERRORS));
      errors.add("... and " + more + " more");
    }
    return List.copyOf(errors);
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
    if (errors.size() > MAX_ERRORS) {
      return;
    }
    JsonNode any = schema.get("anyOf");
    if (any != null && any.isArray()) {
      anyOf(any, value, path, errors);
      return;
    }
    JsonNode type = schema.get("type");
    if (type != null && !typeMatches(type, value)) {
      errors.add(path + ": expected " + describe(type) + ", was " + kind(value));
      return;
    }
    JsonNode allowed = schema.get("enum");
    if (allowed != null && allowed.isArray() && !contains(allowed, value)) {
      errors.add(path + ": expected one of " + quote(allowed) + ", was " + quote(value));
      return;
    }
    if (value.isObject()) {
      object(schema, value, path, errors);
    } else if (value.isArray()) {
      JsonNode items = schema.get("items");
      if (items != null && items.isObject()) {
        int i = 0;
        for (JsonNode item : value) {
          check(items, item, path + "[" + i++ + "]", errors);
        }
      }
    }
  }

  private static void anyOf(JsonNode any, JsonNode value, String path, List<String> errors) {
    List<String> first = null;
    int candidates = 0;
    for (JsonNode branch : any) {
      List<String> own = new ArrayList<>();
      check(branch, value, path, own);
      if (own.isEmpty()) {
        return;
      }
      // A null branch says nothing useful about a non-null value: report the others.
      boolean nullBranch = branch.path("type").asText().equals("null");
      if (!nullBranch) {
        candidates++;
        if (first == null) {
          first = own;
        }
      }
    }
    if (candidates == 1 && first != null) {
      errors.addAll(first);
    } else {
      errors.add(path + ": matches none of the " + any.size() + " allowed shapes, was "
          + kind(value));
    }
  }

  private static void object(JsonNode schema, JsonNode value, String path, List<String> errors) {
    JsonNode props = schema.get("properties");
    JsonNode required = schema.get("required");
    if (required != null) {
      for (JsonNode name : required) {
        if (!value.has(name.asText())) {
          errors.add(path + ": missing required property '" + name.asText() + "'");
        }
      }
    }
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = path + "." + e.getKey();
      JsonNode own = props == null ? null : props.get(e.getKey());
      if (own != null) {
        check(own, e.getValue(), at, errors);
      } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
        errors.add(path + ": unexpected property '" + abbreviate(e.getKey()) + "'");
      } else if (additional != null && additional.isObject()) {
        check(additional, e.getValue(), at, errors);
      }
    }
  }

  private static boolean typeMatches(JsonNode type, JsonNode value) {
    if (type.isTextual()) {
      return matches(type.asText(), value);
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (matches(t.asText(), value)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  static boolean matches(String type, JsonNode v) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      case "number" -> v.isNumber();
      case "integer" -> v.isIntegralNumber() || (v.isNumber() && isWhole(v));
      default -> true;
    };
  }

  private static boolean isWhole(JsonNode v) {
    try {
      return v.decimalValue().stripTrailingZeros().scale() <= 0;
    } catch (ArithmeticException | NumberFormatException e) {
      return false;
    }
  }

  private static boolean contains(JsonNode allowed, JsonNode value) {
    for (JsonNode a : allowed) {
      if (a.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(JsonNode type) {
    if (type.isArray()) {
      List<String> names = new ArrayList<>();
      type.forEach(t -> names.add(t.asText()));
      return String.join(" or ", names);
    }
    return type.asText();
  }

  static String kind(JsonNode v) {
    if (v.isObject()) {
      return "an object";
    }
    if (v.isArray()) {
      return "an array";
    }
    if (v.isNull()) {
      return "null";
    }
    String json = v.toString();
    String what = v.isTextual() ? "string " : v.isBoolean() ? "boolean " : "number ";
    return what + abbreviate(json);
  }

  private static String quote(JsonNode v) {
    return abbreviate(v.toString());
  }

  static String abbreviate(String s) {
    return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "...";
  }
}
