package io.vectornode.routing;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.ModelCallListener;
import io.vectornode.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one structured line per call on {@code io.vectornode.calls} (INFO for successes, WARN for
 * failures) and one DEBUG line per attempt. Never a key (only key ids), never prompt or
 * completion text.
 */
final class CallLogger implements ModelCallListener {
  private static final Logger CALLS = LoggerFactory.getLogger("io.vectornode.calls");

  /** Creates the logger. */
  public CallLogger() {}

  @Override
  public void onAttempt(AttemptEvent a) {
    if (CALLS.isDebugEnabled()) {
      CALLS.debug("attempt requestId={} n={} deployment={} provider={} model={} key={}"
              + " outcome={} error={} in={} out={} latencyMs={} reason={}", a.requestId(),
          a.attempt(), a.deployment(), a.provider(), a.model(), a.keyId(), a.outcome(),
          a.errorType(), a.usage().inputTokens(), a.usage().outputTokens(),
          a.latency().toMillis(), a.reason());
    }
  }

  @Override
  public void onCallEnd(CallEndEvent e) {
    boolean ok = e.outcome() == io.vectornode.CallOutcome.SUCCESS;
    if (ok ? !CALLS.isInfoEnabled() : !CALLS.isWarnEnabled()) {
      return;
    }
    AttemptEvent last = e.attempts().isEmpty() ? null : e.attempts().get(e.attempts().size() - 1);
    Usage u = e.usage();
    String cost = e.cost().usd().map(c -> c.toPlainString()
        + (e.cost().estimated() ? " (estimated)" : "")).orElse("unknown");
    Object[] args = {e.requestId(), e.outcome(), e.task(), e.tags(),
        last == null ? null : last.deployment(), e.provider(), e.model(), e.attempts().size(),
        u.inputTokens(), u.outputTokens(), u.cachedInputTokens(), u.reasoningTokens(), cost,
        e.latency().toMillis(), e.timeToFirstToken() == null ? null
            : e.timeToFirstToken().toMillis(), e.errorType()};
    String format = "call requestId={} outcome={} task={} tags={} deployment={} provider={}"
        + " model={} attempts={} in={} out={} cached={} reasoning={} costUsd={} latencyMs={}"
        + " ttftMs={} error={}";
    if (ok) {
      CALLS.info(format, args);
    } else {
      CALLS.warn(format, args);
    }
  }
}
