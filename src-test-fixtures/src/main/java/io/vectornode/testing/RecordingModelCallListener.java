package io.vectornode.testing;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallStartEvent;
import io.vectornode.ModelCallListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that records every event, for assertions. Thread-safe. */
public final class RecordingModelCallListener implements ModelCallListener {
  private final List<CallStartEvent> starts = new CopyOnWriteArrayList<>();
  private final List<AttemptEvent> attempts = new CopyOnWriteArrayList<>();
  private final List<CallEndEvent> ends = new CopyOnWriteArrayList<>();

  /** Creates an empty recorder. */
  public RecordingModelCallListener() {}

  @Override
  public void onCallStart(CallStartEvent event) {
    starts.add(event);
  }

  @Override
  public void onAttempt(AttemptEvent event) {
    attempts.add(event);
  }

  @Override
  public void onCallEnd(CallEndEvent event) {
    ends.add(event);
  }

  /** @return the call-start events, oldest first */
  public List<CallStartEvent> starts() {
    return List.copyOf(starts);
  }

  /** @return the attempt events, oldest first */
  public List<AttemptEvent> attempts() {
    return List.copyOf(attempts);
  }

  /** @return the call-end events, oldest first */
  public List<CallEndEvent> ends() {
    return List.copyOf(ends);
  }

  /**
   * The only call-end event.
   *
   * @return it
   * @throws AssertionError unless exactly one call ended
   */
  public CallEndEvent singleEnd() {
    if (ends.size() != 1) {
      throw new AssertionError("expected exactly one call-end event, got " + ends.size());
    }
    return ends.get(0);
  }

  /** Forgets everything recorded. */
  public void clear() {
    starts.clear();
    attempts.clear();
    ends.clear();
  }

  /** @return every event as text, for searching (for example for a leaked key) */
  public String dump() {
    return starts + "\n" + attempts + "\n" + ends;
  }
}
