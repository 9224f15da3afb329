package io.vectornode.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.routing.ApiKey;
import io.vectornode.routing.Deployment;
import io.vectornode.routing.DeploymentLimits;
import io.vectornode.routing.VectorNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The {@code models} section: named models on provider instances, with their rate limits, key
 * pools and overrides of what the catalog says about them. A model the catalog does not know
 * needs only what the config wants of it: {@code prices} alone prices it, and a field left out
 * is unknown, so routing filters nothing on it (see {@link ModelCatalog#override}). Prices
 * written here are recorded on costs as {@code config:<file name>}.
 */
final class DeploymentSection {
  private static final Set<String> MODEL = Set.of("provider", "model", "limits",
      "contextWindow", "maxOutputTokens", "capabilities", "prices", "apiKeys");
  private static final Set<String> LIMITS = Set.of("rpm", "tpm", "maxConcurrent");

  private DeploymentSection() {}

  /**
   * Adds every model to the builder.
   *
   * @param models the {@code models} node, or null
   * @param types each provider instance's name to its type (see {@link ProviderSection#read})
   * @param catalog the catalog the overrides start from
   * @return the deployments, in the file's order
   */
  static List<Deployment> read(Fields f, @Nullable JsonNode models, Map<String, String> types,
      ModelCatalog catalog, VectorNode.Builder b) {
    List<Deployment> out = new ArrayList<>();
    if (models == null || models.isNull()) {
      return out;
    }
    if (!models.isObject()) {
      throw f.error("models", "must be a mapping of name to {provider, model}");
    }
    for (Map.Entry<String, JsonNode> e : models.properties()) {
      String path = "models." + e.getKey();
      JsonNode m = e.getValue();
      if (m == null || !m.isObject()) {
        throw f.error(path, "must be a mapping with 'provider' and 'model'");
      }
      f.checkKeys(m, path + ".", MODEL);
      Deployment d = deployment(f, e.getKey(), m, path, types, catalog);
      b.deployment(d);
      out.add(d);
    }
    return out;
  }

  private static Deployment deployment(Fields f, String name, JsonNode m, String path,
      Map<String, String> types, ModelCatalog catalog) {
    String provider = f.required(m, path, "provider");
    if (!types.containsKey(provider)) {
      Set<String> known = new TreeSet<>(types.keySet());
      String guess = ConfigText.suggest(provider, known);
      throw f.error(path + ".provider", "unknown provider '" + provider + "'"
          + (guess == null ? ";" : "; did you mean '" + guess + "'?") + " known providers: "
          + known);
    }
    String model = f.required(m, path, "model");
    DeploymentLimits limits = DeploymentLimits.NONE;
    JsonNode l = m.get("limits");
    if (l != null && !l.isNull()) {
      String lp = path + ".limits.";
      f.checkKeys(l, lp, LIMITS);
      try {
        limits = new DeploymentLimits((int) limit(f, l, lp, "rpm", Integer.MAX_VALUE),
            limit(f, l, lp, "tpm", Long.MAX_VALUE),
            (int) limit(f, l, lp, "maxConcurrent", Integer.MAX_VALUE));
      } catch (IllegalArgumentException e) {
        throw f.located(e, path + ".limits");
      }
    }
    ModelInfo info = null;
    boolean overrides = m.has("contextWindow") || m.has("maxOutputTokens")
        || m.has("capabilities") || m.has("prices");
    if (overrides) {
      String type = types.getOrDefault(provider, provider);
      ModelInfo base = catalog.find(type, model).orElse(null);
      try {
        info = ModelCatalog.override(base, type, model, Fields.fields(m), path);
        if (m.has("prices") && info.prices() != null) {
          info = info.toBuilder().priceSource(priceSource(f)).build();
        }
      } catch (RuntimeException e) {
        throw f.located(e, path);
      }
    }
    List<ApiKey> keys = ProviderSection.apiKeys(f, m.get("apiKeys"), path + ".apiKeys");
    try {
      return new Deployment(name, provider, model, limits, info, keys);
    } catch (IllegalArgumentException | io.vectornode.error.ConfigurationException e) {
      throw f.located(e, path);
    }
  }

  /**
   * The label costs priced from this config carry: {@code config:} and the file's name (not its
   * directory, which says nothing about the prices and may be private).
   */
  static String priceSource(Fields f) {
    java.nio.file.Path name = java.nio.file.Path.of(f.file()).getFileName();
    return "config:" + (name == null ? f.file() : name.toString());
  }

  /** A limit: 0 (none) or more. */
  private static long limit(Fields f, JsonNode l, String lp, String field, long max) {
    return f.number(l, lp, field, 0, 0, max, " (0 means no limit)");
  }
}
