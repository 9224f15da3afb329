package io.vectornode.examples.cli;

import io.vectornode.CallEndEvent;
import io.vectornode.ModelCallListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the call-end events that the command line prints: the tour's table and the attempt list
 * of {@code chat --json}. Thread-safe.
 */
final class CallEnds implements ModelCallListener {
  private final List<CallEndEvent> ends = new CopyOnWriteArrayList<>();

  @Override
  public void onCallEnd(CallEndEvent event) {
    ends.add(event);
  }

  /** Every call-end event, oldest first. */
  List<CallEndEvent> all() {
    return List.copyOf(ends);
  }

  /** The latest call-end event, if a call ended. */
  Optional<CallEndEvent> last() {
    List<CallEndEvent> copy = List.copyOf(ends);
    return copy.isEmpty() ? Optional.empty() : Optional.of(copy.get(copy.size() - 1));
  }
}
