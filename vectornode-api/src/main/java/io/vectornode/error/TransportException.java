package io.vectornode.error;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * No usable response arrived: the connection failed, was reset, timed out, or a stream ended
 * before its terminator. Retryable.
 *
 * <p>Immutable and safe to share between threads.
 */
public class TransportException extends VectorNodeException {
  private static final long serialVersionUID = 1L;

  /** What kind of transport failure this was. */
  public enum Kind {
    /** The connection could not be opened (refused, DNS, TLS). Nothing was sent. */
    CONNECT,
    /** A connect, read or total timeout expired. */
    TIMEOUT,
    /** The connection broke while the request or response was in flight. */
    IO,
    /** A stream ended (cleanly or not) before the provider's end-of-stream marker. */
    INCOMPLETE_STREAM
  }

  private final String provider;
  private final Kind kind;
  private final boolean requestSent;

  /**
   * Creates the exception.
   *
   * @param provider the provider instance that was being called
   * @param kind the kind of failure
   * @param requestSent whether the request may have reached the provider (a connect failure
   *     never did, so it is safe to retry at once)
   * @param message what happened; must not contain secrets
   * @param cause the I/O exception, or {@code null}
   */
  public TransportException(
      String provider, Kind kind, boolean requestSent, String message, @Nullable Throwable cause) {
    super(requireNonNull(provider, "provider") + ": " + message, cause);
    this.provider = provider;
    this.kind = requireNonNull(kind, "kind");
    this.requestSent = requestSent;
  }

  /**
   * The provider instance that was being called.
   *
   * @return the provider name
   */
  public String provider() {
    return provider;
  }

  /**
   * The kind of failure.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether the request may have reached the provider.
   *
   * @return {@code false} only when it certainly did not
   */
  public boolean requestSent() {
    return requestSent;
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
