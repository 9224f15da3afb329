package io.vectornode.routing;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The deployments a call may still try, read from the planned order as they are needed: the
 * next healthy one is found only when the previous one is done with (most calls never look
 * past the first, so a weighted order draws once). Unhealthy deployments met on the way are
 * reported as skipped. When none is healthy at all, the one that recovers soonest is tried,
 * marked {@link #forced()}.
 *
 * <p>Not thread-safe: one call's attempt loop owns it.
 */
final class Candidates {
  private final List<DeploymentState> order;
  private final @Nullable Consumer<String> skipped;
  private int scanned;
  private @Nullable DeploymentState head;
  private boolean closed;
  private @Nullable Predicate<DeploymentState> excluded;
  private final boolean forced;

  /**
   * Starts reading an order.
   *
   * @param order the planned order (may be drawn lazily)
   * @param skipped receives one line per unhealthy deployment passed over, or null
   */
  Candidates(List<DeploymentState> order, @Nullable Consumer<String> skipped) {
    this.order = order;
    this.skipped = skipped;
    DeploymentState soonest = null;
    while (head == null && scanned < order.size()) {
      DeploymentState d = order.get(scanned++);
      if (d.healthy()) {
        head = d;
      } else {
        skip(d);
        if (soonest == null || d.recoversAt() < soonest.recoversAt()) {
          soonest = d;
        }
      }
    }
    forced = head == null && soonest != null;
    if (forced) {
      head = soonest;
      closed = true; // every deployment was unhealthy: only the soonest is tried
    }
  }

  private void skip(DeploymentState d) {
    if (skipped != null) {
      skipped.accept(d.name() + ": unhealthy (" + d.breakerState().toLowerCase(Locale.ROOT)
          + ")");
    }
  }

  /** @return whether every deployment was unhealthy and the soonest to recover is tried */
  boolean forced() {
    return forced;
  }

  private void fill() {
    while (head == null && !closed && scanned < order.size()) {
      DeploymentState d = order.get(scanned++);
      if (excluded != null && excluded.test(d)) {
        continue;
      }
      if (d.healthy()) {
        head = d;
      } else {
        skip(d);
      }
    }
  }

  /** @return whether no deployment is left to try */
  boolean isEmpty() {
    fill();
    return head == null;
  }

  /** @return the next deployment, without taking it, or null */
  @Nullable DeploymentState peek() {
    fill();
    return head;
  }

  /** @return the next deployment, taken, or null */
  @Nullable DeploymentState poll() {
    fill();
    DeploymentState d = head;
    head = null;
    return d;
  }

  /**
   * Looks ahead without taking or skipping anything.
   *
   * @param p what to look for
   * @return the first deployment still to come (healthy, not dropped) that matches, or null
   */
  @Nullable DeploymentState find(Predicate<DeploymentState> p) {
    if (head != null && p.test(head)) {
      return head;
    }
    for (int i = scanned; !closed && i < order.size(); i++) {
      DeploymentState d = order.get(i);
      if ((excluded == null || !excluded.test(d)) && d.healthy() && p.test(d)) {
        return d;
      }
    }
    return null;
  }

  /**
   * Makes one deployment the only one left; nothing more is read from the order.
   *
   * @param d the deployment
   */
  void only(DeploymentState d) {
    head = d;
    closed = true;
  }

  /**
   * Drops the deployments not yet taken that match, now and as the order is read.
   *
   * @param p what to drop
   */
  void removeIf(Predicate<DeploymentState> p) {
    if (head != null && p.test(head)) {
      head = null;
    }
    excluded = excluded == null ? p : excluded.or(p);
  }
}
