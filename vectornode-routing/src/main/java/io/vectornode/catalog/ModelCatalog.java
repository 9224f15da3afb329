package io.vectornode.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Context windows, output limits, capabilities and prices of models, by provider type and model
 * id, with a version string recorded on every cost it prices.
 *
 * <p>{@link #bundled()} holds the major models of the built-in providers. Extend or override it
 * with {@link #with(ModelInfo)} or {@link #merge(ModelCatalog)} (for example from {@link
 * #load(Path)}). A model missing from the catalog still works; it just cannot be chosen by
 * capability or cost, and its cost is unknown.
 *
 * <p>Models of the local-server presets ({@code ollama}, {@code vllm}, {@code lmstudio}) that no
 * entry lists are free: {@link #find} gives them $0 prices labelled {@value #LOCAL_PRICES}, an
 * unknown context window and output cap and every capability (nothing is filtered), so their
 * calls cost a known $0 instead of an unknown amount. An entry, or a deployment's own {@code
 * prices}, overrides that.
 *
 * <p>Lookups accept dated snapshots of a known model ({@code claude-sonnet-4-5-20250929},
 * {@code gpt-4o-mini-2024-07-18}). Immutable and thread-safe.
 */
public final class ModelCatalog {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern SNAPSHOT = Pattern.compile("-(\\d{4}-?\\d{2}-?\\d{2}|latest|\\d{3,4})");
  private static volatile @Nullable ModelCatalog bundled;

  /** The price source recorded on the $0 costs of a local-server preset's models. */
  public static final String LOCAL_PRICES = "local:free";
  /** The presets whose servers run on the user's own hardware: no per-token price. */
  private static final java.util.Set<String> LOCAL_PROVIDERS = java.util.Set.of("ollama", "vllm",
      "lmstudio");
  private static final Prices FREE = Prices.of("0", "0");

  private final String version;
  private final Map<String, ModelInfo> byKey;

  private ModelCatalog(String version, Map<String, ModelInfo> byKey) {
    this.version = version;
    this.byKey = byKey;
  }

  /** @return an empty catalog with version {@code empty} */
  public static ModelCatalog empty() {
    return new ModelCatalog("empty", Map.of());
  }

  /** @return the catalog shipped with VectorNode */
  public static ModelCatalog bundled() {
    ModelCatalog c = bundled;
    if (c == null) {
      try (InputStream in = ModelCatalog.class.getResourceAsStream("catalog.json")) {
        if (in == null) {
          throw new IllegalStateException("catalog.json is missing from vectornode-routing");
        }
        c = parse(YAML.readTree(in), "bundled catalog");
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the bundled catalog", e);
      }
      bundled = c;
    }
    return c;
  }

  /** The largest catalog file read: LiteLLM's whole price list is about a megabyte. */
  static final int MAX_FILE_BYTES = 8 << 20;

  /**
   * Reads a catalog file (YAML or JSON) of the bundled shape: {@code version} and a list of
   * {@code models}, each with {@code provider}, {@code model}, {@code contextWindow}, {@code
   * maxOutputTokens}, optional {@code aliases}, {@code capabilities} and {@code prices} (USD per
   * million tokens: {@code input}, {@code output}, {@code cachedInput}, {@code cacheWrite},
   * {@code reasoning}).
   *
   * @param file the file
   * @return the catalog
   * @throws ConfigurationException naming the file and the entry when it is wrong, or when it
   *     is larger than 8 MiB or not a regular file (refused before it is read)
   */
  public static ModelCatalog load(Path file) {
    try {
      java.nio.file.attribute.BasicFileAttributes a =
          Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        throw new ConfigurationException(file.toString(),
            "is not a regular file (a directory, FIFO or device), so not a catalog");
      }
      if (a.size() > MAX_FILE_BYTES) {
        throw new ConfigurationException(file.toString(), "is " + a.size() + " bytes, over the"
            + " limit of " + MAX_FILE_BYTES + " bytes (8 MiB) for a catalog");
      }
      byte[] bytes;
      try (java.io.InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_FILE_BYTES + 1); // never more, even if the file grows
      }
      if (bytes.length > MAX_FILE_BYTES) {
        throw new ConfigurationException(file.toString(), "grew past the limit of "
            + MAX_FILE_BYTES + " bytes (8 MiB) for a catalog while it was read");
      }
      return parse(YAML.readTree(bytes), file.toString());
    } catch (IOException e) {
      throw new ConfigurationException(file.toString(), "cannot be read as a catalog (" + e
          .getMessage() + ")", e);
    }
  }

  static ModelCatalog parse(JsonNode root, String source) {
    if (root == null || !root.isObject() || !root.path("models").isArray()) {
      throw new ConfigurationException(source, "a catalog needs a 'models' list");
    }
    Map<String, ModelInfo> map = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode m : root.get("models")) {
      ModelInfo info = CatalogEntries.read(m, source + ": models[" + i++ + "]");
      put(map, info);
    }
    return new ModelCatalog(root.path("version").asText("unversioned"), map);
  }

  private static String key(String provider, String model) {
    return provider + "/" + model.toLowerCase(Locale.ROOT);
  }

  private static void put(Map<String, ModelInfo> map, ModelInfo info) {
    map.put(key(info.provider(), info.model()), info);
    for (String alias : info.aliases()) {
      map.put(key(info.provider(), alias), info);
    }
  }

  /** @return the version recorded on every cost priced from this catalog */
  public String version() {
    return version;
  }

  /** @return every model, once each */
  public List<ModelInfo> models() {
    return byKey.values().stream().distinct().toList();
  }

  /**
   * Finds a model.
   *
   * @param providerType the provider type id
   * @param model the model id, or a dated snapshot of one
   * @return the model, or empty when unknown; a local-server preset's model is never unknown
   *     (see the class description)
   */
  public Optional<ModelInfo> find(String providerType, String model) {
    requireNonNull(providerType, "providerType");
    requireNonNull(model, "model");
    ModelInfo exact = byKey.get(key(providerType, model));
    if (exact != null) {
      return Optional.of(exact);
    }
    var m = SNAPSHOT.matcher(model);
    while (m.find()) {
      ModelInfo base = byKey.get(key(providerType, model.substring(0, m.start())));
      if (base != null && m.end() == model.length()) {
        return Optional.of(base);
      }
    }
    if (LOCAL_PROVIDERS.contains(providerType)) {
      return Optional.of(ModelInfo.builder(providerType, model).prices(FREE)
          .priceSource(LOCAL_PRICES).build());
    }
    return Optional.empty();
  }

  /**
   * A catalog with one model added or replaced.
   *
   * @param info the model
   * @return the new catalog
   */
  public ModelCatalog with(ModelInfo info) {
    Map<String, ModelInfo> map = new LinkedHashMap<>(byKey);
    put(map, requireNonNull(info, "info"));
    return new ModelCatalog(version, map);
  }

  /**
   * A catalog with another one's models added or replacing these; the version becomes
   * {@code this+other}.
   *
   * @param other the overrides
   * @return the new catalog
   */
  public ModelCatalog merge(ModelCatalog other) {
    Map<String, ModelInfo> map = new LinkedHashMap<>(byKey);
    other.models().forEach(info -> put(map, info));
    return new ModelCatalog(version + "+" + other.version, map);
  }

  @Override
  public String toString() {
    return "ModelCatalog[" + version + ", " + models().size() + " models]";
  }

  /**
   * Reads one model entry of the catalog's shape (as a config's {@code catalog.models} list
   * holds them) from its fields, as a YAML or JSON object reads into a map.
   *
   * @param fields {@code provider}, {@code model}, {@code contextWindow}, {@code
   *     maxOutputTokens}, optional {@code aliases}, {@code capabilities} and {@code prices}
   * @param where where the entry is, for error messages
   * @return the model
   * @throws ConfigurationException naming {@code where} and the field when one is wrong
   */
  public static ModelInfo entry(Map<String, ?> fields, String where) {
    return CatalogEntries.read(CatalogEntries.tree(fields), where);
  }

  /**
   * A model's entry with some of its fields replaced (a config overriding a deployment's
   * context window, output cap, capabilities or prices).
   *
   * @param base the catalog's entry, or null when the catalog has none (then a field the
   *     overrides leave out is unknown: the context window and output cap are {@link
   *     ModelInfo#UNKNOWN} and the model has every capability, so routing filters nothing on
   *     them)
   * @param provider the provider type
   * @param model the model id
   * @param overrides the fields to replace, by name
   * @param where where the overrides are, for error messages
   * @return the model
   * @throws ConfigurationException naming {@code where} and the field when one is wrong
   */
  public static ModelInfo override(@Nullable ModelInfo base, String provider, String model,
      Map<String, ?> overrides, String where) {
    return CatalogEntries.override(base, provider, model, CatalogEntries.tree(overrides), where);
  }
}
