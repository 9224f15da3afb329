package io.vectornode.spring.boot;

// Over 400 lines: one JavaBean field with a getter and a setter per property (Spring binds them
// and its configuration processor turns their comments into IDE metadata); no logic here.

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code vectornode.*} properties. Either {@code vectornode.config-file} names a VectorNode
 * config file (YAML or JSON, every key of the README's "Configuration"; hot reloaded), or the
 * sections below hold the same config as properties: providers, models, routes, budgets,
 * resilience, logging, ledger, the catalog file and a fleet state. Both at once is an error.
 * Properties left unset keep VectorNode's defaults. Not in properties: {@code catalog.models}
 * (use a config file).
 *
 * <p>Keys (an {@code api-key}, the {@code key} of {@code api-keys}, {@code headers} values and
 * {@code state} settings) never appear in a message, a log line, the endpoint or the health
 * details: errors name the property instead. Write them as Spring placeholders ({@code
 * ${OPENAI_API_KEY}}); VectorNode's own {@code ${env:NAME}} syntax is for config files (Spring
 * reads {@code ${env:X}} in a property as "the property {@code env}, or else the text X").
 */
@ConfigurationProperties(prefix = "vectornode")
public class VectorNodeProperties {
  /** Whether to auto-configure a VectorNodeClient (and its meters, health and endpoint). */
  private boolean enabled = true;
  /**
   * A VectorNode config file (YAML or JSON): a path, a file: URL, or a classpath: location
   * (read once, never reloaded). When set, the config sections of these properties must be
   * unset. ${env:NAME} in the file is looked up in Spring's Environment.
   */
  private @Nullable String configFile;
  /** Hot reload of vectornode.config-file. */
  private final Reload reload = new Reload();
  /** Micrometer meters and Observations of every call, when the context has a MeterRegistry. */
  private final Metrics metrics = new Metrics();
  /** Provider instances, by name; type defaults to the name when it is a provider id. */
  private Map<String, Provider> providers = new LinkedHashMap<>();
  /** Deployments: names for a provider instance and a model (with limits, prices, keys). */
  private Map<String, Model> models = new LinkedHashMap<>();
  /** Routes: chosen by ChatRequest.task, or by using their name as the model. */
  private Map<String, Route> routes = new LinkedHashMap<>();
  /** Budgets: spending limits in USD per period, enforced before each attempt. */
  private Map<String, Budget> budgets = new LinkedHashMap<>();
  /** Retries, backoff, retry budget, circuit breakers and call timeouts. */
  private final Resilience resilience = new Resilience();
  /** The per-call log lines. */
  private final Logging logging = new Logging();
  /** The usage ledger: JSON Lines, one record per call, daily files. */
  private final Ledger ledger = new Ledger();
  /** Extends the bundled model catalog. */
  private final Catalog catalog = new Catalog();
  /** The exact-match response cache (on for the routes with cache=true and those listed here). */
  private final Cache cache = new Cache();
  /**
   * State shared by a fleet of instances: exactly one store, such as redis (needs
   * vectornode-redis), and its settings (uri, key-prefix as keyPrefix, timeout...).
   */
  private Map<String, Map<String, String>> state = new LinkedHashMap<>();
  /** The route or deployment used when a request names neither. */
  private @Nullable String defaultModel;
  /** Idle keep-alive connections the HTTP pool keeps (default 64). */
  private @Nullable Integer maxIdleConnections;

  public boolean isEnabled() { return enabled; }
  public void setEnabled(boolean enabled) { this.enabled = enabled; }
  public @Nullable String getConfigFile() { return configFile; }
  public void setConfigFile(@Nullable String configFile) { this.configFile = configFile; }
  public Reload getReload() { return reload; }
  public Metrics getMetrics() { return metrics; }
  public Map<String, Provider> getProviders() { return providers; }
  public void setProviders(Map<String, Provider> providers) { this.providers = providers; }
  public Map<String, Model> getModels() { return models; }
  public void setModels(Map<String, Model> models) { this.models = models; }
  public Map<String, Route> getRoutes() { return routes; }
  public void setRoutes(Map<String, Route> routes) { this.routes = routes; }
  public Map<String, Budget> getBudgets() { return budgets; }
  public void setBudgets(Map<String, Budget> budgets) { this.budgets = budgets; }
  public Resilience getResilience() { return resilience; }
  public Logging getLogging() { return logging; }
  public Ledger getLedger() { return ledger; }
  public Catalog getCatalog() { return catalog; }
  public Cache getCache() { return cache; }
  public Map<String, Map<String, String>> getState() { return state; }
  public void setState(Map<String, Map<String, String>> state) { this.state = state; }
  public @Nullable String getDefaultModel() { return defaultModel; }
  public void setDefaultModel(@Nullable String defaultModel) { this.defaultModel = defaultModel; }
  public @Nullable Integer getMaxIdleConnections() { return maxIdleConnections; }
  public void setMaxIdleConnections(@Nullable Integer max) { this.maxIdleConnections = max; }

  /** No key: the provider sections say only whether they hold one. */
  @Override
  public String toString() {
    return "VectorNodeProperties[configFile=" + configFile + ", providers=" + providers.keySet()
        + ", models=" + models.keySet() + ", routes=" + routes.keySet() + "]";
  }

  /** Hot reload of the config file. */
  public static class Reload {
    /**
     * Whether the client follows vectornode.config-file: a new content is validated and swapped
     * in, a bad one keeps the config in use (the endpoint shows why).
     */
    private boolean enabled = true;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
  }

  /** The Micrometer listener (vectornode-micrometer). */
  public static class Metrics {
    /** Whether to record meters when the context has a MeterRegistry. */
    private boolean enabled = true;
    /** Whether to make one Observation per call when the context has an ObservationRegistry. */
    private boolean observations = true;
    /** Request tags recorded as meter tags (bounded ones only: a team, a feature). */
    private List<String> allowedTags = new ArrayList<>();
    /** Distinct values kept per tag; beyond them a value counts as _OTHER (default 100). */
    private @Nullable Integer maxTagValues;
    /** Whether timers and summaries publish the GenAI conventions' buckets (default true). */
    private @Nullable Boolean histogramBuckets;
    /** Whether to also send gen_ai.system, the conventions' name up to v1.36 (default false). */
    private @Nullable Boolean legacySystemTag;
    /** Calls in flight followed for their Observation (default 10000). */
    private @Nullable Integer maxCallsInFlight;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public boolean isObservations() { return observations; }
    public void setObservations(boolean observations) { this.observations = observations; }
    public List<String> getAllowedTags() { return allowedTags; }
    public void setAllowedTags(List<String> allowedTags) { this.allowedTags = allowedTags; }
    public @Nullable Integer getMaxTagValues() { return maxTagValues; }
    public void setMaxTagValues(@Nullable Integer v) { this.maxTagValues = v; }
    public @Nullable Boolean getHistogramBuckets() { return histogramBuckets; }
    public void setHistogramBuckets(@Nullable Boolean v) { this.histogramBuckets = v; }
    public @Nullable Boolean getLegacySystemTag() { return legacySystemTag; }
    public void setLegacySystemTag(@Nullable Boolean v) { this.legacySystemTag = v; }
    public @Nullable Integer getMaxCallsInFlight() { return maxCallsInFlight; }
    public void setMaxCallsInFlight(@Nullable Integer v) { this.maxCallsInFlight = v; }
  }

  /** A provider instance. */
  public static class Provider {
    /** The provider id (openai, anthropic, gemini, openai-compatible, groq...). */
    private @Nullable String type;
    /** The API key; never shown (write it as a placeholder: ${OPENAI_API_KEY}). */
    private @Nullable String apiKey;
    /** A key pool used by weight instead of api-key. */
    private List<ApiKey> apiKeys = new ArrayList<>();
    /** The API base URL (required for openai-compatible). */
    private @Nullable String baseUrl;
    /** The model used for provider/model references that name none. */
    private @Nullable String defaultModel;
    /** Extra HTTP headers; their values are treated as secrets. */
    private Map<String, String> headers = new LinkedHashMap<>();
    /** Provider options (organization, project, apiVersion, maxTokensField...). */
    private Map<String, String> options = new LinkedHashMap<>();
    /** Connect, read and total timeouts (defaults 10s, 120s, 10m). */
    private final Timeouts timeouts = new Timeouts();
    /** Largest response body read, after decompression (default 32MB). */
    private @Nullable DataSize maxResponseBytes;
    /** Largest server-sent event, and line, of a stream (default 16MB). */
    private @Nullable DataSize maxEventBytes;

    public @Nullable String getType() { return type; }
    public void setType(@Nullable String type) { this.type = type; }
    public @Nullable String getApiKey() { return apiKey; }
    public void setApiKey(@Nullable String apiKey) { this.apiKey = apiKey; }
    public List<ApiKey> getApiKeys() { return apiKeys; }
    public void setApiKeys(List<ApiKey> apiKeys) { this.apiKeys = apiKeys; }
    public @Nullable String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(@Nullable String baseUrl) { this.baseUrl = baseUrl; }
    public @Nullable String getDefaultModel() { return defaultModel; }
    public void setDefaultModel(@Nullable String defaultModel) { this.defaultModel = defaultModel; }
    public Map<String, String> getHeaders() { return headers; }
    public void setHeaders(Map<String, String> headers) { this.headers = headers; }
    public Map<String, String> getOptions() { return options; }
    public void setOptions(Map<String, String> options) { this.options = options; }
    public Timeouts getTimeouts() { return timeouts; }
    public @Nullable DataSize getMaxResponseBytes() { return maxResponseBytes; }
    public void setMaxResponseBytes(@Nullable DataSize v) { this.maxResponseBytes = v; }
    public @Nullable DataSize getMaxEventBytes() { return maxEventBytes; }
    public void setMaxEventBytes(@Nullable DataSize v) { this.maxEventBytes = v; }

    /** Never the key nor a header value. */
    @Override
    public String toString() {
      return "Provider[type=" + type + ", apiKey=" + (apiKey == null ? "unset" : "***")
          + ", apiKeys=" + apiKeys.size() + ", baseUrl=" + baseUrl + ", headers="
          + headers.keySet() + "]";
    }
  }

  /** A provider's HTTP timeouts. */
  public static class Timeouts {
    /** Connect timeout (default 10s). */
    private @Nullable Duration connect;
    /** Longest silence while reading, which bounds time to first token (default 120s). */
    private @Nullable Duration read;
    /** The whole HTTP call (default 10m). */
    private @Nullable Duration total;

    public @Nullable Duration getConnect() { return connect; }
    public void setConnect(@Nullable Duration connect) { this.connect = connect; }
    public @Nullable Duration getRead() { return read; }
    public void setRead(@Nullable Duration read) { this.read = read; }
    public @Nullable Duration getTotal() { return total; }
    public void setTotal(@Nullable Duration total) { this.total = total; }
  }

  /** One key of a pool. */
  public static class ApiKey {
    /** The key; never shown. */
    private @Nullable String key;
    /** Its share of the traffic (default 1). */
    private @Nullable Integer weight;
    /** Its own requests per minute (default none). */
    private @Nullable Integer requestsPerMinute;
    /** Its own tokens per minute (default none). */
    private @Nullable Long tokensPerMinute;

    public @Nullable String getKey() { return key; }
    public void setKey(@Nullable String key) { this.key = key; }
    public @Nullable Integer getWeight() { return weight; }
    public void setWeight(@Nullable Integer weight) { this.weight = weight; }
    public @Nullable Integer getRequestsPerMinute() { return requestsPerMinute; }
    public void setRequestsPerMinute(@Nullable Integer v) { this.requestsPerMinute = v; }
    public @Nullable Long getTokensPerMinute() { return tokensPerMinute; }
    public void setTokensPerMinute(@Nullable Long v) { this.tokensPerMinute = v; }

    @Override
    public String toString() {
      return "ApiKey[***, weight=" + weight + "]";
    }
  }

  /** A deployment: a provider instance and a model. */
  public static class Model {
    /** The provider instance's name. */
    private @Nullable String provider;
    /** The provider's model id. */
    private @Nullable String model;
    /** Client-side limits. */
    private final Limits limits = new Limits();
    /** Context window in tokens (left out: the catalog's, or unknown). */
    private @Nullable Long contextWindow;
    /** Longest output in tokens (left out: the catalog's, or unknown). */
    private @Nullable Long maxOutputTokens;
    /** What it can do: vision, tools, json_schema, reasoning (left out: every one). */
    private @Nullable List<String> capabilities;
    /** USD per million tokens; prices a model the catalog does not know. */
    private final Prices prices = new Prices();
    /** A key pool of its own, instead of its provider's. */
    private List<ApiKey> apiKeys = new ArrayList<>();

    public @Nullable String getProvider() { return provider; }
    public void setProvider(@Nullable String provider) { this.provider = provider; }
    public @Nullable String getModel() { return model; }
    public void setModel(@Nullable String model) { this.model = model; }
    public Limits getLimits() { return limits; }
    public @Nullable Long getContextWindow() { return contextWindow; }
    public void setContextWindow(@Nullable Long v) { this.contextWindow = v; }
    public @Nullable Long getMaxOutputTokens() { return maxOutputTokens; }
    public void setMaxOutputTokens(@Nullable Long v) { this.maxOutputTokens = v; }
    public @Nullable List<String> getCapabilities() { return capabilities; }
    public void setCapabilities(@Nullable List<String> v) { this.capabilities = v; }
    public Prices getPrices() { return prices; }
    public List<ApiKey> getApiKeys() { return apiKeys; }
    public void setApiKeys(List<ApiKey> apiKeys) { this.apiKeys = apiKeys; }
  }

  /** A deployment's client-side limits; unset or 0 means none. */
  public static class Limits {
    /** Requests per minute. */
    private @Nullable Long rpm;
    /** Estimated tokens per minute. */
    private @Nullable Long tpm;
    /** Calls at once (a bulkhead that rejects at once). */
    private @Nullable Integer maxConcurrent;

    public @Nullable Long getRpm() { return rpm; }
    public void setRpm(@Nullable Long rpm) { this.rpm = rpm; }
    public @Nullable Long getTpm() { return tpm; }
    public void setTpm(@Nullable Long tpm) { this.tpm = tpm; }
    public @Nullable Integer getMaxConcurrent() { return maxConcurrent; }
    public void setMaxConcurrent(@Nullable Integer v) { this.maxConcurrent = v; }
  }

  /** Prices in USD per million tokens. */
  public static class Prices {
    /** Input tokens. */
    private @Nullable BigDecimal input;
    /** Output tokens. */
    private @Nullable BigDecimal output;
    /** Cached input tokens (default: the input price). */
    private @Nullable BigDecimal cachedInput;
    /** Cache writes (default: the input price). */
    private @Nullable BigDecimal cacheWrite;
    /** Reasoning tokens (default: the output price). */
    private @Nullable BigDecimal reasoning;

    public @Nullable BigDecimal getInput() { return input; }
    public void setInput(@Nullable BigDecimal input) { this.input = input; }
    public @Nullable BigDecimal getOutput() { return output; }
    public void setOutput(@Nullable BigDecimal output) { this.output = output; }
    public @Nullable BigDecimal getCachedInput() { return cachedInput; }
    public void setCachedInput(@Nullable BigDecimal v) { this.cachedInput = v; }
    public @Nullable BigDecimal getCacheWrite() { return cacheWrite; }
    public void setCacheWrite(@Nullable BigDecimal v) { this.cacheWrite = v; }
    public @Nullable BigDecimal getReasoning() { return reasoning; }
    public void setReasoning(@Nullable BigDecimal v) { this.reasoning = v; }
  }

  /** A route over deployments. */
  public static class Route {
    /** fallback (default), weighted, least-latency or least-cost. */
    private @Nullable String strategy;
    /** The deployments, in fallback order. */
    private List<String> targets = new ArrayList<>();
    /** Weights of the targets for the weighted strategy, by deployment (default 1). */
    private Map<String, Integer> weights = new LinkedHashMap<>();
    /** Capabilities every deployment must have: vision, tools, json_schema, reasoning. */
    private List<String> requires = new ArrayList<>();
    /** Where a content-filtered call goes (else the filter surfaces). */
    private @Nullable String contentPolicyFallback;
    /** Answers to this route's repeated requests come from the response cache. */
    private @Nullable Boolean cache;
    /** Hedging: a second deployment started when the first is slow. */
    private final Hedging hedging = new Hedging();

    public @Nullable String getStrategy() { return strategy; }
    public void setStrategy(@Nullable String strategy) { this.strategy = strategy; }
    public List<String> getTargets() { return targets; }
    public void setTargets(List<String> targets) { this.targets = targets; }
    public Map<String, Integer> getWeights() { return weights; }
    public void setWeights(Map<String, Integer> weights) { this.weights = weights; }
    public List<String> getRequires() { return requires; }
    public void setRequires(List<String> requires) { this.requires = requires; }
    public @Nullable String getContentPolicyFallback() { return contentPolicyFallback; }
    public void setContentPolicyFallback(@Nullable String v) { this.contentPolicyFallback = v; }
    public Hedging getHedging() { return hedging; }
    public @Nullable Boolean getCache() { return cache; }
    public void setCache(@Nullable Boolean cache) { this.cache = cache; }
  }

  /** A route's hedging: delay, or p95 (with min-delay). */
  public static class Hedging {
    /** Start the next deployment after this delay without a first token. */
    private @Nullable Duration delay;
    /** Start it after the first deployment's observed p95 instead. */
    private @Nullable Boolean p95;
    /** The shortest p95 delay (default 500ms). */
    private @Nullable Duration minDelay;

    public @Nullable Duration getDelay() { return delay; }
    public void setDelay(@Nullable Duration delay) { this.delay = delay; }
    public @Nullable Boolean getP95() { return p95; }
    public void setP95(@Nullable Boolean p95) { this.p95 = p95; }
    public @Nullable Duration getMinDelay() { return minDelay; }
    public void setMinDelay(@Nullable Duration minDelay) { this.minDelay = minDelay; }
  }

  /** A budget. */
  public static class Budget {
    /** What it covers (default global). */
    private final BudgetScope scope = new BudgetScope();
    /** hour, day or month, calendar-aligned in the zone. */
    private @Nullable String period;
    /** The time zone periods align to (default UTC). */
    private @Nullable String zone;
    /** The limit per period, USD. */
    private @Nullable BigDecimal limit;
    /** Fractions of the limit that fire onBudgetThreshold events, each in (0, 1). */
    private List<Double> softThresholds = new ArrayList<>();

    public BudgetScope getScope() { return scope; }
    public @Nullable String getPeriod() { return period; }
    public void setPeriod(@Nullable String period) { this.period = period; }
    public @Nullable String getZone() { return zone; }
    public void setZone(@Nullable String zone) { this.zone = zone; }
    public @Nullable BigDecimal getLimit() { return limit; }
    public void setLimit(@Nullable BigDecimal limit) { this.limit = limit; }
    public List<Double> getSoftThresholds() { return softThresholds; }
    public void setSoftThresholds(List<Double> v) { this.softThresholds = v; }
  }

  /** A budget's scope: one of tag, key or deployment; none of them is global. */
  public static class BudgetScope {
    /** Calls with this request tag (one name and value, such as team=search). */
    private Map<String, String> tag = new LinkedHashMap<>();
    /** Calls sent with this key id (key-1a2b3c4d). */
    private @Nullable String key;
    /** Calls to this deployment. */
    private @Nullable String deployment;

    public Map<String, String> getTag() { return tag; }
    public void setTag(Map<String, String> tag) { this.tag = tag; }
    public @Nullable String getKey() { return key; }
    public void setKey(@Nullable String key) { this.key = key; }
    public @Nullable String getDeployment() { return deployment; }
    public void setDeployment(@Nullable String deployment) { this.deployment = deployment; }
  }

  /** Retries, backoff, retry budget, circuit breakers, call timeouts. */
  public static class Resilience {
    /** Attempts per deployment for retryable errors (default 3). */
    private @Nullable Integer maxAttempts;
    /** Exponential backoff with jitter. */
    private final Backoff backoff = new Backoff();
    /** Longest Retry-After honoured (default 60s). */
    private @Nullable Duration maxRetryAfter;
    /** Per-deployment retry budget. */
    private final RetryBudget retryBudget = new RetryBudget();
    /** Per-deployment circuit breaker. */
    private final CircuitBreaker circuitBreaker = new CircuitBreaker();
    /** The whole call's deadline and a stream's first token. */
    private final CallTimeouts timeouts = new CallTimeouts();

    public @Nullable Integer getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(@Nullable Integer maxAttempts) { this.maxAttempts = maxAttempts; }
    public Backoff getBackoff() { return backoff; }
    public @Nullable Duration getMaxRetryAfter() { return maxRetryAfter; }
    public void setMaxRetryAfter(@Nullable Duration v) { this.maxRetryAfter = v; }
    public RetryBudget getRetryBudget() { return retryBudget; }
    public CircuitBreaker getCircuitBreaker() { return circuitBreaker; }
    public CallTimeouts getTimeouts() { return timeouts; }
  }

  /** Backoff between retries. */
  public static class Backoff {
    /** First backoff (default 500ms). */
    private @Nullable Duration initial;
    /** Longest backoff (default 8s). */
    private @Nullable Duration max;
    /** Growth per retry (default 2). */
    private @Nullable Double multiplier;
    /** Random spread, a fraction (default 0.25). */
    private @Nullable Double jitter;

    public @Nullable Duration getInitial() { return initial; }
    public void setInitial(@Nullable Duration initial) { this.initial = initial; }
    public @Nullable Duration getMax() { return max; }
    public void setMax(@Nullable Duration max) { this.max = max; }
    public @Nullable Double getMultiplier() { return multiplier; }
    public void setMultiplier(@Nullable Double multiplier) { this.multiplier = multiplier; }
    public @Nullable Double getJitter() { return jitter; }
    public void setJitter(@Nullable Double jitter) { this.jitter = jitter; }
  }

  /** The retry budget: tokens and refill (both, or neither). */
  public static class RetryBudget {
    /** Tokens (default 10). */
    private @Nullable Double tokens;
    /** Refill per success (default 0.1). */
    private @Nullable Double refill;

    public @Nullable Double getTokens() { return tokens; }
    public void setTokens(@Nullable Double tokens) { this.tokens = tokens; }
    public @Nullable Double getRefill() { return refill; }
    public void setRefill(@Nullable Double refill) { this.refill = refill; }
  }

  /** The circuit breaker of each deployment. */
  public static class CircuitBreaker {
    /** Failures in a row that open it (default 5). */
    private @Nullable Integer consecutiveFailures;
    /** Failure rate in percent that opens it (default 50). */
    private @Nullable Integer failureRate;
    /** Calls the rate is measured over (default 20). */
    private @Nullable Integer window;
    /** Calls before the rate counts (default 10). */
    private @Nullable Integer minCalls;
    /** How long it stays open (default 30s). */
    private @Nullable Duration openDuration;
    /** Probe calls when half open (default 2). */
    private @Nullable Integer halfOpenProbes;

    public @Nullable Integer getConsecutiveFailures() { return consecutiveFailures; }
    public void setConsecutiveFailures(@Nullable Integer v) { this.consecutiveFailures = v; }
    public @Nullable Integer getFailureRate() { return failureRate; }
    public void setFailureRate(@Nullable Integer v) { this.failureRate = v; }
    public @Nullable Integer getWindow() { return window; }
    public void setWindow(@Nullable Integer window) { this.window = window; }
    public @Nullable Integer getMinCalls() { return minCalls; }
    public void setMinCalls(@Nullable Integer minCalls) { this.minCalls = minCalls; }
    public @Nullable Duration getOpenDuration() { return openDuration; }
    public void setOpenDuration(@Nullable Duration v) { this.openDuration = v; }
    public @Nullable Integer getHalfOpenProbes() { return halfOpenProbes; }
    public void setHalfOpenProbes(@Nullable Integer v) { this.halfOpenProbes = v; }
  }

  /** Call timeouts. */
  public static class CallTimeouts {
    /** One deadline for the whole call across attempts (default 10m). */
    private @Nullable Duration total;
    /** A stream's first token (default 30s). */
    private @Nullable Duration firstToken;

    public @Nullable Duration getTotal() { return total; }
    public void setTotal(@Nullable Duration total) { this.total = total; }
    public @Nullable Duration getFirstToken() { return firstToken; }
    public void setFirstToken(@Nullable Duration v) { this.firstToken = v; }
  }

  /** The exact-match response cache. */
  public static class Cache {
    /** More routes, models or provider/model names to cache. */
    private List<String> routes = new ArrayList<>();
    /** Answers kept in memory (default 10000). */
    private @Nullable Long maximumSize;
    /** How long an answer is kept after it is written (default 1h). */
    private @Nullable Duration ttl;
    /** Whether requests with a temperature above 0, or unset, are cached too (default false). */
    private @Nullable Boolean cacheSampled;

    public List<String> getRoutes() { return routes; }
    public void setRoutes(List<String> routes) { this.routes = routes; }
    public @Nullable Long getMaximumSize() { return maximumSize; }
    public void setMaximumSize(@Nullable Long v) { this.maximumSize = v; }
    public @Nullable Duration getTtl() { return ttl; }
    public void setTtl(@Nullable Duration ttl) { this.ttl = ttl; }
    public @Nullable Boolean getCacheSampled() { return cacheSampled; }
    public void setCacheSampled(@Nullable Boolean v) { this.cacheSampled = v; }
  }

  /** Call logging. */
  public static class Logging {
    /** One INFO line per call on io.vectornode.calls (default true). */
    private @Nullable Boolean calls;
    /** Prompts and completions on io.vectornode.prompts, DEBUG (default false). */
    private @Nullable Boolean prompts;

    public @Nullable Boolean getCalls() { return calls; }
    public void setCalls(@Nullable Boolean calls) { this.calls = calls; }
    public @Nullable Boolean getPrompts() { return prompts; }
    public void setPrompts(@Nullable Boolean prompts) { this.prompts = prompts; }
  }

  /** The usage ledger. */
  public static class Ledger {
    /** Its directory (relative to the working directory); unset: no ledger. */
    private @Nullable String directory;
    /** The zone its daily files follow (default UTC). */
    private @Nullable String zone;

    public @Nullable String getDirectory() { return directory; }
    public void setDirectory(@Nullable String directory) { this.directory = directory; }
    public @Nullable String getZone() { return zone; }
    public void setZone(@Nullable String zone) { this.zone = zone; }
  }

  /** The model catalog. */
  public static class Catalog {
    /** A catalog file merged into the bundled one. */
    private @Nullable String file;

    public @Nullable String getFile() { return file; }
    public void setFile(@Nullable String file) { this.file = file; }
  }
}
