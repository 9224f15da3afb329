package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A secret such as an API key. Its {@link #toString()} never reveals the value; where a key must
 * be identified (in logs, events, metrics) use {@link #id()}, a short stable hash.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secret {
  private final String value;
  private final String id;

  private Secret(String value) {
    this.value = value;
    this.id = hashId(value);
  }

  /**
   * Wraps a secret value.
   *
   * @param value the secret, not blank
   * @return the secret
   * @throws IllegalArgumentException if the value is blank
   */
  public static Secret of(String value) {
    requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("secret: must not be blank");
    }
    return new Secret(value.strip());
  }

  /**
   * The secret itself. Call this only where the value is put on the wire.
   *
   * @return the value
   */
  public String reveal() {
    return value;
  }

  /**
   * A short, stable, non-reversible identifier: {@code key-} followed by the first 8 hex digits
   * of the value's SHA-256. The same key always has the same id.
   *
   * @return the id, safe to log
   */
  public String id() {
    return id;
  }

  private static String hashId(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder("key-");
      for (int i = 0; i < 4; i++) {
        sb.append(Character.forDigit((digest[i] >> 4) & 0xF, 16))
            .append(Character.forDigit(digest[i] & 0xF, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Compares the values in time independent of where they differ. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** Returns {@code Secret[key-xxxxxxxx]}, never the value. */
  @Override
  public String toString() {
    return "Secret[" + id + "]";
  }
}
