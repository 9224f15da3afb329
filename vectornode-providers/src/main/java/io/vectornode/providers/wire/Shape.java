package io.vectornode.providers.wire;

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
final class Shape {
  /** Keeps a value whole. */
  public static final Shape ALL = new Shape(Map.of());

  private static final JsonNodeFactory EXACT = JsonNodeFactory.withExactBigDecimals(true);

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
   * The most nodes one tree read from a reply may hold. A tree costs far more heap than its
   * bytes on the wire (an empty object, 3 bytes, is a node of ~100 bytes), so the byte bounds
   * alone would let 30 MB of {@code {},} fill a heap; a quarter of a million nodes is ~25 MB, and
   * many times any real response or event.
   */
  public static final int MAX_NODES = 250_000;

  /**
   * Reads the value the parser is on, keeping what this shape names.
   *
   * @param p the parser, on the value's first token
   * @return the tree of the kept fields
   * @throws IOException when reading or parsing fails, or the tree would pass {@link
   *     #MAX_NODES} (Jackson's own nesting and length limits apply too)
   */
  public JsonNode read(JsonParser p) throws IOException {
    if (p.currentToken() == null) {
      throw new JsonParseException(p, "no JSON value");
    }
    return read(p, new int[1]);
  }

  /**
   * Reads a whole JSON value from bytes, within {@link #MAX_NODES}.
   *
   * @param bytes the array
   * @param offset where the value starts
   * @param length its length
   * @return the tree, or a missing node when there is no value
   * @throws IOException when parsing fails or the tree is too large
   */
  public static JsonNode tree(byte[] bytes, int offset, int length) throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(bytes, offset, length)) {
      if (p.nextToken() == null) {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
      return ALL.read(p);
    }
  }

  private JsonNode read(JsonParser p, int[] nodes) throws IOException {
    if (++nodes[0] > MAX_NODES) {
      throw new JsonParseException(p, "the reply holds more than " + MAX_NODES
          + " JSON values in one tree");
    }
    JsonToken t = p.currentToken();
    switch (t) {
      case START_ARRAY -> {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (JsonToken e = next(p); e != JsonToken.END_ARRAY; e = next(p)) {
          array.add(read(p, nodes));
        }
        return array;
      }
      case START_OBJECT -> {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (JsonToken f = next(p); f != JsonToken.END_OBJECT; f = next(p)) {
          String name = p.currentName();
          next(p);
          Shape child = this == ALL ? ALL : fields.get(name);
          if (child == null) {
            p.skipChildren(); // a skipped string is never decoded
          } else {
            object.set(name, child.read(p, nodes));
          }
        }
        return object;
      }
      case VALUE_STRING -> {
        return JsonNodeFactory.instance.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> JsonNodeFactory.instance.numberNode(p.getIntValue());
          case LONG -> JsonNodeFactory.instance.numberNode(p.getLongValue());
          default -> JsonNodeFactory.instance.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        // Exact, as written: a double would turn 1e400 into Infinity and -1e-999 into -0.0,
        // and a usage count must be judged on what the server really sent.
        return EXACT.numberNode(p.getDecimalValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return JsonNodeFactory.instance.booleanNode(t == JsonToken.VALUE_TRUE);
      }
      default -> {
        return JsonNodeFactory.instance.nullNode();
      }
    }
  }

  private static JsonToken next(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null || t == JsonToken.NOT_AVAILABLE) { // NOT_AVAILABLE: a fed event ran out
      throw new JsonParseException(p, "the body ends inside a JSON value");
    }
    return t;
  }
}
