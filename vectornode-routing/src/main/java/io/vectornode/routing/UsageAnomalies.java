package io.vectornode.routing;

import io.vectornode.AttemptEvent;
import io.vectornode.ModelCallListener;
import io.vectornode.Usage;
import io.vectornode.UsageAnomalyEvent;
import io.vectornode.catalog.Costs;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.spi.Ticker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each attempt's reported usage against what the call could have used: its output cap
 * (the request's, else the model's), and the model's context window plus output cap. What
 * exceeds it is charged as reported (never clamped) and reported: one {@link UsageAnomalyEvent}
 * per kind to the listeners, and a WARN at most once an hour per deployment and kind, saying how
 * many more were seen meanwhile. Costs two comparisons per attempt; thread-safe.
 */
final class UsageAnomalies {
  private static final Logger LOG = LoggerFactory.getLogger(UsageAnomalies.class);
  static final long WARN_EVERY_NANOS = TimeUnit.HOURS.toNanos(1);

  private final Ticker ticker;
  private final ModelCallListener listener;
  private final Map<String, Warned> warned = new ConcurrentHashMap<>();

  /** When a deployment's anomaly of one kind was last logged, and how many since. */
  private static final class Warned {
    long lastAt;
    long unlogged;
    boolean logged;
  }

  UsageAnomalies(Ticker ticker, ModelCallListener listener) {
    this.ticker = ticker;
    this.listener = listener;
  }

  /**
   * Checks an ended attempt whose usage the provider reported (not an estimate).
   *
   * @param call the call
   * @param d the deployment
   * @param e the attempt, with its usage and cost
   */
  void check(CallRecord call, DeploymentState d, AttemptEvent e) {
    Usage u = e.usage();
    ModelInfo info = d.info;
    long maxOut = call.request.maxOutputTokens().isPresent()
        ? call.request.maxOutputTokens().getAsInt() : info == null ? -1 : info.maxOutputTokens();
    if (maxOut >= 0 && u.outputTokens() > maxOut) {
      report(call, d, e, UsageAnomalyEvent.Kind.OUTPUT_ABOVE_MAX_TOKENS, maxOut);
    }
    if (info != null) {
      long limit = info.contextWindow() + info.maxOutputTokens();
      if (limit < 0) {
        limit = Long.MAX_VALUE; // an override beyond any real model
      }
      if (u.totalTokens() > limit) {
        report(call, d, e, UsageAnomalyEvent.Kind.TOTAL_ABOVE_MODEL_LIMIT, limit);
      }
    }
  }

  private void report(CallRecord call, DeploymentState d, AttemptEvent e,
      UsageAnomalyEvent.Kind kind, long limit) {
    listener.onUsageAnomaly(new UsageAnomalyEvent(e.requestId(), e.provider(), e.model(),
        e.deployment(), call.request.tags(), kind, e.usage(), limit, e.cost()));
    Warned w = warned.computeIfAbsent(d.name() + "|" + kind, k -> new Warned());
    long more;
    synchronized (w) {
      long now = ticker.read();
      if (w.logged && now - w.lastAt < WARN_EVERY_NANOS) {
        w.unlogged++;
        return;
      }
      more = w.unlogged;
      w.unlogged = 0;
      w.lastAt = now;
      w.logged = true;
    }
    String what = kind == UsageAnomalyEvent.Kind.OUTPUT_ABOVE_MAX_TOKENS
        ? e.usage().outputTokens() + " output tokens for a call capped at " + limit
        : e.usage().inputTokens() + " input + " + e.usage().outputTokens()
            + " output tokens, above the model's context window + maximum output of " + limit;
    LOG.warn("usage anomaly {} on deployment {} ({}/{}): the provider reported {} [request {}];"
        + " charged as reported: {}. {} more on this deployment since the last warning (this"
        + " warning repeats at most hourly; every one is counted by UsageMeter and"
        + " onUsageAnomaly)", kind, d.name(), e.provider(), e.model(), what, e.requestId(),
        e.cost().usd().map(v -> "$" + v.toPlainString()).orElse("unknown cost"), more);
  }
}
