package io.vectornode.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Parses a config's text (YAML, or JSON, which is YAML) into a tree in one streaming pass that
 * enforces what the tree must not hold: nesting deeper than {@value #MAX_DEPTH} levels, and YAML
 * aliases ({@code *name}) and merge keys ({@code <<}). Jackson's YAML parser does not expand an
 * alias: it reads {@code *h} as the text {@code h}, silently. Expanding them ourselves would need
 * YAML's merge rules (explicit keys win over merged ones, wherever they stand) that Jackson's
 * anchor-replaying parser gets wrong, and aliases are how a small file becomes a huge tree; so a
 * config must write values out, and an alias is an error naming its line and column. Anchors
 * alone ({@code &name}) change nothing and are allowed.
 *
 * <p>Where a field is ({@link #locate}) is found again only when an error needs it, by a second
 * pass that keeps nothing but the open containers: no map of every field's location.
 *
 * <p>Stateless and thread-safe.
 */
final class ConfigParser {
  /** The deepest a config may nest mappings and lists (a real config uses fewer than 10). */
  static final int MAX_DEPTH = 64;
  private static final int MAX_DETAIL = 300;

  private static final YAMLFactory FACTORY = factory(ConfigLoader.maxConfigBytes());

  private ConfigParser() {}

  private static YAMLFactory factory(int maxBytes) {
    LoaderOptions options = new LoaderOptions();
    // A code point is at least one byte, so a file within the byte limit is within this one.
    // (SnakeYAML's nesting and alias limits apply to its composer, which Jackson does not use.)
    options.setCodePointLimit(Math.max(maxBytes, 1024));
    // rebuild(), not builder(): the builder starts without the default parser features
    // (EMPTY_STRING_AS_NULL), and a config must read as ObjectMapper.readTree always read it.
    return new YAMLFactory().rebuild().loaderOptions(options)
        // Our own depth check comes first and names the place; this one is the backstop.
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1)
            .build())
        .build();
  }

  /** One open mapping or list while walking the file. */
  private static final class Frame {
    final @Nullable JsonNode node;
    final boolean array;
    final @Nullable String path;
    int index;
    String field = "";

    Frame(@Nullable JsonNode node, boolean array, @Nullable String path) {
      this.node = node;
      this.array = array;
      this.path = path;
    }
  }

  /**
   * Reads the first document of the text into a tree.
   *
   * @param file the file's name, for messages
   * @param text the text
   * @return the root, or {@code null} for an empty document
   * @throws ConfigurationException naming the line and column of a syntax error, an alias, a
   *     merge key or nesting that is too deep
   */
  static @Nullable JsonNode parse(String file, String text) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    JsonParser p = null;
    try {
      p = FACTORY.createParser(text);
      YAMLParser yaml = (YAMLParser) p;
      Deque<Frame> stack = new ArrayDeque<>();
      JsonNode root = null;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        Frame top = stack.peek();
        if (t == JsonToken.FIELD_NAME) {
          top.field = p.currentName();
          if (top.field.equals("<<")) {
            throw at(file, p, path(stack), "is a YAML merge key (<<); merge keys and aliases"
                + " are not supported in a config: write the values out");
          }
          continue;
        }
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          stack.pop();
          if (stack.isEmpty()) {
            break; // the first document is the config, as ObjectMapper.readTree reads it
          }
          continue;
        }
        if (yaml.isCurrentAlias()) {
          throw at(file, p, path(stack), "is a YAML alias (*" + p.getText() + "); aliases and"
              + " merge keys are not supported in a config (this one would be read as the text '"
              + p.getText() + "'): write the value out");
        }
        JsonNode node;
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          if (stack.size() >= MAX_DEPTH) {
            throw new ConfigurationException(where(file, p.currentTokenLocation()),
                "nests deeper than " + MAX_DEPTH + " levels, the limit for a config");
          }
          node = t == JsonToken.START_OBJECT ? nodes.objectNode() : nodes.arrayNode();
        } else {
          node = scalar(p, t, nodes);
        }
        if (top == null) {
          root = node;
        } else if (top.array) {
          ((ArrayNode) top.node).add(node);
          top.index++;
        } else {
          ((ObjectNode) top.node).set(top.field, node);
        }
        if (node.isContainerNode()) {
          stack.push(new Frame(node, node.isArray(), null));
        } else if (top == null) {
          break; // a document that is one value
        }
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation() != null ? e.getLocation()
          : p != null ? p.currentLocation() : null;
      String detail = e.getOriginalMessage();
      if (detail.length() > MAX_DETAIL) {
        detail = detail.substring(0, MAX_DETAIL) + "...";
      }
      throw new ConfigurationException(file, "is not valid YAML or JSON"
          + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
          + ": " + detail);
    } catch (IOException e) {
      throw new ConfigurationException(file, "cannot be parsed (" + e.getClass().getSimpleName()
          + ")");
    } finally {
      if (p != null) {
        try {
          p.close();
        } catch (IOException ignored) {
          // a string source: nothing to release
        }
      }
    }
  }

  private static JsonNode scalar(JsonParser p, JsonToken t, JsonNodeFactory nodes)
      throws IOException {
    // What ObjectMapper.readTree makes of each token, so that a config reads as it always did.
    return switch (t) {
      case VALUE_STRING -> nodes.textNode(p.getText());
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> nodes.numberNode(p.getIntValue());
        case LONG -> nodes.numberNode(p.getLongValue());
        default -> nodes.numberNode(p.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
          ? nodes.numberNode(p.getDecimalValue()) : nodes.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> nodes.booleanNode(true);
      case VALUE_FALSE -> nodes.booleanNode(false);
      case VALUE_EMBEDDED_OBJECT -> p.getEmbeddedObject() instanceof byte[] b
          ? nodes.binaryNode(b) : nodes.pojoNode(p.getEmbeddedObject());
      default -> nodes.nullNode();
    };
  }

  private static String where(String file, JsonLocation loc) {
    return file + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
  }

  private static ConfigurationException at(String file, JsonParser p, String path,
      String message) {
    return new ConfigurationException(where(file, p.currentTokenLocation())
        + (path.isEmpty() ? "" : ": " + path), message);
  }

  /** The dotted path of the current token, for the rare error that needs it. */
  private static String path(Deque<Frame> stack) {
    StringBuilder sb = new StringBuilder();
    var it = stack.descendingIterator();
    while (it.hasNext()) {
      Frame f = it.next();
      if (f.array) {
        sb.append('[').append(f.index).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(f.field);
      }
    }
    return sb.length() > MAX_DETAIL ? sb.substring(0, MAX_DETAIL) + "..." : sb.toString();
  }

  /**
   * Where a field starts, or where its nearest enclosing field does when the field itself is not
   * in the text (a required key that is missing): one more pass over the text that builds a
   * path only while it can still lead to the field, and keeps only the open containers.
   *
   * @param text the config's text (already parsed once without error)
   * @param field a dotted path such as {@code routes.r.targets[0]}
   * @return the location, or {@code null} when not even the first part of the path is there
   */
  static @Nullable JsonLocation locate(String text, String field) {
    JsonLocation best = null;
    int bestLength = -1;
    try (JsonParser p = FACTORY.createParser(text)) {
      Deque<Frame> stack = new ArrayDeque<>();
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        Frame top = stack.peek();
        String path = null;
        if (t == JsonToken.FIELD_NAME) {
          top.field = p.currentName();
          path = child(top.path, top.field, field);
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          stack.pop();
          if (stack.isEmpty()) {
            break;
          }
          continue;
        } else {
          String self = "";
          if (top != null) {
            if (top.array) {
              self = top.path == null ? null : top.path + "[" + top.index++ + "]";
              path = self;
            } else {
              self = child(top.path, top.field, field); // its key was the FIELD_NAME
            }
          }
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            stack.push(new Frame(null, t == JsonToken.START_ARRAY,
                self != null && leadsTo(self, field) ? self : null));
          }
        }
        if (path != null && path.length() > bestLength && leadsTo(path, field)) {
          best = p.currentTokenLocation();
          bestLength = path.length();
          if (bestLength == field.length()) {
            break; // the field itself
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // A location is a convenience: the error is reported without it.
    }
    return best;
  }

  /** Whether {@code path} is {@code field} or encloses it. */
  private static boolean leadsTo(String path, String field) {
    if (path.isEmpty()) {
      return true;
    }
    if (!field.startsWith(path)) {
      return false;
    }
    return field.length() == path.length() || field.charAt(path.length()) == '.'
        || field.charAt(path.length()) == '[';
  }

  /** The child's path, or null when it cannot lead to the target (so no path is built). */
  private static @Nullable String child(@Nullable String parent, String name, String target) {
    if (parent == null) {
      return null;
    }
    int length = parent.length() + (parent.isEmpty() ? 0 : 1) + name.length();
    if (length > target.length()) {
      return null;
    }
    return parent.isEmpty() ? name : parent + "." + name;
  }
}
