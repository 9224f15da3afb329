package io.vectornode.providers.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a response that a format reads: a tree is built of those only, straight from the
 * parser, and every other field is skipped without being materialized. A server that adds a
 * 200 MB field nobody asked for then costs parsing time, not heap.
 *
 * <p>A shape names fields and, for each, the shape of its value; {@link #ALL} keeps a value whole.
 * Arrays are transparent: the elements of an array take the shape given for the array.
 *
 * <p>Immutable and thread-safe.
 */
public final class Shape {
  /** Keeps a value whole. */
  public static final Shape ALL = new Shape(Map.of());

  private final Map<String, Shape> fields;

  private Shape(Map<String, Shape> fields) {
    this.fields = fields;
  }

  /**
   * A shape of named fields.
   *
   * @param namesAndShapes alternately a field name ({@code String}) and its shape ({@code
   *     Shape}); a name followed directly by another name, or last, keeps its value whole
   * @return the shape
   */
  public static Shape of(Object... namesAndShapes) {
    Map<String, Shape> map = new HashMap<>();
    for (int i = 0; i < namesAndShapes.length; i++) {
      String name = (String) namesAndShapes[i];
      Shape shape = ALL;
      if (i + 1 < namesAndShapes.length && namesAndShapes[i + 1] instanceof Shape s) {
        shape = s;
        i++;
      }
      map.put(name, shape);
    }
    return new Shape(Map.copyOf(map));
  }

  /**
   * Reads the value the parser is on, keeping what this shape names.
   *
   * @param p the parser, on the value's first token
   * @return the tree of the kept fields
   * @throws IOException when reading or parsing fails (Jackson's own nesting and length limits
   *     apply)
   */
  public JsonNode read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new JsonParseException(p, "no JSON value");
    }
    if (this == ALL || (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY)) {
      JsonNode whole = Json.MAPPER.readTree(p);
      return whole == null ? JsonNodeFactory.instance.nullNode() : whole;
    }
    if (t == JsonToken.START_ARRAY) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (JsonToken e = next(p); e != JsonToken.END_ARRAY; e = next(p)) {
        array.add(read(p));
      }
      return array;
    }
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    for (JsonToken f = next(p); f != JsonToken.END_OBJECT; f = next(p)) {
      String name = p.currentName();
      next(p);
      Shape child = fields.get(name);
      if (child == null) {
        p.skipChildren(); // a skipped string is never decoded
      } else {
        object.set(name, child.read(p));
      }
    }
    return object;
  }

  private static JsonToken next(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new JsonParseException(p, "the body ends inside a JSON value");
    }
    return t;
  }

  /**
   * The shape of a field's value.
   *
   * @param name the field
   * @return its shape, or null when the field is skipped
   */
  public @Nullable Shape field(String name) {
    return fields.get(name);
  }
}
