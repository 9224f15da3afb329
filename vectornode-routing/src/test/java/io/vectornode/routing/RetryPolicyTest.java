package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ContextLengthExceededException;
import io.vectornode.error.InvalidRequestException;
import io.vectornode.error.ProviderError;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The retry decision as a value: no router, no deployments, no clock. */
class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100),
      Duration.ofSeconds(2), 2.0, 0.0, Duration.ofSeconds(30));

  /** A situation with everything settable; counts the retry tokens taken. */
  private static final class Facts implements RetryPolicy.Situation {
    long remaining = Duration.ofMinutes(1).toNanos();
    long window = 8_000;
    @Nullable String fallback;
    @Nullable String next = "backup";
    @Nullable String larger = "big";
    boolean anotherKey;
    boolean tokens = true;
    int tokensTaken;

    @Override
    public long remainingNanos() {
      return remaining;
    }

    @Override
    public long contextWindow() {
      return window;
    }

    @Override
    public @Nullable String contentFallback() {
      return fallback;
    }

    @Override
    public @Nullable String next() {
      return next;
    }

    @Override
    public @Nullable String nextWithWindowAbove(long w) {
      return larger;
    }

    @Override
    public boolean anotherKey() {
      return anotherKey;
    }

    @Override
    public boolean takeRetryToken() {
      tokensTaken++;
      return tokens;
    }
  }

  private static ProviderError error(int status, boolean retryable,
      @Nullable Duration retryAfter) {
    return new ProviderError("p", status, null, "failed", null, retryable, retryAfter, Map.of());
  }

  private static VectorNodeException unavailable() {
    return new ServiceUnavailableException(error(503, true, null));
  }

  private static RateLimitException limited(Duration retryAfter) {
    return new RateLimitException(error(429, true, retryAfter), false);
  }

  @Test
  void aRetryableFailure_isRetriedAfterExponentialBackoff_spendingOneToken() {
    Facts f = new Facts();
    assertThat(policy.decide(unavailable(), 1, f))
        .isEqualTo(Decision.retry(Duration.ofMillis(100), "retry in 100 ms"));
    assertThat(policy.decide(unavailable(), 2, f))
        .isEqualTo(Decision.retry(Duration.ofMillis(200), "retry in 200 ms"));
    assertThat(f.tokensTaken).isEqualTo(2);
  }

  @Test
  void theLastAttempt_movesOn_withoutSpendingAToken() {
    Facts f = new Facts();
    assertThat(policy.decide(unavailable(), 3, f))
        .isEqualTo(Decision.next("attempts exhausted -> next deployment"));
    f.next = null;
    assertThat(policy.decide(unavailable(), 3, f)).isEqualTo(Decision.next("attempts exhausted"));
    assertThat(f.tokensTaken).isZero();
  }

  @Test
  void anEmptyRetryBudget_movesOn() {
    Facts f = new Facts();
    f.tokens = false;
    assertThat(policy.decide(unavailable(), 1, f))
        .isEqualTo(Decision.next("retry budget exhausted -> next deployment"));
  }

  @Test
  void aBackoffPastTheDeadline_movesOn() {
    Facts f = new Facts();
    f.remaining = Duration.ofMillis(50).toNanos();
    assertThat(policy.decide(unavailable(), 1, f))
        .isEqualTo(Decision.next("retry in 100 ms would pass the deadline"));
  }

  @Test
  void notRetryable_movesOn() {
    Facts f = new Facts();
    VectorNodeException bad = new InvalidRequestException(error(400, false, null));
    assertThat(policy.decide(bad, 1, f))
        .isEqualTo(Decision.next("not retryable -> next deployment"));
    f.next = null;
    assertThat(policy.decide(bad, 1, f)).isEqualTo(Decision.next("not retryable"));
  }

  @Test
  void rateLimitWithRetryAfter_triesAnotherKey_elseTheNextDeployment_elseBacksOff() {
    Facts f = new Facts();
    f.anotherKey = true;
    assertThat(policy.decide(limited(Duration.ofSeconds(7)), 1, f)).isEqualTo(
        Decision.retry(Duration.ZERO, "rate limited; key cooling down 7000 ms -> another key"));
    f.anotherKey = false;
    assertThat(policy.decide(limited(Duration.ofSeconds(7)), 1, f)).isEqualTo(
        Decision.next("rate limited; cooling down 7000 ms -> next deployment"));
    f.next = null;
    // Nowhere else to go: wait as long as the provider asked (capped), not the short backoff.
    assertThat(policy.decide(limited(Duration.ofSeconds(7)), 1, f))
        .isEqualTo(Decision.retry(Duration.ofSeconds(7), "retry in 7000 ms"));
    assertThat(policy.decide(limited(Duration.ofMinutes(5)), 1, f))
        .isEqualTo(Decision.retry(Duration.ofSeconds(30), "retry in 30000 ms"));
  }

  @Test
  void contentFilter_switchesToTheContentPolicyFallback_orSurfaces() {
    Facts f = new Facts();
    VectorNodeException filtered = new ContentFilteredException(error(400, false, null), "");
    assertThat(policy.decide(filtered, 1, f)).isEqualTo(Decision.surface("content filtered"));
    f.fallback = "lenient";
    assertThat(policy.decide(filtered, 1, f)).isEqualTo(Decision.switchTo("lenient",
        "content filtered -> content-policy fallback lenient"));
  }

  @Test
  void contextLength_dropsEveryWindowNotLarger_andNamesTheNext() {
    Facts f = new Facts();
    VectorNodeException tooLong = new ContextLengthExceededException(error(400, false, null));
    assertThat(policy.decide(tooLong, 1, f)).isEqualTo(
        Decision.largerWindow(8_000, "context length exceeded -> larger window big"));
    f.larger = null;
    assertThat(policy.decide(tooLong, 1, f)).isEqualTo(Decision.largerWindow(8_000,
        "context length exceeded; no larger window in the route"));
  }

  @Test
  void backoff_isCappedJitteredAndImmediateWhenNothingWasSent() {
    RetryPolicy jittered = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300),
        2.0, 0.5, Duration.ofSeconds(30));
    assertThat(jittered.backoff(1, unavailable(), 0.0)).isEqualTo(Duration.ofMillis(50));
    assertThat(jittered.backoff(1, unavailable(), 0.5)).isEqualTo(Duration.ofMillis(100));
    assertThat(jittered.backoff(4, unavailable(), 0.5)).isEqualTo(Duration.ofMillis(300));
    VectorNodeException refused = new TransportException("p", TransportException.Kind.CONNECT,
        true, "connection refused", null);
    assertThat(jittered.backoff(3, refused, 0.9)).isEqualTo(Duration.ZERO);
  }
}
