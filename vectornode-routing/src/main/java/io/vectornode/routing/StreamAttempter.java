package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.StreamEvent;
import io.vectornode.error.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Opens a stream and reads it up to its commit point: the first content delta. Everything before
 * it (usage reports, an error event, a first-token timeout, a cut connection) still allows a
 * transparent retry or fallback, because the caller has seen nothing yet.
 */
final class StreamAttempter implements Attempter<Committed> {
  private final Router router;
  private final @Nullable Duration firstTokenTimeout;

  StreamAttempter(Router router, @Nullable Duration firstTokenTimeout) {
    this.router = router;
    this.firstTokenTimeout = firstTokenTimeout;
  }

  @Override
  public Committed run(DeploymentState d, ChatRequest request, Scratch scratch) {
    ChatStream up = scratch.key.client.stream(request);
    scratch.onCancel(up::close);
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> guard = firstTokenTimeout == null ? null
        : router.timers().schedule(() -> {
          timedOut.set(true);
          up.close();
        }, firstTokenTimeout.toNanos(), TimeUnit.NANOSECONDS);
    List<StreamEvent> buffered = new ArrayList<>(4);
    try {
      Iterator<StreamEvent> it = up.iterator();
      while (true) {
        if (!it.hasNext()) {
          if (timedOut.get()) {
            throw new TransportException(d.deployment.provider(), TransportException.Kind.TIMEOUT,
                true, "no first token within " + firstTokenTimeout.toMillis() + " ms", null);
          }
          if (scratch.cancelled()) {
            throw new TransportException(d.deployment.provider(),
                TransportException.Kind.INCOMPLETE_STREAM, true, "attempt cancelled", null);
          }
          throw new TransportException(d.deployment.provider(),
              TransportException.Kind.INCOMPLETE_STREAM, true,
              "stream ended before any content", null);
        }
        StreamEvent e = it.next();
        buffered.add(e);
        if (e instanceof StreamEvent.UsageUpdate u) {
          scratch.usage = u.usage();
        }
        if (e.isContent() || e instanceof StreamEvent.Completed) {
          if (guard != null && !guard.cancel(false) && timedOut.get()) {
            continue; // the timeout won the race; the stream is closed and ends next read
          }
          if (e.isContent()) {
            scratch.firstTokenAt = router.ticker.read();
          }
          return new Committed(up, it, buffered);
        }
      }
    } catch (RuntimeException e) {
      if (guard != null) {
        guard.cancel(false);
      }
      up.close();
      throw e;
    }
  }
}
