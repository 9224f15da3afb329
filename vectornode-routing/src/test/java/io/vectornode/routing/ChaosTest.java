package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.InvalidRequestException;
import io.vectornode.error.NotFoundException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.RoutingException;
import io.vectornode.error.StreamInterruptedException;
import io.vectornode.error.TransportException;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.StubReply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chaos suite: every failure mode peers get wrong, against stub servers, in virtual time
 * (backoffs, cooldowns and breaker waits advance a manual clock; nothing sleeps for real).
 */
class ChaosTest extends RouterTestSupport {
  private static final ChatRequest HI = ChatRequest.builder().user("hi").build();

  private ModelClient single(ProviderStubServer s) {
    return build(builder().provider(openai("p", s)).model("m", "p", "gpt-4o-mini")
        .defaultModel("m"));
  }

  private ModelClient twoDeployments(ProviderStubServer a, ProviderStubServer b,
      Resilience resilience) {
    return build(builder().provider(openai("pa", a)).provider(openai("pb", b))
        .model("a", "pa", "gpt-4o-mini").model("b", "pb", "gpt-4o")
        .route(Route.fallback("main", "a", "b")).defaultModel("main").resilience(resilience));
  }

  @Test
  void rateLimit_retryAfterMs_isHonouredExactly() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.rateLimited(Duration.ofMillis(1250)));
    s.enqueue(OpenAiStubs.chat("ok"));
    ChatResponse r = single(s).chat(HI);
    assertThat(r.text()).isEqualTo("ok");
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(1250));
    assertThat(s.requestCount()).isEqualTo(2);
    assertThat(listener.singleEnd().attempts().get(0).reason()).isEqualTo("retry in 1250 ms");
  }

  @Test
  void rateLimit_retryAfterSeconds_isHonoured() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.error(429, "requests", "rate_limit_exceeded", "slow down")
        .header("retry-after", "7"));
    s.enqueue(OpenAiStubs.chat("ok"));
    single(s).chat(HI);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void rateLimit_retryAfterHttpDate_isReadAgainstTheInjectedClock() {
    ProviderStubServer s = server();
    String date = DateTimeFormatter.RFC_1123_DATE_TIME
        .format(time.clock().instant().plusSeconds(20).atOffset(ZoneOffset.UTC));
    s.enqueue(OpenAiStubs.error(429, "requests", "rate_limit_exceeded", "later")
        .header("Retry-After", date));
    s.enqueue(OpenAiStubs.chat("ok"));
    single(s).chat(HI);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20));
  }

  @Test
  void rateLimit_hugeRetryAfter_isCappedAndGarbageFallsBackToBackoff() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.error(429, "requests", "rate_limit_exceeded", "x")
        .header("retry-after", "86400"));
    s.enqueue(OpenAiStubs.error(429, "requests", "rate_limit_exceeded", "x")
        .header("retry-after", "tomorrow-ish"));
    s.enqueue(OpenAiStubs.chat("ok"));
    single(s).chat(HI);
    assertThat(time.sleeps()).hasSize(2);
    assertThat(time.sleeps().get(0)).isEqualTo(Duration.ofSeconds(60));
    // garbage: the second retry's backoff, 1 s +- 25% jitter
    assertThat(time.sleeps().get(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
  }

  @Test
  void rateLimit_retryAfterBeyondTheDeadline_isNotWaitedFor() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.error(429, "requests", "rate_limit_exceeded", "x")
        .header("retry-after", "30"));
    ModelClient c = single(s);
    Throwable t = catchThrowable(() -> c.chat(HI.toBuilder().timeout(Duration.ofSeconds(5))
        .build()));
    assertThat(t).isInstanceOf(RateLimitException.class);
    assertThat(time.sleeps()).isEmpty();
    assertThat(s.requestCount()).isEqualTo(1);
    assertThat(listener.singleEnd().attempts().get(0).reason()).contains("would pass the deadline");
  }

  @Test
  void quota429_isNotRetriedAndDoesNotTripTheBreaker() {
    ProviderStubServer s = server();
    for (int i = 0; i < 8; i++) {
      s.enqueue(OpenAiStubs.error(429, "insufficient_quota", "insufficient_quota", "quota"));
    }
    ModelClient c = single(s);
    for (int i = 0; i < 8; i++) {
      Throwable t = catchThrowable(() -> c.chat(HI));
      assertThat(t).isInstanceOfSatisfying(RateLimitException.class,
          e -> assertThat(e.quotaExceeded()).isTrue());
    }
    assertThat(s.requestCount()).isEqualTo(8);
    assertThat(time.sleeps()).isEmpty();
    assertThat(breaker(c, "m")).isEqualTo(DeploymentHealth.Breaker.CLOSED);
  }

  @ParameterizedTest
  @CsvSource({"500, server_error", "503, server_error", "529, overloaded_error"})
  void serverErrorBursts_areRetriedWithExponentialBackoff(int status, String type) {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.error(status, type, null, "burst"));
    s.enqueue(OpenAiStubs.error(status, type, null, "burst"));
    s.enqueue(OpenAiStubs.chat("survived"));
    ChatResponse r = single(s).chat(HI);
    assertThat(r.text()).isEqualTo("survived");
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(s.requestCount()).isEqualTo(3); // one retry layer: 3 attempts, 3 requests
    assertThat(time.sleeps()).hasSize(2);
    assertThat(time.sleeps().get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(625));
    assertThat(time.sleeps().get(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
    List<AttemptEvent> attempts = listener.singleEnd().attempts();
    assertThat(attempts).extracting(AttemptEvent::outcome)
        .containsExactly(CallOutcome.FAILURE, CallOutcome.FAILURE, CallOutcome.SUCCESS);
    assertThat(attempts.get(0).errorType()).isEqualTo("ServiceUnavailableException");
  }

  @Test
  void longHealthyStreams_neverOpenTheBreaker() {
    // Resilience4j's default would count every call over 60 s as slow and open the breaker once
    // all calls in the window are: a deployment serving long reasoning streams would be cut off.
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    ModelClient c = twoDeployments(a, b,
        Resilience.custom().failureRate(50f, 4, 4).build());
    for (int i = 0; i < 6; i++) {
      a.enqueue(OpenAiStubs.stream("long ", "answer " + i));
      try (ChatStream s = c.stream(HI)) {
        time.advance(Duration.ofSeconds(61));
        StringBuilder text = new StringBuilder();
        for (StreamEvent e : s) {
          if (e instanceof StreamEvent.TextDelta d) {
            text.append(d.text());
          }
        }
        assertThat(text.toString()).isEqualTo("long answer " + i);
      }
    }
    assertThat(breaker(c, "a")).isEqualTo(DeploymentHealth.Breaker.CLOSED);
    assertThat(listener.ends()).hasSize(6).allSatisfy(e -> {
      assertThat(e.outcome()).isEqualTo(CallOutcome.SUCCESS);
      assertThat(e.attempts()).singleElement()
          .satisfies(at -> assertThat(at.deployment()).isEqualTo("a"));
    });
    assertThat(b.requestCount()).isZero();
  }

  @Test
  void sustainedOutage_opensTheBreaker_movesTraffic_probes_andRecovers() {
    ProviderStubServer a = server(); // an empty queue answers 500: a sustained outage
    ProviderStubServer b = server();
    Resilience r = Resilience.custom().maxAttemptsPerDeployment(1).consecutiveFailures(3)
        .openDuration(Duration.ofSeconds(30)).halfOpenProbes(1).build();
    ModelClient c = twoDeployments(a, b, r);
    for (int i = 0; i < 10; i++) {
      b.enqueue(OpenAiStubs.chat("from b " + i));
    }
    for (int i = 0; i < 6; i++) {
      assertThat(c.chat(HI).text()).isEqualTo("from b " + i);
    }
    // 3 failures open a's breaker; calls 4-6 go straight to b.
    assertThat(a.requestCount()).isEqualTo(3);
    assertThat(breaker(c, "a")).isEqualTo(DeploymentHealth.Breaker.OPEN);
    assertThat(listener.ends().get(5).attempts()).singleElement()
        .satisfies(e -> assertThat(e.deployment()).isEqualTo("b"));

    time.advance(Duration.ofSeconds(31)); // the breaker lets a probe through
    a.enqueue(OpenAiStubs.chat("a is back"));
    assertThat(c.chat(HI).text()).isEqualTo("a is back");
    assertThat(breaker(c, "a")).isEqualTo(DeploymentHealth.Breaker.CLOSED);
    a.enqueue(OpenAiStubs.chat("a again"));
    assertThat(c.chat(HI).text()).isEqualTo("a again");
    assertThat(a.requestCount()).isEqualTo(5);
  }

  @Test
  void totalOutage_amplificationFallsToAtMost1point2_andTheErrorIsAggregate() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    ProviderStubServer c3 = server();
    ModelClient c = build(builder().provider(openai("pa", a)).provider(openai("pb", b))
        .provider(openai("pc", c3)).model("a", "pa", "m1").model("b", "pb", "m2")
        .model("c", "pc", "m3").route(Route.fallback("main", "a", "b", "c"))
        .defaultModel("main"));
    int calls = 200;
    int drainedAt = -1;
    int upstreamAtDrain = 0;
    for (int i = 0; i < calls; i++) {
      Throwable t = catchThrowable(() -> c.chat(HI));
      assertThat(t).isInstanceOfAny(RoutingException.class,
          io.vectornode.error.ServiceUnavailableException.class);
      if (i == 0) {
        // the last attempt's own exception, the aggregate attached to it (issue 12)
        assertThat(t).isInstanceOf(io.vectornode.error.ServiceUnavailableException.class);
        RoutingException summary = RoutingException.summaryOf(t).orElseThrow();
        assertThat(summary.causes()).hasSizeGreaterThan(1).last().isSameAs(t);
        assertThat(summary.getMessage()).contains("#1 a (pa/m1)").contains("#2 a (pa/m1)");
      }
      if (drainedAt < 0 && listener.ends().get(i).attempts().size() == 1) {
        drainedAt = i;
        upstreamAtDrain = requests(a, b, c3);
      }
    }
    int total = requests(a, b, c3);
    double overall = total / (double) calls;
    double afterDrain = (total - upstreamAtDrain) / (double) (calls - drainedAt);
    System.out.printf("total outage: %d calls, %d upstream requests (%.2f per call overall,"
        + " %.3f per call after the budget drained at call %d)%n", calls, total, overall,
        afterDrain, drainedAt);
    assertThat(drainedAt).isBetween(1, 20);
    assertThat(afterDrain).isLessThanOrEqualTo(1.2);
  }

  @ParameterizedTest
  @CsvSource({"400, InvalidRequestException", "401, AuthenticationException",
      "404, NotFoundException", "413, InvalidRequestException"})
  void clientErrors_areNeverRetried(int status, String type) {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.error(status, "invalid_request_error", null, "no"));
    Throwable t = catchThrowable(() -> single(s).chat(HI));
    assertThat(t.getClass().getSimpleName()).isEqualTo(type);
    assertThat(s.requestCount()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
    assertThat(List.of(InvalidRequestException.class, AuthenticationException.class,
        NotFoundException.class)).anyMatch(k -> k.isInstance(t));
  }

  @Test
  void connectionRefused_retriesAtOnce_thenFallsBack() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    ProviderStubServer b = server();
    b.enqueue(OpenAiStubs.chat("from b"));
    ModelClient c = build(builder()
        .provider(io.vectornode.spi.ProviderConfig.builder("dead").type("openai")
            .apiKey("sk-dead-0123456789").baseUrl("http://127.0.0.1:" + port + "/v1").build())
        .provider(openai("pb", b)).model("a", "dead", "m").model("b", "pb", "m")
        .route(Route.fallback("main", "a", "b")).defaultModel("main"));
    assertThat(c.chat(HI).text()).isEqualTo("from b");
    assertThat(time.sleeps()).containsExactly(Duration.ZERO, Duration.ZERO);
    List<AttemptEvent> attempts = listener.singleEnd().attempts();
    assertThat(attempts).hasSize(4);
    assertThat(attempts.get(0).error()).isInstanceOfSatisfying(TransportException.class,
        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT));
  }

  @Test
  void resetAfterTheRequestWasSent_isRetriedWithBackoff() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.chat("never sent").resetAfterRequest());
    s.enqueue(OpenAiStubs.chat("second time lucky"));
    assertThat(single(s).chat(HI).text()).isEqualTo("second time lucky");
    AttemptEvent first = listener.singleEnd().attempts().get(0);
    assertThat(first.error()).isInstanceOfSatisfying(TransportException.class,
        e -> assertThat(e.requestSent()).isTrue());
    assertThat(time.sleeps()).singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(375), Duration.ofMillis(625)));
  }

  @Test
  void slowFirstToken_withoutHedging_waitsForTheSlowDeployment() {
    ProviderStubServer slow = server();
    ProviderStubServer fast = server();
    slow.enqueue(OpenAiStubs.chat("slow answer").headersDelay(Duration.ofMillis(600)));
    fast.enqueue(OpenAiStubs.chat("fast answer"));
    ModelClient c = twoDeployments(slow, fast, Resilience.defaults());
    assertThat(c.chat(HI).text()).isEqualTo("slow answer");
    assertThat(fast.requestCount()).isZero();
  }

  @Test
  void slowFirstToken_withHedging_startsTheNextDeploymentAndCancelsTheLoser() {
    ProviderStubServer slow = server();
    ProviderStubServer fast = server();
    slow.enqueue(OpenAiStubs.chat("slow answer").headersDelay(Duration.ofMillis(1500)));
    fast.enqueue(OpenAiStubs.chat("fast answer"));
    ModelClient c = build(builder().provider(openai("pa", slow)).provider(openai("pb", fast))
        .model("a", "pa", "gpt-4o").model("b", "pb", "gpt-4o-mini")
        .route(Route.fallback("main", "a", "b").withHedging(Hedging.after(Duration.ofMillis(100))))
        .defaultModel("main"));
    long t0 = System.nanoTime();
    ChatResponse r = c.chat(HI);
    long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.text()).isEqualTo("fast answer");
    assertThat(elapsedMs).isLessThan(1200);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.attempts()).hasSize(2);
    assertThat(end.attempts()).anySatisfy(a -> {
      assertThat(a.deployment()).isEqualTo("a");
      assertThat(a.outcome()).isEqualTo(CallOutcome.CANCELLED);
      assertThat(a.reason()).isEqualTo("hedge lost to b");
    });
    assertThat(end.attempts()).anySatisfy(a -> {
      assertThat(a.deployment()).isEqualTo("b");
      assertThat(a.outcome()).isEqualTo(CallOutcome.SUCCESS);
      assertThat(a.usage().outputTokens()).isPositive();
    });
  }

  @Test
  void streamCutAfterKDeltas_failsTyped_withPartialOutput_onceAndWithoutDuplicates() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    a.enqueue(OpenAiStubs.stream("one ", "two ", "three ", "four").disconnectAfterEvents(3));
    b.enqueue(OpenAiStubs.stream("never"));
    ModelClient c = twoDeployments(a, b, Resilience.defaults());
    List<StreamEvent> seen = new ArrayList<>();
    Throwable t = catchThrowable(() -> {
      try (ChatStream s = c.stream(HI)) {
        s.forEach(seen::add);
      }
    });
    assertThat(t).isInstanceOfSatisfying(StreamInterruptedException.class, e -> {
      assertThat(e.partialText()).isEqualTo("one two ");
      assertThat(e.getCause()).isInstanceOf(TransportException.class);
    });
    assertThat(seen).containsExactly(new StreamEvent.TextDelta("one "),
        new StreamEvent.TextDelta("two "));
    assertThat(b.requestCount()).isZero();
    assertThat(listener.ends()).hasSize(1);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(listener.singleEnd().attempts()).singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("failed after the commit point"));
  }

  @Test
  void errorEventBeforeTheFirstDelta_fallsBackTransparently() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    a.enqueue(StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
        "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\","
            + "\"code\":null}}")));
    a.enqueue(StubReply.sse(List.of(OpenAiStubs.chunk("{\"role\":\"assistant\"}", null))));
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    b.enqueue(OpenAiStubs.stream("from ", "b"));
    ModelClient c = twoDeployments(a, b, Resilience.defaults());
    List<StreamEvent> seen = new ArrayList<>();
    try (ChatStream s = c.stream(HI)) {
      s.forEach(seen::add);
    }
    assertThat(seen.stream().filter(e -> e instanceof StreamEvent.TextDelta))
        .containsExactly(new StreamEvent.TextDelta("from "), new StreamEvent.TextDelta("b"));
    ChatResponse r = ((StreamEvent.Completed) seen.get(seen.size() - 1)).response();
    assertThat(r.text()).isEqualTo("from b");
    assertThat(r.attempts()).isEqualTo(4);
    assertThat(listener.singleEnd().attempts()).extracting(AttemptEvent::deployment)
        .containsExactly("a", "a", "a", "b");
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
  }

  @Test
  void eofWithoutTerminator_beforeContentRetries_afterContentIsTyped() {
    ProviderStubServer s = server();
    s.enqueue(StubReply.sse(List.of(OpenAiStubs.chunk("{\"role\":\"assistant\"}", null))));
    s.enqueue(StubReply.sse(List.of(OpenAiStubs.chunk("{\"content\":\"half\"}", null))));
    ModelClient c = single(s);
    Throwable t = catchThrowable(() -> {
      try (ChatStream st = c.stream(HI)) {
        st.response();
      }
    });
    assertThat(t).isInstanceOfSatisfying(StreamInterruptedException.class, e -> {
      assertThat(e.partialText()).isEqualTo("half");
      assertThat(e.getCause()).isInstanceOfSatisfying(TransportException.class,
          x -> assertThat(x.kind()).isEqualTo(TransportException.Kind.INCOMPLETE_STREAM));
    });
    assertThat(s.requestCount()).isEqualTo(2);
  }

  @Test
  void throwingListener_neverBreaksTheCall() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.chat("fine"));
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "x")
        .defaultModel("m").listener(new ModelCallListener() {
          @Override
          public void onAttempt(AttemptEvent event) {
            throw new IllegalStateException("listener bug");
          }
        }));
    assertThat(c.chat(HI).text()).isEqualTo("fine");
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(LogCapture.text()).contains("listener bug");
  }

  @Test
  void tenTimesMoreCallersThanTheBulkhead_areRejectedQuicklyWithoutThreadGrowth()
      throws Exception {
    ProviderStubServer s = server();
    for (int i = 0; i < 40; i++) {
      s.enqueue(OpenAiStubs.chat("ok").headersDelay(Duration.ofMillis(400)));
    }
    ModelClient c = build(builder().provider(openai("p", s))
        .deployment(new Deployment("m", "p", "gpt-4o-mini", new DeploymentLimits(0, 0, 2), null))
        .defaultModel("m"));
    int callers = 20;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    long routerThreadsBefore = routerThreads();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          try {
            c.chat(HI);
            ok.incrementAndGet();
          } catch (RoutingException e) {
            assertThat(e.getMessage()).contains("bulkhead full");
            rejected.incrementAndGet();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ok.get() + rejected.get()).isEqualTo(callers);
    assertThat(ok.get()).isBetween(2, 6);
    assertThat(rejected.get()).isGreaterThanOrEqualTo(callers - 6);
    assertThat(s.requestCount()).isEqualTo(ok.get());
    // Blocking calls run on the callers' threads: the router and OkHttp start none for them.
    assertThat(routerThreads()).isEqualTo(routerThreadsBefore);
  }

  private static long routerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("vectornode-") || t.getName().contains("Dispatch"))
        .count();
  }

  @Test
  void canaryKey_neverAppearsInAnyExceptionTheRouterRaises() {
    String canary = "sk-canary-ROUTER-8c7f2d9e3b1a4f6e0d5c";
    ProviderStubServer s = server();
    ModelClient c = build(builder().provider(io.vectornode.spi.ProviderConfig.builder("p")
        .type("openai").apiKey(canary).baseUrl(s.baseUrl()).build())
        .provider(io.vectornode.spi.ProviderConfig.builder("q").type("anthropic")
            .apiKey(canary).baseUrl(s.rootUrl()).build())
        .model("a", "p", "gpt-4o").model("b", "q", "claude-sonnet-4-5")
        .route(Route.fallback("main", "a", "b")).defaultModel("main"));
    String echo = "bad key " + canary;
    StringBuilder seen = new StringBuilder();
    List<StubReply> faults = List.of(
        OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key", echo),
        AnthropicStubs.error(401, "authentication_error", echo),
        OpenAiStubs.error(503, "server_error", null, echo),
        OpenAiStubs.error(503, "server_error", null, echo),
        OpenAiStubs.error(503, "server_error", null, echo),
        AnthropicStubs.error(529, "overloaded_error", echo),
        AnthropicStubs.error(529, "overloaded_error", echo),
        AnthropicStubs.error(529, "overloaded_error", echo));
    faults.forEach(s::enqueue);
    for (int i = 0; i < 2; i++) {
      Throwable t = catchThrowable(() -> c.chat(HI));
      assertThat(t).isNotNull();
      StringWriter sw = new StringWriter();
      t.printStackTrace(new PrintWriter(sw));
      seen.append(sw);
    }
    s.enqueue(OpenAiStubs.stream("a", "b", "c").disconnectAfterEvents(2));
    seen.append(catchThrowable(() -> {
      try (ChatStream st = c.stream(HI)) {
        st.response();
      }
    }));
    seen.append(LogCapture.text()).append(listener.dump()).append(c);
    assertThat(seen.toString()).contains("[REDACTED]").doesNotContain(canary)
        .doesNotContain(canary.substring(0, 16));
    assertThat(listener.ends()).allSatisfy(e -> assertThat(e.attempts())
        .allSatisfy(a -> assertThat(a.keyId()).startsWith("key-")));
  }

  @Test
  void usageOfFailedPreCommitAttempts_isReported() {
    ProviderStubServer s = server();
    s.enqueue(StubReply.sse(List.of(
        AnthropicStubs.messageStart(AnthropicStubs.usage(40, 1, 0, 0)),
        AnthropicStubs.errorEvent("overloaded_error", "Overloaded"))));
    s.enqueue(AnthropicStubs.stream("ok"));
    ModelClient c = build(builder().provider(io.vectornode.spi.ProviderConfig.builder("q")
        .type("anthropic").apiKey("sk-ant-0123456789").baseUrl(s.rootUrl()).build())
        .model("m", "q", "claude-sonnet-4-5").defaultModel("m"));
    try (ChatStream st = c.stream(HI)) {
      assertThat(st.response().text()).isEqualTo("ok");
    }
    CallEndEvent end = listener.singleEnd();
    assertThat(end.attempts().get(0).usage()).isEqualTo(Usage.of(40, 1));
    assertThat(end.usage()).isEqualTo(Usage.of(52, 2));
  }
}
