package io.vectornode.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.ApiKey;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code providers} section (each instance's type, key or key pool, base URL, headers,
 * options, timeouts and size bounds), and the {@code apiKeys} lists that providers and models
 * share.
 */
final class ProviderSection {
  private static final Set<String> PROVIDER = Set.of(
      "type", "apiKey", "apiKeys", "baseUrl", "defaultModel", "headers", "options", "timeouts",
      "maxResponseBytes", "maxEventBytes");
  private static final Set<String> TIMEOUTS = Set.of("connect", "read", "total");

  private ProviderSection() {}

  /**
   * Adds every provider instance, and its key pool, to the builder.
   *
   * @param providers the {@code providers} node
   * @return each instance's name to its provider type, for the catalog lookups of models
   */
  static Map<String, String> read(Fields f, @Nullable JsonNode providers, VectorNode.Builder b) {
    if (providers == null || !providers.isObject() || providers.isEmpty()) {
      throw f.error("providers", "is required: at least one provider");
    }
    Map<String, String> types = new HashMap<>();
    ProviderRegistry registry = ProviderRegistry.load();
    for (Map.Entry<String, JsonNode> e : providers.properties()) {
      List<ApiKey> keys = apiKeys(f, e.getValue() == null ? null : e.getValue().get("apiKeys"),
          "providers." + e.getKey() + ".apiKeys");
      ProviderConfig pc = provider(f, e.getKey(), e.getValue(), registry, keys);
      types.put(pc.name(), pc.type());
      b.provider(pc);
      if (!keys.isEmpty()) {
        b.keys(pc.name(), keys);
      }
    }
    return types;
  }

  /**
   * An {@code apiKeys} list: keys, or {@code {key, weight}}; empty when absent.
   *
   * @param path the list's path, for messages
   */
  static List<ApiKey> apiKeys(Fields f, @Nullable JsonNode node, String path) {
    List<ApiKey> keys = new ArrayList<>();
    if (node == null || node.isNull()) {
      return keys;
    }
    if (!node.isArray() || node.isEmpty()) {
      throw f.error(path, "must be a list of keys, or of {key, weight}");
    }
    int i = 0;
    for (JsonNode k : node) {
      String kp = path + "[" + i++ + "]";
      String value;
      int weight = 1;
      long rpm = 0;
      long tpm = 0;
      if (k.isTextual()) {
        value = f.resolve(k.asText(), kp);
      } else if (k.isObject()) {
        f.checkKeys(k, kp + ".", Set.of("key", "weight", "requestsPerMinute",
            "tokensPerMinute"));
        value = f.required(k, kp, "key");
        weight = (int) f.number(k, kp + ".", "weight", 1);
        rpm = f.number(k, kp + ".", "requestsPerMinute", 0);
        tpm = f.number(k, kp + ".", "tokensPerMinute", 0);
        if (rpm < 0 || rpm > Integer.MAX_VALUE) {
          throw f.error(kp + ".requestsPerMinute", "must be between 0 and " + Integer.MAX_VALUE
              + ", was " + rpm);
        }
        if (tpm < 0) {
          throw f.error(kp + ".tokensPerMinute", "must not be negative, was " + tpm);
        }
      } else {
        throw f.error(kp, "must be a key, or {key, weight, requestsPerMinute, tokensPerMinute}");
      }
      if (value.isBlank()) {
        throw f.error(kp, "is empty");
      }
      try {
        Secret secret = Secret.of(value);
        // Validated as the provider will send it: a key that cannot travel in a header fails
        // here, naming the key's place in the list and the character's position only.
        ProviderConfig.builder("k").apiKey(secret);
        keys.add(new ApiKey(secret, weight, (int) rpm, tpm));
      } catch (ConfigurationException e) {
        throw f.error(kp, Fields.detail(e));
      } catch (IllegalArgumentException e) {
        throw f.error(kp, e.getMessage());
      }
    }
    return keys;
  }

  private static ProviderConfig provider(Fields f, String name, @Nullable JsonNode node,
      ProviderRegistry registry, List<ApiKey> keys) {
    String path = "providers." + name;
    if (node == null || node.isNull()) {
      node = JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      throw f.error(path, "must be a mapping");
    }
    String prefix = path + ".";
    f.checkKeys(node, prefix, PROVIDER);
    String type = f.text(node, prefix, "type");
    Set<String> ids = registry.ids();
    if (type == null) {
      if (!ids.contains(name)) {
        throw f.error(prefix + "type", "is required: '" + name + "' is not a provider type;"
            + " known types: " + ids);
      }
      type = name;
    }
    try {
      registry.provider(type);
    } catch (ConfigurationException e) {
      if (ids.contains(type)) {
        throw f.error(prefix + "type", Fields.detail(e)); // claimed by several providers
      }
      String guess = ConfigText.suggest(type, ids);
      throw f.error(prefix + "type", "unknown provider type '" + type + "'"
          + (guess == null ? ";" : "; did you mean '" + guess + "'?") + " known types: " + ids
          + " (is the jar that provides it missing?)");
    }
    ProviderConfig.Builder b;
    try {
      b = ProviderConfig.builder(name).type(type);
      String key = f.text(node, prefix, "apiKey");
      if (key != null) {
        b.apiKey(key);
      } else if (!keys.isEmpty()) {
        b.apiKey(keys.get(0).secret());
      }
      b.baseUrl(f.text(node, prefix, "baseUrl"));
      b.defaultModel(f.text(node, prefix, "defaultModel"));
    } catch (ConfigurationException e) {
      throw f.within(prefix, e);
    }
    headers(f, node.get("headers"), prefix, b);
    try {
      Long maxResponse = f.size(node, prefix, "maxResponseBytes");
      if (maxResponse != null) {
        b.maxResponseBytes(maxResponse);
      }
      Long maxEvent = f.size(node, prefix, "maxEventBytes");
      if (maxEvent != null) {
        b.maxEventBytes((int) Math.min(Integer.MAX_VALUE, maxEvent));
      }
    } catch (ConfigurationException e) {
      throw f.within(prefix, e);
    }
    JsonNode options = node.get("options");
    if (options != null && !options.isNull()) {
      if (!options.isObject()) {
        throw f.error(prefix + "options", "must be a mapping");
      }
      options.properties().forEach(o -> b.option(o.getKey(),
          o.getValue().isValueNode()
              ? f.resolve(o.getValue().asText(), prefix + "options." + o.getKey())
              : Fields.plain(o.getValue())));
    }
    timeouts(f, node.get("timeouts"), prefix + "timeouts.", b);
    return b.build();
  }

  private static void headers(Fields f, @Nullable JsonNode headers, String prefix,
      ProviderConfig.Builder b) {
    if (headers == null || headers.isNull()) {
      return;
    }
    if (!headers.isObject()) {
      throw f.error(prefix + "headers", "must be a mapping of header name to value");
    }
    headers.properties().forEach(h -> {
      String value = f.resolve(h.getValue().asText(), prefix + "headers." + h.getKey());
      try {
        b.header(h.getKey(), value);
      } catch (ConfigurationException e) {
        throw f.within(prefix, e);
      }
    });
  }

  private static void timeouts(Fields f, @Nullable JsonNode timeouts, String tp,
      ProviderConfig.Builder b) {
    if (timeouts == null || timeouts.isNull()) {
      return;
    }
    f.checkKeys(timeouts, tp, TIMEOUTS);
    Duration connect = f.duration(timeouts, tp, "connect");
    Duration read = f.duration(timeouts, tp, "read");
    Duration total = f.duration(timeouts, tp, "total");
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
      throw f.within(tp, e);
    }
  }
}
