package io.vectornode.error;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Root of every exception VectorNode throws. Unchecked, so that application code calling
 * {@link io.vectornode.ModelClient} is not forced to catch what it cannot handle.
 *
 * <p>Messages never contain an API key, a token or an {@code Authorization} value: every text
 * that came from a provider is redacted before it reaches an exception.
 *
 * <p>A call that failed after several attempts (retries, fallbacks, hedging) throws its last
 * attempt's own exception, catchable by its type; the earlier attempts' exceptions are its
 * {@linkplain #getSuppressed() suppressed} exceptions, in order, followed by a {@link
 * RoutingException} summary ({@link RoutingException#summaryOf}). A {@link RoutingException}
 * is thrown only when no attempt failed (nothing could be tried); see {@link
 * io.vectornode.ModelClient#chat(io.vectornode.ChatRequest)} for every case.
 */
public class VectorNodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, for a human; must not contain secrets
   * @param cause the underlying cause, or {@code null}
   */
  public VectorNodeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates an exception without a cause.
   *
   * @param message what went wrong, for a human; must not contain secrets
   */
  public VectorNodeException(String message) {
    super(message);
  }

  /**
   * Whether sending the same request again may succeed. The router retries only retryable
   * failures.
   *
   * @return {@code false} unless a subclass knows better
   */
  public boolean retryable() {
    return false;
  }

  /**
   * How long the provider asked us to wait before trying again, when it said so.
   *
   * @return the delay, or empty when none was given
   */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }
}
