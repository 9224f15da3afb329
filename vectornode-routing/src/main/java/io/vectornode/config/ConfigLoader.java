package io.vectornode.config;

// Over 400 lines: every config section is read and validated here, so that field paths and messages
// stay consistent.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vectornode.ModelClient;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.catalog.Capability;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.ApiKey;
import io.vectornode.routing.Deployment;
import io.vectornode.routing.DeploymentLimits;
import io.vectornode.routing.Hedging;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.Route;
import io.vectornode.routing.RouteTarget;
import io.vectornode.routing.Strategy;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.usage.UsageLedger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a YAML or JSON config file into a {@link VectorNode.Builder}. Every error names the file
 * and the field path; unknown keys are errors (a typo must not be silently ignored). The file is
 * bounded before it is read ({@value #DEFAULT_MAX_CONFIG_BYTES} bytes unless the system property
 * {@value #MAX_BYTES_PROPERTY} says otherwise), and so is its nesting (64 levels); YAML
 * aliases are refused (see {@code ConfigParser}). No message shows what a {@code ${scheme:name}}
 * reference resolved to.
 */
final class ConfigLoader {
  /** The system property that changes the largest config file accepted, in bytes. */
  public static final String MAX_BYTES_PROPERTY = "vectornode.config.maxBytes";
  /** The largest config file accepted by default: 1 MiB. */
  public static final int DEFAULT_MAX_CONFIG_BYTES = 1 << 20;
  private static final int MAX_CONFIG_BYTES = configuredMax();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP =
      Set.of("providers", "models", "defaultModel", "routes", "resilience", "catalog",
          "budgets", "logging", "ledger", "maxIdleConnections");
  private static final Set<String> PROVIDER = Set.of(
      "type", "apiKey", "apiKeys", "baseUrl", "defaultModel", "headers", "options", "timeouts",
      "maxResponseBytes", "maxEventBytes");
  private static final Set<String> BUDGET =
      Set.of("scope", "period", "zone", "limit", "softThresholds");
  private static final Set<String> SCOPE = Set.of("tag", "key", "deployment");
  private static final Set<String> LOGGING = Set.of("calls", "prompts");
  private static final Set<String> LEDGER = Set.of("directory", "zone");
  private static final Set<String> TIMEOUTS = Set.of("connect", "read", "total");
  private static final Set<String> MODEL = Set.of("provider", "model", "limits",
      "contextWindow", "maxOutputTokens", "capabilities", "prices", "apiKeys");
  private static final Set<String> LIMITS = Set.of("rpm", "tpm", "maxConcurrent");
  private static final Set<String> ROUTE =
      Set.of("strategy", "targets", "requires", "contentPolicyFallback", "hedging");
  private static final Set<String> HEDGING = Set.of("delay", "p95", "minDelay");
  private static final Set<String> RESILIENCE = Set.of("maxAttempts", "backoff",
      "maxRetryAfter", "retryBudget", "circuitBreaker", "timeouts");
  private static final Set<String> BACKOFF = Set.of("initial", "max", "multiplier", "jitter");
  private static final Set<String> RETRY_BUDGET = Set.of("tokens", "refill");
  private static final Set<String> BREAKER = Set.of("consecutiveFailures", "failureRate",
      "window", "minCalls", "openDuration", "halfOpenProbes");
  private static final Set<String> CALL_TIMEOUTS = Set.of("total", "firstToken");
  private static final Set<String> CATALOG = Set.of("file", "models");

  private final String file;
  private final @Nullable Path dir;
  private final ConfigText text;
  private final List<AutoCloseable> opened = new ArrayList<>();
  /** The configured models' and routes' names, and the default model, for reloads. */
  private final Set<String> names = new java.util.HashSet<>();
  private @Nullable String defaultModel;

  private ConfigLoader(String file, @Nullable Path dir, ConfigText text) {
    this.file = file;
    this.dir = dir;
    this.text = text;
  }

  /**
   * A config read into a builder, with what its references resolved to so that errors raised
   * later (building the client creates the providers, which validate their options) show the
   * references instead. Not thread-safe, like the builder.
   */
  static final class Loaded {
    private final VectorNode.Builder builder;
    private final ResolvedReferences references;
    private final String file;
    private final List<AutoCloseable> opened;
    private final Set<String> names;
    private final @Nullable String defaultModel;

    Loaded(VectorNode.Builder builder, ResolvedReferences references, String file,
        List<AutoCloseable> opened, Set<String> names, @Nullable String defaultModel) {
      this.builder = builder;
      this.references = references;
      this.file = file;
      this.opened = List.copyOf(opened);
      this.names = Set.copyOf(names);
      this.defaultModel = defaultModel;
    }

    /** @return the names of the configured models and routes */
    Set<String> modelAndRouteNames() {
      return names;
    }

    /** @return the default model reference, or null */
    @Nullable String defaultModel() {
      return defaultModel;
    }

    /** Closes what reading the config opened (a usage ledger), for a config never built. */
    public void discard() {
      closeQuietly(opened);
    }

    /** @return the builder holding the config */
    public VectorNode.Builder builder() {
      return builder;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws ConfigurationException naming the field; never showing a resolved value
     */
    public io.vectornode.routing.VectorNodeClient build() {
      try {
        return builder.build();
      } catch (RuntimeException e) {
        discard();
        throw redact(e);
      }
    }

    /**
     * The exception to let out instead of one that shows a resolved value.
     *
     * @param e an exception from building this config
     * @return {@code e}, or a {@link ConfigurationException} showing references instead
     */
    public RuntimeException redact(RuntimeException e) {
      return references.scrub(e, file);
    }

    /**
     * Text safe to print: every resolved value replaced by the reference it came from.
     *
     * @param text for example a line describing the config
     * @return the text
     */
    public String redact(String text) {
      return references.restore(text);
    }
  }

  /** @return the largest config file accepted, in bytes */
  public static int maxConfigBytes() {
    return MAX_CONFIG_BYTES;
  }

  private static int configuredMax() {
    String v = System.getProperty(MAX_BYTES_PROPERTY);
    if (v == null) {
      return DEFAULT_MAX_CONFIG_BYTES;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 1024 && n <= (1 << 30)) {
        return (int) n;
      }
    } catch (NumberFormatException e) {
      // falls through to the warning
    }
    org.slf4j.LoggerFactory.getLogger(ConfigLoader.class).warn("system property {} must be a"
        + " number of bytes between 1024 and 1073741824, was '{}'; using {}", MAX_BYTES_PROPERTY,
        v, DEFAULT_MAX_CONFIG_BYTES);
    return DEFAULT_MAX_CONFIG_BYTES;
  }

  /**
   * Reads a config file's bytes, refusing before reading one that is too large or is not a
   * regular file (a FIFO, a device).
   *
   * @param path the file
   * @return its bytes
   * @throws ConfigurationException naming the file, its size and the limit
   */
  public static byte[] read(Path path) {
    try {
      return BoundedFiles.read(path, MAX_CONFIG_BYTES);
    } catch (BoundedFiles.Refused e) {
      throw new ConfigurationException(path.toString(), e.getMessage()
          + (e.getMessage().contains("limit") ? " for a config file (system property "
              + MAX_BYTES_PROPERTY + ")" : ""));
    } catch (IOException e) {
      throw new ConfigurationException(path.toString(), "cannot be read ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Reads a config file.
   *
   * @param path the file (YAML, or JSON, which is YAML)
   * @param env the environment, for {@code ${env:NAME}}
   * @return the config
   * @throws ConfigurationException naming the file and the field
   */
  public static Loaded load(Path path, Function<String, @Nullable String> env) {
    return load(path, read(path), env);
  }

  /**
   * Reads a config from bytes already read from its file (a watcher reads a file once, checks
   * that it is stable, and loads exactly those bytes).
   *
   * @param path the file, for messages and relative paths
   * @param content its bytes
   * @param env the environment, for {@code ${env:NAME}}
   * @return the config
   * @throws ConfigurationException naming the file and the field
   */
  public static Loaded load(Path path, byte[] content, Function<String, @Nullable String> env) {
    String name = path.toString();
    String text;
    try {
      text = BoundedFiles.utf8(content);
    } catch (BoundedFiles.Refused e) {
      throw new ConfigurationException(name, e.getMessage());
    }
    JsonNode root = ConfigParser.parse(name, text);
    Path dir = path.toAbsolutePath().getParent();
    ResolvedReferences references = new ResolvedReferences();
    ConfigLoader loader = new ConfigLoader(name, dir,
        new ConfigText(name, dir, env, text, references));
    try {
      VectorNode.Builder builder = loader.read(root);
      return new Loaded(builder, references, name, loader.opened, loader.names,
          loader.defaultModel);
    } catch (RuntimeException e) {
      closeQuietly(loader.opened);
      throw references.scrub(e, name);
    }
  }

  private static void closeQuietly(List<AutoCloseable> resources) {
    resources.forEach(c -> {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort: the config is not used
      }
    });
  }

  private ConfigurationException error(String field, String message) {
    return text.error(field, message);
  }

  private VectorNode.Builder read(@Nullable JsonNode root) {
    if (root == null || !root.isObject()) {
      throw error("(root)", "must be a mapping with 'providers' (and optionally 'models')");
    }
    checkKeys(root, "", TOP);
    VectorNode.Builder b = VectorNode.builder();
    ModelCatalog catalog = catalog(root.get("catalog"));
    b.catalog(catalog);
    Map<String, String> types = new java.util.HashMap<>();
    JsonNode providers = root.get("providers");
    if (providers == null || !providers.isObject() || providers.isEmpty()) {
      throw error("providers", "is required: at least one provider");
    }
    Set<String> ids = ProviderRegistry.load().ids();
    for (Iterator<Map.Entry<String, JsonNode>> it = providers.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<ApiKey> keys = keys(e.getValue() == null ? null : e.getValue().get("apiKeys"),
          "providers." + e.getKey() + ".apiKeys");
      ProviderConfig pc = provider(e.getKey(), e.getValue(), ids, keys);
      types.put(pc.name(), pc.type());
      b.provider(pc);
      if (!keys.isEmpty()) {
        b.keys(pc.name(), keys);
      }
    }
    JsonNode models = root.get("models");
    if (models != null && !models.isNull()) {
      if (!models.isObject()) {
        throw error("models", "must be a mapping of name to {provider, model}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = models.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = "models." + e.getKey();
        JsonNode m = e.getValue();
        if (m == null || !m.isObject()) {
          throw error(path, "must be a mapping with 'provider' and 'model'");
        }
        checkKeys(m, path + ".", MODEL);
        b.deployment(deployment(e.getKey(), m, path, types, catalog));
        names.add(e.getKey());
      }
    }
    JsonNode routes = root.get("routes");
    if (routes != null && !routes.isNull()) {
      if (!routes.isObject()) {
        throw error("routes", "must be a mapping of name to {strategy, targets}");
      }
      routes.properties().forEach(e -> {
        b.route(route(e.getKey(), e.getValue()));
        names.add(e.getKey());
      });
    }
    JsonNode resilience = root.get("resilience");
    if (resilience != null && !resilience.isNull()) {
      b.resilience(resilience(resilience));
    }
    JsonNode budgets = root.get("budgets");
    if (budgets != null && !budgets.isNull()) {
      if (!budgets.isObject()) {
        throw error("budgets", "must be a mapping of name to {scope, period, limit}");
      }
      budgets.properties().forEach(e -> b.budget(budget(e.getKey(), e.getValue())));
    }
    JsonNode logging = root.get("logging");
    if (logging != null && !logging.isNull()) {
      checkKeys(logging, "logging.", LOGGING);
      b.logCalls(bool(logging, "logging.", "calls", true));
      b.logPrompts(bool(logging, "logging.", "prompts", false));
    }
    JsonNode ledger = root.get("ledger");
    if (ledger != null && !ledger.isNull()) {
      checkKeys(ledger, "ledger.", LEDGER);
      String d = text(ledger, "ledger.", "directory");
      if (d == null) {
        throw error("ledger.directory", "is required");
      }
      ZoneId zone = zone(ledger, "ledger.");
      Path p = dir == null ? Path.of(d) : dir.resolve(d);
      UsageLedger l = UsageLedger.open(p, java.time.Clock.systemUTC(), zone);
      opened.add(l);
      b.listener(l).closeWith(l);
    }
    defaultModel = text(root, "", "defaultModel");
    if (defaultModel != null) {
      b.defaultModel(defaultModel);
    }
    long idle = number(root, "", "maxIdleConnections",
        io.vectornode.spi.ProviderContext.DEFAULT_MAX_IDLE_CONNECTIONS);
    if (idle < 1 || idle > 100_000) {
      throw error("maxIdleConnections", "must be between 1 and 100000, was " + idle);
    }
    b.maxIdleConnections((int) idle);
    return b;
  }

  private List<ApiKey> keys(@Nullable JsonNode node, String path) {
    List<ApiKey> keys = new ArrayList<>();
    if (node == null || node.isNull()) {
      return keys;
    }
    if (!node.isArray() || node.isEmpty()) {
      throw error(path, "must be a list of keys, or of {key, weight}");
    }
    int i = 0;
    for (JsonNode k : node) {
      String kp = path + "[" + i++ + "]";
      String value;
      int weight = 1;
      if (k.isTextual()) {
        value = resolve(k.asText(), kp);
      } else if (k.isObject()) {
        checkKeys(k, kp + ".", Set.of("key", "weight"));
        value = required(k, kp, "key");
        weight = (int) number(k, kp + ".", "weight", 1);
      } else {
        throw error(kp, "must be a key, or {key, weight}");
      }
      if (value.isBlank()) {
        throw error(kp, "is empty");
      }
      try {
        io.vectornode.Secret secret = io.vectornode.Secret.of(value);
        // Validated as the provider will send it: a key that cannot travel in a header fails
        // here, naming the key's place in the list and the character's position only.
        ProviderConfig.builder("k").apiKey(secret);
        keys.add(new ApiKey(secret, weight));
      } catch (ConfigurationException e) {
        throw error(kp, e.getMessage().substring(e.field().length() + 2));
      } catch (IllegalArgumentException e) {
        throw error(kp, e.getMessage());
      }
    }
    return keys;
  }

  private Budget budget(String name, JsonNode n) {
    String path = "budgets." + name;
    if (n == null || !n.isObject()) {
      throw error(path, "must be a mapping with 'limit' and 'period'");
    }
    checkKeys(n, path + ".", BUDGET);
    BudgetScope scope = BudgetScope.global();
    JsonNode s = n.get("scope");
    if (s != null && !s.isNull() && !(s.isTextual() && s.asText().equals("global"))) {
      checkKeys(s, path + ".scope.", SCOPE);
      if (s.size() != 1) {
        throw error(path + ".scope", "must be 'global' or one of {tag: {name: value}}, {key:"
            + " id}, {deployment: name}");
      }
      if (s.has("tag")) {
        JsonNode t = s.get("tag");
        if (!t.isObject() || t.size() != 1) {
          throw error(path + ".scope.tag", "must be one {name: value}, for example {team:"
              + " search}");
        }
        var e = t.properties().iterator().next();
        scope = BudgetScope.tag(e.getKey(), resolve(e.getValue().asText(), path + ".scope.tag"));
      } else if (s.has("key")) {
        scope = BudgetScope.key(required(s, path + ".scope", "key"));
      } else {
        scope = BudgetScope.deployment(required(s, path + ".scope", "deployment"));
      }
    }
    String period = required(n, path, "period");
    Budget.Period p;
    try {
      p = Budget.Period.valueOf(period.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw error(path + ".period", "must be hour, day or month, was '" + period + "'");
    }
    String written = required(n, path, "limit");
    String limit = written.replace("$", "").strip();
    java.math.BigDecimal usd;
    try {
      usd = new java.math.BigDecimal(limit);
    } catch (NumberFormatException e) {
      throw error(path + ".limit", "must be an amount in USD, was '" + written + "'");
    }
    List<Double> soft = new ArrayList<>();
    int i = 0;
    for (JsonNode t : n.path("softThresholds")) {
      soft.add(decimal(t, path + ".softThresholds[" + i++ + "]"));
    }
    try {
      return new Budget(name, scope, p, zone(n, path + "."), usd, soft);
    } catch (ConfigurationException e) {
      throw error(path, e.getMessage());
    }
  }

  private double decimal(JsonNode v, String field) {
    if (v.isNumber()) {
      return v.asDouble();
    }
    throw error(field, "must be a number, was '" + v.asText() + "'");
  }

  private ZoneId zone(JsonNode n, String prefix) {
    String z = text(n, prefix, "zone");
    if (z == null) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(z.strip());
    } catch (java.time.DateTimeException e) {
      throw error(prefix + "zone", "is not a time zone, was '" + z + "' (for example"
          + " Europe/Paris or UTC)");
    }
  }

  private boolean bool(JsonNode n, String prefix, String field, boolean dflt) {
    String v = text(n, prefix, field);
    if (v == null) {
      return dflt;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw error(prefix + field, "must be true or false, was '" + v + "'");
  }

  private ModelCatalog catalog(@Nullable JsonNode node) {
    ModelCatalog catalog = ModelCatalog.bundled();
    if (node == null || node.isNull()) {
      return catalog;
    }
    checkKeys(node, "catalog.", CATALOG);
    String f = text(node, "catalog.", "file");
    if (f != null) {
      Path p = dir == null ? Path.of(f) : dir.resolve(f);
      catalog = catalog.merge(ModelCatalog.load(p));
    }
    JsonNode models = node.get("models");
    if (models != null && !models.isNull()) {
      if (!models.isArray()) {
        throw error("catalog.models", "must be a list of model entries");
      }
      int i = 0;
      for (JsonNode m : models) {
        catalog = catalog.with(ModelCatalog.entry(fields(m), file + ": catalog.models[" + i++
            + "]"));
      }
    }
    return catalog;
  }

  private Deployment deployment(String name, JsonNode m, String path, Map<String, String> types,
      ModelCatalog catalog) {
    String provider = required(m, path, "provider");
    String model = required(m, path, "model");
    DeploymentLimits limits = DeploymentLimits.NONE;
    JsonNode l = m.get("limits");
    if (l != null && !l.isNull()) {
      checkKeys(l, path + ".limits.", LIMITS);
      limits = new DeploymentLimits((int) number(l, path + ".limits.", "rpm", 0),
          number(l, path + ".limits.", "tpm", 0),
          (int) number(l, path + ".limits.", "maxConcurrent", 0));
    }
    ModelInfo info = null;
    boolean overrides = m.has("contextWindow") || m.has("maxOutputTokens")
        || m.has("capabilities") || m.has("prices");
    if (overrides) {
      String type = types.getOrDefault(provider, provider);
      ModelInfo base = catalog.find(type, model).orElse(null);
      if (base == null && !(m.has("contextWindow") && m.has("maxOutputTokens")
          && m.has("capabilities"))) {
        throw error(path, "'" + type + "/" + model + "' is not in the catalog, so overriding it"
            + " needs contextWindow, maxOutputTokens and capabilities (and prices, to price it)");
      }
      info = ModelCatalog.override(base, type, model, fields(m), file + ": " + path);
    }
    List<ApiKey> keys = keys(m.get("apiKeys"), path + ".apiKeys");
    try {
      return new Deployment(name, provider, model, limits, info, keys);
    } catch (IllegalArgumentException e) {
      throw error(path, e.getMessage());
    }
  }

  private Route route(String name, JsonNode r) {
    String path = "routes." + name;
    if (r == null || !r.isObject()) {
      throw error(path, "must be a mapping with 'strategy' and 'targets'");
    }
    checkKeys(r, path + ".", ROUTE);
    String s = text(r, path + ".", "strategy");
    Strategy strategy;
    try {
      strategy = s == null ? Strategy.FALLBACK
          : Strategy.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw error(path + ".strategy", "must be fallback, weighted, least-latency or least-cost,"
          + " was '" + s + "'");
    }
    JsonNode t = r.get("targets");
    if (t == null || !t.isArray() || t.isEmpty()) {
      throw error(path + ".targets", "is required: a list of model names or {model, weight}");
    }
    List<RouteTarget> targets = new ArrayList<>();
    int i = 0;
    for (JsonNode target : t) {
      String tp = path + ".targets[" + i++ + "]";
      if (target.isTextual()) {
        targets.add(RouteTarget.of(target.asText()));
      } else if (target.isObject()) {
        checkKeys(target, tp + ".", Set.of("model", "weight"));
        long weight = number(target, tp + ".", "weight", 1);
        if (weight < 1) {
          throw error(tp + ".weight", "must be at least 1, was " + weight);
        }
        targets.add(new RouteTarget(required(target, tp, "model"), (int) weight));
      } else {
        throw error(tp, "must be a model name or {model, weight}");
      }
    }
    Set<Capability> requires = java.util.EnumSet.noneOf(Capability.class);
    for (JsonNode c : r.path("requires")) {
      try {
        requires.add(Capability.valueOf(c.asText().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw error(path + ".requires", "unknown capability '" + c.asText()
            + "'; known: vision, tools, json_schema, reasoning");
      }
    }
    Hedging hedging = Hedging.OFF;
    JsonNode h = r.get("hedging");
    if (h != null && !h.isNull()) {
      checkKeys(h, path + ".hedging.", HEDGING);
      Duration delay = duration(h, path + ".hedging.", "delay");
      Duration min = duration(h, path + ".hedging.", "minDelay");
      boolean p95 = h.path("p95").asBoolean(false);
      if (delay == null && !p95) {
        throw error(path + ".hedging", "needs 'delay' (for example 2s) or 'p95: true'");
      }
      hedging = p95 ? Hedging.atP95(min == null ? Duration.ofMillis(500) : min)
          : Hedging.after(delay);
    }
    try {
      return new Route(name, strategy, targets, requires,
          text(r, path + ".", "contentPolicyFallback"), hedging);
    } catch (IllegalArgumentException e) {
      throw error(path, e.getMessage());
    }
  }

  private Resilience resilience(JsonNode n) {
    String p = "resilience.";
    checkKeys(n, p, RESILIENCE);
    Resilience.Builder b = Resilience.custom();
    if (n.has("maxAttempts")) {
      b.maxAttemptsPerDeployment((int) number(n, p, "maxAttempts", 3));
    }
    JsonNode bo = n.get("backoff");
    if (bo != null) {
      checkKeys(bo, p + "backoff.", BACKOFF);
      Duration initial = duration(bo, p + "backoff.", "initial");
      Duration max = duration(bo, p + "backoff.", "max");
      if (initial != null) {
        b.initialBackoff(initial);
      }
      if (max != null) {
        b.maxBackoff(max);
      }
      if (bo.has("multiplier")) {
        b.multiplier(decimal(bo, p + "backoff.", "multiplier"));
      }
      if (bo.has("jitter")) {
        b.jitter(decimal(bo, p + "backoff.", "jitter"));
      }
    }
    Duration maxRetryAfter = duration(n, p, "maxRetryAfter");
    if (maxRetryAfter != null) {
      b.maxRetryAfter(maxRetryAfter);
    }
    JsonNode budget = n.get("retryBudget");
    if (budget != null) {
      checkKeys(budget, p + "retryBudget.", RETRY_BUDGET);
      b.retryBudget(decimal(budget, p + "retryBudget.", "tokens"),
          decimal(budget, p + "retryBudget.", "refill"));
    }
    JsonNode cb = n.get("circuitBreaker");
    Resilience d = Resilience.defaults();
    if (cb != null) {
      String cp = p + "circuitBreaker.";
      checkKeys(cb, cp, BREAKER);
      b.consecutiveFailures((int) number(cb, cp, "consecutiveFailures",
          d.consecutiveFailures()));
      b.failureRate((float) (cb.has("failureRate") ? decimal(cb, cp, "failureRate")
          : d.failureRateThreshold()), (int) number(cb, cp, "window", d.breakerWindow()),
          (int) number(cb, cp, "minCalls", d.breakerMinCalls()));
      Duration open = duration(cb, cp, "openDuration");
      if (open != null) {
        b.openDuration(open);
      }
      b.halfOpenProbes((int) number(cb, cp, "halfOpenProbes", d.halfOpenProbes()));
    }
    JsonNode t = n.get("timeouts");
    if (t != null) {
      checkKeys(t, p + "timeouts.", CALL_TIMEOUTS);
      Duration total = duration(t, p + "timeouts.", "total");
      if (total != null) {
        b.totalTimeout(total);
      }
      b.firstTokenTimeout(duration(t, p + "timeouts.", "firstToken"));
    }
    try {
      return b.build();
    } catch (ConfigurationException e) {
      throw error(e.field(), e.getMessage().substring(e.field().length() + 2));
    }
  }

  private long number(JsonNode node, String prefix, String field, long dflt) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    String text = v.isValueNode() ? resolve(v.asText(), prefix + field) : v.toString();
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw error(prefix + field, "must be a whole number, was '" + text + "'");
    }
  }

  private double decimal(JsonNode node, String prefix, String field) {
    JsonNode v = node.get(field);
    String text = v == null ? "" : v.isValueNode() ? resolve(v.asText(), prefix + field)
        : v.toString();
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw error(prefix + field, "must be a number, was '" + text + "'");
    }
  }

  private ProviderConfig provider(String name, JsonNode node, Set<String> ids,
      List<ApiKey> keys) {
    String path = "providers." + name;
    if (node == null || node.isNull()) {
      node = YAML.createObjectNode();
    }
    if (!node.isObject()) {
      throw error(path, "must be a mapping");
    }
    checkKeys(node, path + ".", PROVIDER);
    String type = text(node, path + ".", "type");
    if (type == null) {
      if (!ids.contains(name)) {
        throw error(path + ".type", "is required: '" + name + "' is not a provider id; found "
            + ids);
      }
      type = name;
    }
    ProviderConfig.Builder b;
    try {
      b = ProviderConfig.builder(name).type(type);
      String key = text(node, path + ".", "apiKey");
      if (key != null) {
        b.apiKey(key);
      } else if (!keys.isEmpty()) {
        b.apiKey(keys.get(0).secret());
      }
      b.baseUrl(text(node, path + ".", "baseUrl"));
      b.defaultModel(text(node, path + ".", "defaultModel"));
    } catch (ConfigurationException e) {
      throw error(path + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
    }
    JsonNode headers = node.get("headers");
    if (headers != null && !headers.isNull()) {
      if (!headers.isObject()) {
        throw error(path + ".headers", "must be a mapping of header name to value");
      }
      headers.properties().forEach(h -> {
        String value = resolve(h.getValue().asText(), path + ".headers." + h.getKey());
        try {
          b.header(h.getKey(), value);
        } catch (ConfigurationException e) {
          throw error(path + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
        }
      });
    }
    try {
      Long maxResponse = size(node, path + ".", "maxResponseBytes");
      if (maxResponse != null) {
        b.maxResponseBytes(maxResponse);
      }
      Long maxEvent = size(node, path + ".", "maxEventBytes");
      if (maxEvent != null) {
        b.maxEventBytes((int) Math.min(Integer.MAX_VALUE, maxEvent));
      }
    } catch (ConfigurationException e) {
      throw error(path + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
    }
    JsonNode options = node.get("options");
    if (options != null && !options.isNull()) {
      if (!options.isObject()) {
        throw error(path + ".options", "must be a mapping");
      }
      options.properties().forEach(o -> b.option(o.getKey(),
          o.getValue().isValueNode()
              ? resolve(o.getValue().asText(), path + ".options." + o.getKey())
              : YAML.convertValue(o.getValue(), Object.class)));
    }
    JsonNode timeouts = node.get("timeouts");
    if (timeouts != null && !timeouts.isNull()) {
      checkKeys(timeouts, path + ".timeouts.", TIMEOUTS);
      String tp = path + ".timeouts.";
      Duration connect = duration(timeouts, tp, "connect");
      Duration read = duration(timeouts, tp, "read");
      Duration total = duration(timeouts, tp, "total");
      try {
        if (connect != null) {
          b.connectTimeout(connect);
        }
        if (read != null) {
          b.readTimeout(read);
        }
        if (total != null) {
          b.callTimeout(total);
        }
      } catch (ConfigurationException e) {
        throw error(tp + e.field(), e.getMessage().substring(e.field().length() + 2));
      }
    }
    return b.build();
  }

  private static final Pattern SIZE =
      Pattern.compile("(\\d{1,15})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);

  /** A size in bytes: a whole number, or one with a binary unit ({@code 32MB} = 32 MiB). */
  private @Nullable Long size(JsonNode node, String prefix, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    String text = v.isValueNode() ? resolve(v.asText(), prefix + field) : v.toString();
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw error(prefix + field, "must be a size in bytes such as 33554432 or 32MB, was '"
          + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(java.util.Locale.ROOT);
    int shift = switch (unit.charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw error(prefix + field, "is too large, was '" + text + "'");
    }
    return n << shift;
  }

  /** An object's fields as a map, for the catalog's entry readers. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> fields(JsonNode object) {
    return YAML.convertValue(object, Map.class);
  }

  private void checkKeys(JsonNode node, String prefix, Set<String> allowed) {
    if (!node.isObject()) {
      throw error(prefix.isEmpty() ? "(root)" : prefix.substring(0, prefix.length() - 1),
          "must be a mapping");
    }
    node.fieldNames().forEachRemaining(k -> {
      if (!allowed.contains(k)) {
        String guess = ConfigText.suggest(k, allowed);
        throw error(prefix + k, "unknown key" + (guess == null ? "" : "; did you mean '" + guess
            + "'?") + " Allowed here: " + new java.util.TreeSet<>(allowed));
      }
    });
  }

  private String required(JsonNode node, String path, String field) {
    String v = text(node, path + ".", field);
    if (v == null || v.isBlank()) {
      throw error(path + "." + field, "is required");
    }
    return v;
  }

  private @Nullable String text(JsonNode node, String prefix, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw error(prefix + field, "must be a single value, not a " + v.getNodeType()
          .toString().toLowerCase(java.util.Locale.ROOT));
    }
    return resolve(v.asText(), prefix + field);
  }

  private String resolve(String value, String field) {
    return text.resolve(value, field);
  }

  private @Nullable Duration duration(JsonNode node, String prefix, String field) {
    String v = text(node, prefix, field);
    if (v == null) {
      return null;
    }
    return parseDuration(v.strip(), () -> error(prefix + field,
        "must be a duration such as 500ms, 10s, 2m or PT10S, was '" + v + "'"));
  }

  /**
   * Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, a bare number of seconds, or an
   * ISO-8601 duration.
   *
   * @param v the text
   * @param onError the exception for bad text
   * @return the duration
   */
  public static Duration parseDuration(
      String v, java.util.function.Supplier<ConfigurationException> onError) {
    try {
      if (v.startsWith("P") || v.startsWith("p")) {
        return Duration.parse(v);
      }
      Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?").matcher(v);
      if (!m.matches()) {
        throw onError.get();
      }
      double n = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double millis = switch (unit) {
        case "ms" -> n;
        case "m" -> n * 60_000;
        case "h" -> n * 3_600_000;
        default -> n * 1000;
      };
      return Duration.ofMillis((long) millis);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw onError.get();
    }
  }
}
