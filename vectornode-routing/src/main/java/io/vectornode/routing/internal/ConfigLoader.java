package io.vectornode.routing.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a YAML or JSON config file into a {@link VectorNode.Builder}. Every error names the file
 * and the field path; unknown keys are errors (a typo must not be silently ignored).
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern REF = Pattern.compile("\\$\\{(env|sysprop):([A-Za-z0-9_.-]+)}");
  private static final Set<String> TOP = Set.of("providers", "models", "defaultModel");
  private static final Set<String> PROVIDER = Set.of(
      "type", "apiKey", "baseUrl", "defaultModel", "headers", "options", "timeouts");
  private static final Set<String> TIMEOUTS = Set.of("connect", "read", "total");
  private static final Set<String> MODEL = Set.of("provider", "model");

  private final String file;
  private final Function<String, @Nullable String> env;

  private ConfigLoader(String file, Function<String, @Nullable String> env) {
    this.file = file;
    this.env = env;
  }

  /**
   * Reads a config file.
   *
   * @param path the file (YAML, or JSON, which is YAML)
   * @param env the environment, for {@code ${env:NAME}}
   * @return a builder holding the config
   */
  public static VectorNode.Builder load(Path path, Function<String, @Nullable String> env) {
    String name = path.toString();
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(path));
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(name, "is not valid YAML or JSON at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigurationException(name, "cannot be read (" + e + ")", e);
    }
    return new ConfigLoader(name, env).read(root);
  }

  private ConfigurationException error(String field, String message) {
    return new ConfigurationException(file + ": " + field, message);
  }

  private VectorNode.Builder read(@Nullable JsonNode root) {
    if (root == null || !root.isObject()) {
      throw error("(root)", "must be a mapping with 'providers' (and optionally 'models')");
    }
    checkKeys(root, "", TOP);
    VectorNode.Builder b = VectorNode.builder();
    JsonNode providers = root.get("providers");
    if (providers == null || !providers.isObject() || providers.isEmpty()) {
      throw error("providers", "is required: at least one provider");
    }
    Set<String> ids = ProviderRegistry.load().ids();
    for (Iterator<Map.Entry<String, JsonNode>> it = providers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      b.provider(provider(e.getKey(), e.getValue(), ids));
    }
    JsonNode models = root.get("models");
    if (models != null && !models.isNull()) {
      if (!models.isObject()) {
        throw error("models", "must be a mapping of name to {provider, model}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = "models." + e.getKey();
        JsonNode m = e.getValue();
        if (m == null || !m.isObject()) {
          throw error(path, "must be a mapping with 'provider' and 'model'");
        }
        checkKeys(m, path + ".", MODEL);
        b.model(e.getKey(), required(m, path, "provider"), required(m, path, "model"));
      }
    }
    String defaultModel = text(root, "", "defaultModel");
    if (defaultModel != null) {
      b.defaultModel(defaultModel);
    }
    return b;
  }

  private ProviderConfig provider(String name, JsonNode node, Set<String> ids) {
    String path = "providers." + name;
    if (node == null || node.isNull()) {
      node = YAML.createObjectNode();
    }
    if (!node.isObject()) {
      throw error(path, "must be a mapping");
    }
    checkKeys(node, path + ".", PROVIDER);
    String type = text(node, path + ".", "type");
    if (type == null) {
      if (!ids.contains(name)) {
        throw error(path + ".type", "is required: '" + name + "' is not a provider id; found "
            + ids);
      }
      type = name;
    }
    ProviderConfig.Builder b;
    try {
      b = ProviderConfig.builder(name).type(type);
      String key = text(node, path + ".", "apiKey");
      if (key != null) {
        b.apiKey(key);
      }
      b.baseUrl(text(node, path + ".", "baseUrl"));
      b.defaultModel(text(node, path + ".", "defaultModel"));
    } catch (ConfigurationException e) {
      throw error(path + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
    }
    JsonNode headers = node.get("headers");
    if (headers != null && !headers.isNull()) {
      if (!headers.isObject()) {
        throw error(path + ".headers", "must be a mapping of header name to value");
      }
      headers.fields().forEachRemaining(h ->
          b.header(h.getKey(), resolve(h.getValue().asText(), path + ".headers." + h.getKey())));
    }
    JsonNode options = node.get("options");
    if (options != null && !options.isNull()) {
      if (!options.isObject()) {
        throw error(path + ".options", "must be a mapping");
      }
      options.fields().forEachRemaining(o -> b.option(o.getKey(),
          o.getValue().isValueNode()
              ? resolve(o.getValue().asText(), path + ".options." + o.getKey())
              : YAML.convertValue(o.getValue(), Object.class)));
    }
    JsonNode timeouts = node.get("timeouts");
    if (timeouts != null && !timeouts.isNull()) {
      checkKeys(timeouts, path + ".timeouts.", TIMEOUTS);
      String tp = path + ".timeouts.";
      Duration connect = duration(timeouts, tp, "connect");
      Duration read = duration(timeouts, tp, "read");
      Duration total = duration(timeouts, tp, "total");
      try {
        if (connect != null) {
          b.connectTimeout(connect);
        }
        if (read != null) {
          b.readTimeout(read);
        }
        if (total != null) {
          b.callTimeout(total);
        }
      } catch (ConfigurationException e) {
        throw error(tp + e.field(), e.getMessage().substring(e.field().length() + 2));
      }
    }
    return b.build();
  }

  private void checkKeys(JsonNode node, String prefix, Set<String> allowed) {
    if (!node.isObject()) {
      throw error(prefix.isEmpty() ? "(root)" : prefix.substring(0, prefix.length() - 1),
          "must be a mapping");
    }
    node.fieldNames().forEachRemaining(k -> {
      if (!allowed.contains(k)) {
        throw error(prefix + k, "unknown key; allowed here: " + new java.util.TreeSet<>(allowed));
      }
    });
  }

  private String required(JsonNode node, String path, String field) {
    String v = text(node, path + ".", field);
    if (v == null || v.isBlank()) {
      throw error(path + "." + field, "is required");
    }
    return v;
  }

  private @Nullable String text(JsonNode node, String prefix, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw error(prefix + field, "must be a single value, not a " + v.getNodeType()
          .toString().toLowerCase(java.util.Locale.ROOT));
    }
    return resolve(v.asText(), prefix + field);
  }

  /** Replaces {@code ${env:NAME}} and {@code ${sysprop:NAME}}; an unset one is an error. */
  private String resolve(String value, String field) {
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = REF.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String source = m.group(1);
      String name = m.group(2);
      String v = source.equals("env") ? env.apply(name) : System.getProperty(name);
      if (v == null) {
        throw error(field, "${" + source + ":" + name + "} is not set ("
            + (source.equals("env") ? "environment variable " : "system property ") + name
            + ")");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    if (sb.indexOf("${") >= 0) {
      throw error(field, "unsupported reference; use ${env:NAME} or ${sysprop:NAME}");
    }
    return sb.toString();
  }

  private @Nullable Duration duration(JsonNode node, String prefix, String field) {
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
  public static Duration parseDuration(
      String v, java.util.function.Supplier<ConfigurationException> onError) {
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
}
