package io.vectornode.routing;

import static java.util.Objects.requireNonNull;

import io.vectornode.Secret;

/**
 * One key of a key pool, with its share of the traffic and its own per-minute limits (a vendor
 * limits each key, whatever deployment uses it). Its {@link #toString()} shows only the key's
 * id.
 *
 * @param secret the key
 * @param weight its share, at least 1
 * @param requestsPerMinute requests this key may start per rolling minute; 0: no limit
 * @param tokensPerMinute estimated tokens per rolling minute (corrected to the real count after
 *     each attempt); 0: no limit
 */
public record ApiKey(Secret secret, int weight, int requestsPerMinute, long tokensPerMinute) {
  /** Validates. */
  public ApiKey {
    requireNonNull(secret, "secret");
    if (weight < 1) {
      throw new IllegalArgumentException("key " + secret.id() + ": weight must be at least 1,"
          + " was " + weight);
    }
    if (requestsPerMinute < 0 || tokensPerMinute < 0) {
      throw new IllegalArgumentException("key " + secret.id() + ": requestsPerMinute and"
          + " tokensPerMinute must not be negative, were " + requestsPerMinute + " and "
          + tokensPerMinute);
    }
  }

  /**
   * A key without limits of its own.
   *
   * @param secret the key
   * @param weight its share, at least 1
   */
  public ApiKey(Secret secret, int weight) {
    this(secret, weight, 0, 0);
  }

  /**
   * This key with per-minute limits.
   *
   * @param rpm requests per rolling minute, 0 for none
   * @param tpm tokens per rolling minute, 0 for none
   * @return the limited key
   */
  public ApiKey withLimits(int rpm, long tpm) {
    return new ApiKey(secret, weight, rpm, tpm);
  }

  @Override
  public String toString() {
    return "ApiKey[" + secret.id() + ", weight " + weight
        + (requestsPerMinute > 0 ? ", rpm " + requestsPerMinute : "")
        + (tokensPerMinute > 0 ? ", tpm " + tokensPerMinute : "") + "]";
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
