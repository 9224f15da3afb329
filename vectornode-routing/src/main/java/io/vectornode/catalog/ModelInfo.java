package io.vectornode.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the catalog knows about one model. Build one with {@link #builder(String, String)}, where
 * every field but the provider and the model has a default: a model known only by its prices is
 * {@code ModelInfo.builder("local", "my-model").prices(Prices.of("0.1", "0.4")).build()}.
 *
 * @param provider the provider type id, for example {@code anthropic}
 * @param model the model id, for example {@code claude-sonnet-4-5}
 * @param aliases other ids of the same model (dated snapshots)
 * @param contextWindow the largest prompt the model accepts, in tokens; {@link #UNKNOWN} when not
 *     known (then routing filters nothing on it)
 * @param maxOutputTokens the largest output, in tokens; {@link #UNKNOWN} when not known (then
 *     routing filters nothing on it, and a budget cannot bound a call that does not set its own
 *     {@code maxOutputTokens} unless the model's output is free)
 * @param capabilities what it can do; routing sends a request only to a model that has what the
 *     request needs
 * @param prices its prices, or null when unknown (its calls then have an unknown cost)
 * @param priceSource the label recorded as {@link io.vectornode.Cost#catalogVersion()} on costs
 *     priced with these prices (for example {@code config:vectornode.yaml}, or {@value
 *     ModelCatalog#LOCAL_PRICES}), or null for the catalog's version
 */
public record ModelInfo(
    String provider,
    String model,
    List<String> aliases,
    long contextWindow,
    long maxOutputTokens,
    Set<Capability> capabilities,
    @Nullable Prices prices,
    @Nullable String priceSource) {

  /** A context window or output cap that is not known: nothing is filtered on it. */
  public static final long UNKNOWN = Long.MAX_VALUE;

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
    if (priceSource != null && priceSource.isBlank()) {
      throw new IllegalArgumentException("model " + provider + "/" + model
          + ": priceSource must not be blank");
    }
  }

  /**
   * A model priced under the catalog's version.
   *
   * @param provider the provider type id
   * @param model the model id
   * @param aliases other ids of the same model
   * @param contextWindow the largest prompt, in tokens, or {@link #UNKNOWN}
   * @param maxOutputTokens the largest output, in tokens, or {@link #UNKNOWN}
   * @param capabilities what it can do
   * @param prices its prices, or null when unknown
   */
  public ModelInfo(String provider, String model, List<String> aliases, long contextWindow,
      long maxOutputTokens, Set<Capability> capabilities, @Nullable Prices prices) {
    this(provider, model, aliases, contextWindow, maxOutputTokens, capabilities, prices, null);
  }

  /**
   * A builder whose defaults describe a model nothing is known about: no aliases, an
   * {@link #UNKNOWN} context window and output cap, every {@link Capability} (so routing never
   * filters it out; declare fewer to have routes filter on them), no prices.
   *
   * @param provider the provider type id, for example {@code openai-compatible}
   * @param model the model id
   * @return a builder
   */
  public static Builder builder(String provider, String model) {
    return new Builder(requireNonNull(provider, "provider"), requireNonNull(model, "model"));
  }

  /** @return a builder holding this model's fields */
  public Builder toBuilder() {
    Builder b = new Builder(provider, model);
    b.aliases.addAll(aliases);
    b.contextWindow = contextWindow;
    b.maxOutputTokens = maxOutputTokens;
    b.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class)
        : EnumSet.copyOf(capabilities);
    b.prices = prices;
    b.priceSource = priceSource;
    return b;
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

  /**
   * Builds a {@link ModelInfo}; see {@link #builder(String, String)} for the defaults. Not
   * thread-safe.
   */
  public static final class Builder {
    private final String provider;
    private final String model;
    private final List<String> aliases = new ArrayList<>();
    private long contextWindow = UNKNOWN;
    private long maxOutputTokens = UNKNOWN;
    private Set<Capability> capabilities = EnumSet.allOf(Capability.class);
    private @Nullable Prices prices;
    private @Nullable String priceSource;

    private Builder(String provider, String model) {
      this.provider = provider;
      this.model = model;
    }

    /**
     * Adds other ids of the same model.
     *
     * @param ids the ids
     * @return this
     */
    public Builder aliases(String... ids) {
      for (String id : ids) {
        aliases.add(requireNonNull(id, "alias"));
      }
      return this;
    }

    /**
     * Sets the context window (default {@link #UNKNOWN}).
     *
     * @param tokens the largest prompt, positive
     * @return this
     */
    public Builder contextWindow(long tokens) {
      this.contextWindow = tokens;
      return this;
    }

    /**
     * Sets the output cap (default {@link #UNKNOWN}).
     *
     * @param tokens the largest output, positive
     * @return this
     */
    public Builder maxOutputTokens(long tokens) {
      this.maxOutputTokens = tokens;
      return this;
    }

    /**
     * Sets what the model can do (default: every capability, so nothing is filtered); none
     * means plain text only.
     *
     * @param caps the capabilities
     * @return this
     */
    public Builder capabilities(Capability... caps) {
      Set<Capability> s = EnumSet.noneOf(Capability.class);
      for (Capability c : caps) {
        s.add(requireNonNull(c, "capability"));
      }
      this.capabilities = s;
      return this;
    }

    /**
     * Sets the prices (default none: an unknown cost).
     *
     * @param prices the prices, or null
     * @return this
     */
    public Builder prices(@Nullable Prices prices) {
      this.prices = prices;
      return this;
    }

    /**
     * Sets the label recorded on costs priced with these prices (default null: the catalog's
     * version).
     *
     * @param label for example {@code config:vectornode.yaml}, or null
     * @return this
     */
    public Builder priceSource(@Nullable String label) {
      this.priceSource = label;
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalArgumentException when a limit is not positive or the label is blank
     */
    public ModelInfo build() {
      return new ModelInfo(provider, model, aliases, contextWindow, maxOutputTokens,
          capabilities, prices, priceSource);
    }
  }
}
