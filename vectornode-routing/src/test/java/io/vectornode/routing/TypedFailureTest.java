package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.vectornode.AttemptEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.error.ProviderError;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.RoutingException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.FakeScript;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, bug 2: after retries and fallbacks the caller gets the last attempt's own exception,
 * catchable by its type, with the earlier attempts and the router's summary attached to it.
 */
class TypedFailureTest extends RouterTestSupport {
  private static final ChatRequest HI = ChatRequest.builder().user("hi").build();

  private ModelClient single(ProviderStubServer s) {
    return build(builder().provider(openai("p", s)).model("m", "p", "gpt-4o-mini")
        .defaultModel("m"));
  }

  private ModelClient fallback(ProviderStubServer a, ProviderStubServer b, Route route) {
    return build(builder().provider(openai("pa", a)).provider(openai("pb", b))
        .model("a", "pa", "gpt-4o-mini").model("b", "pb", "gpt-4o").route(route)
        .defaultModel("main"));
  }

  @Test
  void rateLimitedOnEveryAttempt_throwsTheRateLimitException_withTheEarlierAttemptsSuppressed() {
    ProviderStubServer s = server();
    for (int i = 0; i < 3; i++) {
      s.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(2)));
    }
    ModelClient c = single(s); // default resilience: 3 attempts per deployment
    RateLimitException caught = null;
    try {
      c.chat(HI);
      fail("the call should have failed");
    } catch (RateLimitException e) {
      caught = e;
    }
    RateLimitException e = caught;
    assertThat(s.requestCount()).isEqualTo(3);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    assertThat(e.quotaExceeded()).isFalse();
    assertThat(e.headers()).containsEntry("x-ratelimit-remaining-requests", "0");
    assertThat(e.retryable()).isTrue();

    Throwable[] suppressed = e.getSuppressed();
    assertThat(suppressed).hasSize(3);
    assertThat(suppressed[0]).isInstanceOf(RateLimitException.class).isNotSameAs(e);
    assertThat(suppressed[1]).isInstanceOf(RateLimitException.class).isNotSameAs(e)
        .isNotSameAs(suppressed[0]);
    RoutingException summary = RoutingException.summaryOf(e).orElseThrow();
    assertThat(suppressed[2]).isSameAs(summary);
    assertThat(summary.causes()).containsExactly((VectorNodeException) suppressed[0],
        (VectorNodeException) suppressed[1], e);
    assertThat(summary.getCause()).isNull();
    assertThat(summary.getSuppressed()).isEmpty();
    assertThat(summary.getMessage()).contains("all 3 attempts of route 'm' failed")
        .contains("#1 m (p/gpt-4o-mini): RateLimitException").contains("-> retry in 2000 ms")
        .contains("#3 m (p/gpt-4o-mini)");

    // the listener's call end names the same exception the caller caught
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(listener.singleEnd().error()).isSameAs(e);
    assertThat(listener.singleEnd().errorType()).isEqualTo("RateLimitException");
    assertThat(listener.singleEnd().attempts()).extracting(AttemptEvent::errorType)
        .containsOnly("RateLimitException").hasSize(3);
  }

  @Test
  void mixedFailures_503ThenFallbackRateLimited_throwsTheLastAndKeepsTheOthersReachable() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    for (int i = 0; i < 3; i++) {
      a.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
      b.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(1)));
    }
    ModelClient c = fallback(a, b, Route.fallback("main", "a", "b"));
    Throwable t = catchThrowable(() -> c.chat(HI));

    assertThat(t).isInstanceOf(RateLimitException.class);
    assertThat(((RateLimitException) t).retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(((RateLimitException) t).provider()).isEqualTo("pb");
    assertThat(requests(a, b)).isEqualTo(6);
    assertThat(Arrays.stream(t.getSuppressed()).map(x -> x.getClass().getSimpleName()))
        .containsExactly("ServiceUnavailableException", "ServiceUnavailableException",
            "ServiceUnavailableException", "RateLimitException", "RateLimitException",
            "RoutingException");
    RoutingException summary = RoutingException.summaryOf(t).orElseThrow();
    assertThat(summary.causes()).hasSize(6).last().isSameAs(t);
    assertThat(summary.getMessage()).contains("all 6 attempts of route 'main' failed")
        .contains("#3 a (pa/gpt-4o-mini): ServiceUnavailableException")
        .contains("attempts exhausted -> next deployment")
        .contains("#6 b (pb/gpt-4o): RateLimitException");
    assertThat(listener.singleEnd().errorType()).isEqualTo("RateLimitException");
  }

  @Test
  void mixedFailures_rateLimitedThenFallbackDown_throwsTheLast_503() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    a.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(30))); // cools a down -> b at once
    for (int i = 0; i < 3; i++) {
      b.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    }
    ModelClient c = fallback(a, b, Route.fallback("main", "a", "b"));
    Throwable t = catchThrowable(() -> c.chat(HI));

    assertThat(t).isInstanceOf(ServiceUnavailableException.class);
    assertThat(t.getSuppressed()[0]).isInstanceOfSatisfying(RateLimitException.class,
        r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(30)));
    assertThat(RoutingException.summaryOf(t).orElseThrow().causes()).hasSize(4)
        .first().isSameAs(t.getSuppressed()[0]);
    assertThat(listener.singleEnd().errorType()).isEqualTo("ServiceUnavailableException");
  }

  @Test
  void hedged_failuresOnThePoolThread_areAttachedToTheLastAttemptsException() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    a.enqueue(OpenAiStubs.error(503, "server_error", null, "down")); // fails before the hedge
    for (int i = 0; i < 3; i++) {
      b.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(1)));
    }
    ModelClient c = fallback(a, b, Route.fallback("main", "a", "b")
        .withHedging(Hedging.after(Duration.ofMinutes(5))));
    Throwable t = catchThrowable(() -> c.chat(HI));

    assertThat(t).isInstanceOf(RateLimitException.class);
    assertThat(t.getSuppressed()).hasSize(4);
    assertThat(t.getSuppressed()[0]).isInstanceOf(ServiceUnavailableException.class);
    assertThat(RoutingException.summaryOf(t).orElseThrow().causes()).hasSize(4).last()
        .isSameAs(t);
  }

  @Test
  void oneAttemptNothingSkipped_isThatAttemptsExceptionAlone() {
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key", "bad key"));
    Throwable t = catchThrowable(() -> single(s).chat(HI));
    assertThat(t).isInstanceOf(io.vectornode.error.AuthenticationException.class);
    assertThat(t.getSuppressed()).isEmpty();
    assertThat(RoutingException.summaryOf(t)).isEmpty();
  }

  @Test
  void anExceptionInstanceThrownOnEveryAttempt_isNeverSuppressedIntoItself_norGrows() {
    ServiceUnavailableException shared = new ServiceUnavailableException(new ProviderError(
        "primary", 503, null, "down", null, true, null, Map.of()));
    FakeScript script = FakeScript.create();
    for (int i = 0; i < 6; i++) {
      script.fail(shared);
    }
    ModelClient c = build(builder()
        .provider(ProviderConfig.builder("primary").type("fake").option("script", script).build())
        .model("m", "primary", "fake-small").defaultModel("m"));

    Throwable first = catchThrowable(() -> c.chat(HI));
    assertThat(first).isSameAs(shared);
    assertThat(shared.getSuppressed()).hasSize(1); // only the summary
    assertThat(RoutingException.summaryOf(shared).orElseThrow().causes())
        .containsExactly(shared, shared, shared);

    Throwable second = catchThrowable(() -> c.chat(HI));
    assertThat(second).isSameAs(shared);
    assertThat(shared.getSuppressed()).hasSize(1);
    assertThat(listener.ends()).extracting(e -> e.errorType())
        .containsExactly("ServiceUnavailableException", "ServiceUnavailableException");
  }

  @Test
  void noAttemptAtAll_isStillARoutingException() {
    ProviderStubServer s = server();
    ModelClient c = single(s);
    // no deployment can serve it (the output cap is beyond the context window): nothing is sent
    Throwable t = catchThrowable(() -> c.chat(HI.toBuilder().maxOutputTokens(200_000).build()));
    assertThat(t).isInstanceOf(RoutingException.class);
    assertThat(((RoutingException) t).causes()).isEmpty();
    assertThat(s.requestCount()).isZero();
    assertThat(listener.singleEnd().errorType()).isEqualTo("RoutingException");
    assertThat(t.getSuppressed()).isEmpty();
  }
}
