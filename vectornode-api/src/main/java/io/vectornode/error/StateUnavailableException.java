package io.vectornode.error;

/**
 * The state a fleet shares (budgets, limits, key health) could not be reached in time, and the
 * configuration says to refuse calls rather than fall back to each instance's own limits
 * ({@code onUnavailable: reject}). No request was sent to a provider. Not retryable: the client
 * has already waited as long as its state timeout allows.
 *
 * <p>Immutable and safe to share between threads.
 */
public class StateUnavailableException extends VectorNodeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be reached and why, without credentials
   * @param cause the client's error, or null
   */
  public StateUnavailableException(String message,
      @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
  }
}
