package io.vectornode;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to listeners; a listener's exception is logged and never propagates. */
final class GuardedListener implements ModelCallListener {
  private static final Logger LOG = LoggerFactory.getLogger(ModelCallListener.class);

  private final ModelCallListener[] listeners;

  GuardedListener(List<? extends ModelCallListener> listeners) {
    this.listeners = listeners.toArray(new ModelCallListener[0]);
  }

  @Override
  public void onCallStart(CallStartEvent event) {
    for (ModelCallListener l : listeners) {
      try {
        l.onCallStart(event);
      } catch (RuntimeException | LinkageError e) {
        warn(l, "onCallStart", event.requestId(), e);
      }
    }
  }

  @Override
  public void onAttempt(AttemptEvent event) {
    for (ModelCallListener l : listeners) {
      try {
        l.onAttempt(event);
      } catch (RuntimeException | LinkageError e) {
        warn(l, "onAttempt", event.requestId(), e);
      }
    }
  }

  @Override
  public void onCallEnd(CallEndEvent event) {
    for (ModelCallListener l : listeners) {
      try {
        l.onCallEnd(event);
      } catch (RuntimeException | LinkageError e) {
        warn(l, "onCallEnd", event.requestId(), e);
      }
    }
  }

  @Override
  public void onBudgetThreshold(BudgetThresholdEvent event) {
    for (ModelCallListener l : listeners) {
      try {
        l.onBudgetThreshold(event);
      } catch (RuntimeException | LinkageError e) {
        warn(l, "onBudgetThreshold", event.budget(), e);
      }
    }
  }

  @Override
  public void onKeyDisabled(KeyDisabledEvent event) {
    for (ModelCallListener l : listeners) {
      try {
        l.onKeyDisabled(event);
      } catch (RuntimeException | LinkageError e) {
        warn(l, "onKeyDisabled", event.keyId(), e);
      }
    }
  }

  @Override
  public void onUsageAnomaly(UsageAnomalyEvent event) {
    for (ModelCallListener l : listeners) {
      try {
        l.onUsageAnomaly(event);
      } catch (RuntimeException | LinkageError e) {
        warn(l, "onUsageAnomaly", event.requestId(), e);
      }
    }
  }

  private static void warn(ModelCallListener l, String method, String requestId, Throwable e) {
    LOG.warn(
        "listener {} threw from {} ({}); ignored",
        l.getClass().getName(),
        method,
        requestId,
        e);
  }
}
