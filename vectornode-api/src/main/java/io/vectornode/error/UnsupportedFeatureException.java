package io.vectornode.error;

import static java.util.Objects.requireNonNull;

/**
 * The client or provider cannot do what was asked (for example embeddings from Anthropic, which
 * has no embeddings API). Thrown before anything is sent; never retryable.
 */
public class UnsupportedFeatureException extends VectorNodeException {
  private static final long serialVersionUID = 1L;

  private final String provider;
  private final String feature;

  /**
   * Creates the exception.
   *
   * @param provider the provider instance or client that refused
   * @param feature the feature, such as {@code embeddings}
   * @param detail what to do instead; must not contain secrets
   */
  public UnsupportedFeatureException(String provider, String feature, String detail) {
    super(requireNonNull(provider, "provider") + ": " + requireNonNull(feature, "feature")
        + " not supported" + (detail.isEmpty() ? "" : "; " + detail));
    this.provider = provider;
    this.feature = feature;
  }

  /** @return the provider instance or client that refused */
  public String provider() {
    return provider;
  }

  /** @return the feature it does not have */
  public String feature() {
    return feature;
  }
}
