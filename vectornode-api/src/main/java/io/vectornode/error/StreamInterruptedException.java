package io.vectornode.error;

import static java.util.Objects.requireNonNull;

import io.vectornode.Usage;

/**
 * A stream failed after it had started delivering content (its commit point), so it could not be
 * retried or moved to another deployment without duplicating output. Carries what was received
 * before the failure; the cause is the underlying failure.
 *
 * <p>Not retryable as such: the caller decides whether to ask again. Immutable.
 */
public class StreamInterruptedException extends VectorNodeException {
  private static final long serialVersionUID = 1L;

  private final String partialText;
  private final Usage partialUsage;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param partialText the text delivered before the failure
   * @param partialUsage the usage reported before the failure ({@link Usage#ZERO} if none)
   * @param cause the underlying failure
   */
  public StreamInterruptedException(String message, String partialText, Usage partialUsage,
      VectorNodeException cause) {
    super(message, requireNonNull(cause, "cause"));
    this.partialText = requireNonNull(partialText, "partialText");
    this.partialUsage = requireNonNull(partialUsage, "partialUsage");
  }

  /** @return the text delivered before the failure */
  public String partialText() {
    return partialText;
  }

  /** @return the usage reported before the failure */
  public Usage partialUsage() {
    return partialUsage;
  }
}
