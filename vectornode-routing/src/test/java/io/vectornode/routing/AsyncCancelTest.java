package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.Cost;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.Usage;
import io.vectornode.error.RoutingException;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code chatAsync} through the router: cancelling the future (or closing the client) reaches
 * the HTTP call and ends the call {@code CANCELLED}; async calls run on a bounded (or the
 * user's) executor, never on a thread per call.
 */
class AsyncCancelTest extends RouterTestSupport {
  private static final ChatRequest HI = ChatRequest.builder().user("Say hi to everyone.").build();

  private final CountDownLatch ended = new CountDownLatch(1);
  private final ModelCallListener endLatch = new ModelCallListener() {
    @Override
    public void onCallEnd(CallEndEvent event) {
      ended.countDown();
    }
  };
  private final List<AutoCloseable> closeLater = new ArrayList<>();

  @AfterEach
  void closeOwn() throws Exception {
    for (AutoCloseable c : closeLater) {
      c.close();
    }
  }

  // --- cancel reaches the HTTP call ---

  @Test
  void chatAsync_cancelledWhileTheBodyIsSlow_closesTheConnectionAndEndsCancelled()
      throws Exception {
    SlowBody slow = slowServer();
    ProviderStubServer fallback = server();
    ModelClient c = build(builder().listener(endLatch)
        .provider(openai("pa", slow.url())).provider(openai("pb", fallback.baseUrl()))
        .model("a", "pa", "gpt-4o").model("b", "pb", "gpt-4o-mini")
        .route(Route.fallback("main", "a", "b")).defaultModel("main"));

    CompletableFuture<ChatResponse> f = c.chatAsync(HI);
    assertThat(slow.bodyStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(f.cancel(true)).isTrue();

    // The server's next write fails: the client hung up on the socket.
    assertThat(slow.clientGone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.CANCELLED);
    assertThat(end.error()).isInstanceOf(CancellationException.class);
    assertThat(end.attempts()).singleElement().satisfies(a -> {
      assertThat(a.deployment()).isEqualTo("a");
      assertThat(a.outcome()).isEqualTo(CallOutcome.CANCELLED);
      // Nothing reported before the cancel: the prompt is charged as estimated, as a lost
      // hedge is.
      assertThat(a.usage().inputTokens()).isPositive();
      assertThat(a.cost().estimated()).isTrue();
    });
    // No retry, no fallback.
    assertThat(slow.server.getRequestCount()).isEqualTo(1);
    assertThat(fallback.requestCount()).isZero();
  }

  @Test
  void close_withAnAsyncCallInFlight_cancelsItAndEndsCancelled() throws Exception {
    SlowBody slow = slowServer();
    ModelClient c = VectorNode.builder().ticker(time).clock(time.clock()).sleeper(time)
        .listener(listener).listener(endLatch)
        .provider(openai("pa", slow.url())).model("a", "pa", "gpt-4o").defaultModel("a")
        .build();

    CompletableFuture<ChatResponse> f = c.chatAsync(HI);
    assertThat(slow.bodyStarted.await(10, TimeUnit.SECONDS)).isTrue();
    c.close();

    assertThat(catchThrowable(() -> f.get(10, TimeUnit.SECONDS)))
        .isInstanceOf(CancellationException.class).hasMessageContaining("closed");
    assertThat(slow.clientGone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.CANCELLED);
    assertThat(end.error()).isInstanceOf(CancellationException.class)
        .hasMessage("the client was closed");
    assertThat(end.attempts()).singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(CallOutcome.CANCELLED));
  }

  @Test
  void close_withABlockingCallInItsBackoff_cancelsItAndEndsCancelled() throws Exception {
    MockWebServer server = new MockWebServer();
    server.enqueue(new MockResponse.Builder().code(503)
        .setHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")
        .build());
    server.start(InetAddress.getLoopbackAddress(), 0);
    closeLater.add(server);
    CountDownLatch inBackoff = new CountDownLatch(1);
    // Waits until interrupted: only the close's cancel can end this backoff.
    io.vectornode.spi.Sleeper forever = d -> {
      inBackoff.countDown();
      new CountDownLatch(1).await();
    };
    ModelClient c = VectorNode.builder().ticker(time).clock(time.clock()).sleeper(forever)
        .listener(listener).listener(endLatch)
        .provider(openai("pa", server.url("/v1").toString())).model("a", "pa", "gpt-4o")
        .defaultModel("a").build();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread caller = new Thread(() -> thrown.complete(catchThrowable(() -> c.chat(HI))));
    caller.start();
    assertThat(inBackoff.await(10, TimeUnit.SECONDS)).isTrue();
    c.close();

    assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class)
        .hasMessage("the client was closed");
    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.CANCELLED);
    assertThat(end.attempts()).singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(CallOutcome.FAILURE));
    assertThat(server.getRequestCount()).isEqualTo(1); // the retry was never sent
    caller.join(10_000);
    assertThat(caller.isAlive()).isFalse();
  }

  @Test
  void chatAsync_cancelledWhileQueued_endsCancelledWithoutAnAttempt() {
    HeldProvider provider = new HeldProvider();
    List<Runnable> queued = new ArrayList<>();
    ModelClient c = build(held(provider).executor(queued::add));

    CompletableFuture<ChatResponse> f = c.chatAsync(HI);
    f.cancel(true);

    // Reported at once, by the cancelling thread: the queued task may never run.
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.CANCELLED);
    assertThat(end.attempts()).isEmpty();
    queued.forEach(Runnable::run);
    assertThat(provider.calls).hasValue(0);
    assertThat(listener.ends()).hasSize(1);
  }

  @Test
  void chatAsync_hedgedAndCancelled_cancelsBothRacingAttempts() throws Exception {
    HeldProvider provider = new HeldProvider();
    ModelClient c = build(builder().listener(endLatch)
        .registry(ProviderRegistry.of(List.of(provider)))
        .provider(ProviderConfig.builder("p1").type(HeldProvider.ID).apiKey("k-0123456789")
            .build())
        .provider(ProviderConfig.builder("p2").type(HeldProvider.ID).apiKey("k-9876543210")
            .build())
        .model("a", "p1", "held-model").model("b", "p2", "held-model")
        .route(Route.fallback("main", "a", "b").withHedging(Hedging.after(Duration.ZERO)))
        .defaultModel("main"));

    CompletableFuture<ChatResponse> f = c.chatAsync(HI);
    CompletableFuture<ChatResponse> first = provider.take();
    CompletableFuture<ChatResponse> second = provider.take();
    f.cancel(true);

    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    // The end is reported by the cancelling thread; an attempt whose provider call had just
    // started registers its cancel hook an instant later, and the hook runs at once then.
    awaitCancelled(first);
    awaitCancelled(second);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.CANCELLED);
    assertThat(end.attempts()).hasSize(2)
        .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(CallOutcome.CANCELLED));
    assertThat(provider.calls).hasValue(2);
  }

  /** Waits, at most 10 s, for a provider call's future to be cancelled (another thread does). */
  private static void awaitCancelled(CompletableFuture<?> f) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!f.isCancelled() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(f).isCancelled();
  }

  @Test
  void close_racingCallsSubmittedFromManyThreads_cancelsEveryOne() throws Exception {
    // Half the calls are held at the provider before the close; the other half are submitted,
    // each from its own thread (so on the registry's other stripes), at the same moment as it.
    HeldProvider provider = new HeldProvider();
    int before = 8;
    int racing = 8;
    // A running call's future completes at the cancel; its end is reported by its own thread.
    CountDownLatch allEnded = new CountDownLatch(before + racing);
    ModelClient c = build(held(provider).listener(new ModelCallListener() {
      @Override
      public void onCallEnd(CallEndEvent e) {
        allEnded.countDown();
      }
    }));
    List<CompletableFuture<ChatResponse>> futures =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    List<CompletableFuture<ChatResponse>> atProvider = new ArrayList<>();
    for (int i = 0; i < before; i++) {
      Thread t = new Thread(() -> futures.add(c.chatAsync(HI)));
      t.start();
      t.join(10_000);
      atProvider.add(provider.take());
    }
    java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(racing + 1);
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < racing; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        futures.add(c.chatAsync(HI));
      });
      callers.add(t);
      t.start();
    }
    go.await(10, TimeUnit.SECONDS);
    c.close();
    for (Thread t : callers) {
      t.join(10_000);
      assertThat(t.isAlive()).isFalse();
    }

    assertThat(futures).hasSize(before + racing);
    for (CompletableFuture<ChatResponse> f : futures) {
      // A call the close did not cancel would wait at the provider forever.
      Throwable thrown = catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
      assertThat(thrown).as("every call ends cancelled")
          .isInstanceOfAny(CancellationException.class, ExecutionException.class);
      assertThat(f).isCompletedExceptionally();
    }
    for (CompletableFuture<ChatResponse> f : atProvider) {
      awaitCancelled(f);
    }
    assertThat(allEnded.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.ends()).hasSize(before + racing)
        .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(CallOutcome.CANCELLED));
  }

  // --- executors ---

  @Test
  void chatAsync_defaultExecutor_boundsItsThreadsAndQueuesTheRest() throws Exception {
    HeldProvider provider = new HeldProvider();
    ModelClient c = build(held(provider));
    int n = Router.ASYNC_THREADS + 16;

    List<CompletableFuture<ChatResponse>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(c.chatAsync(HI));
    }
    List<CompletableFuture<ChatResponse>> upstream = new ArrayList<>();
    for (int i = 0; i < Router.ASYNC_THREADS; i++) {
      upstream.add(provider.take());
    }
    // Every thread is busy and the rest wait: releasing one call lets exactly one more start.
    assertThat(provider.calls).hasValue(Router.ASYNC_THREADS);
    upstream.remove(0).complete(provider.answer());
    upstream.add(provider.take());
    assertThat(provider.calls).hasValue(Router.ASYNC_THREADS + 1);

    // Let the rest through, each answered as it arrives.
    upstream.forEach(u -> u.complete(provider.answer()));
    for (int i = Router.ASYNC_THREADS + 1; i < n; i++) {
      provider.take().complete(provider.answer());
    }
    for (CompletableFuture<ChatResponse> f : futures) {
      assertThat(f.get(10, TimeUnit.SECONDS).text()).isEqualTo("ok");
    }
    assertThat(provider.threads).hasSizeLessThanOrEqualTo(Router.ASYNC_THREADS)
        .allSatisfy(name -> assertThat(name).startsWith("vectornode-async-"));
    assertThat(listener.ends()).hasSize(n)
        .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(CallOutcome.SUCCESS));
  }

  @Test
  void chatAsync_defaultExecutorFull_completesExceptionallyAtOnce() throws Exception {
    HeldProvider provider = new HeldProvider();
    ModelClient c = build(held(provider).logCalls(false));
    for (int i = 0; i < Router.ASYNC_THREADS; i++) {
      c.chatAsync(HI);
    }
    for (int i = 0; i < Router.ASYNC_THREADS; i++) {
      provider.take(); // every thread is held
    }
    for (int i = 0; i < Router.ASYNC_QUEUE; i++) {
      assertThat(c.chatAsync(HI)).isNotDone();
    }

    CompletableFuture<ChatResponse> refused = c.chatAsync(HI);

    assertThat(refused).isCompletedExceptionally();
    assertThat(catchThrowable(refused::join).getCause())
        .isInstanceOf(RoutingException.class)
        .hasMessageContaining("all " + Router.ASYNC_THREADS + " threads")
        .hasMessageContaining(Router.ASYNC_QUEUE + " calls are already queued")
        .hasMessageContaining("VectorNode.builder().executor(");
    assertThat(listener.ends()).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(CallOutcome.FAILURE));
  }

  @Test
  void chatAsync_userExecutor_runsTheCallThere() throws Exception {
    HeldProvider provider = new HeldProvider();
    provider.immediate = true;
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "user-pool"));
    closeLater.add(pool::shutdown);
    AtomicInteger submitted = new AtomicInteger();
    Executor counting = r -> {
      submitted.incrementAndGet();
      pool.execute(r);
    };
    ModelClient c = build(held(provider).executor(counting));

    assertThat(c.chatAsync(HI).get(10, TimeUnit.SECONDS).text()).isEqualTo("ok");
    assertThat(c.chatAsync(HI).get(10, TimeUnit.SECONDS).text()).isEqualTo("ok");

    assertThat(submitted).hasValue(2);
    assertThat(provider.threads).containsExactly("user-pool");
  }

  @Test
  void chatAsync_userExecutorRefuses_completesExceptionallyNamingIt() {
    HeldProvider provider = new HeldProvider();
    ModelClient c = build(held(provider).executor(r -> {
      throw new RejectedExecutionException("full");
    }));

    CompletableFuture<ChatResponse> f = c.chatAsync(HI);

    assertThat(catchThrowable(f::join).getCause()).isInstanceOf(RoutingException.class)
        .hasMessageContaining("the executor given to VectorNode.builder().executor(...)");
    assertThat(provider.calls).hasValue(0);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  // --- helpers ---

  private VectorNode.Builder held(HeldProvider provider) {
    return builder().registry(ProviderRegistry.of(List.of(provider)))
        .provider(ProviderConfig.builder("p").type(HeldProvider.ID).apiKey("k-0123456789")
            .build())
        .model("m", "p", "held-model").defaultModel("m");
  }

  private static ProviderConfig openai(String name, String baseUrl) {
    return ProviderConfig.builder(name).type("openai").apiKey("sk-" + name + "-key-0123456789")
        .baseUrl(baseUrl).readTimeout(Duration.ofSeconds(30)).build();
  }

  /**
   * A server that sends the response headers and the body's first byte, then a blank every
   * 10 ms (valid JSON whitespace) until the client hangs up or the test ends.
   */
  private SlowBody slowServer() throws IOException {
    SlowBody s = new SlowBody();
    s.server.enqueue(new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json").body(s).build());
    s.server.start(InetAddress.getLoopbackAddress(), 0);
    closeLater.add(s);
    return s;
  }

  private static final class SlowBody implements MockResponseBody, AutoCloseable {
    final MockWebServer server = new MockWebServer();
    final CountDownLatch bodyStarted = new CountDownLatch(1);
    final CountDownLatch clientGone = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);

    String url() {
      return server.url("/v1").toString();
    }

    @Override
    public long getContentLength() {
      return 1_000_000;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try {
        sink.writeUtf8("{");
        sink.flush();
        bodyStarted.countDown();
        while (!stop.await(10, TimeUnit.MILLISECONDS)) {
          sink.writeUtf8(" ");
          sink.flush();
        }
        throw new IOException("test over");
      } catch (IOException e) {
        if (stop.getCount() > 0) {
          clientGone.countDown();
        }
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    @Override
    public void close() {
      stop.countDown();
      server.close();
    }
  }

  /**
   * A provider whose calls stay in flight until the test completes them: {@code chatAsync}
   * returns a future the test takes from {@link #take}. Records the threads that called it.
   */
  static final class HeldProvider implements ModelProvider {
    static final String ID = "held";
    final AtomicInteger calls = new AtomicInteger();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<CompletableFuture<ChatResponse>> pending =
        new LinkedBlockingQueue<>();
    volatile boolean immediate;

    @Override
    public String id() {
      return ID;
    }

    CompletableFuture<ChatResponse> take() throws InterruptedException {
      CompletableFuture<ChatResponse> f = pending.poll(10, TimeUnit.SECONDS);
      assertThat(f).as("a call reached the provider").isNotNull();
      return f;
    }

    ChatResponse answer() {
      return new ChatResponse("r", "p", "held-model", Message.assistant("ok"), FinishReason.STOP,
          Usage.of(3, 1), Cost.unknown(), 1, Duration.ZERO, Duration.ZERO);
    }

    @Override
    public ModelClient create(ProviderConfig config, ProviderContext context) {
      return new ModelClient() {
        @Override
        public ChatResponse chat(ChatRequest r) {
          try {
            return chatAsync(r).get();
          } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public CompletableFuture<ChatResponse> chatAsync(ChatRequest r) {
          calls.incrementAndGet();
          threads.add(Thread.currentThread().getName());
          if (immediate) {
            return CompletableFuture.completedFuture(answer());
          }
          CompletableFuture<ChatResponse> f = new CompletableFuture<>();
          pending.add(f);
          return f;
        }

        @Override
        public ChatStream stream(ChatRequest r) {
          throw new UnsupportedOperationException("not streamed here");
        }

        @Override
        public void close() {}
      };
    }
  }
}
