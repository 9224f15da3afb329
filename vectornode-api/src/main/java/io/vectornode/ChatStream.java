package io.vectornode;

import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * A streaming answer. Iterate it once, on one thread, to receive {@link StreamEvent}s as they
 * arrive; the last one is {@link StreamEvent.Completed}. {@link #close()} may be called from any
 * thread at any time: it cancels the HTTP call, and iteration then ends without further events.
 *
 * <pre>{@code
 * try (ChatStream stream = client.stream(request)) {
 *   for (StreamEvent event : stream) {
 *     if (event instanceof StreamEvent.TextDelta d) System.out.print(d.text());
 *   }
 * }
 * }</pre>
 *
 * <p>Iteration throws a {@link io.vectornode.error.VectorNodeException} when the stream fails:
 * an error status, an error event, a broken connection, or an end without the provider's
 * terminator. A stream never ends silently as if it had succeeded.
 */
public interface ChatStream extends Iterable<StreamEvent>, AutoCloseable {

  /**
   * The events. May be called once.
   *
   * @return a single-use iterator whose {@code next()} blocks until the next event arrives
   * @throws IllegalStateException if called a second time
   */
  @Override
  Iterator<StreamEvent> iterator();

  /**
   * Consumes the rest of the stream and returns the assembled response.
   *
   * @return the response carried by the {@link StreamEvent.Completed} event
   * @throws io.vectornode.error.VectorNodeException if the stream fails
   * @throws IllegalStateException if the stream was closed before it completed
   */
  ChatResponse response();

  /**
   * The stream as a {@link Flow.Publisher} for reactive code. Events are pulled on the given
   * executor, honouring the subscriber's demand; cancelling the subscription closes the stream.
   * May be subscribed once, instead of iterating.
   *
   * @param executor where to block for events; use one that tolerates blocking I/O
   * @return the publisher
   */
  Flow.Publisher<StreamEvent> publisher(Executor executor);

  /**
   * Cancels the stream and releases the connection. Idempotent; never throws.
   */
  @Override
  void close();
}
