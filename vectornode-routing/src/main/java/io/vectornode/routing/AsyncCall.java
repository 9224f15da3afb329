package io.vectornode.routing;

import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.error.RoutingException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link Router#chatAsync} call: its future, and its task on the router's executor. The
 * call starts (and is reported started) when it is submitted, so that its deadline counts the
 * time spent queued. Cancelling the future, or closing the client, ends it as {@code
 * CANCELLED}: a queued call at once, without an attempt; a running one through its {@link
 * Cancellation}, which cancels the attempt's HTTP call and stops the retries and fallbacks.
 */
final class AsyncCall implements Runnable {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;

  final CompletableFuture<ChatResponse> future = new CompletableFuture<>();
  final Cancellation cancellation = new Cancellation(this::cancelled);
  private final AtomicInteger state = new AtomicInteger(QUEUED);
  private final Router router;
  private final CallRecord call;

  AsyncCall(Router router, ChatRequest request) {
    this.router = router;
    this.call = new CallRecord(router, request, false, router.timeouts.forCall(request));
    future.whenComplete((r, e) -> {
      if (e instanceof CancellationException c) {
        cancellation.cancel(c.getMessage() != null ? c.getMessage() : "cancelled by the caller");
      }
    });
  }

  /** Submits the call; a refusal completes the future exceptionally, never blocks. */
  void submit(Executor executor, String refusal) {
    try {
      executor.execute(this);
    } catch (RejectedExecutionException e) {
      if (!state.compareAndSet(QUEUED, DONE)) {
        return; // cancelled (the client closed) while being submitted: already reported
      }
      router.untrack(cancellation);
      if (router.isClosed()) {
        CancellationException c = new CancellationException("the client was closed");
        call.fail(c, CallOutcome.CANCELLED);
        future.completeExceptionally(c);
        return;
      }
      RoutingException x = new RoutingException("chatAsync: " + refusal + "; the call was not"
          + " started [request " + call.requestId + "]", List.of());
      x.addSuppressed(e);
      call.fail(x, CallOutcome.FAILURE);
      future.completeExceptionally(x);
    }
  }

  @Override
  public void run() {
    if (!state.compareAndSet(QUEUED, RUNNING)) {
      return; // cancelled while queued, and reported then
    }
    try {
      future.complete(router.run(call, cancellation, true));
    } catch (Throwable e) {
      // Even an Error must complete the future: a caller may wait on it without a timeout.
      future.completeExceptionally(e);
      if (e instanceof Error error) {
        throw error;
      }
    } finally {
      state.set(DONE);
    }
  }

  /** The cancel's last step: the future, and the report of a call that never started. */
  private void cancelled() {
    future.completeExceptionally(cancellation.exception());
    if (state.compareAndSet(QUEUED, DONE)) {
      router.untrack(cancellation);
      call.fail(cancellation.exception(), CallOutcome.CANCELLED);
    }
  }
}
