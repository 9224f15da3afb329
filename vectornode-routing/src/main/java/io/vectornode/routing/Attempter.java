package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.Usage;
import io.vectornode.budget.BudgetStore;
import io.vectornode.error.VectorNodeException;

/**
 * Makes one upstream attempt of a call, up to its commit point: for a blocking call, the whole
 * response; for a stream, the first content (or completion), with the events before it
 * buffered.
 *
 * @param <T> what a successful attempt yields
 */
interface Attempter<T> {

  /**
   * Runs the attempt.
   *
   * @param d the deployment
   * @param request the request as this deployment should receive it
   * @param scratch where the attempt leaves its partial usage, first-token time and cancel hook
   * @return the committed result
   * @throws VectorNodeException when the attempt fails before its commit point
   */
  T run(DeploymentState d, ChatRequest request, Scratch scratch);

  /** What an attempt leaves behind, success or not. Thread-safe. */
  final class Scratch {
    volatile Usage usage = Usage.ZERO;
    volatile KeyPool.@org.jspecify.annotations.Nullable Key key;
    volatile boolean usageEstimated;
    /** Admitted by this instance's own limits: the fleet's shared state was unavailable. */
    volatile boolean localState;
    /** Created on the first reservation: most deployments have no budget. */
    private java.util.@org.jspecify.annotations.Nullable List<BudgetStore.Reservation>
        reservations;
    volatile long firstTokenAt;
    private Runnable cancel = () -> { };
    private boolean cancelled;

    synchronized void reserved(BudgetStore.Reservation r) {
      if (reservations == null) {
        reservations = new java.util.ArrayList<>(2);
      }
      reservations.add(r);
    }

    /** Settles every reservation at the attempt's cost (null: unknown) and forgets them. */
    synchronized void settle(java.math.@org.jspecify.annotations.Nullable BigDecimal usd) {
      if (reservations != null) {
        for (int i = 0; i < reservations.size(); i++) {
          reservations.get(i).settle(usd);
        }
        reservations = null;
      }
    }

    synchronized void onCancel(Runnable hook) {
      if (cancelled) {
        hook.run();
      } else {
        cancel = hook;
      }
    }

    void cancel() {
      Runnable r;
      synchronized (this) {
        cancelled = true;
        r = cancel;
      }
      r.run();
    }

    synchronized boolean cancelled() {
      return cancelled;
    }
  }
}
