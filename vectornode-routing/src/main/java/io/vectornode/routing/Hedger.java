package io.vectornode.routing;

import io.vectornode.AttemptStartEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.error.VectorNodeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Hedging: start the first deployment; if it has not committed after the delay, start the
 * second too; the first to commit wins and the other is cancelled (and reported as such). If
 * both fail, the remaining deployments are tried in order ({@link AttemptLoop#loop}). Each
 * attempt takes the pipeline's steps; only sending runs on the router's hedging pool (at most
 * {@value Router#HEDGE_THREADS} threads; when all are busy the attempt runs on the call's own
 * thread, unhedged). Cancelling the call cancels every racing attempt.
 */
final class Hedger<T> {
  private final AttemptLoop loop;
  private final Attempter<T> attempter;
  private final Hedging hedging;

  Hedger(AttemptLoop loop, Attempter<T> attempter, Hedging hedging) {
    this.loop = loop;
    this.attempter = attempter;
    this.hedging = hedging;
  }

  AttemptLoop.Won<T> run(Candidates queue) {
    DeploymentState primary = queue.poll();
    if (primary == null || queue.isEmpty()) {
      return loop.loop(queue, primary, attempter); // fewer than two healthy: nothing to race
    }
    Started first = start(primary, loop.call.turnAttemptCount() > 0
        ? AttemptStartEvent.Kind.FALLBACK : AttemptStartEvent.Kind.FIRST);
    if (first == null) {
      return loop.loop(queue, null, attempter);
    }
    Cancellation cancellation = loop.cancellation;
    try {
      cancellation.attempt(() -> first.cancel(cancellation.reason()));
      return race(queue, primary, first);
    } finally {
      cancellation.attemptEnded();
    }
  }

  private AttemptLoop.Won<T> race(Candidates queue, DeploymentState primary, Started first) {
    try {
      T value = first.future.get(Math.min(delay(primary).toNanos(),
          Math.max(0, loop.call.remainingNanos())), TimeUnit.NANOSECONDS);
      return first.attempt.won(value);
    } catch (TimeoutException late) {
      // fall through: hedge
    } catch (ExecutionException failed) {
      return loop.loop(queue, null, attempter);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      first.cancel("interrupted");
      throw new CancellationException("interrupted");
    }
    DeploymentState backup = queue.poll();
    Started second = backup == null ? null : start(backup, AttemptStartEvent.Kind.HEDGE);
    List<Started> racing = second == null ? List.of(first) : List.of(first, second);
    loop.cancellation.attempt(() -> racing.forEach(s -> s.cancel(loop.cancellation.reason())));
    CompletableFuture<Started> winner = new CompletableFuture<>();
    int[] failures = {0};
    for (Started s : racing) {
      s.future.whenComplete((v, e) -> {
        if (e == null) {
          winner.complete(s);
        } else {
          synchronized (failures) {
            if (++failures[0] == racing.size()) {
              winner.completeExceptionally(e);
            }
          }
        }
      });
    }
    Started w;
    try {
      w = winner.get(Math.max(1, loop.call.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException bothFailed) {
      return loop.loop(queue, null, attempter);
    } catch (TimeoutException deadline) {
      racing.forEach(s -> s.cancel("deadline"));
      throw loop.giveUp("the call's deadline passed while hedging");
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      racing.forEach(s -> s.cancel("interrupted"));
      throw new CancellationException("interrupted");
    }
    for (Started s : racing) {
      if (s != w) {
        s.cancel("hedge lost to " + w.attempt.d.name());
      }
    }
    return w.attempt.won(w.future.join());
  }

  private Duration delay(DeploymentState primary) {
    if (hedging.delay() != null) {
      return hedging.delay();
    }
    long p95 = loop.call.streaming ? primary.firstToken.p95() : primary.latency.p95();
    return p95 < 0 ? hedging.minDelay()
        : Duration.ofNanos(Math.max(p95, hedging.minDelay().toNanos()));
  }

  /** Steps 3 to 5 on the calling thread, then sending on the router's pool. */
  private @Nullable Started start(DeploymentState d, AttemptStartEvent.Kind kind) {
    Attempt a = loop.prepare(d, false, null);
    if (a == null) {
      return null;
    }
    a.kind = kind;
    loop.use(d);
    Started s = new Started(a);
    Runnable send = () -> {
      try {
        ChatRequest request;
        // Its start is reported under the attempt's lock, which cancel() takes to report its
        // end: a start never comes after its end or the call's (a pool thread that starts late
        // finds the attempt cancelled and sends nothing).
        synchronized (s) {
          if (s.done) {
            return; // cancelled before it was sent: reported, and its future cancelled
          }
          request = loop.started(a);
        }
        s.future.complete(attempter.run(a.d, request, a.scratch));
      } catch (VectorNodeException e) {
        s.failed(e);
        s.future.completeExceptionally(e);
      } catch (RuntimeException e) {
        AttemptLoop.abandoned(a); // as in the sequential loop: charged, never left held
        s.future.completeExceptionally(e);
      }
    };
    try {
      loop.router.hedgePool().execute(send);
    } catch (RejectedExecutionException full) {
      if (loop.router.isClosed()) {
        s.cancel("the client was closed");
      } else {
        send.run(); // every hedging thread is busy: this attempt runs here, unhedged
      }
    }
    return s;
  }

  /** An attempt racing on the router's pool. */
  private final class Started {
    final Attempt attempt;
    final CompletableFuture<T> future = new CompletableFuture<>();
    private boolean done;

    Started(Attempt attempt) {
      this.attempt = attempt;
    }

    /** Records a failure; the loser of a race is recorded by {@link #cancel}. */
    synchronized void failed(VectorNodeException e) {
      if (done) {
        return;
      }
      done = true;
      attempt.failed(e, loop.router.ticker.read());
      loop.cause(e);
      loop.settleAndReport(attempt, CallOutcome.FAILURE, e, attempt.scratch.usage,
          "failed while hedging");
    }

    synchronized void cancel(String reason) {
      if (done) {
        return;
      }
      done = true;
      // The provider read the prompt before the loser was cancelled: charged, an estimate
      // when it reported nothing. Reported before the attempt is cancelled: cancelling it ends
      // its provider call, which completes this future on the sending thread and may let the
      // call's thread end the call, and no attempt may be reported after its end.
      loop.cancelled(attempt, reason);
      attempt.scratch.cancel();
      future.cancel(true);
    }
  }
}
