package io.vectornode.error;

import java.util.List;
import java.util.Optional;

/**
 * The router could not serve a call, in one of two roles.
 *
 * <p><b>Thrown</b> when no attempt failed with an error of its own: no deployment of the route
 * can serve the request (capabilities, context window), every deployment was skipped (breaker
 * open, bulkhead full, rate limit, no usable key, budget with {@code budgetFallback}), or the
 * call's deadline passed before any attempt ended. {@link #causes()} is then empty and the
 * message says why each deployment was passed over. (A budget that refuses the only deployment
 * throws {@link BudgetExceededException} instead.)
 *
 * <p><b>Attached</b> when attempts failed: the router then throws the last attempt's own
 * exception (a {@link RateLimitException}, a {@link TransportException}...), so that it can be
 * caught by its type, with the earlier attempts' exceptions as its suppressed exceptions, in
 * order, followed by a RoutingException that summarizes the call: its message names each
 * attempt, why the router moved on, and the deployments it skipped, and {@link #causes()} holds
 * every attempt's exception, the thrown one last. {@link #summaryOf} finds it. Such a summary
 * has no cause and no suppressed exceptions of its own, so that nothing refers back in a cycle.
 *
 * <p>Immutable and safe to share between threads.
 */
public class RoutingException extends VectorNodeException {
  private static final long serialVersionUID = 1L;

  private final List<VectorNodeException> causes;

  /**
   * Creates the exception, attaching the last cause as its cause and the others as suppressed
   * exceptions.
   *
   * @param message a summary naming each attempt and its cause
   * @param causes each failed attempt's exception, in order; may be empty when nothing was tried
   */
  public RoutingException(String message, List<? extends VectorNodeException> causes) {
    this(message, causes, true);
  }

  private RoutingException(String message, List<? extends VectorNodeException> causes,
      boolean attach) {
    super(message, attach && !causes.isEmpty() ? causes.get(causes.size() - 1) : null);
    this.causes = List.copyOf(causes);
    for (int i = 0; attach && i < this.causes.size() - 1; i++) {
      if (this.causes.get(i) != getCause()) {
        addSuppressed(this.causes.get(i));
      }
    }
  }

  /**
   * Creates the summary of a call whose attempts failed, to attach (as a suppressed exception)
   * to the exception that is thrown. Unlike the constructor it attaches nothing to itself: the
   * attempts are only listed in {@link #causes()}.
   *
   * @param message names each attempt, its cause and why the router moved on
   * @param causes each failed attempt's exception, in order
   * @return the summary
   */
  public static RoutingException summary(String message,
      List<? extends VectorNodeException> causes) {
    return new RoutingException(message, causes, false);
  }

  /**
   * The router's summary of the call that failed with {@code t}: {@code t} itself when it is a
   * RoutingException, else the RoutingException attached to it as a suppressed exception (the
   * router attaches one when a call made more than one attempt or skipped a deployment).
   *
   * @param t an exception a call threw
   * @return the summary, or empty when there is none (a call with one attempt and nothing
   *     skipped fails with that attempt's exception alone)
   */
  public static Optional<RoutingException> summaryOf(Throwable t) {
    if (t instanceof RoutingException r) {
      return Optional.of(r);
    }
    Throwable[] suppressed = t.getSuppressed();
    for (int i = suppressed.length - 1; i >= 0; i--) {
      if (suppressed[i] instanceof RoutingException r) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * Each attempt's failure, in order.
   *
   * @return an immutable list; empty when the call failed before any attempt ended
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
