package io.vectornode.langchain4j;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes LangChain4j's JSON Schema elements as JSON Schema text, which is what VectorNode's
 * {@code Tool.parameters} and {@code ResponseFormat.JsonSchema.schema} hold.
 *
 * <p>Written here rather than through LangChain4j's {@code internal} helpers so that a LangChain4j
 * upgrade cannot change what is sent. The schema is written as given (no strict-mode completion:
 * VectorNode completes a strict schema for the providers that need it). Not recursive-safe
 * beyond what LangChain4j allows: references are written as {@code $ref} to {@code $defs}.
 */
final class Schemas {
  private Schemas() {}

  /**
   * The schema as JSON text.
   *
   * @param element the schema
   * @return its JSON text
   */
  static String json(JsonSchemaElement element) {
    StringBuilder sb = new StringBuilder(128);
    write(sb, element);
    return sb.toString();
  }

  private static void write(StringBuilder sb, JsonSchemaElement e) {
    if (e instanceof JsonRawSchema raw) {
      sb.append(raw.schema().strip());
      return;
    }
    sb.append('{');
    if (e instanceof JsonObjectSchema o) {
      writeObject(sb, o);
    } else if (e instanceof JsonArraySchema a) {
      typed(sb, "array", a.description());
      sb.append(",\"items\":");
      if (a.items() == null) {
        sb.append("{}");
      } else {
        write(sb, a.items());
      }
    } else if (e instanceof JsonEnumSchema en) {
      typed(sb, "string", en.description());
      sb.append(",\"enum\":");
      strings(sb, en.enumValues());
    } else if (e instanceof JsonStringSchema s) {
      typed(sb, "string", s.description());
    } else if (e instanceof JsonIntegerSchema i) {
      typed(sb, "integer", i.description());
    } else if (e instanceof JsonNumberSchema n) {
      typed(sb, "number", n.description());
    } else if (e instanceof JsonBooleanSchema b) {
      typed(sb, "boolean", b.description());
    } else if (e instanceof JsonNullSchema) {
      sb.append("\"type\":\"null\"");
    } else if (e instanceof JsonReferenceSchema r) {
      sb.append("\"$ref\":");
      quote(sb, "#/$defs/" + r.reference());
      description(sb, r.description(), true);
    } else if (e instanceof JsonAnyOfSchema any) {
      sb.append("\"anyOf\":[");
      for (int i = 0; i < any.anyOf().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, any.anyOf().get(i));
      }
      sb.append(']');
      description(sb, any.description(), true);
    } else {
      throw new IllegalArgumentException(
          "JSON schema: unsupported element " + e.getClass().getName());
    }
    sb.append('}');
  }

  private static void writeObject(StringBuilder sb, JsonObjectSchema o) {
    typed(sb, "object", o.description());
    sb.append(",\"properties\":");
    properties(sb, o.properties());
    if (o.required() != null && !o.required().isEmpty()) {
      sb.append(",\"required\":");
      strings(sb, o.required());
    }
    if (o.additionalProperties() != null) {
      sb.append(",\"additionalProperties\":").append(o.additionalProperties());
    }
    if (o.definitions() != null && !o.definitions().isEmpty()) {
      sb.append(",\"$defs\":");
      properties(sb, o.definitions());
    }
  }

  private static void properties(StringBuilder sb, @Nullable Map<String, JsonSchemaElement> ps) {
    sb.append('{');
    if (ps != null) {
      boolean first = true;
      for (Map.Entry<String, JsonSchemaElement> p : ps.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(sb, p.getKey());
        sb.append(':');
        write(sb, p.getValue());
      }
    }
    sb.append('}');
  }

  private static void typed(StringBuilder sb, String type, @Nullable String description) {
    sb.append("\"type\":\"").append(type).append('"');
    description(sb, description, true);
  }

  private static void description(StringBuilder sb, @Nullable String d, boolean comma) {
    if (d != null) {
      if (comma) {
        sb.append(',');
      }
      sb.append("\"description\":");
      quote(sb, d);
    }
  }

  private static void strings(StringBuilder sb, List<String> values) {
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      quote(sb, values.get(i));
    }
    sb.append(']');
  }

  /** Appends a JSON string literal (RFC 8259 escapes). */
  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
