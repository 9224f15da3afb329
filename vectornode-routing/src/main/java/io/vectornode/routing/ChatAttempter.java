package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.error.VectorNodeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A blocking attempt; when hedged, run through the async API so that the loser can be
 * cancelled.
 */
final class ChatAttempter implements Attempter<ChatResponse> {
  /** Stateless: one of each serves every call. */
  static final ChatAttempter BLOCKING = new ChatAttempter(false);
  static final ChatAttempter CANCELLABLE = new ChatAttempter(true);

  private final boolean cancellable;

  private ChatAttempter(boolean cancellable) {
    this.cancellable = cancellable;
  }

  @Override
  public ChatResponse run(DeploymentState d, ChatRequest request, Scratch scratch) {
    ChatResponse r;
    if (!cancellable) {
      r = scratch.key.client.chat(request);
    } else {
      CompletableFuture<ChatResponse> f = scratch.key.client.chatAsync(request);
      scratch.onCancel(() -> f.cancel(true));
      try {
        r = f.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof VectorNodeException v) {
          throw v;
        }
        throw new IllegalStateException("provider failed outside its contract", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        f.cancel(true);
        throw new CancellationException("interrupted");
      }
    }
    scratch.usage = r.usage();
    return r;
  }
}
