package io.vectornode.error;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a provider said when it answered with an error: the facts every {@link ProviderException}
 * carries. Immutable.
 *
 * @param provider the provider instance that answered (for example {@code openai})
 * @param status the HTTP status code, or {@code 0} for an error reported inside a stream that
 *     had already started with 200
 * @param code the provider's machine-readable error code or type (for example
 *     {@code context_length_exceeded}), or {@code null}
 * @param message the provider's message, already redacted of secrets
 * @param requestId the provider's request id (for example {@code x-request-id}), or {@code null}
 * @param retryable whether the same request may succeed if sent again
 * @param retryAfter the wait the provider asked for, or {@code null}
 * @param headers response headers worth keeping (rate-limit and request-id headers, names in
 *     lower case); never authentication headers
 */
public record ProviderError(
    String provider,
    int status,
    @Nullable String code,
    String message,
    @Nullable String requestId,
    boolean retryable,
    @Nullable Duration retryAfter,
    Map<String, String> headers) implements java.io.Serializable {

  /** Validates and copies. */
  public ProviderError {
    requireNonNull(provider, "provider");
    requireNonNull(message, "message");
    headers = Map.copyOf(headers);
    if (status < 0) {
      throw new IllegalArgumentException("status: must be >= 0, was " + status);
    }
    if (retryAfter != null && retryAfter.isNegative()) {
      retryAfter = Duration.ZERO;
    }
  }

  /**
   * Returns the same error with another retryable flag.
   *
   * @param value the new flag
   * @return a copy
   */
  public ProviderError withRetryable(boolean value) {
    return new ProviderError(provider, status, code, message, requestId, value, retryAfter, headers);
  }

  /**
   * The provider's error code.
   *
   * @return the code, or empty
   */
  public Optional<String> errorCode() {
    return Optional.ofNullable(code);
  }
}
