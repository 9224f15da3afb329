package io.vectornode.routing;

import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ContextLengthExceededException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Where retry is decided: given a failed attempt and what is left to try, retry here (after a
 * backoff with jitter, or at once on another key), move to the next deployment, or surface. Built
 * from {@link Resilience}'s {@code maxAttempts}, {@code backoff} and {@code maxRetryAfter}; the
 * per-deployment retry budget
 * it consults is {@link RetryBudget}, and which failures count against health is {@link
 * DeploymentState#countsAgainstHealth}.
 *
 * @param maxAttempts attempts per deployment, the first included
 * @param initialBackoff the first backoff
 * @param maxBackoff the longest backoff
 * @param multiplier growth per attempt
 * @param jitter the spread around each backoff, as a fraction (0.25: ±25%)
 * @param maxRetryAfter the longest Retry-After honoured (a cooldown is capped to it too)
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
    double multiplier, double jitter, Duration maxRetryAfter) {

  static RetryPolicy of(Resilience r) {
    return new RetryPolicy(r.maxAttemptsPerDeployment(), r.initialBackoff(), r.maxBackoff(),
        r.multiplier(), r.jitter(), r.maxRetryAfter());
  }

  /**
   * What the policy may ask about the call at the moment of a failure. Asked lazily, in the
   * order of the rules: {@link #takeRetryToken} spends a token, and reading the next candidate
   * may evaluate deployments' health.
   */
  interface Situation {
    /** @return nanoseconds left before the call's deadline */
    long remainingNanos();

    /** @return the failed deployment's context window; {@link Long#MAX_VALUE} if unknown */
    long contextWindow();

    /** @return the route's content-policy fallback when it exists and was not used yet */
    @Nullable String contentFallback();

    /** @return the next deployment that would be tried, or null */
    @Nullable String next();

    /** @return the next deployment with a larger context window than this one, or null */
    @Nullable String nextWithWindowAbove(long window);

    /** @return whether the deployment has another key that is usable now */
    boolean anotherKey();

    /** @return whether the deployment's retry budget allows one more retry (spends a token) */
    boolean takeRetryToken();
  }

  /**
   * Decides what follows a failed attempt.
   *
   * @param e the attempt's failure
   * @param attempt the attempt's number on this deployment, from 1
   * @param s the call's situation
   * @return the decision
   */
  Decision decide(VectorNodeException e, int attempt, Situation s) {
    if (e instanceof ContentFilteredException) {
      String fallback = s.contentFallback();
      return fallback != null
          ? Decision.switchTo(fallback, "content filtered -> content-policy fallback " + fallback)
          : Decision.surface("content filtered");
    }
    if (e instanceof ContextLengthExceededException) {
      long window = s.contextWindow();
      String larger = s.nextWithWindowAbove(window);
      return Decision.largerWindow(window, larger == null
          ? "context length exceeded; no larger window in the route"
          : "context length exceeded -> larger window " + larger);
    }
    if (e instanceof ConfigurationException || !e.retryable()) {
      return Decision.next(s.next() == null ? "not retryable" : "not retryable -> next deployment");
    }
    Duration retryAfter = e.retryAfter().orElse(null);
    if (e instanceof RateLimitException && retryAfter != null) {
      if (attempt < maxAttempts && s.anotherKey()) {
        return Decision.retry(Duration.ZERO,
            "rate limited; key cooling down " + millis(retryAfter) + " -> another key");
      }
      if (s.next() != null) {
        return Decision.next(
            "rate limited; cooling down " + millis(retryAfter) + " -> next deployment");
      }
    }
    if (attempt >= maxAttempts) {
      return Decision.next(s.next() == null ? "attempts exhausted"
          : "attempts exhausted -> next deployment");
    }
    if (!s.takeRetryToken()) {
      return Decision.next("retry budget exhausted" + (s.next() == null ? ""
          : " -> next deployment"));
    }
    Duration wait = backoff(attempt, e, ThreadLocalRandom.current().nextDouble());
    if (wait.toNanos() >= s.remainingNanos()) {
      return Decision.next("retry in " + millis(wait) + " would pass the deadline");
    }
    return Decision.retry(wait, "retry in " + millis(wait));
  }

  /**
   * Exponential backoff with jitter; a provider's Retry-After (capped) when it asks longer.
   *
   * @param attempt the failed attempt's number, from 1
   * @param e its failure
   * @param roll a uniform draw in [0, 1) that places the jitter
   * @return the wait
   */
  Duration backoff(int attempt, VectorNodeException e, double roll) {
    if (e instanceof TransportException t && t.kind() == TransportException.Kind.CONNECT) {
      return Duration.ZERO; // nothing was sent: retry at once
    }
    double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
    base = Math.min(base, maxBackoff.toNanos());
    double spread = jitter * (2 * roll - 1);
    long nanos = (long) Math.max(0, base * (1 + spread));
    if (e.retryAfter().isPresent()) {
      long asked = Math.min(e.retryAfter().get().toNanos(), maxRetryAfter.toNanos());
      nanos = Math.max(nanos, asked);
    }
    return Duration.ofNanos(nanos);
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }
}
