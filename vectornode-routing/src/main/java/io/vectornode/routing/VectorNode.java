package io.vectornode.routing;

// Over 400 lines: the public entry points and one documented Builder setter per option; javadoc is
// most of it (the state and the assembly of the router are in Assembly).

import static java.util.Objects.requireNonNull;

import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetStore;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.spi.Sleeper;
import io.vectornode.spi.Ticker;
import io.vectornode.usage.UsageLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Builds the one {@link ModelClient} an application uses for every model.
 *
 * <pre>{@code
 * try (ModelClient ai = VectorNode.builder()
 *     .provider(ProviderConfig.builder("openai").apiKey(System.getenv("OPENAI_API_KEY")).build())
 *     .model("fast", "openai", "gpt-4o-mini")
 *     .build()) {
 *   System.out.println(ai.chat("fast", "Hello!").text());
 * }
 * }</pre>
 *
 * <p>A request's {@code model} names a configured model ({@code fast}) or a {@code
 * provider/model} pair on a configured provider ({@code openai/gpt-4o-mini}). The client is
 * thread-safe; close it on shutdown to release connections.
 */
public final class VectorNode {
  private VectorNode() {}

  /** @return a builder with no providers */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a client from a YAML or JSON config file (see the README for its shape and limits:
   * at most 1 MiB, 64 levels of nesting, no YAML aliases). {@code ${env:NAME}}, {@code
   * ${sysprop:NAME}} and {@code ${file:PATH}} in values are replaced by environment variables,
   * system properties and file contents (at most 64 KiB); error messages show the reference,
   * never what it resolved to.
   *
   * @param file the config file
   * @return the client
   * @throws ConfigurationException naming the file and the field when the config is wrong
   */
  public static VectorNodeClient fromConfig(Path file) {
    return fromConfig(file, System::getenv);
  }

  /**
   * A builder holding a config file's settings, to add listeners (or anything else) before
   * building.
   *
   * @param file the config file
   * @return the builder
   * @throws ConfigurationException naming the file and the field when the config is wrong
   */
  public static Builder builderFromConfig(Path file) {
    return ConfigReaders.get().builder(requireNonNull(file, "file"), System::getenv);
  }

  /**
   * {@link #builderFromConfig(Path)} with another environment than the process's, for {@code
   * ${env:NAME}} references (a Spring {@code Environment}, tests, a secrets map).
   *
   * @param file the config file
   * @param env the environment: a variable's value, or null when unset
   * @return the builder
   * @throws ConfigurationException naming the file and the field when the config is wrong
   */
  public static Builder builderFromConfig(Path file, Function<String, @Nullable String> env) {
    return ConfigReaders.get().builder(requireNonNull(file, "file"), requireNonNull(env, "env"));
  }

  /**
   * A builder holding a config given as text (YAML or JSON, the shape of a config file) rather
   * than a file: how {@code vectornode-spring-boot-starter} reads {@code vectornode.*}
   * properties. Messages name {@code source} and the field (no line and column); relative paths
   * resolve against the working directory; {@code ${env:NAME}} references are resolved through
   * {@code env}, and no message shows what one resolved to.
   *
   * @param source what the text came from, for messages (for example {@code vectornode
   *     properties})
   * @param text the config
   * @param env the environment: a variable's value, or null when unset
   * @return the builder
   * @throws ConfigurationException naming the source and the field when the config is wrong
   */
  public static Builder builderFromConfigText(String source, String text,
      Function<String, @Nullable String> env) {
    return ConfigReaders.get().builder(requireNonNull(source, "source"),
        requireNonNull(text, "text"), requireNonNull(env, "env"));
  }

  /**
   * Builds a client from a config file and reloads it when the file's content changes: after
   * every event in the file's directory (a Kubernetes ConfigMap's {@code ..data} swap included)
   * and every few seconds, the content's hash is compared, and a new content is applied once it
   * has stayed the same for a quiet period (a file rewritten in place is never loaded half
   * written) and validates. A bad edit keeps the old config and logs why ({@link
   * VectorNodeClient#lastReloadError()}); calls in flight finish on the config they started with;
   * the given listeners (meters) and the budgets' spending carry over. {@link
   * VectorNodeClient#reload()} applies the file at once.
   *
   * @param file the config file
   * @param listeners listeners kept across reloads
   * @return the reloading client
   * @throws ConfigurationException when the initial config is wrong
   */
  public static VectorNodeClient watch(Path file, ModelCallListener... listeners) {
    return ConfigReaders.get()
        .watch(requireNonNull(file, "file"), List.of(listeners), System::getenv);
  }

  /**
   * {@link #watch(Path, ModelCallListener...)} with another environment than the process's, for
   * {@code ${env:NAME}} references (a Spring {@code Environment}, tests).
   *
   * @param file the config file
   * @param env the environment: a variable's value, or null when unset
   * @param listeners listeners kept across reloads
   * @return the reloading client
   * @throws ConfigurationException when the initial config is wrong
   */
  public static VectorNodeClient watch(Path file, Function<String, @Nullable String> env,
      ModelCallListener... listeners) {
    return ConfigReaders.get()
        .watch(requireNonNull(file, "file"), List.of(listeners), requireNonNull(env, "env"));
  }

  /**
   * {@link #fromConfig(Path)} with another environment than the process's, for {@code
   * ${env:NAME}} references (tests, or a secrets map).
   *
   * @param file the config file
   * @param env the environment: a variable's value, or null when unset
   * @return the client
   * @throws ConfigurationException naming the file and the field when the config is wrong
   */
  public static VectorNodeClient fromConfig(Path file, Function<String, @Nullable String> env) {
    return ConfigReaders.get().build(requireNonNull(file, "file"), requireNonNull(env, "env"));
  }

  /**
   * Builds a client from the provider keys found in the environment. Each key found configures
   * one provider instance, named as in {@code provider/model} references: {@code OPENAI_API_KEY}
   * ({@code OPENAI_BASE_URL} optional) → {@code openai}; {@code ANTHROPIC_API_KEY} → {@code
   * anthropic}; {@code GEMINI_API_KEY} (or {@code GOOGLE_API_KEY}) → {@code gemini}; {@code
   * AZURE_OPENAI_API_KEY} with {@code AZURE_OPENAI_ENDPOINT} → {@code azure}; {@code
   * GROQ_API_KEY}, {@code MISTRAL_API_KEY}, {@code DEEPSEEK_API_KEY}, {@code TOGETHER_API_KEY},
   * {@code FIREWORKS_API_KEY}, {@code OPENROUTER_API_KEY}, {@code XAI_API_KEY} → the preset of
   * that name.
   *
   * @return the client
   * @throws ConfigurationException when no key is set, naming the variables looked for
   */
  public static VectorNodeClient fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Builds a client from the provider keys in the given variables (see {@link
   * #fromEnvironment()}).
   *
   * @param env variable names to values
   * @return the client
   * @throws ConfigurationException when no key is set, naming the variables looked for
   */
  public static VectorNodeClient fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env::get).build();
  }

  /**
   * A builder holding the providers found in the given variables (see {@link
   * #fromEnvironment()}), to add listeners, routes or models before building.
   *
   * @param env variable names to values
   * @return the builder
   * @throws ConfigurationException when no key is set
   */
  public static Builder builderFromEnvironment(Map<String, String> env) {
    return fromEnvironment(env::get);
  }

  static Builder fromEnvironment(Function<String, @Nullable String> env) {
    return EnvironmentProviders.builder(env);
  }

  /** Builds a VectorNode client. Not thread-safe; fail-fast on bad values. */
  public static final class Builder {
    private final Assembly parts = new Assembly();

    private Builder() {}

    /**
     * Adds a provider instance.
     *
     * @param config its settings; its name must be unique
     * @return this builder
     * @throws ConfigurationException when the name is already used
     */
    public Builder provider(ProviderConfig config) {
      requireNonNull(config, "config");
      Assembly.addUnique(parts.providers, "providers", "provider", config.name(), config);
      return this;
    }

    /**
     * Gives a provider instance a pool of keys, used by weight instead of its single {@code
     * apiKey}: a key that gets a 429 with Retry-After cools down for that long, a key that gets
     * 401 or 403 is disabled (ERROR log and {@link ModelCallListener#onKeyDisabled} event).
     *
     * @param provider the provider instance's name
     * @param keys the keys, at least one
     * @return this builder
     */
    public Builder keys(String provider, List<ApiKey> keys) {
      requireNonNull(provider, "provider");
      if (keys.isEmpty()) {
        throw new ConfigurationException("providers." + provider + ".apiKeys",
            "must hold at least one key");
      }
      parts.providerKeys.put(provider, List.copyOf(keys));
      return this;
    }

    /**
     * Names a model on a provider instance.
     *
     * @param name the name requests use, for example {@code fast}
     * @param provider the provider instance's name
     * @param model the provider's model id
     * @return this builder
     */
    public Builder model(String name, String provider, String model) {
      return deployment(new Deployment(name, provider, model));
    }

    /**
     * Adds a deployment (a named model with limits and catalog overrides).
     *
     * @param deployment the deployment; its name must be unique
     * @return this builder
     */
    public Builder deployment(Deployment deployment) {
      requireNonNull(deployment, "deployment");
      Assembly.addUnique(parts.models, "models", "model", deployment.name(), deployment);
      return this;
    }

    /**
     * Adds a route: a named policy over deployments, selected by {@code ChatRequest.task()} or
     * by using its name as the model.
     *
     * @param route the route; its name must be unique
     * @return this builder
     */
    public Builder route(Route route) {
      requireNonNull(route, "route");
      Assembly.addUnique(parts.routes, "routes", "route", route.name(), route);
      return this;
    }

    /**
     * Adds a budget: a spending limit per period for a scope, enforced by reserving each
     * attempt's worst case before it is sent.
     *
     * @param budget the budget; its name must be unique
     * @return this builder
     */
    public Builder budget(Budget budget) {
      requireNonNull(budget, "budget");
      Assembly.addUnique(parts.budgets, "budgets", "budget", budget.name(), budget);
      return this;
    }

    /**
     * Replaces the model catalog (default {@link ModelCatalog#bundled()}).
     *
     * @param catalog the catalog
     * @return this builder
     */
    public Builder catalog(ModelCatalog catalog) {
      parts.catalog = requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * Sets retries, retry budget, circuit breakers and timeouts (default {@link
     * Resilience#defaults()}).
     *
     * @param resilience the settings
     * @return this builder
     */
    public Builder resilience(Resilience resilience) {
      parts.resilience = requireNonNull(resilience, "resilience");
      return this;
    }

    /**
     * Sets how backoffs wait (for tests: a virtual-time sleeper).
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      parts.sleeper = requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Turns the per-call log line ({@code io.vectornode.calls}: INFO per call, DEBUG per
     * attempt) on or off; on by default. Keys and prompt text are never in it.
     *
     * @param enabled whether to log calls
     * @return this builder
     */
    public Builder logCalls(boolean enabled) {
      parts.logCalls = enabled;
      return this;
    }

    /**
     * Logs prompts and completions (on {@code io.vectornode.prompts}, DEBUG). Off by default:
     * prompts often hold personal or confidential data.
     *
     * @param enabled whether to log them
     * @return this builder
     */
    public Builder logPrompts(boolean enabled) {
      parts.logPrompts = enabled;
      return this;
    }

    /**
     * Passes every exception {@link #build()} throws through a function. A {@link ConfigReader}
     * uses it so that errors raised while building (providers validate their options then) show
     * the config's references, never the secrets they resolved to.
     *
     * @param filter turns an exception into the one to throw
     * @return this builder
     */
    public Builder redactErrors(UnaryOperator<RuntimeException> filter) {
      parts.errors = requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Sets where budgets keep what they spent and reserved: in this JVM's memory by default
     * ({@link BudgetStore#inMemory}, with threshold events to this builder's listeners). A store
     * shared by several clients (a reloaded config, or a fleet of instances) makes the budgets
     * hold across them.
     *
     * @param store the store
     * @return this builder
     */
    public Builder budgetStore(BudgetStore store) {
      parts.budgetStore = requireNonNull(store, "store");
      return this;
    }

    /**
     * Shares budgets, per-minute limits and key health with every instance that uses the same
     * store (a fleet of application instances), for example {@code vectornode-redis}'s {@code
     * RedisState}. The budget store (this builder's, or the in-memory default) becomes the
     * shared one's fallback; concurrency limits ({@code maxConcurrent}) and circuit breakers
     * stay per instance. The client does not close the state: one state may serve several
     * clients.
     *
     * @param state the shared state
     * @return this builder
     */
    public Builder sharedState(io.vectornode.state.SharedState state) {
      parts.sharedState = requireNonNull(state, "state");
      return this;
    }

    /**
     * Answers repeated requests from a cache (exact match, opt-in per route or per request; see
     * {@link ResponseCache}). None by default.
     *
     * @param cache the cache's configuration
     * @return this builder
     */
    public Builder responseCache(ResponseCache cache) {
      parts.responseCache = requireNonNull(cache, "cache");
      return this;
    }

    /**
     * Closes something together with the client (for example a {@link UsageLedger}).
     *
     * @param resource the resource
     * @return this builder
     */
    public Builder closeWith(AutoCloseable resource) {
      parts.owned.add(requireNonNull(resource, "resource"));
      return this;
    }

    /**
     * Sets how many idle keep-alive connections the client's HTTP pool keeps, across all
     * providers (default {@value ProviderContext#DEFAULT_MAX_IDLE_CONNECTIONS}). Size it to the
     * calls you run at once: a smaller pool closes and reopens connections under load, each a
     * new TCP and TLS handshake. Config key: {@code maxIdleConnections}.
     *
     * @param max at least 1
     * @return this builder
     * @throws IllegalArgumentException naming the value when it is below 1
     */
    public Builder maxIdleConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxIdleConnections: must be at least 1, was " + max);
      }
      parts.maxIdleConnections = max;
      return this;
    }

    /**
     * Sets the executor that runs {@code chatAsync} calls: each call holds one of its threads
     * while it runs (its attempts, retries and backoffs), and the HTTP I/O itself runs on the
     * client's HTTP dispatcher. The client never shuts this executor down; if it refuses a
     * call ({@link java.util.concurrent.RejectedExecutionException}), that call's future
     * completes exceptionally at once (a {@link io.vectornode.error.RoutingException} saying
     * so) and the caller is never blocked.
     *
     * <p>Default: the client's own pool of at most {@value Router#ASYNC_THREADS} daemon threads
     * ({@code vectornode-async-N}, created as needed, ended after 30 s idle) and a queue of at
     * most {@value Router#ASYNC_QUEUE} calls waiting for one; a call submitted when both are
     * full fails at once as above. It is shut down on close. No thread is ever created per call.
     *
     * <p>On Java 21 and later, {@code Executors.newVirtualThreadPerTaskExecutor()} runs each
     * call on a cheap virtual thread with no bound but the providers' limits; bound it yourself
     * (the deployments' {@code maxConcurrent}, RPM and TPM limits still apply) and close it
     * after the client.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(java.util.concurrent.Executor executor) {
      parts.executor = requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Seeds the randomness of weighted routing and exploration, for reproducible tests.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      parts.random = new Random(seed);
      return this;
    }

    /**
     * Sets the model reference used when a request names none.
     *
     * @param reference a model name or {@code provider/model}
     * @return this builder
     */
    public Builder defaultModel(@Nullable String reference) {
      parts.defaultModel = reference;
      return this;
    }

    /**
     * Adds a listener that sees every call.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(ModelCallListener listener) {
      parts.listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Uses these providers instead of those found on the class path.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder registry(ProviderRegistry registry) {
      parts.registry = requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Sets the time source for latencies (for tests).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      parts.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the wall clock (for tests).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      parts.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Validates everything and builds the client. Providers are created now, so a wrong key
     * format, URL or option fails here rather than on the first call.
     *
     * @return the client
     * @throws ConfigurationException naming the first wrong field
     */
    public VectorNodeClient build() {
      return parts.build();
    }

    /** The same as {@link #build()}, typed for this package's tests (no cast needed). */
    Router router() {
      return parts.build();
    }
  }
}
