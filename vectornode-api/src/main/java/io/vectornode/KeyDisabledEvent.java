package io.vectornode;

import static java.util.Objects.requireNonNull;

/**
 * An API key was taken out of rotation because the provider rejected it (401 or 403). It stays
 * disabled until the configuration is reloaded.
 *
 * @param provider the provider instance
 * @param keyId the key's short hash id ({@link Secret#id()}), never the key
 * @param status the HTTP status that disabled it
 * @param reason the provider's message, redacted
 */
public record KeyDisabledEvent(String provider, String keyId, int status, String reason) {
  /** Validates. */
  public KeyDisabledEvent {
    requireNonNull(provider, "provider");
    requireNonNull(keyId, "keyId");
    requireNonNull(reason, "reason");
  }
}
