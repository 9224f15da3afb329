package io.vectornode.routing;

import io.vectornode.CallOutcome;
import io.vectornode.ChatResponse;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.StreamInterruptedException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.AbstractChatStream;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A routed stream past its commit point: yields the buffered events, then the upstream's. A
 * failure now cannot be retried without repeating output, so it surfaces as {@link
 * StreamInterruptedException} carrying the text and usage delivered so far. The call's end is
 * reported once: on completion, failure, or the caller's close.
 */
final class RoutedStream extends AbstractChatStream {
  private final AttemptLoop loop;
  private final Router router;
  private final CallRecord call;
  private final AttemptLoop.Won<Committed> won;
  private final ArrayDeque<StreamEvent> buffered;
  private final StringBuilder text = new StringBuilder();
  private final AtomicBoolean finished = new AtomicBoolean();
  private Usage usage;

  RoutedStream(AttemptLoop loop, AttemptLoop.Won<Committed> won) {
    this.loop = loop;
    this.router = loop.router;
    this.call = loop.call;
    this.won = won;
    this.buffered = new ArrayDeque<>(won.value().buffered());
    this.usage = won.attempt().scratch.usage;
  }

  @Override
  protected @Nullable StreamEvent nextEvent() {
    StreamEvent e = buffered.poll();
    if (e == null) {
      try {
        if (!won.value().events().hasNext()) {
          if (!isClosed()) {
            finishCancelled("the provider's stream ended without completing");
          }
          return null;
        }
        e = won.value().events().next();
      } catch (VectorNodeException failure) {
        if (isClosed()) {
          return null;
        }
        throw interrupted(failure);
      }
    }
    if (e instanceof StreamEvent.TextDelta d) {
      text.append(d.text());
    } else if (e instanceof StreamEvent.UsageUpdate u) {
      usage = u.usage();
    } else if (e instanceof StreamEvent.Completed c) {
      return new StreamEvent.Completed(complete(c.response()));
    }
    return e;
  }

  private ChatResponse complete(ChatResponse r) {
    if (!finished.compareAndSet(false, true)) {
      return r;
    }
    long now = router.ticker.read();
    long firstToken = won.attempt().scratch.firstTokenAt;
    long first = firstToken == 0 ? now : firstToken;
    return loop.succeeded(won, r, now, first, true);
  }

  private StreamInterruptedException interrupted(VectorNodeException cause) {
    StreamInterruptedException e = new StreamInterruptedException(
        "the stream from " + won.attempt().d.name() + " failed after it had started delivering"
            + " content (" + cause.getMessage() + "); not retried, to avoid repeating output",
        text.toString(), usage, cause);
    if (finished.compareAndSet(false, true)) {
      long now = router.ticker.read();
      won.attempt().failed(cause, now);
      loop.settleAndReport(won.attempt(), CallOutcome.FAILURE, cause, chargeable(),
          "failed after the commit point");
      call.fail(e, CallOutcome.FAILURE);
    }
    return e;
  }

  /**
   * What a stream that stopped early is charged: the tokens the provider reported, or, when it
   * reported none, an estimate (prompt plus the text delivered), marked as estimated.
   */
  private Usage chargeable() {
    if (!usage.equals(Usage.ZERO)) {
      return usage;
    }
    won.attempt().scratch.usageEstimated = true;
    return Usage.of(TokenEstimate.input(call.request), Math.max(1, (text.length() + 3) / 4));
  }

  private void finishCancelled(String why) {
    if (finished.compareAndSet(false, true)) {
      won.attempt().permit.abandon();
      Usage charged = chargeable();
      loop.settleAndReport(won.attempt(), CallOutcome.CANCELLED, null, charged, why);
      call.fail(new CancellationException(why), CallOutcome.CANCELLED);
    }
  }

  @Override
  protected void cancel() {
    won.value().upstream().close();
    finishCancelled("stream closed by the caller");
  }
}
