package io.vectornode.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vectornode.error.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The typed field readers every config section uses: text, whole numbers, decimals, booleans,
 * durations, sizes and time zones, each resolving {@code ${scheme:name}} references and failing
 * with the field's path ({@code prefix + field}, a prefix being a path ending in a dot, or empty
 * at the root), and the check that a mapping holds only known keys.
 */
final class Fields {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern SIZE =
      Pattern.compile("(\\d{1,15})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);

  private final ConfigText text;
  private final String file;
  private final @Nullable Path dir;

  Fields(ConfigText text, String file, @Nullable Path dir) {
    this.text = text;
    this.file = file;
    this.dir = dir;
  }

  /** @return the config file's name, for messages */
  String file() {
    return file;
  }

  /**
   * A path the config names, relative to the config file's directory.
   *
   * @param path as written
   * @return the path
   */
  Path relative(String path) {
    return dir == null ? Path.of(path) : dir.resolve(path);
  }

  /** The exception for a field: see {@link ConfigText#error}. */
  ConfigurationException error(String field, String message) {
    return text.error(field, message);
  }

  /**
   * An exception raised by a builder given a section's values, moved under the section's path.
   *
   * @param prefix the section's path ending in a dot, or empty
   * @param e the builder's exception, whose field is relative to the section
   * @return the exception to throw
   */
  ConfigurationException within(String prefix, ConfigurationException e) {
    if (text.isLocated(e)) {
      return e; // raised by a reader of this class: already names its place
    }
    return error(prefix + e.field(), detail(e));
  }

  /**
   * An exception raised after a value was read (by a builder validating it, or when the client
   * is built) as a config error naming one place: an exception of these readers as it is; a
   * {@link ConfigurationException} whose field is a config path (such as {@code
   * models.m.provider}) located at that field; any other, and an {@link
   * IllegalArgumentException}, located at {@code path}, or at the file when that is null. Other
   * exceptions are returned as they are (a bug is not a config mistake).
   *
   * @param e the exception
   * @param path the field whose value the builder was given, or null
   * @return the exception to throw
   */
  RuntimeException located(RuntimeException e, @Nullable String path) {
    if (e instanceof ConfigurationException ce) {
      if (text.isLocated(ce)) {
        return ce;
      }
      if (isConfigPath(ce.field())) {
        return error(ce.field(), detail(ce));
      }
      return path == null ? text.fileError(ce.getMessage()) : error(path, ce.getMessage());
    }
    if (e instanceof IllegalArgumentException) {
      String m = String.valueOf(e.getMessage());
      return path == null ? text.fileError(m) : error(path, m);
    }
    return e;
  }

  /** Whether a field names a place in a config file: its first part is a top-level key. */
  private static boolean isConfigPath(String field) {
    int end = field.length();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '.' || c == '[') {
        end = i;
        break;
      }
    }
    return ConfigLoader.TOP.contains(field.substring(0, end));
  }

  /**
   * A whole number from {@code min} to {@code max}.
   *
   * @param hint what {@code min} means, added to the message for a smaller value, or empty
   */
  long number(JsonNode node, String prefix, String field, long dflt, long min, long max,
      String hint) {
    long v = number(node, prefix, field, dflt);
    if (v < min) {
      throw error(prefix + field, "must be >= " + min + hint + ", was " + v);
    }
    if (v > max) {
      throw error(prefix + field, "must be at most " + max + ", was " + v);
    }
    return v;
  }

  /** @return the exception's message without its leading {@code field: } */
  static String detail(ConfigurationException e) {
    return e.getMessage().substring(e.field().length() + 2);
  }

  /** Fails on a key not in {@code allowed}, suggesting the closest allowed one. */
  void checkKeys(JsonNode node, String prefix, Set<String> allowed) {
    if (!node.isObject()) {
      throw error(prefix.isEmpty() ? "(root)" : prefix.substring(0, prefix.length() - 1),
          "must be a mapping");
    }
    node.fieldNames().forEachRemaining(k -> {
      if (!allowed.contains(k)) {
        String guess = ConfigText.suggest(k, allowed);
        throw error(prefix + k, "unknown key" + (guess == null ? "" : "; did you mean '" + guess
            + "'?") + " Allowed here: " + new TreeSet<>(allowed));
      }
    });
  }

  /** @return the field's text, resolved; never null or blank */
  String required(JsonNode node, String path, String field) {
    String v = text(node, path + ".", field);
    if (v == null || v.isBlank()) {
      throw error(path + "." + field, "is required");
    }
    return v;
  }

  /** @return the field's text, resolved, or null when absent */
  @Nullable String text(JsonNode node, String prefix, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw error(prefix + field, "must be one value, not " + (v.isArray() ? "a list"
          : "a mapping") + (field.equals("apiKey") ? "; for several keys use apiKeys: [...]"
          : ""));
    }
    return resolve(v.asText(), prefix + field);
  }

  /** @return the value with its references resolved (see {@link ConfigText#resolve}) */
  String resolve(String value, String field) {
    return text.resolve(value, field);
  }

  long number(JsonNode node, String prefix, String field, long dflt) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    String text = v.isValueNode() ? resolve(v.asText(), prefix + field) : v.toString();
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw error(prefix + field, "must be a whole number, was '" + text + "'");
    }
  }

  double decimal(JsonNode node, String prefix, String field) {
    JsonNode v = node.get(field);
    String text = v == null ? "" : v.isValueNode() ? resolve(v.asText(), prefix + field)
        : v.toString();
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw error(prefix + field, "must be a number, was '" + text + "'");
    }
  }

  boolean bool(JsonNode n, String prefix, String field, boolean dflt) {
    String v = text(n, prefix, field);
    if (v == null) {
      return dflt;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw error(prefix + field, "must be true or false, was '" + v + "'");
  }

  /** The {@code zone} field: UTC when absent. */
  ZoneId zone(JsonNode n, String prefix) {
    String z = text(n, prefix, "zone");
    if (z == null) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(z.strip());
    } catch (java.time.DateTimeException e) {
      throw error(prefix + "zone", "is not a time zone, was '" + z + "' (for example"
          + " Europe/Paris or UTC)");
    }
  }

  /** A size in bytes: a whole number, or one with a binary unit ({@code 32MB} = 32 MiB). */
  @Nullable Long size(JsonNode node, String prefix, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    String text = v.isValueNode() ? resolve(v.asText(), prefix + field) : v.toString();
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw error(prefix + field, "must be a size in bytes such as 33554432 or 32MB, was '"
          + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    int shift = switch (unit.charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw error(prefix + field, "is too large, was '" + text + "'");
    }
    return n << shift;
  }

  @Nullable Duration duration(JsonNode node, String prefix, String field) {
    String v = text(node, prefix, field);
    if (v == null) {
      return null;
    }
    return parseDuration(v.strip(), () -> error(prefix + field,
        "must be a duration such as 500ms, 10s, 2m or PT10S, was '" + v + "'"));
  }

  /**
   * Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, a bare number of seconds, or an
   * ISO-8601 duration.
   *
   * @param v the text
   * @param onError the exception for bad text
   * @return the duration
   */
  private static Duration parseDuration(String v, Supplier<ConfigurationException> onError) {
    try {
      if (v.startsWith("P") || v.startsWith("p")) {
        return Duration.parse(v);
      }
      Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?").matcher(v);
      if (!m.matches()) {
        throw onError.get();
      }
      double n = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double millis = switch (unit) {
        case "ms" -> n;
        case "m" -> n * 60_000;
        case "h" -> n * 3_600_000;
        default -> n * 1000;
      };
      return Duration.ofMillis((long) millis);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw onError.get();
    }
  }

  /** An object's fields as a map, for the catalog's entry readers. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> fields(JsonNode object) {
    return YAML.convertValue(object, Map.class);
  }

  /** A structured value (a list or a mapping) as plain Java lists and maps. */
  static Object plain(JsonNode value) {
    return YAML.convertValue(value, Object.class);
  }
}
