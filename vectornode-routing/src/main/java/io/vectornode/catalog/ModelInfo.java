package io.vectornode.catalog;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the catalog knows about one model.
 *
 * @param provider the provider type id, for example {@code anthropic}
 * @param model the model id, for example {@code claude-sonnet-4-5}
 * @param aliases other ids of the same model (dated snapshots)
 * @param contextWindow the largest prompt the model accepts, in tokens
 * @param maxOutputTokens the largest output, in tokens
 * @param capabilities what it can do
 * @param prices its prices, or null when unknown
 */
public record ModelInfo(
    String provider,
    String model,
    List<String> aliases,
    long contextWindow,
    long maxOutputTokens,
    Set<Capability> capabilities,
    @Nullable Prices prices) {

  /** Validates and copies. */
  public ModelInfo {
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    aliases = List.copyOf(aliases);
    capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    if (contextWindow < 1 || maxOutputTokens < 1) {
      throw new IllegalArgumentException("model " + provider + "/" + model
          + ": contextWindow and maxOutputTokens must be positive, were " + contextWindow
          + " and " + maxOutputTokens);
    }
  }

  /**
   * Whether the model has a capability.
   *
   * @param c the capability
   * @return whether it has it
   */
  public boolean has(Capability c) {
    return capabilities.contains(c);
  }
}
