package io.vectornode.routing;

import static java.util.Objects.requireNonNull;

import io.vectornode.Secret;

/**
 * One key of a key pool, with its share of the traffic. Its {@link #toString()} shows only the
 * key's id.
 *
 * @param secret the key
 * @param weight its share, at least 1
 */
public record ApiKey(Secret secret, int weight) {
  /** Validates. */
  public ApiKey {
    requireNonNull(secret, "secret");
    if (weight < 1) {
      throw new IllegalArgumentException("key " + secret.id() + ": weight must be at least 1,"
          + " was " + weight);
    }
  }

  /**
   * A key of weight 1.
   *
   * @param key the key's value
   * @return the key
   */
  public static ApiKey of(String key) {
    return new ApiKey(Secret.of(key), 1);
  }
}
