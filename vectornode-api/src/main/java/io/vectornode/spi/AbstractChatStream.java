package io.vectornode.spi;

import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.StreamEvent;
import io.vectornode.error.VectorNodeException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A base for {@link ChatStream} implementations that pull events one at a time: subclasses
 * implement {@link #nextEvent()} and {@link #cancel()}; this class provides single-use
 * iteration, {@link #response()}, the {@link Flow.Publisher} view and idempotent close.
 *
 * <p>Iteration is single-threaded; {@link #close()} may be called from any thread. Once closed,
 * iteration ends quietly: a read that fails because of the close is not reported as an error.
 */
public abstract class AbstractChatStream implements ChatStream {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractChatStream.class);

  private final AtomicBoolean consumed = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final EventIterator iterator = new EventIterator();

  /** For subclasses. */
  protected AbstractChatStream() {}

  /**
   * Reads the next event, blocking until it arrives.
   *
   * @return the event, or {@code null} after the last one ({@link StreamEvent.Completed})
   * @throws VectorNodeException when the stream fails
   */
  protected abstract @Nullable StreamEvent nextEvent();

  /**
   * Releases the stream's resources and cancels the HTTP call if it is still running. Called
   * once, from {@link #close()}, possibly on another thread than the one iterating.
   */
  protected abstract void cancel();

  /** @return whether {@link #close()} has been called (or the stream ended and released) */
  protected final boolean isClosed() {
    return closed.get();
  }

  @Override
  public final Iterator<StreamEvent> iterator() {
    if (!consumed.compareAndSet(false, true)) {
      throw new IllegalStateException("a ChatStream can be consumed only once");
    }
    return iterator;
  }

  @Override
  public final ChatResponse response() {
    Iterator<StreamEvent> it = iterator();
    while (it.hasNext()) {
      if (it.next() instanceof StreamEvent.Completed c) {
        return c.response();
      }
    }
    throw new IllegalStateException("the stream was closed before it completed");
  }

  @Override
  public final Flow.Publisher<StreamEvent> publisher(Executor executor) {
    java.util.Objects.requireNonNull(executor, "executor");
    return subscriber -> {
      java.util.Objects.requireNonNull(subscriber, "subscriber");
      if (!consumed.compareAndSet(false, true)) {
        subscriber.onSubscribe(new NoopSubscription());
        subscriber.onError(new IllegalStateException("a ChatStream can be consumed only once"));
        return;
      }
      new StreamSubscription(subscriber, executor).start();
    };
  }

  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        cancel();
      } catch (RuntimeException e) {
        LOG.debug("cancelling stream failed", e);
      }
    }
  }

  private final class EventIterator implements Iterator<StreamEvent> {
    private @Nullable StreamEvent next;
    private boolean done;

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (done) {
        return false;
      }
      if (closed.get()) {
        done = true;
        return false;
      }
      try {
        next = nextEvent();
      } catch (VectorNodeException e) {
        done = true;
        if (closed.get()) {
          return false;
        }
        close();
        throw e;
      }
      if (next == null) {
        done = true;
        close();
        return false;
      }
      return true;
    }

    @Override
    public StreamEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StreamEvent e = next;
      next = null;
      return e;
    }
  }

  private static final class NoopSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }

  /** Pulls events on the executor while the subscriber has demand; one drainer at a time. */
  private final class StreamSubscription implements Flow.Subscription {
    private final Flow.Subscriber<? super StreamEvent> subscriber;
    private final Executor executor;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean terminated;

    StreamSubscription(Flow.Subscriber<? super StreamEvent> subscriber, Executor executor) {
      this.subscriber = subscriber;
      this.executor = executor;
    }

    void start() {
      subscriber.onSubscribe(this);
    }

    @Override
    public void request(long n) {
      if (terminated) {
        return;
      }
      if (n <= 0) {
        terminated = true;
        AbstractChatStream.this.close();
        subscriber.onError(new IllegalArgumentException("request: must be positive, was " + n));
        return;
      }
      demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      if (wip.getAndIncrement() == 0) {
        executor.execute(this::drain);
      }
    }

    @Override
    public void cancel() {
      terminated = true;
      AbstractChatStream.this.close();
    }

    private void drain() {
      int missed = 1;
      do {
        while (!terminated && demand.get() > 0) {
          boolean has;
          StreamEvent event;
          try {
            has = iterator.hasNext();
            event = has ? iterator.next() : null;
          } catch (RuntimeException e) {
            terminated = true;
            subscriber.onError(e);
            return;
          }
          if (!has) {
            terminated = true;
            subscriber.onComplete();
            return;
          }
          demand.decrementAndGet();
          subscriber.onNext(event);
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }
  }
}
