package io.vectornode.error;

import java.util.List;

/**
 * Every attempt the router made for one call failed, or no deployment could serve it. Each
 * attempt's failure is in {@link #causes()} (and attached as suppressed exceptions), in the order
 * the attempts were made.
 *
 * <p>Immutable and safe to share between threads.
 */
public class RoutingException extends VectorNodeException {
  private static final long serialVersionUID = 1L;

  private final List<VectorNodeException> causes;

  /**
   * Creates the exception.
   *
   * @param message a summary naming each attempt and its cause
   * @param causes each failed attempt's exception, in order; may be empty when nothing was tried
   */
  public RoutingException(String message, List<? extends VectorNodeException> causes) {
    super(message, causes.isEmpty() ? null : causes.get(causes.size() - 1));
    this.causes = List.copyOf(causes);
    for (int i = 0; i < this.causes.size() - 1; i++) {
      addSuppressed(this.causes.get(i));
    }
  }

  /**
   * Each attempt's failure, in order.
   *
   * @return an immutable list
   */
  public List<VectorNodeException> causes() {
    return causes;
  }

  /** Retryable only if the last attempt's failure was. */
  @Override
  public boolean retryable() {
    return !causes.isEmpty() && causes.get(causes.size() - 1).retryable();
  }
}
