package io.vectornode.routing;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.error.ProviderException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A deployment at run time: its provider client and its health. The circuit breaker and the
 * bulkhead are Resilience4j's; the retry budget, the cooldown after a 429 and the per-minute
 * limits run on the injected ticker so that tests control time. Thread-safe.
 */
final class DeploymentState {
  final Deployment deployment;
  final String providerType;
  final KeyPool keys;
  final @Nullable ModelInfo info;
  /** {@code provider/model}, the model reference each attempt sends. */
  final String target;
  final LatencyStats latency = new LatencyStats();
  final LatencyStats firstToken = new LatencyStats();

  /** Longer than any call; Resilience4j needs some threshold. */
  private static final Duration NEVER_SLOW = Duration.ofDays(365);

  private final BreakerPolicy policy;
  private final Duration maxRetryAfter;
  private final Ticker ticker;
  private final CircuitBreaker breaker;
  private final @Nullable Bulkhead bulkhead;
  private final @Nullable RateWindow rpm;
  private final @Nullable RateWindow tpm;
  private final io.vectornode.state.@Nullable SharedState shared;
  private final Clock clock;
  private final RetryBudget budget;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile long cooldownUntil = Long.MIN_VALUE;
  private volatile long openedAt = Long.MIN_VALUE;

  DeploymentState(Deployment deployment, String providerType, KeyPool keys,
      @Nullable ModelInfo info, BreakerPolicy policy, Duration maxRetryAfter, Ticker ticker,
      Clock clock, io.vectornode.state.@Nullable SharedState shared) {
    this.deployment = deployment;
    this.shared = shared;
    this.clock = clock;
    this.target = deployment.provider() + "/" + deployment.model();
    this.providerType = providerType;
    this.keys = keys;
    this.info = info;
    this.policy = policy;
    this.maxRetryAfter = maxRetryAfter;
    this.ticker = ticker;
    this.breaker = CircuitBreaker.of(deployment.name(), CircuitBreakerConfig.custom()
        .clock(clock)
        // Synchronized window: its critical section is a few array writes (no queueing seen at
        // 64 callers), while the lock-free one copies its aggregation (~200 B) on every call.
        .slidingWindow(policy.window(), policy.minCalls(),
            CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
            CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.SYNCHRONIZED)
        .failureRateThreshold(policy.failureRateThreshold())
        .waitDurationInOpenState(policy.openDuration())
        .permittedNumberOfCallsInHalfOpenState(policy.halfOpenProbes())
        // Resilience4j's default counts calls over 60 s as slow and opens at 100% slow calls:
        // a deployment serving only long streams would be cut off while healthy. Only failures
        // count here.
        .slowCallDurationThreshold(NEVER_SLOW)
        .writableStackTraceEnabled(false)
        .build());
    // No event consumer is registered: with one, Resilience4j allocates an event (with a
    // ZonedDateTime) on every recorded call. The moment it opens is noted where we record.
    int max = deployment.limits().maxConcurrent();
    this.bulkhead = max == 0 ? null : Bulkhead.of(deployment.name(), BulkheadConfig.custom()
        .maxConcurrentCalls(max).maxWaitDuration(Duration.ZERO).writableStackTraceEnabled(false)
        .build());
    long now = ticker.read();
    this.rpm = limit("rpm", deployment.limits().requestsPerMinute(), now);
    this.tpm = limit("tpm", deployment.limits().tokensPerMinute(), now);
    this.budget = new RetryBudget(policy.budgetTokens(), policy.budgetRefill());
  }

  /** A per-minute limit in this JVM (a shared state's fallback when there is one); 0: none. */
  private @Nullable RateWindow limit(String kind, long perMinute, long now) {
    return perMinute == 0 ? null : new RateWindow(perMinute, now, ticker);
  }

  /**
   * What an attempt takes from this deployment's per-minute limits in a shared state (with
   * one, {@link #acquire} leaves them to the admission).
   *
   * @param estimatedTokens the attempt's estimated tokens
   * @return the takes, empty without limits
   */
  List<io.vectornode.state.AdmissionRequest.Take> takes(long estimatedTokens) {
    if (rpm == null && tpm == null) {
      return List.of();
    }
    List<io.vectornode.state.AdmissionRequest.Take> out = new java.util.ArrayList<>(2);
    if (rpm != null) {
      out.add(new io.vectornode.state.AdmissionRequest.Take(deployment.name() + "/rpm",
          deployment.limits().requestsPerMinute(), 1, rpm));
    }
    if (tpm != null) {
      out.add(tpmTake(estimatedTokens));
    }
    return out;
  }

  private io.vectornode.state.AdmissionRequest.Take tpmTake(long amount) {
    return new io.vectornode.state.AdmissionRequest.Take(deployment.name() + "/tpm",
        deployment.limits().tokensPerMinute(), amount, java.util.Objects.requireNonNull(tpm));
  }

  /**
   * Corrects the tokens-per-minute limit to what an attempt really used.
   *
   * @param estimated the tokens taken before it was sent
   * @param usage what it used
   */
  void tokensUsed(long estimated, io.vectornode.Usage usage, KeyPool.@Nullable Key key) {
    boolean keyLimited = key != null && key.tpm != null;
    if ((tpm == null && !keyLimited) || usage.equals(io.vectornode.Usage.ZERO)) {
      return; // no token limit: nothing to correct (every attempt passes here)
    }
    if (keyLimited) {
      key.tokensUsed(deployment.provider(), estimated, usage.totalTokens(), shared);
    }
    if (tpm != null) {
      long delta = usage.totalTokens() - estimated;
      if (shared != null) {
        shared.correct(tpmTake(estimated), delta);
      } else {
        tpm.correct(delta);
      }
    }
  }

  /**
   * Another instance of the fleet saw this deployment's only key get a 429.
   *
   * @param until when it may take calls again, by the clock
   */
  void cooledElsewhere(java.time.Instant until) {
    Duration left = Duration.between(clock.instant(), until);
    long at = ticker.read() + (left.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : left)
        .toNanos();
    if (at > cooldownUntil) {
      cooldownUntil = at;
    }
  }

  /** @return the deployment's name */
  public String name() {
    return deployment.name();
  }

  /** @return the circuit breaker's state, for diagnostics */
  public String breakerState() {
    return breaker.getState().name();
  }

  /** @return the deployment's health now */
  io.vectornode.routing.DeploymentHealth health() {
    io.vectornode.routing.DeploymentHealth.Breaker b = switch (breaker.getState()) {
      case OPEN, FORCED_OPEN -> io.vectornode.routing.DeploymentHealth.Breaker.OPEN;
      case HALF_OPEN -> io.vectornode.routing.DeploymentHealth.Breaker.HALF_OPEN;
      default -> io.vectornode.routing.DeploymentHealth.Breaker.CLOSED;
    };
    long now = ticker.read();
    // Compared before subtracting: MIN_VALUE (never cooled) minus a positive reading overflows.
    long left = now < cooldownUntil ? cooldownUntil - now : 0;
    return new io.vectornode.routing.DeploymentHealth(deployment.name(), deployment.provider(),
        deployment.model(), info, b, left > 0 ? Duration.ofNanos(left) : Duration.ZERO,
        keys.health());
  }

  /** @return the retry budget's tokens, for diagnostics */
  public double budgetTokens() {
    return budget.tokens();
  }

  /** Whether new calls may go here now (breaker not open, not cooling down). */
  boolean healthy() {
    return healthy(ticker.read());
  }

  /**
   * Whether new calls may go here at a given time.
   *
   * @param now the router's ticker, read once for a whole plan
   */
  boolean healthy(long now) {
    if (now < cooldownUntil || !keys.hasUsable(now)) {
      return false;
    }
    CircuitBreaker.State s = breaker.getState();
    if (s != CircuitBreaker.State.OPEN) {
      return true;
    }
    // OPEN: the breaker moves to half-open on its clock once the wait is over.
    return now - openedAt > policy.openDuration().toNanos();
  }

  /** When this deployment is expected to take calls again, by the ticker. */
  long recoversAt() {
    long breakerBack = breaker.getState() == CircuitBreaker.State.OPEN
        ? openedAt + policy.openDuration().toNanos() : Long.MIN_VALUE;
    return Math.max(Math.max(cooldownUntil, breakerBack), keys.usableAt());
  }

  /** A granted attempt: release it exactly once. */
  final class Permit {
    private final boolean counted;
    private final boolean bulk;
    private final @Nullable String refused;
    private boolean released;

    Permit(boolean counted, boolean bulk) {
      this.counted = counted;
      this.bulk = bulk;
      this.refused = null;
    }

    /** A refusal: nothing was taken, so there is nothing to release. */
    private Permit(String refused) {
      this.counted = false;
      this.bulk = false;
      this.refused = refused;
      this.released = true;
    }

    /** @return why the attempt may not start, or null when it may */
    @Nullable String refused() {
      return refused;
    }

    void success(long nanos) {
      if (release()) {
        if (counted) {
          breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
      }
    }

    void failure(long nanos, VectorNodeException e) {
      if (release()) {
        if (counted && countsAgainstHealth(e)) {
          boolean wasOpen = breaker.getState() == CircuitBreaker.State.OPEN;
          breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
          if (!wasOpen && breaker.getState() == CircuitBreaker.State.OPEN) {
            opened();
          }
        } else if (counted) {
          breaker.releasePermission();
        }
      }
    }

    void abandon() {
      if (release() && counted) {
        breaker.releasePermission();
      }
    }

    private boolean release() {
      if (released) {
        return false;
      }
      released = true;
      if (bulk && bulkhead != null) {
        bulkhead.onComplete();
      }
      return true;
    }
  }

  /**
   * Asks to start an attempt.
   *
   * @param estimatedTokens for the tokens-per-minute limit
   * @param forced whether to go ahead although the breaker is open (every deployment of the
   *     route is unhealthy and this one recovers soonest)
   * @return the permit; a refused one ({@link Permit#refused()} not null, allocated only on
   *     refusal) says why not
   */
  Permit acquire(long estimatedTokens, boolean forced) {
    if (shared == null && rpm != null && !rpm.tryTake(1)) {
      return new Permit("requests-per-minute limit");
    }
    if (shared == null && tpm != null && !tpm.tryTake(estimatedTokens)) {
      return new Permit("tokens-per-minute limit");
    }
    if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
      return new Permit("bulkhead full (" + deployment.limits().maxConcurrent() + " in flight)");
    }
    boolean counted = breaker.tryAcquirePermission();
    if (!counted && !forced) {
      if (bulkhead != null) {
        bulkhead.onComplete();
      }
      return new Permit("circuit breaker "
          + breaker.getState().name().toLowerCase(java.util.Locale.ROOT));
    }
    return new Permit(counted, bulkhead != null);
  }

  /** Client errors say nothing about the deployment's health; a 429 cools it down instead. */
  static boolean countsAgainstHealth(VectorNodeException e) {
    if (e instanceof ProviderException p) {
      int s = p.status();
      return s == 0 ? p.retryable() : s >= 500 || s == 408;
    }
    return e.retryable(); // transport failures and timeouts
  }

  void onSuccess(long latencyNanos, long firstTokenNanos, boolean stream) {
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0); // written only when set: every caller's success reads it
    }
    budget.onSuccess();
    latency.record(latencyNanos);
    if (stream) {
      firstToken.record(firstTokenNanos);
    }
  }

  void onFailure(VectorNodeException e, KeyPool.@Nullable Key key) {
    if (key != null) {
      keys.onFailure(key, e);
    }
    if (e instanceof RateLimitException r && r.retryAfter().isPresent() && keys.size() == 1) {
      Duration wait = r.retryAfter().get();
      Duration cap = maxRetryAfter;
      Duration d = wait.compareTo(cap) > 0 ? cap : wait;
      cooldownUntil = ticker.read() + d.toNanos();
      if (shared != null) {
        shared.deploymentCooled(deployment.name(), clock.instant().plus(d));
      }
    }
    if (countsAgainstHealth(e)) {
      budget.onFailure();
      if (consecutiveFailures.incrementAndGet() >= policy.consecutiveFailures()
          && breaker.getState() != CircuitBreaker.State.OPEN) {
        breaker.transitionToOpenState();
        opened();
      }
    }
  }

  /** The breaker just opened: noted, and told to the fleet when it shares breakers. */
  private void opened() {
    openedAt = ticker.read();
    if (shared != null && shared.sharesBreakers()) {
      shared.deploymentCooled(deployment.name(), clock.instant().plus(policy.openDuration()));
    }
  }

  /** A forced attempt on an open breaker succeeded: the deployment is back. */
  void forcedSuccess() {
    if (breaker.getState() == CircuitBreaker.State.OPEN) {
      breaker.transitionToHalfOpenState();
    }
  }

  boolean allowsRetry() {
    return budget.allowsRetry();
  }

  @Override
  public String toString() {
    return "Deployment[" + deployment.name() + " = " + deployment.provider() + "/"
        + deployment.model() + ", breaker " + breaker.getState() + "]";
  }
}
