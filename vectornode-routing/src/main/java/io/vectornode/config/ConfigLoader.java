package io.vectornode.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderContext;
import io.vectornode.usage.UsageLedger;
import io.vectornode.usage.UsageSink;
import io.vectornode.usage.UsageSinkFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a YAML or JSON config file into a {@link VectorNode.Builder}. Every error names the file
 * and the field path; unknown keys are errors (a typo must not be silently ignored). The file is
 * bounded before it is read ({@value #DEFAULT_MAX_CONFIG_BYTES} bytes unless the system property
 * {@value #MAX_BYTES_PROPERTY} says otherwise), and so is its nesting (64 levels); YAML
 * aliases are refused (see {@code ConfigParser}). No message shows what a {@code ${scheme:name}}
 * reference resolved to.
 *
 * <p>Each section is read by its own class ({@link ProviderSection}, {@link DeploymentSection},
 * {@link RouteSection}, {@link ResilienceSection}, {@link BudgetSection}, {@link
 * CatalogSection}), every field through the typed readers of {@link Fields}.
 */
final class ConfigLoader {
  /** The system property that changes the largest config file accepted, in bytes. */
  public static final String MAX_BYTES_PROPERTY = "vectornode.config.maxBytes";
  /** The largest config file accepted by default: 1 MiB. */
  public static final int DEFAULT_MAX_CONFIG_BYTES = 1 << 20;
  private static final int MAX_CONFIG_BYTES = configuredMax();
  /** The top-level keys. */
  static final Set<String> TOP =
      Set.of("providers", "models", "defaultModel", "routes", "resilience", "catalog",
          "budgets", "logging", "ledger", "maxIdleConnections", "state", "cache");
  private static final Set<String> LOGGING = Set.of("calls", "prompts");
  /** The ledger's own keys; {@code jdbc} is known even when no module provides it. */
  private static final Set<String> LEDGER = Set.of("directory", "zone", "jdbc");

  private final Fields f;
  private final List<AutoCloseable> opened = new ArrayList<>();
  /** The configured models' and routes' names, and the default model, for reloads. */
  private final Set<String> names = new HashSet<>();
  private @Nullable String defaultModel;
  /** The configured deployments' limits, by name, for tools ({@link ConfigCheck}). */
  private final Map<String, io.vectornode.routing.DeploymentLimits> limits =
      new java.util.TreeMap<>();
  /** The state the {@code state} block created, or null. */
  private io.vectornode.state.@Nullable SharedState shared;

  private ConfigLoader(Fields f) {
    this.f = f;
  }

  /**
   * A config read into a builder, with what its references resolved to so that errors raised
   * later (building the client creates the providers, which validate their options) show the
   * references instead. Not thread-safe, like the builder.
   */
  static final class Loaded {
    private final VectorNode.Builder builder;
    private final ResolvedReferences references;
    private final Fields fields;
    private final String file;
    private final List<AutoCloseable> opened;
    private final Set<String> names;
    private final @Nullable String defaultModel;
    private final Map<String, io.vectornode.routing.DeploymentLimits> limits;
    private final io.vectornode.state.@Nullable SharedState shared;

    Loaded(VectorNode.Builder builder, ResolvedReferences references, Fields fields,
        ConfigLoader loader) {
      this.builder = builder;
      this.references = references;
      this.fields = fields;
      this.file = fields.file();
      this.opened = List.copyOf(loader.opened);
      this.names = Set.copyOf(loader.names);
      this.defaultModel = loader.defaultModel;
      this.limits = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(loader.limits));
      this.shared = loader.shared;
    }

    /** @return the configured deployments' limits, by name */
    Map<String, io.vectornode.routing.DeploymentLimits> deploymentLimits() {
      return limits;
    }

    /** @return the state the {@code state} block created, or null */
    io.vectornode.state.@Nullable SharedState sharedState() {
      return shared;
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
     * The exception to let out: a configuration error (or a builder's {@link
     * IllegalArgumentException}) located at its field in the file, never showing a resolved
     * value.
     *
     * @param e an exception from building this config
     * @return {@code e}, or a {@link ConfigurationException} naming the file, the line and the
     *     column, showing references instead of what they resolved to
     */
    public RuntimeException redact(RuntimeException e) {
      return references.scrub(fields.located(e, null), file);
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
    Path dir = path.toAbsolutePath().getParent();
    ResolvedReferences references = new ResolvedReferences();
    return load(name, text, new Fields(new ConfigText(name, dir, env, text, references), name,
        dir), references);
  }

  /**
   * Reads a config given as text rather than a file (a config generated from Spring
   * properties): messages name {@code source} and the field, without a line and column (they
   * would point into the generated text); relative paths resolve against the working directory.
   *
   * @param source what the text came from, for messages and the {@code config:} price label
   * @param text YAML or JSON
   * @param env the environment, for {@code ${env:NAME}}
   * @return the config
   * @throws ConfigurationException naming the source and the field
   */
  public static Loaded loadText(String source, String text,
      Function<String, @Nullable String> env) {
    if (text.length() > MAX_CONFIG_BYTES) {
      throw new ConfigurationException(source, "is larger than " + MAX_CONFIG_BYTES
          + " characters, the limit for a config (system property " + MAX_BYTES_PROPERTY + ")");
    }
    ResolvedReferences references = new ResolvedReferences();
    return load(source, text, new Fields(new ConfigText(source, null, env, text, references,
        false), source, null), references);
  }

  private static Loaded load(String name, String text, Fields fields,
      ResolvedReferences references) {
    JsonNode root = ConfigParser.parse(name, text);
    ConfigLoader loader = new ConfigLoader(fields);
    try {
      VectorNode.Builder builder = loader.read(root);
      return new Loaded(builder, references, fields, loader);
    } catch (RuntimeException e) {
      closeQuietly(loader.opened);
      // A builder's error (or one a section let through) is located here, at its field.
      throw references.scrub(fields.located(e, null), name);
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

  private VectorNode.Builder read(@Nullable JsonNode root) {
    if (root == null || !root.isObject()) {
      throw f.error("(root)", "must be a mapping with 'providers' (and optionally 'models')");
    }
    f.checkKeys(root, "", TOP);
    VectorNode.Builder b = VectorNode.builder();
    ModelCatalog catalog = CatalogSection.read(f, root.get("catalog"));
    b.catalog(catalog);
    Map<String, String> types = ProviderSection.read(f, root.get("providers"), b);
    for (io.vectornode.routing.Deployment d
        : DeploymentSection.read(f, root.get("models"), types, catalog, b)) {
      names.add(d.name());
      limits.put(d.name(), d.limits());
    }
    List<String> cachedRoutes = new ArrayList<>();
    names.addAll(RouteSection.read(f, root.get("routes"), b, cachedRoutes));
    CacheSection.read(f, root.get("cache"), cachedRoutes, names, b);
    JsonNode resilience = root.get("resilience");
    if (resilience != null && !resilience.isNull()) {
      b.resilience(ResilienceSection.read(f, resilience));
    }
    BudgetSection.read(f, root.get("budgets"), b);
    JsonNode logging = root.get("logging");
    if (logging != null && !logging.isNull()) {
      f.checkKeys(logging, "logging.", LOGGING);
      b.logCalls(f.bool(logging, "logging.", "calls", true));
      b.logPrompts(f.bool(logging, "logging.", "prompts", false));
    }
    JsonNode ledger = root.get("ledger");
    if (ledger != null && !ledger.isNull()) {
      ledger(ledger, b);
    }
    JsonNode state = root.get("state");
    if (state != null && !state.isNull()) {
      state(state, b);
    }
    defaultModel = f.text(root, "", "defaultModel");
    if (defaultModel != null) {
      b.defaultModel(defaultModel);
    }
    long idle = f.number(root, "", "maxIdleConnections",
        ProviderContext.DEFAULT_MAX_IDLE_CONNECTIONS);
    if (idle < 1 || idle > 100_000) {
      throw f.error("maxIdleConnections", "must be between 1 and 100000, was " + idle);
    }
    b.maxIdleConnections((int) idle);
    return b;
  }

  /**
   * State shared with a fleet ({@code state: {redis: {...}}}): created by the module that
   * provides its type, connected now, closed with the client (or by {@link Loaded#discard}).
   */
  private void state(JsonNode state, VectorNode.Builder b) {
    if (!state.isObject() || state.size() != 1) {
      throw f.error("state", "must hold exactly one store, such as 'redis'");
    }
    String type = state.fieldNames().next();
    JsonNode block = state.get(type);
    String prefix = "state." + type + ".";
    if (block == null || !block.isObject()) {
      throw f.error("state." + type, "must be a mapping of settings");
    }
    io.vectornode.state.SharedStateFactory factory = null;
    List<String> known = new ArrayList<>();
    for (io.vectornode.state.SharedStateFactory s
        : java.util.ServiceLoader.load(io.vectornode.state.SharedStateFactory.class)) {
      known.add(s.type());
      if (s.type().equals(type)) {
        factory = s;
      }
    }
    if (factory == null) {
      throw f.error("state." + type, "no module on the classpath provides a '" + type
          + "' store" + (type.equals("redis") ? " (add io.vectornode:vectornode-redis)" : "")
          + "; provided: " + known);
    }
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (java.util.Iterator<String> it = block.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      String v = f.text(block, prefix, field);
      if (v != null) {
        settings.put(field, v);
      }
    }
    io.vectornode.state.SharedState shared = factory.create(settings);
    opened.add(shared);
    this.shared = shared;
    b.sharedState(shared).closeWith(shared);
  }

  /**
   * The usage ledger: the JSONL files of {@code ledger.directory}, the sinks of {@code
   * ledger.<type>} blocks ({@code jdbc}, found through {@link UsageSinkFactory}), or both (each
   * record then goes to each); opened now, closed with the client (or by {@link Loaded#discard}).
   */
  private void ledger(JsonNode ledger, VectorNode.Builder b) {
    Map<String, UsageSinkFactory> factories = new java.util.TreeMap<>();
    for (UsageSinkFactory s : java.util.ServiceLoader.load(UsageSinkFactory.class)) {
      factories.putIfAbsent(s.type(), s);
    }
    Set<String> allowed = new HashSet<>(LEDGER);
    allowed.addAll(factories.keySet());
    f.checkKeys(ledger, "ledger.", allowed);
    String d = f.text(ledger, "ledger.", "directory");
    List<String> sinks = new ArrayList<>();
    ledger.fieldNames().forEachRemaining(k -> {
      if (!k.equals("directory") && !k.equals("zone")) {
        sinks.add(k);
      }
    });
    if (d == null && sinks.isEmpty()) {
      throw f.error("ledger.directory", "is required (or a database ledger such as ledger.jdbc)");
    }
    if (d == null && ledger.has("zone")) {
      throw f.error("ledger.zone", "applies to the files of ledger.directory, which is not set");
    }
    if (d != null) {
      ZoneId zone = f.zone(ledger, "ledger.");
      UsageLedger l = UsageLedger.open(f.relative(d), Clock.systemUTC(), zone);
      opened.add(l);
      b.listener(l).closeWith(l);
    }
    for (String type : sinks) {
      UsageSinkFactory factory = factories.get(type);
      if (factory == null) {
        // Only "jdbc" gets here (checkKeys allowed it): its module is not on the class path.
        throw f.error("ledger." + type, "no module on the classpath provides a '" + type
            + "' ledger (add io.vectornode:vectornode-" + type + "); provided: "
            + factories.keySet());
      }
      JsonNode block = ledger.get(type);
      String prefix = "ledger." + type + ".";
      if (block == null || !block.isObject()) {
        throw f.error("ledger." + type, "must be a mapping of settings");
      }
      Map<String, String> settings = new java.util.LinkedHashMap<>();
      for (java.util.Iterator<String> it = block.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        String v = f.text(block, prefix, field);
        if (v != null) {
          settings.put(field, v);
        }
      }
      UsageSink sink = factory.create(settings, f.relative(""));
      opened.add(sink);
      b.listener(sink).closeWith(sink);
    }
  }
}
