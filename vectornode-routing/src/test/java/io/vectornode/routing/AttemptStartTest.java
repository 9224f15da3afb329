package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.AttemptStartEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The router tells listeners each attempt's start (why it is made, where it goes) and sends the
 * headers they return with that attempt only.
 */
class AttemptStartTest extends RouterTestSupport {
  private final List<AttemptStartEvent> starts = new CopyOnWriteArrayList<>();
  private final List<String> threads = new CopyOnWriteArrayList<>();
  private final List<CallEndEvent> ends = new CopyOnWriteArrayList<>();
  private final ModelCallListener numbering = new ModelCallListener() {
    @Override
    public Map<String, String> onAttemptStart(AttemptStartEvent e) {
      starts.add(e);
      threads.add(Thread.currentThread().getName());
      return Map.of("x-attempt", Integer.toString(starts.size()));
    }

    @Override
    public void onCallEnd(CallEndEvent e) {
      ends.add(e);
    }
  };

  @Test
  void retryThenFallback_areStartedAsSuch_eachWithItsOwnHeaders() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    b.enqueue(OpenAiStubs.chat("from b"));
    ModelClient c = build(builder().listener(numbering).provider(openai("pa", a))
        .provider(openai("pb", b)).model("a", "pa", "m").model("b", "pb", "m")
        .route(Route.fallback("r", "a", "b"))
        .resilience(Resilience.custom().maxAttemptsPerDeployment(2).build()));
    ChatResponse r = c.chat(ChatRequest.builder().task("r").user("hi").header("x-team", "t")
        .build());

    assertThat(starts).extracting(AttemptStartEvent::kind).containsExactly(
        AttemptStartEvent.Kind.FIRST, AttemptStartEvent.Kind.RETRY,
        AttemptStartEvent.Kind.FALLBACK);
    assertThat(starts).extracting(AttemptStartEvent::deployment).containsExactly("a", "a", "b");
    assertThat(starts).extracting(AttemptStartEvent::provider).containsExactly("pa", "pa", "pb");
    assertThat(starts).allSatisfy(e -> {
      assertThat(e.providerType()).isEqualTo("openai");
      assertThat(e.model()).isEqualTo("m");
      assertThat(e.requestId()).isEqualTo(listener.singleEnd().requestId());
      assertThat(e.request().model()).hasValueSatisfying(m -> assertThat(m).endsWith("/m"));
    });
    assertThat(threads).containsOnly(Thread.currentThread().getName());
    assertThat(a.takeRequest().header("x-attempt")).contains("1");
    assertThat(a.takeRequest().header("x-attempt")).contains("2");
    var third = b.takeRequest();
    assertThat(third.header("x-attempt")).contains("3");
    assertThat(third.header("x-team")).contains("t");
    assertThat(ends).singleElement().satisfies(e -> {
      assertThat(e.response()).isNotNull();
      assertThat(e.response().id()).isEqualTo(r.id());
      assertThat(e.response().cost()).isEqualTo(r.cost());
    });
  }

  @Test
  void hedge_isStartedAsAHedge_onThePoolThreadThatSendsIt() {
    ProviderStubServer slow = server();
    ProviderStubServer fast = server();
    slow.enqueue(OpenAiStubs.chat("slow").headersDelay(Duration.ofSeconds(5)));
    fast.enqueue(OpenAiStubs.chat("fast"));
    ModelClient c = build(builder().listener(numbering).provider(openai("pa", slow))
        .provider(openai("pb", fast)).model("a", "pa", "m").model("b", "pb", "m")
        .route(Route.fallback("r", "a", "b").withHedging(Hedging.after(Duration.ofMillis(50)))));
    assertThat(c.chat(ChatRequest.builder().task("r").user("hi").build()).text())
        .isEqualTo("fast");
    assertThat(starts).extracting(AttemptStartEvent::kind)
        .containsExactly(AttemptStartEvent.Kind.FIRST, AttemptStartEvent.Kind.HEDGE);
    assertThat(starts).extracting(AttemptStartEvent::deployment).containsExactly("a", "b");
    assertThat(threads).doesNotContain(Thread.currentThread().getName());
    assertThat(fast.takeRequest().header("x-attempt")).contains("2");
  }

  @Test
  void failedCall_endsWithoutResponse() {
    ProviderStubServer a = server();
    a.enqueue(OpenAiStubs.error(400, "invalid_request_error", null, "bad"));
    ModelClient c = build(builder().listener(numbering).provider(openai("pa", a))
        .model("a", "pa", "m"));
    org.assertj.core.api.Assertions.catchThrowable(
        () -> c.chat(ChatRequest.builder().model("a").user("hi").build()));
    assertThat(ends).singleElement().satisfies(e -> assertThat(e.response()).isNull());
    assertThat(starts).singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(AttemptStartEvent.Kind.FIRST));
  }

  /**
   * A hedge whose pool thread starts late (here: a slow listener while its start is reported)
   * is cancelled when the first attempt wins: its start is still reported before its end and
   * before the call's end, never after (a listener pairing them, as tracing does, would open a
   * span for an attempt already ended, or for a call already gone).
   */
  @Test
  void lateHedge_isStartedBeforeItIsReportedCancelled_andBeforeTheCallEnds() throws Exception {
    ProviderStubServer slow = server();
    ProviderStubServer late = server();
    slow.enqueue(OpenAiStubs.chat("first").headersDelay(Duration.ofMillis(300)));
    late.enqueue(OpenAiStubs.chat("hedge").headersDelay(Duration.ofSeconds(5)));
    List<String> order = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch hedgeStarted = new java.util.concurrent.CountDownLatch(1);
    ModelCallListener slowStart = new ModelCallListener() {
      @Override
      public Map<String, String> onAttemptStart(AttemptStartEvent e) {
        if (e.kind() == AttemptStartEvent.Kind.HEDGE) {
          awaitTheWinnerCancellingTheHedge();
        }
        order.add("start " + e.deployment());
        if (e.kind() == AttemptStartEvent.Kind.HEDGE) {
          hedgeStarted.countDown();
        }
        return Map.of();
      }

      @Override
      public void onAttempt(io.vectornode.AttemptEvent e) {
        order.add("attempt " + e.deployment() + " " + e.outcome());
      }

      @Override
      public void onCallEnd(CallEndEvent e) {
        order.add("end");
      }
    };
    ModelClient c = build(builder().listener(slowStart).provider(openai("pa", slow))
        .provider(openai("pb", late)).model("a", "pa", "m").model("b", "pb", "m")
        .route(Route.fallback("r", "a", "b").withHedging(Hedging.after(Duration.ofMillis(50)))));
    assertThat(c.chat(ChatRequest.builder().task("r").user("hi").build()).text())
        .isEqualTo("first");
    // The hedge's start, however late, has been reported (before the end, it should be).
    assertThat(hedgeStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly("start a", "start b", "attempt b CANCELLED",
        "attempt a SUCCESS", "end");
  }

  /**
   * Holds a hedge's start report until the winning attempt is cancelling that hedge: some thread
   * is inside {@code Hedger.Started.cancel}, waiting for the lock this report holds. Waits on that
   * condition (bounded), not on time.
   */
  private static void awaitTheWinnerCancellingTheHedge() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
        for (StackTraceElement f : stack) {
          if (f.getClassName().endsWith("Hedger$Started") && f.getMethodName().equals("cancel")) {
            return;
          }
        }
      }
      Thread.yield();
    }
    throw new AssertionError("the winning attempt never cancelled the hedge");
  }
}
