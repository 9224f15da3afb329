package io.vectornode.spring.boot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.error.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * Turns the {@code vectornode.*} properties into the config file's shape (a JSON text that
 * VectorNode's own loader reads and validates, exactly as it reads a file), so that properties
 * and files mean the same and fail the same way.
 *
 * <p>Secrets (keys, header values, state settings) are not written into the text: each becomes
 * a reference {@code ${env:<its property name>}} resolved through {@link #secrets()}, so the
 * loader's redaction, which shows a reference wherever its value would appear in a message,
 * names the property instead of showing the key. Only values that are set are written: the
 * loader's defaults apply to the rest.
 *
 * <p>Not thread-safe; one per build.
 */
final class ConfigTree {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String PREFIX = "vectornode.";

  private final Map<String, String> secrets = new HashMap<>();

  /** @return each reference's name to its value */
  Map<String, String> secrets() {
    return secrets;
  }

  /**
   * Whether the properties hold a config (any section set): then {@code config-file} must not
   * be set.
   */
  static boolean hasConfig(VectorNodeProperties p) {
    return !p.getProviders().isEmpty() || !p.getModels().isEmpty() || !p.getRoutes().isEmpty()
        || !p.getBudgets().isEmpty() || !p.getState().isEmpty() || p.getDefaultModel() != null
        || p.getMaxIdleConnections() != null || p.getLedger().getDirectory() != null
        || p.getCatalog().getFile() != null || !resilience(p.getResilience()).isEmpty()
        || p.getLogging().getCalls() != null || p.getLogging().getPrompts() != null
        || !p.getCache().getRoutes().isEmpty() || p.getCache().getMaximumSize() != null
        || p.getCache().getTtl() != null || p.getCache().getCacheSampled() != null;
  }

  /**
   * @return the config as JSON text
   * @throws ConfigurationException naming a property whose value the config cannot take
   */
  String json(VectorNodeProperties p) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> providers = new LinkedHashMap<>();
    p.getProviders().forEach((name, v) -> providers.put(name, provider(name, v)));
    put(root, "providers", providers);
    Map<String, Object> models = new LinkedHashMap<>();
    p.getModels().forEach((name, v) -> models.put(name, model(name, v)));
    put(root, "models", models);
    Map<String, Object> routes = new LinkedHashMap<>();
    p.getRoutes().forEach((name, v) -> routes.put(name, route(name, v)));
    put(root, "routes", routes);
    Map<String, Object> budgets = new LinkedHashMap<>();
    p.getBudgets().forEach((name, v) -> budgets.put(name, budget(v)));
    put(root, "budgets", budgets);
    put(root, "resilience", resilience(p.getResilience()));
    Map<String, Object> logging = new LinkedHashMap<>();
    put(logging, "calls", p.getLogging().getCalls());
    put(logging, "prompts", p.getLogging().getPrompts());
    put(root, "logging", logging);
    Map<String, Object> ledger = new LinkedHashMap<>();
    put(ledger, "directory", p.getLedger().getDirectory());
    put(ledger, "zone", p.getLedger().getZone());
    put(root, "ledger", ledger);
    Map<String, Object> catalog = new LinkedHashMap<>();
    put(catalog, "file", p.getCatalog().getFile());
    put(root, "catalog", catalog);
    Map<String, Object> cache = new LinkedHashMap<>();
    put(cache, "routes", new ArrayList<Object>(p.getCache().getRoutes()));
    put(cache, "maximumSize", p.getCache().getMaximumSize());
    put(cache, "ttl", p.getCache().getTtl());
    put(cache, "cacheSampled", p.getCache().getCacheSampled());
    put(root, "cache", cache);
    Map<String, Object> state = new LinkedHashMap<>();
    p.getState().forEach((type, settings) -> {
      Map<String, Object> s = new LinkedHashMap<>();
      settings.forEach((k, v) -> s.put(k, secret("state." + type + "." + k, v)));
      state.put(type, s);
    });
    put(root, "state", state);
    put(root, "defaultModel", p.getDefaultModel());
    put(root, "maxIdleConnections", p.getMaxIdleConnections());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the vectornode properties could not be written as JSON", e);
    }
  }

  private Map<String, Object> provider(String name, VectorNodeProperties.Provider v) {
    String path = "providers." + name + ".";
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "type", v.getType());
    if (v.getApiKey() != null) {
      m.put("apiKey", secret(path + "api-key", v.getApiKey()));
    }
    put(m, "apiKeys", keys(path + "api-keys", v.getApiKeys()));
    put(m, "baseUrl", v.getBaseUrl());
    put(m, "defaultModel", v.getDefaultModel());
    Map<String, Object> headers = new LinkedHashMap<>();
    v.getHeaders().forEach((h, value) -> headers.put(h, secret(path + "headers." + h, value)));
    put(m, "headers", headers);
    put(m, "options", new LinkedHashMap<String, Object>(v.getOptions()));
    Map<String, Object> t = new LinkedHashMap<>();
    put(t, "connect", v.getTimeouts().getConnect());
    put(t, "read", v.getTimeouts().getRead());
    put(t, "total", v.getTimeouts().getTotal());
    put(m, "timeouts", t);
    put(m, "maxResponseBytes", v.getMaxResponseBytes());
    put(m, "maxEventBytes", v.getMaxEventBytes());
    return m;
  }

  private List<Object> keys(String path, List<VectorNodeProperties.ApiKey> keys) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      VectorNodeProperties.ApiKey k = keys.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      String kp = path + "[" + i + "]";
      if (k.getKey() == null) {
        throw new ConfigurationException(PREFIX + kp + ".key", "is required");
      }
      m.put("key", secret(kp + ".key", k.getKey()));
      put(m, "weight", k.getWeight());
      put(m, "requestsPerMinute", k.getRequestsPerMinute());
      put(m, "tokensPerMinute", k.getTokensPerMinute());
      out.add(m);
    }
    return out;
  }

  private Map<String, Object> model(String name, VectorNodeProperties.Model v) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "provider", v.getProvider());
    put(m, "model", v.getModel());
    Map<String, Object> limits = new LinkedHashMap<>();
    put(limits, "rpm", v.getLimits().getRpm());
    put(limits, "tpm", v.getLimits().getTpm());
    put(limits, "maxConcurrent", v.getLimits().getMaxConcurrent());
    put(m, "limits", limits);
    put(m, "contextWindow", v.getContextWindow());
    put(m, "maxOutputTokens", v.getMaxOutputTokens());
    if (v.getCapabilities() != null) {
      m.put("capabilities", v.getCapabilities()); // an empty list means "plain text only"
    }
    Map<String, Object> prices = new LinkedHashMap<>();
    put(prices, "input", v.getPrices().getInput());
    put(prices, "output", v.getPrices().getOutput());
    put(prices, "cachedInput", v.getPrices().getCachedInput());
    put(prices, "cacheWrite", v.getPrices().getCacheWrite());
    put(prices, "reasoning", v.getPrices().getReasoning());
    put(m, "prices", prices);
    put(m, "apiKeys", keys("models." + name + ".api-keys", v.getApiKeys()));
    return m;
  }

  private static Map<String, Object> route(String name, VectorNodeProperties.Route v) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "strategy", v.getStrategy());
    for (String weighted : v.getWeights().keySet()) {
      if (!v.getTargets().contains(weighted)) {
        throw new ConfigurationException(PREFIX + "routes." + name + ".weights." + weighted,
            "names no target of the route; targets: " + v.getTargets());
      }
    }
    List<Object> targets = new ArrayList<>();
    for (String t : v.getTargets()) {
      Integer w = v.getWeights().get(t);
      targets.add(w == null ? t : Map.of("model", t, "weight", w));
    }
    put(m, "targets", targets);
    put(m, "requires", new ArrayList<Object>(v.getRequires()));
    put(m, "contentPolicyFallback", v.getContentPolicyFallback());
    Map<String, Object> hedging = new LinkedHashMap<>();
    put(hedging, "delay", v.getHedging().getDelay());
    put(hedging, "p95", v.getHedging().getP95());
    put(hedging, "minDelay", v.getHedging().getMinDelay());
    put(m, "hedging", hedging);
    put(m, "cache", v.getCache());
    return m;
  }

  private static Map<String, Object> budget(VectorNodeProperties.Budget v) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> scope = new LinkedHashMap<>();
    if (!v.getScope().getTag().isEmpty()) {
      scope.put("tag", new LinkedHashMap<String, Object>(v.getScope().getTag()));
    }
    put(scope, "key", v.getScope().getKey());
    put(scope, "deployment", v.getScope().getDeployment());
    put(m, "scope", scope);
    put(m, "period", v.getPeriod());
    put(m, "zone", v.getZone());
    put(m, "limit", v.getLimit());
    put(m, "softThresholds", new ArrayList<Object>(v.getSoftThresholds()));
    return m;
  }

  private static Map<String, Object> resilience(VectorNodeProperties.Resilience v) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "maxAttempts", v.getMaxAttempts());
    Map<String, Object> backoff = new LinkedHashMap<>();
    put(backoff, "initial", v.getBackoff().getInitial());
    put(backoff, "max", v.getBackoff().getMax());
    put(backoff, "multiplier", v.getBackoff().getMultiplier());
    put(backoff, "jitter", v.getBackoff().getJitter());
    put(m, "backoff", backoff);
    put(m, "maxRetryAfter", v.getMaxRetryAfter());
    Map<String, Object> budget = new LinkedHashMap<>();
    put(budget, "tokens", v.getRetryBudget().getTokens());
    put(budget, "refill", v.getRetryBudget().getRefill());
    put(m, "retryBudget", budget);
    VectorNodeProperties.CircuitBreaker cb = v.getCircuitBreaker();
    Map<String, Object> breaker = new LinkedHashMap<>();
    put(breaker, "consecutiveFailures", cb.getConsecutiveFailures());
    put(breaker, "failureRate", cb.getFailureRate());
    put(breaker, "window", cb.getWindow());
    put(breaker, "minCalls", cb.getMinCalls());
    put(breaker, "openDuration", cb.getOpenDuration());
    put(breaker, "halfOpenProbes", cb.getHalfOpenProbes());
    put(m, "circuitBreaker", breaker);
    Map<String, Object> timeouts = new LinkedHashMap<>();
    put(timeouts, "total", v.getTimeouts().getTotal());
    put(timeouts, "firstToken", v.getTimeouts().getFirstToken());
    put(m, "timeouts", timeouts);
    return m;
  }

  /** A reference standing for a secret, named after its property. */
  private String secret(String path, String value) {
    String name = PREFIX + path;
    // A name the reference syntax cannot carry (a map key with a brace) gets a neutral one.
    if (name.indexOf('}') >= 0 || name.indexOf('$') >= 0 || name.indexOf('{') >= 0) {
      name = PREFIX + "secret-" + secrets.size();
    }
    secrets.put(name, value);
    return "${env:" + name + "}";
  }

  /** Puts a value that is set: not null, and not an empty map or list. */
  private static void put(Map<String, Object> m, String key, @Nullable Object value) {
    if (value == null || (value instanceof Map<?, ?> map && map.isEmpty())
        || (value instanceof List<?> list && list.isEmpty())) {
      return;
    }
    if (value instanceof Duration d) {
      m.put(key, d.toString()); // ISO-8601, which the loader reads
    } else if (value instanceof DataSize s) {
      m.put(key, s.toBytes());
    } else {
      m.put(key, value);
    }
  }
}
