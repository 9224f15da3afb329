package io.vectornode.routing;

import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.Cost;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.spi.AbstractChatStream;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * A multi-turn call ({@link VectorNodeClient#chat(ChatRequest, Turns)}): each turn is an {@link
 * AttemptLoop} of its own over a {@link CallRecord#turn} (so it is routed, retried, budgeted
 * and limited as a call), all of them reported in the one {@link CallRecord}: one start, the
 * attempts numbered across turns, one end with the turns' usage and cost summed. Used by one
 * thread at a time (the caller's, or the one iterating the stream).
 */
final class TurnLoop {
  private final Router router;
  private final CallRecord call;
  private final Turns turns;
  private final Cancellation cancellation;
  /** The answers' usage and cost so far (each turn's winning attempt, as a single call's). */
  private Usage usage = Usage.ZERO;
  private @Nullable Cost cost;

  TurnLoop(Router router, CallRecord call, Turns turns, Cancellation cancellation) {
    this.router = router;
    this.call = call;
    this.turns = turns;
    this.cancellation = cancellation;
  }

  /** Runs the turns on this thread; the caller ends the call when this throws. */
  ChatResponse chat() {
    ChatRequest request = call.request;
    while (true) {
      ChatResponse r = new AttemptLoop(router, call.turn(request), cancellation, false).chat();
      ChatRequest next = next(r);
      if (next == null) {
        return call.succeedTurns(r, usage, cost);
      }
      request = next;
    }
  }

  /** Adds a turn's answer to the totals and asks for the next request. */
  private @Nullable ChatRequest next(ChatResponse r) {
    usage = usage.plus(r.usage());
    cost = cost == null ? r.cost() : cost.plus(r.cost());
    ChatRequest next = turns.next(r);
    if (cancellation.cancelled()) {
      throw cancellation.exception();
    }
    return next;
  }

  ChatStream stream() {
    return new TurnStream(router.startStream(call.turn(call.request), cancellation, false));
  }

  /**
   * The turns' streams one after the other: their deltas pass through, each turn's {@code
   * Completed} goes to {@link Turns} instead, usage updates count the turns before.
   */
  final class TurnStream extends AbstractChatStream {
    private final Object lock = new Object();
    /** The turn streaming now; null while the next one starts (guarded by lock). */
    private @Nullable ChatStream current;
    private Iterator<StreamEvent> events;

    TurnStream(ChatStream first) {
      this.current = first;
      this.events = first.iterator();
    }

    @Override
    protected @Nullable StreamEvent nextEvent() {
      while (true) {
        if (!events.hasNext()) {
          return null; // the turn was closed (by our cancel): the call was ended there
        }
        StreamEvent e = events.next();
        if (e instanceof StreamEvent.UsageUpdate u) {
          return new StreamEvent.UsageUpdate(usage.plus(u.usage()));
        }
        if (!(e instanceof StreamEvent.Completed c)) {
          return e;
        }
        ChatRequest next;
        try {
          next = next(c.response());
        } catch (RuntimeException | Error x) {
          call.fail(x, x instanceof CancellationException ? CallOutcome.CANCELLED
              : CallOutcome.FAILURE);
          throw x;
        }
        if (next == null) {
          if (isClosed()) {
            return null; // closed while Turns looked at the answer: the call ended CANCELLED
          }
          return new StreamEvent.Completed(call.succeedTurns(c.response(), usage, cost));
        }
        if (!startNext(next)) {
          return null;
        }
      }
    }

    /** @return false when the stream was closed meanwhile (the call is then ended) */
    private boolean startNext(ChatRequest next) {
      synchronized (lock) {
        if (isClosed()) {
          return false;
        }
        current = null;
      }
      ChatStream s;
      try {
        s = router.startStream(call.turn(next), cancellation, false);
      } catch (CancellationException closedMeanwhile) {
        if (isClosed()) {
          return false; // ended CANCELLED by startStream
        }
        throw closedMeanwhile;
      }
      boolean closedNow;
      synchronized (lock) {
        closedNow = isClosed();
        current = s;
      }
      if (closedNow) {
        s.close();
        endCancelled();
        return false;
      }
      events = s.iterator();
      return true;
    }

    @Override
    protected void cancel() {
      ChatStream s;
      synchronized (lock) {
        s = current;
      }
      if (s == null) {
        // Between turns: the next turn is starting; its attempt is cancelled and it ends the
        // call CANCELLED (startStream), or startNext sees the close.
        cancellation.cancel("stream closed by the caller");
        return;
      }
      s.close(); // the turn's own stream reports its attempt and ends the call, when it can
      endCancelled();
    }

    private void endCancelled() {
      call.fail(new CancellationException("stream closed by the caller"), CallOutcome.CANCELLED);
    }
  }
}
