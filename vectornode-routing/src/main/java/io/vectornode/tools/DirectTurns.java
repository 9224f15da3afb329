package io.vectornode.tools;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.spi.AbstractChatStream;
import java.time.Duration;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * A tool loop's turns on a client without a router: each turn is a call of its own (so each is
 * reported to the client's listeners as one); the stream passes every turn's deltas through,
 * hands each turn's answer to the {@link ToolRun}, and ends with one {@code Completed} carrying
 * the totals. Iterated by one thread; {@link #close} from any.
 */
final class DirectTurns extends AbstractChatStream {
  private final ModelClient client;
  private final ToolRun run;
  private final long start = System.nanoTime();
  private final Object lock = new Object();
  private @Nullable ChatStream current; // guarded by lock
  private @Nullable Iterator<StreamEvent> events;
  private @Nullable ChatResponse total;

  DirectTurns(ModelClient client, ToolRun run) {
    this.client = client;
    this.run = run;
    ChatStream first = client.stream(run.first());
    this.current = first;
    this.events = first.iterator();
  }

  /**
   * The loop's totals after one more turn: the last turn's answer, usage and cost summed, the
   * attempts counted.
   *
   * @param total the totals so far, or null after the first turn
   * @param r the turn's answer
   * @param latency since the loop began
   */
  static ChatResponse add(@Nullable ChatResponse total, ChatResponse r, Duration latency) {
    Usage usage = total == null ? r.usage() : total.usage().plus(r.usage());
    return new ChatResponse(r.id(), r.provider(), r.model(), r.message(), r.finishReason(), usage,
        total == null ? r.cost() : total.cost().plus(r.cost()),
        total == null ? r.attempts() : total.attempts() + r.attempts(), latency,
        total == null ? r.timeToFirstToken() : total.timeToFirstToken());
  }

  @Override
  protected @Nullable StreamEvent nextEvent() {
    while (true) {
      Iterator<StreamEvent> it = events;
      if (it == null || !it.hasNext()) {
        return null;
      }
      StreamEvent e = it.next();
      if (e instanceof StreamEvent.UsageUpdate u && total != null) {
        return new StreamEvent.UsageUpdate(total.usage().plus(u.usage()));
      }
      if (!(e instanceof StreamEvent.Completed c)) {
        return e;
      }
      total = add(total, c.response(), Duration.ofNanos(System.nanoTime() - start));
      ChatRequest next = run.next(c.response());
      if (next == null) {
        return new StreamEvent.Completed(total);
      }
      ChatStream s = client.stream(next);
      boolean closed;
      synchronized (lock) {
        closed = isClosed();
        current = s;
      }
      if (closed) {
        s.close();
        return null;
      }
      events = s.iterator();
    }
  }

  @Override
  protected void cancel() {
    ChatStream s;
    synchronized (lock) {
      s = current;
    }
    if (s != null) {
      s.close();
    }
  }
}
