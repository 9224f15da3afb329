package io.vectornode.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.vectornode.CallStartEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls in flight, by request id, from their start event to their end event: what the end
 * needs from the start (streaming, the model reference) and the call's {@link Observation}.
 *
 * <p>Why a map is enough: a client reports a call's start on the calling thread before anything
 * else of it, and its end exactly once, after every attempt ({@code ModelCallListener}); the
 * events of one call may come from other threads (an async call ends on the client's executor, a
 * hedged attempt on a pool thread, a stream on the thread that iterates it), so nothing here is
 * tied to a thread: the Observation is started without opening a scope, and stopped by whichever
 * thread ends the call. Bounded: at most {@code max} calls; when full, calls followed for over
 * {@link #STALE_NANOS} without an end (a client that lost them) are dropped first, and if none is,
 * the new call is not followed (it still gets its meters). Thread-safe.
 */
final class InFlightCalls {
  private static final Logger LOG = LoggerFactory.getLogger(VectorNodeMetrics.class);
  /** A call without an end after an hour is taken as lost (default deadlines are minutes). */
  static final long STALE_NANOS = TimeUnit.HOURS.toNanos(1);

  /** One call in flight. */
  record Call(CallStartEvent start, long startedAt, @Nullable Observation observation) {}

  private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
  private final int max;
  private final Clock clock;
  private final ObservationRegistry observations;
  private final AtomicBoolean warned = new AtomicBoolean();

  InFlightCalls(int max, Clock clock, ObservationRegistry observations) {
    this.max = max;
    this.clock = clock;
    this.observations = observations;
  }

  /** Follows a call that started, and starts its Observation (a child of the current one). */
  void start(CallStartEvent e) {
    if (calls.size() >= max && !sweep()) {
      if (warned.compareAndSet(false, true)) {
        LOG.warn("more than {} calls in flight: calls beyond it get meters but no Observation"
            + " (MetricsOptions.maxCallsInFlight); logged once", max);
      }
      return;
    }
    calls.put(e.requestId(), new Call(e, clock.monotonicTime(), observe(e)));
  }

  /**
   * Stops following a call.
   *
   * @return the call, or null when it was not followed
   */
  @Nullable Call end(String requestId) {
    return calls.remove(requestId);
  }

  /** @return how many calls are followed */
  int size() {
    return calls.size();
  }

  private @Nullable Observation observe(CallStartEvent e) {
    if (observations.isNoop()) {
      return null;
    }
    VectorNodeObservationContext context = new VectorNodeObservationContext(e);
    Observation o = Observation.createNotStarted(Names.CALL_OBSERVATION, () -> context,
        observations);
    if (o.isNoop()) {
      return null;
    }
    // The caller's current Observation (an HTTP request's, say), read on the calling thread:
    // the call's own is never opened in a scope, since its end may come on another thread.
    Observation parent = observations.getCurrentObservation();
    String target = e.model() != null ? e.model() : e.task() != null ? e.task() : "default";
    o.parentObservation(parent)
        .contextualName(Names.operation(e.operation()) + " " + target)
        .lowCardinalityKeyValue(Names.OPERATION, Names.operation(e.operation()))
        .highCardinalityKeyValue(Names.REQUEST_ID, e.requestId());
    return o.start();
  }

  /** Drops the calls followed too long; returns whether there is room now. */
  private boolean sweep() {
    long now = clock.monotonicTime();
    for (Map.Entry<String, Call> entry : calls.entrySet()) {
      Call c = entry.getValue();
      if (now - c.startedAt() > STALE_NANOS && calls.remove(entry.getKey(), c)) {
        if (c.observation() != null) {
          c.observation().lowCardinalityKeyValue(Names.OUTCOME, "unknown").stop();
        }
        LOG.debug("dropped call {}: no end after an hour", entry.getKey());
      }
    }
    return calls.size() < max;
  }
}
