package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.FinishReason;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A router's {@link ResponseCache}: which calls it may answer, and its store. Thread-safe. */
final class Caching {
  private static final Logger LOG = LoggerFactory.getLogger(Caching.class);
  private final ResponseCache config;
  private final ResponseStore store;

  Caching(ResponseCache config, ResponseStore store) {
    this.config = config;
    this.store = store;
  }

  /** @return the call's key, or null when the cache does not take this call */
  @Nullable String key(Router.Resolved route, ChatRequest request) {
    String target = route.route().name();
    return config.wants(target, request) ? CacheKeys.of(target, request) : null;
  }

  @Nullable ChatResponse get(String key) {
    try {
      return store.get(key).orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("the response cache's store failed a lookup; the call goes to the provider", e);
      return null;
    }
  }

  /** Keeps a successful answer that finished as answers do (not filtered, refused or paused). */
  void put(String key, ChatResponse r) {
    FinishReason f = r.finishReason();
    if (r.cached() || (f != FinishReason.STOP && f != FinishReason.LENGTH
        && f != FinishReason.TOOL_CALLS)) {
      return;
    }
    try {
      store.put(key, r);
    } catch (RuntimeException e) {
      LOG.warn("the response cache's store failed to keep an answer", e);
    }
  }
}
