package io.vectornode.routing;

import static java.util.Objects.requireNonNull;

import io.vectornode.error.ConfigurationException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How the router retries, throttles retries, breaks circuits and bounds time. {@link
 * #defaults()} are what a user gets without configuring anything: up to 3 attempts per
 * deployment (2 retries, as the official SDKs do) for retryable errors, then the route's next
 * deployment.
 *
 * <ul>
 *   <li><b>Retries</b>: exponential backoff from {@code initialBackoff} times {@code multiplier}
 *       per retry, capped at {@code maxBackoff}, with ±{@code jitter} randomness; a provider's
 *       {@code retry-after-ms} / {@code Retry-After} is honoured up to {@code maxRetryAfter} and
 *       never past the call's deadline; a connect failure (nothing was sent) retries at once.
 *   <li><b>Retry budget</b> (gRPC-style throttling, per deployment): a bucket of {@code
 *       budgetTokens}; each failed attempt takes one token, each success gives back {@code
 *       budgetRefill}; retries are allowed only while more than half the tokens remain, so a
 *       total outage stops amplifying load.
 *   <li><b>Circuit breaker</b> (per deployment): opens after {@code consecutiveFailures}
 *       failures in a row, or when {@code failureRateThreshold} percent of the last {@code
 *       breakerWindow} calls failed (after at least {@code breakerMinCalls}); stays open for
 *       {@code openDuration}, then lets {@code halfOpenProbes} calls through. Client errors
 *       (4xx) never count.
 *   <li><b>Time</b>: {@code totalTimeout} bounds a whole call across attempts (a request's own
 *       {@code timeout} wins); {@code firstTokenTimeout}, when set, abandons an attempt whose
 *       first token is late.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxAttemptsPerDeployment attempts on one deployment before moving on (1 = no retry)
 * @param initialBackoff the first retry's delay
 * @param maxBackoff the largest computed delay
 * @param multiplier the backoff growth per retry
 * @param jitter the random spread of each delay, 0 to 1
 * @param maxRetryAfter the longest provider-requested wait honoured
 * @param budgetTokens the retry budget's size per deployment
 * @param budgetRefill tokens a success returns to the budget
 * @param consecutiveFailures failures in a row that open the breaker
 * @param failureRateThreshold the failure percentage that opens the breaker
 * @param breakerWindow the number of recent calls the failure rate is computed over
 * @param breakerMinCalls calls needed before the failure rate counts
 * @param openDuration how long an open breaker stays open
 * @param halfOpenProbes calls let through when half open
 * @param totalTimeout the deadline of a whole call
 * @param firstTokenTimeout the longest wait for an attempt's first token, or null for none
 */
public record Resilience(
    int maxAttemptsPerDeployment,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    double jitter,
    Duration maxRetryAfter,
    double budgetTokens,
    double budgetRefill,
    int consecutiveFailures,
    float failureRateThreshold,
    int breakerWindow,
    int breakerMinCalls,
    Duration openDuration,
    int halfOpenProbes,
    Duration totalTimeout,
    @Nullable Duration firstTokenTimeout) {

  private static final Resilience DEFAULTS = new Resilience(3, Duration.ofMillis(500),
      Duration.ofSeconds(8), 2.0, 0.25, Duration.ofSeconds(60), 10, 0.1, 5, 50f, 20, 10,
      Duration.ofSeconds(30), 2, Duration.ofMinutes(10), null);

  /** Validates. */
  public Resilience {
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    requireNonNull(maxRetryAfter, "maxRetryAfter");
    requireNonNull(openDuration, "openDuration");
    requireNonNull(totalTimeout, "totalTimeout");
    check(maxAttemptsPerDeployment >= 1, "maxAttemptsPerDeployment", maxAttemptsPerDeployment,
        "at least 1");
    check(!initialBackoff.isNegative(), "initialBackoff", initialBackoff, "zero or more");
    check(maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff", maxBackoff,
        "at least initialBackoff (" + initialBackoff + ")");
    check(multiplier >= 1.0, "multiplier", multiplier, "at least 1.0");
    check(jitter >= 0 && jitter <= 1, "jitter", jitter, "between 0 and 1");
    check(budgetTokens >= 1, "budgetTokens", budgetTokens, "at least 1");
    check(budgetRefill > 0, "budgetRefill", budgetRefill, "more than 0");
    check(consecutiveFailures >= 1, "consecutiveFailures", consecutiveFailures, "at least 1");
    check(failureRateThreshold > 0 && failureRateThreshold <= 100, "failureRateThreshold",
        failureRateThreshold, "a percentage above 0 and at most 100");
    check(breakerWindow >= 1, "breakerWindow", breakerWindow, "at least 1 call");
    check(breakerMinCalls >= 1, "breakerMinCalls", breakerMinCalls, "at least 1 call");
    check(!openDuration.isNegative() && !openDuration.isZero(), "openDuration", openDuration,
        "longer than zero");
    check(halfOpenProbes >= 1, "halfOpenProbes", halfOpenProbes, "at least 1");
    check(!totalTimeout.isNegative() && !totalTimeout.isZero(), "totalTimeout", totalTimeout,
        "longer than zero");
    check(firstTokenTimeout == null || !firstTokenTimeout.isNegative(), "firstTokenTimeout",
        firstTokenTimeout, "zero or more");
  }

  private static void check(boolean ok, String field, @Nullable Object value, String rule) {
    if (!ok) {
      throw new ConfigurationException("resilience." + field, "must be " + rule + ", was "
          + value);
    }
  }

  /** @return the defaults */
  public static Resilience defaults() {
    return DEFAULTS;
  }

  /** @return a builder starting from the defaults */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @return a builder starting from the defaults */
  public static Builder custom() {
    return new Builder(DEFAULTS);
  }

  /** Builds {@link Resilience}. Not thread-safe. */
  public static final class Builder {
    private int maxAttemptsPerDeployment;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private double multiplier;
    private double jitter;
    private Duration maxRetryAfter;
    private double budgetTokens;
    private double budgetRefill;
    private int consecutiveFailures;
    private float failureRateThreshold;
    private int breakerWindow;
    private int breakerMinCalls;
    private Duration openDuration;
    private int halfOpenProbes;
    private Duration totalTimeout;
    private @Nullable Duration firstTokenTimeout;

    private Builder(Resilience r) {
      maxAttemptsPerDeployment = r.maxAttemptsPerDeployment;
      initialBackoff = r.initialBackoff;
      maxBackoff = r.maxBackoff;
      multiplier = r.multiplier;
      jitter = r.jitter;
      maxRetryAfter = r.maxRetryAfter;
      budgetTokens = r.budgetTokens;
      budgetRefill = r.budgetRefill;
      consecutiveFailures = r.consecutiveFailures;
      failureRateThreshold = r.failureRateThreshold;
      breakerWindow = r.breakerWindow;
      breakerMinCalls = r.breakerMinCalls;
      openDuration = r.openDuration;
      halfOpenProbes = r.halfOpenProbes;
      totalTimeout = r.totalTimeout;
      firstTokenTimeout = r.firstTokenTimeout;
    }

    /** @param v attempts per deployment @return this */
    public Builder maxAttemptsPerDeployment(int v) {
      maxAttemptsPerDeployment = v;
      return this;
    }

    /** @param v first backoff @return this */
    public Builder initialBackoff(Duration v) {
      initialBackoff = v;
      return this;
    }

    /** @param v largest backoff @return this */
    public Builder maxBackoff(Duration v) {
      maxBackoff = v;
      return this;
    }

    /** @param v backoff growth @return this */
    public Builder multiplier(double v) {
      multiplier = v;
      return this;
    }

    /** @param v jitter, 0 to 1 @return this */
    public Builder jitter(double v) {
      jitter = v;
      return this;
    }

    /** @param v longest honoured Retry-After @return this */
    public Builder maxRetryAfter(Duration v) {
      maxRetryAfter = v;
      return this;
    }

    /** @param tokens budget size @param refill tokens per success @return this */
    public Builder retryBudget(double tokens, double refill) {
      budgetTokens = tokens;
      budgetRefill = refill;
      return this;
    }

    /** @param v failures in a row that open the breaker @return this */
    public Builder consecutiveFailures(int v) {
      consecutiveFailures = v;
      return this;
    }

    /**
     * @param thresholdPercent failure percentage that opens the breaker
     * @param window calls the rate is computed over
     * @param minCalls calls needed before it counts
     * @return this
     */
    public Builder failureRate(float thresholdPercent, int window, int minCalls) {
      failureRateThreshold = thresholdPercent;
      breakerWindow = window;
      breakerMinCalls = minCalls;
      return this;
    }

    /** @param v how long an open breaker stays open @return this */
    public Builder openDuration(Duration v) {
      openDuration = v;
      return this;
    }

    /** @param v probes when half open @return this */
    public Builder halfOpenProbes(int v) {
      halfOpenProbes = v;
      return this;
    }

    /** @param v deadline of a whole call @return this */
    public Builder totalTimeout(Duration v) {
      totalTimeout = v;
      return this;
    }

    /** @param v longest wait for a first token, or null @return this */
    public Builder firstTokenTimeout(@Nullable Duration v) {
      firstTokenTimeout = v;
      return this;
    }

    /** @return the settings */
    public Resilience build() {
      return new Resilience(maxAttemptsPerDeployment, initialBackoff, maxBackoff, multiplier,
          jitter, maxRetryAfter, budgetTokens, budgetRefill, consecutiveFailures,
          failureRateThreshold, breakerWindow, breakerMinCalls, openDuration, halfOpenProbes,
          totalTimeout, firstTokenTimeout);
    }
  }
}
