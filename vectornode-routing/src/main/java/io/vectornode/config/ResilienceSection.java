package io.vectornode.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.Resilience;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The {@code resilience} section: attempts, backoff, the longest Retry-After honoured, the retry
 * budget, circuit breakers and call timeouts. Absent fields keep {@link Resilience#defaults()}.
 */
final class ResilienceSection {
  private static final String P = "resilience.";
  private static final Set<String> RESILIENCE = Set.of("maxAttempts", "backoff",
      "maxRetryAfter", "retryBudget", "circuitBreaker", "timeouts");
  private static final Set<String> BACKOFF = Set.of("initial", "max", "multiplier", "jitter");
  private static final Set<String> RETRY_BUDGET = Set.of("tokens", "refill");
  private static final Set<String> BREAKER = Set.of("consecutiveFailures", "failureRate",
      "window", "minCalls", "openDuration", "halfOpenProbes");
  private static final Set<String> CALL_TIMEOUTS = Set.of("total", "firstToken");

  /** The builder's field names that are not the config's, to the config's. */
  private static final Map<String, String> KEYS = Map.ofEntries(
      Map.entry("maxAttemptsPerDeployment", "maxAttempts"),
      Map.entry("initialBackoff", "backoff.initial"),
      Map.entry("maxBackoff", "backoff.max"),
      Map.entry("multiplier", "backoff.multiplier"),
      Map.entry("jitter", "backoff.jitter"),
      Map.entry("budgetTokens", "retryBudget.tokens"),
      Map.entry("budgetRefill", "retryBudget.refill"),
      Map.entry("consecutiveFailures", "circuitBreaker.consecutiveFailures"),
      Map.entry("failureRateThreshold", "circuitBreaker.failureRate"),
      Map.entry("breakerWindow", "circuitBreaker.window"),
      Map.entry("breakerMinCalls", "circuitBreaker.minCalls"),
      Map.entry("openDuration", "circuitBreaker.openDuration"),
      Map.entry("halfOpenProbes", "circuitBreaker.halfOpenProbes"),
      Map.entry("totalTimeout", "timeouts.total"),
      Map.entry("firstTokenTimeout", "timeouts.firstToken"));

  private ResilienceSection() {}

  /**
   * Reads the section.
   *
   * @param n the {@code resilience} node, not null
   * @return the settings
   */
  static Resilience read(Fields f, JsonNode n) {
    f.checkKeys(n, P, RESILIENCE);
    Resilience.Builder b = Resilience.custom();
    if (n.has("maxAttempts")) {
      b.maxAttemptsPerDeployment((int) f.number(n, P, "maxAttempts", 3));
    }
    JsonNode bo = n.get("backoff");
    if (bo != null) {
      backoff(f, bo, b);
    }
    Duration maxRetryAfter = f.duration(n, P, "maxRetryAfter");
    if (maxRetryAfter != null) {
      b.maxRetryAfter(maxRetryAfter);
    }
    JsonNode budget = n.get("retryBudget");
    if (budget != null) {
      f.checkKeys(budget, P + "retryBudget.", RETRY_BUDGET);
      b.retryBudget(f.decimal(budget, P + "retryBudget.", "tokens"),
          f.decimal(budget, P + "retryBudget.", "refill"));
    }
    JsonNode cb = n.get("circuitBreaker");
    if (cb != null) {
      circuitBreaker(f, cb, b);
    }
    JsonNode t = n.get("timeouts");
    if (t != null) {
      f.checkKeys(t, P + "timeouts.", CALL_TIMEOUTS);
      Duration total = f.duration(t, P + "timeouts.", "total");
      if (total != null) {
        b.totalTimeout(total);
      }
      b.firstTokenTimeout(f.duration(t, P + "timeouts.", "firstToken"));
    }
    try {
      return b.build();
    } catch (ConfigurationException e) {
      // The builder names its own fields (resilience.breakerWindow); the file's are shown.
      String own = e.field().startsWith(P) ? e.field().substring(P.length()) : e.field();
      throw f.error(P + KEYS.getOrDefault(own, own), Fields.detail(e));
    }
  }

  private static void backoff(Fields f, JsonNode bo, Resilience.Builder b) {
    String bp = P + "backoff.";
    f.checkKeys(bo, bp, BACKOFF);
    Duration initial = f.duration(bo, bp, "initial");
    Duration max = f.duration(bo, bp, "max");
    if (initial != null) {
      b.initialBackoff(initial);
    }
    if (max != null) {
      b.maxBackoff(max);
    }
    if (bo.has("multiplier")) {
      b.multiplier(f.decimal(bo, bp, "multiplier"));
    }
    if (bo.has("jitter")) {
      b.jitter(f.decimal(bo, bp, "jitter"));
    }
  }

  private static void circuitBreaker(Fields f, JsonNode cb, Resilience.Builder b) {
    Resilience d = Resilience.defaults();
    String cp = P + "circuitBreaker.";
    f.checkKeys(cb, cp, BREAKER);
    b.consecutiveFailures((int) f.number(cb, cp, "consecutiveFailures",
        d.consecutiveFailures()));
    b.failureRate((float) (cb.has("failureRate") ? f.decimal(cb, cp, "failureRate")
        : d.failureRateThreshold()), (int) f.number(cb, cp, "window", d.breakerWindow()),
        (int) f.number(cb, cp, "minCalls", d.breakerMinCalls()));
    Duration open = f.duration(cb, cp, "openDuration");
    if (open != null) {
      b.openDuration(open);
    }
    b.halfOpenProbes((int) f.number(cb, cp, "halfOpenProbes", d.halfOpenProbes()));
  }
}
