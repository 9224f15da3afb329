package io.vectornode.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.catalog.ModelInfo;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code catalog} section: the bundled model catalog, merged with a catalog file and with
 * entries written in the config. Prices written in the config are recorded on costs as
 * {@code config:<file name>}; the catalog file's are under the merged catalog's version.
 */
final class CatalogSection {
  private static final Set<String> CATALOG = Set.of("file", "models");

  private CatalogSection() {}

  /**
   * Reads the catalog.
   *
   * @param node the {@code catalog} node, or null
   * @return the bundled catalog, with the file's and the config's entries added
   */
  static ModelCatalog read(Fields f, @Nullable JsonNode node) {
    ModelCatalog catalog = ModelCatalog.bundled();
    if (node == null || node.isNull()) {
      return catalog;
    }
    f.checkKeys(node, "catalog.", CATALOG);
    String file = f.text(node, "catalog.", "file");
    if (file != null) {
      try {
        catalog = catalog.merge(ModelCatalog.load(f.relative(file)));
      } catch (RuntimeException e) {
        throw f.located(e, "catalog.file");
      }
    }
    JsonNode models = node.get("models");
    if (models != null && !models.isNull()) {
      if (!models.isArray()) {
        throw f.error("catalog.models", "must be a list of model entries");
      }
      int i = 0;
      for (JsonNode m : models) {
        try {
          ModelInfo info = ModelCatalog.entry(Fields.fields(m), "catalog.models[" + i + "]");
          if (info.prices() != null) {
            info = info.toBuilder().priceSource(DeploymentSection.priceSource(f)).build();
          }
          catalog = catalog.with(info);
        } catch (RuntimeException e) {
          throw f.located(e, "catalog.models[" + i + "]");
        }
        i++;
      }
    }
    return catalog;
  }
}
