package io.vectornode.routing;

import io.vectornode.spi.Sleeper;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * The cancel of one call (its async future cancelled, or the client closed), and how it reaches
 * whatever the call is doing at that moment: the attempt in flight is cancelled through its
 * hook (the provider's future, hence the OkHttp call), a backoff in progress is interrupted, and
 * every later step sees {@link #cancelled()} and stops. Thread-safe.
 */
final class Cancellation {
  /** Written under the lock; read without it on every step of every call (the common case: no). */
  private volatile boolean cancelled;
  private String reason = "cancelled";
  /** Cancels the attempt (or the hedged attempts) in flight; null between attempts. */
  private @Nullable Runnable current;
  /** The thread in a backoff sleep, interrupted by a cancel; null otherwise. */
  private @Nullable Thread sleeping;
  /** Run once on cancel, after the attempt's hook (an async call completes its future). */
  private final @Nullable Runnable onCancel;
  /** Which {@link InFlight} stripe holds this call: from the thread that created it. */
  final int slot = (int) Thread.currentThread().getId();
  /** Whether the call is on its {@link InFlight} stripe, and its neighbours there (guarded by it). */
  boolean listed;
  @Nullable Cancellation prev;
  @Nullable Cancellation next;

  Cancellation(@Nullable Runnable onCancel) {
    this.onCancel = onCancel;
  }

  /**
   * Cancels the call; idempotent (the first reason stays).
   *
   * @param why why, for the call's end event and the exception
   */
  void cancel(String why) {
    Runnable attempt;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      reason = why;
      attempt = current;
      current = null;
      if (sleeping != null) {
        sleeping.interrupt();
      }
    }
    if (attempt != null) {
      attempt.run();
    }
    if (onCancel != null) {
      onCancel.run();
    }
  }

  boolean cancelled() {
    return cancelled;
  }

  synchronized String reason() {
    return reason;
  }

  /** @return the exception that ends a cancelled call */
  CancellationException exception() {
    return new CancellationException(reason());
  }

  /**
   * Registers the in-flight attempt's cancel hook (replacing the previous one); runs it at once
   * when the call is already cancelled.
   */
  void attempt(Runnable hook) {
    synchronized (this) {
      if (!cancelled) {
        current = hook;
        return;
      }
    }
    hook.run();
  }

  /** The attempt in flight ended: a later cancel has nothing to cancel but the next steps. */
  synchronized void attemptEnded() {
    current = null;
  }

  /**
   * Sleeps a backoff, cut short by a cancel.
   *
   * @throws CancellationException when the call is (or becomes) cancelled
   * @throws InterruptedException when the thread is interrupted by someone else
   */
  void sleep(Sleeper sleeper, Duration d) throws InterruptedException {
    synchronized (this) {
      if (cancelled) {
        throw new CancellationException(reason);
      }
      sleeping = Thread.currentThread();
    }
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      synchronized (this) {
        if (!cancelled) {
          throw e;
        }
      }
    } finally {
      synchronized (this) {
        sleeping = null;
        if (cancelled) {
          // Our own interrupt, possibly delivered after the sleep returned: not the caller's.
          Thread.interrupted();
        }
      }
    }
    synchronized (this) {
      if (cancelled) {
        throw new CancellationException(reason);
      }
    }
  }
}
