package io.vectornode.micrometer;

import static java.util.Objects.requireNonNull;

import io.micrometer.observation.Observation;
import io.vectornode.CallEndEvent;
import io.vectornode.CallStartEvent;
import org.jspecify.annotations.Nullable;

/**
 * The context of one call's {@link Observation} ({@value Names#CALL_OBSERVATION}): the call's
 * start event, and its end event once it ended, for an {@code ObservationHandler} that wants
 * more than the key values.
 *
 * <p>Set by {@link VectorNodeMetrics}; read by handlers. The end event is set before the
 * Observation stops, on the thread that ends the call.
 */
public final class VectorNodeObservationContext extends Observation.Context {
  private final CallStartEvent start;
  private volatile @Nullable CallEndEvent end;

  VectorNodeObservationContext(CallStartEvent start) {
    this.start = requireNonNull(start, "start");
  }

  /** @return the call's start event (request id, task, model reference, tags, streaming) */
  public CallStartEvent startEvent() {
    return start;
  }

  /** @return the call's end event, or null while the call is in flight */
  public @Nullable CallEndEvent endEvent() {
    return end;
  }

  void ended(CallEndEvent e) {
    this.end = e;
  }
}
