package io.vectornode.error;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The provider answered 2xx but the body could not be understood (malformed JSON, a missing
 * required field). Not retryable by default: the same request usually yields the same body.
 *
 * <p>Immutable and safe to share between threads.
 */
public class ResponseParseException extends VectorNodeException {
  private static final long serialVersionUID = 1L;

  private final String provider;

  /**
   * Creates the exception.
   *
   * @param provider the provider instance that answered
   * @param message what could not be parsed; must not contain secrets
   * @param cause the parser's exception, or {@code null}
   */
  public ResponseParseException(String provider, String message, @Nullable Throwable cause) {
    super(requireNonNull(provider, "provider") + ": " + message, cause);
    this.provider = provider;
  }

  /**
   * The provider instance that answered.
   *
   * @return the provider name
   */
  public String provider() {
    return provider;
  }
}
