package io.vectornode.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.error.ConfigurationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads catalog entries (from the bundled catalog, catalog files and configs). */
final class CatalogEntries {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CatalogEntries() {}

  /**
   * Reads one entry: {@code provider}, {@code model}, {@code contextWindow}, {@code
   * maxOutputTokens}, optional {@code aliases}, {@code capabilities} and {@code prices}.
   *
   * @param entry the entry
   * @param field where it is, for error messages
   * @return the model
   * @throws ConfigurationException naming the field when the entry is wrong
   */
  public static ModelInfo read(JsonNode entry, String field) {
    return info(entry, field);
  }

  /** A map of fields as the tree the entry readers take. */
  static JsonNode tree(java.util.Map<String, ?> fields) {
    return JSON.valueToTree(fields);
  }

  static ModelInfo override(@Nullable ModelInfo base, String type, String model, JsonNode m,
      String field) {
    ObjectNode merged = JSON.createObjectNode().put("provider", type).put("model", model);
    String source = null;
    if (base == null) {
      // Nothing is known about the model: what the deployment leaves out filters nothing.
      var caps = merged.putArray("capabilities");
      for (Capability c : Capability.values()) {
        caps.add(c.name());
      }
    } else {
      source = base.priceSource();
      merged.put("contextWindow", base.contextWindow());
      merged.put("maxOutputTokens", base.maxOutputTokens());
      var caps = merged.putArray("capabilities");
      base.capabilities().forEach(c -> caps.add(c.name()));
      if (base.prices() != null) {
        merged.set("prices", JSON.valueToTree(base.prices()));
      }
    }
    for (String f : new String[] {"contextWindow", "maxOutputTokens", "capabilities", "prices"}) {
      if (m.has(f)) {
        merged.set(f, m.get(f));
      }
    }
    ModelInfo info = info(merged, field);
    // Prices the overrides do not replace keep the label they had (a local server's $0).
    return source == null || m.has("prices") ? info : info.toBuilder().priceSource(source).build();
  }

  /**
   * Reads one model entry (also used for price and capability overrides in configs).
   *
   * @param m the entry
   * @param field where it is, for error messages
   * @return the model
   */
  static ModelInfo info(JsonNode m, String field) {
    String provider = m.path("provider").asText(null);
    String model = m.path("model").asText(null);
    if (provider == null || model == null) {
      throw new ConfigurationException(field, "needs 'provider' and 'model'");
    }
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    for (JsonNode c : m.path("capabilities")) {
      try {
        caps.add(Capability.valueOf(c.asText().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(field + ".capabilities", "unknown capability '"
            + c.asText() + "'; known: vision, tools, json_schema, reasoning");
      }
    }
    List<String> aliases = new ArrayList<>();
    m.path("aliases").forEach(a -> aliases.add(a.asText()));
    try {
      return new ModelInfo(provider, model, aliases, limit(m, "contextWindow"),
          limit(m, "maxOutputTokens"), caps, prices(m.get("prices"), field + ".prices"));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(field, e.getMessage());
    }
  }

  /** A token limit; one that is not given is unknown (a written 0 is still refused). */
  private static long limit(JsonNode m, String name) {
    JsonNode v = m.get(name);
    return v == null || v.isNull() ? ModelInfo.UNKNOWN : v.asLong(0);
  }

  private static @Nullable Prices prices(@Nullable JsonNode p, String field) {
    if (p == null || p.isNull()) {
      return null;
    }
    BigDecimal input = decimal(p, "input", field);
    BigDecimal output = decimal(p, "output", field);
    if (input == null || output == null) {
      throw new ConfigurationException(field, "needs 'input' and 'output' (USD per million"
          + " tokens)");
    }
    return new Prices(input, output, decimal(p, "cachedInput", field),
        decimal(p, "cacheWrite", field), decimal(p, "reasoning", field));
  }

  private static @Nullable BigDecimal decimal(JsonNode p, String name, String field) {
    JsonNode v = p.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      return new BigDecimal(v.asText());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(field + "." + name, "must be a number, was '"
          + v.asText() + "'");
    }
  }
}
