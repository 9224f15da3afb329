package io.vectornode.error;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The provider answered, and the answer was an error. Subclasses name the common classes of
 * error; this class itself is used for statuses that have no closer match (for example 408 or
 * 409).
 *
 * <p>Immutable and safe to share between threads.
 */
public class ProviderException extends VectorNodeException {
  private static final long serialVersionUID = 1L;

  private final ProviderError error;

  /**
   * Creates the exception from what the provider said.
   *
   * @param error the provider's error
   */
  public ProviderException(ProviderError error) {
    super(describe(requireNonNull(error, "error")));
    this.error = error;
  }

  private static String describe(ProviderError e) {
    StringBuilder sb = new StringBuilder(e.provider());
    sb.append(e.status() == 0 ? " stream error" : " returned " + e.status());
    if (e.code() != null) {
      sb.append(' ').append(e.code());
    }
    sb.append(": ").append(e.message());
    if (e.requestId() != null) {
      sb.append(" (request id ").append(e.requestId()).append(')');
    }
    return sb.toString();
  }

  /**
   * Everything the provider said.
   *
   * @return the error details
   */
  public ProviderError error() {
    return error;
  }

  /**
   * The provider instance that answered.
   *
   * @return the provider name, never null
   */
  public String provider() {
    return error.provider();
  }

  /**
   * The HTTP status.
   *
   * @return the status, or {@code 0} for an error event inside a stream
   */
  public int status() {
    return error.status();
  }

  /**
   * The provider's machine-readable error code or type.
   *
   * @return the code, or empty
   */
  public Optional<String> errorCode() {
    return error.errorCode();
  }

  /**
   * The provider's request id, to quote to its support.
   *
   * @return the id, or empty
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(error.requestId());
  }

  /**
   * Rate-limit and request-id headers of the response, names in lower case.
   *
   * @return an immutable map, possibly empty
   */
  public Map<String, String> headers() {
    return error.headers();
  }

  @Override
  public boolean retryable() {
    return error.retryable();
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(error.retryAfter());
  }
}
