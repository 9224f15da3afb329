package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.Cost;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.Usage;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An in-process provider registered under any type id ({@code openai}, {@code anthropic}...) that
 * reports the usage a function computes from each request, optionally holding every call at a
 * {@link Gate} so that concurrent calls are all in flight at once.
 */
final class ReportingProvider implements ModelProvider {
  private final String id;
  private final Function<ChatRequest, Usage> usage;
  private final @Nullable Gate gate;
  final AtomicInteger calls = new AtomicInteger();

  ReportingProvider(String id, Function<ChatRequest, Usage> usage, @Nullable Gate gate) {
    this.id = id;
    this.usage = usage;
    this.gate = gate;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    return new ModelClient() {
      @Override
      public ChatResponse chat(ChatRequest r) {
        calls.incrementAndGet();
        if (gate != null) {
          gate.arrive();
        }
        return new ChatResponse("r-" + calls.get(), config.name(), config.modelFor(r),
            Message.assistant("ok"), FinishReason.STOP, usage.apply(r), Cost.unknown(), 1,
            Duration.ZERO, Duration.ZERO);
      }

      @Override
      public CompletableFuture<ChatResponse> chatAsync(ChatRequest r) {
        return CompletableFuture.completedFuture(chat(r));
      }

      @Override
      public ChatStream stream(ChatRequest r) {
        throw new UnsupportedOperationException("not streamed in these tests");
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Holds calls until each of a number of callers has either reached the provider or been
   * refused: then every admitted call is in flight and none has settled its budget yet (the
   * worst case for a budget). Waits on a latch, never sleeps.
   */
  static final class Gate {
    private final int callers;
    private final AtomicInteger accounted = new AtomicInteger();
    private final CountDownLatch open = new CountDownLatch(1);

    Gate(int callers) {
      this.callers = callers;
    }

    void arrive() {
      account();
      try {
        if (!open.await(30, TimeUnit.SECONDS)) {
          throw new AssertionError("not every caller arrived or was refused");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    void refused() {
      account();
    }

    private void account() {
      if (accounted.incrementAndGet() == callers) {
        open.countDown();
      }
    }
  }
}
