package io.vectornode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Each listener's headers, merged (an earlier listener's header wins over a later one's of the
   * same name); a header that cannot travel in HTTP is dropped and logged.
   */
  @Override
  public Map<String, String> onAttemptStart(AttemptStartEvent event) {
    Map<String, String> merged = Map.of();
    boolean owned = false;
    for (ModelCallListener l : listeners) {
      Map<String, String> h;
      try {
        h = l.onAttemptStart(event);
      } catch (RuntimeException | LinkageError e) {
        warn(l, "onAttemptStart", event.requestId(), e);
        continue;
      }
      if (h == null || h.isEmpty()) {
        continue;
      }
      for (Map.Entry<String, String> e : h.entrySet()) {
        String problem = ChatRequest.headerProblem(e.getKey(), e.getValue());
        if (problem != null) {
          LOG.warn("listener {} returned a header that cannot be sent ({}); dropped",
              l.getClass().getName(), problem);
          continue;
        }
        if (holds(merged, e.getKey())) {
          continue; // an earlier listener set it (names are case-insensitive)
        }
        if (!owned) {
          merged = new LinkedHashMap<>(merged);
          owned = true;
        }
        merged.put(e.getKey(), e.getValue());
      }
    }
    return merged;
  }

  private static boolean holds(Map<String, String> headers, String name) {
    for (String n : headers.keySet()) {
      if (n.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
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
