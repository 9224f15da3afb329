package io.vectornode.routing;

import io.vectornode.AttemptStartEvent;
import io.vectornode.error.VectorNodeException;

/**
 * One upstream attempt that passed the permit, key and budget steps: what it holds until it
 * ends (the deployment's permit, the key and reservations in its scratch, when it was sent).
 */
final class Attempt {
  final DeploymentState d;
  final DeploymentState.Permit permit;
  final Attempter.Scratch scratch;
  /** Whether every deployment was unhealthy and this one, the soonest to recover, was forced. */
  final boolean forced;
  /** When it was ready to send, by the router's ticker. */
  final long start;
  /** Why it is made (what its start event says); set before it is sent. */
  AttemptStartEvent.Kind kind = AttemptStartEvent.Kind.FIRST;

  Attempt(DeploymentState d, DeploymentState.Permit permit, Attempter.Scratch scratch,
      boolean forced, long start) {
    this.start = start;
    this.d = d;
    this.permit = permit;
    this.scratch = scratch;
    this.forced = forced;
  }

  /**
   * A failed attempt's effect on its deployment's health: the permit reports the failure to
   * the breaker, the deployment to its keys, cooldown and retry budget.
   */
  void failed(VectorNodeException e, long now) {
    permit.failure(now - start, e);
    d.onFailure(e, scratch.key);
  }

  <T> AttemptLoop.Won<T> won(T value) {
    return new AttemptLoop.Won<>(value, this);
  }
}
