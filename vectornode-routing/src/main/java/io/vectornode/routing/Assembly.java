package io.vectornode.routing;

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
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link VectorNode.Builder} collects, and how it becomes a {@link Router}: the names are
 * checked against each other, the provider clients are created, and the budgets' store and the
 * listeners are put together into {@link Router.Parts}. The builder only documents and checks
 * each setter's argument; its state lives here.
 */
final class Assembly {
  final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
  final Map<String, Deployment> models = new LinkedHashMap<>();
  final Map<String, Route> routes = new LinkedHashMap<>();
  final Map<String, List<ApiKey>> providerKeys = new LinkedHashMap<>();
  final Map<String, Budget> budgets = new LinkedHashMap<>();
  final List<AutoCloseable> owned = new ArrayList<>();
  final List<ModelCallListener> listeners = new ArrayList<>();
  ModelCatalog catalog = ModelCatalog.bundled();
  Resilience resilience = Resilience.defaults();
  Sleeper sleeper = Sleeper.system();
  Random random = new FastRandom();
  int maxIdleConnections = ProviderContext.DEFAULT_MAX_IDLE_CONNECTIONS;
  boolean logCalls = true;
  boolean logPrompts;
  @Nullable BudgetStore budgetStore;
  io.vectornode.state.@Nullable SharedState sharedState;
  @Nullable String defaultModel;
  @Nullable ProviderRegistry registry;
  Ticker ticker = Ticker.system();
  Clock clock = Clock.systemUTC();
  UnaryOperator<RuntimeException> errors = UnaryOperator.identity();
  java.util.concurrent.@Nullable Executor executor;
  @Nullable ResponseCache responseCache;

  /**
   * Adds a named part, refusing a name already used in its section.
   *
   * @param section the config section, for the field: {@code providers}, {@code models}...
   * @param kind what the part is, for the message: {@code provider}, {@code model}...
   */
  static <T> void addUnique(Map<String, T> parts, String section, String kind, String name,
      T part) {
    if (parts.putIfAbsent(name, part) != null) {
      throw new ConfigurationException(section + "." + name,
          "a " + kind + " named '" + name + "' is already configured");
    }
  }

  /** Validates, creates the providers and the router; errors pass through {@link #errors}. */
  Router build() {
    try {
      validate();
      return assemble();
    } catch (RuntimeException e) {
      throw errors.apply(e);
    }
  }

  /** Every name a part refers to must be configured. */
  private void validate() {
    if (providers.isEmpty()) {
      throw new ConfigurationException("providers", "at least one provider is required");
    }
    for (String p : providerKeys.keySet()) {
      if (!providers.containsKey(p)) {
        throw new ConfigurationException("providers." + p + ".apiKeys",
            "keys for provider '" + p + "', which is not configured");
      }
    }
    for (Deployment d : models.values()) {
      if (!providers.containsKey(d.provider())) {
        throw new ConfigurationException("models." + d.name() + ".provider",
            "names provider '" + d.provider() + "', which is not configured; providers: "
                + providers.keySet());
      }
    }
    for (Route r : routes.values()) {
      if (models.containsKey(r.name())) {
        throw new ConfigurationException("routes." + r.name(),
            "a model is also named '" + r.name() + "'; names must be unique");
      }
      for (RouteTarget t : r.targets()) {
        if (!models.containsKey(t.deployment())) {
          throw new ConfigurationException("routes." + r.name() + ".targets",
              "names model '" + t.deployment() + "', which is not configured; models: "
                  + models.keySet());
        }
      }
      if (r.contentPolicyFallback() != null
          && !models.containsKey(r.contentPolicyFallback())) {
        throw new ConfigurationException("routes." + r.name() + ".contentPolicyFallback",
            "names model '" + r.contentPolicyFallback() + "', which is not configured");
      }
    }
    if (defaultModel != null && !models.containsKey(defaultModel)
        && !routes.containsKey(defaultModel)
        && (defaultModel.indexOf('/') <= 0
            || !providers.containsKey(defaultModel.substring(0, defaultModel.indexOf('/'))))) {
      throw new ConfigurationException("defaultModel", "'" + defaultModel
          + "' is neither a route, a configured model, nor provider/model with a configured"
          + " provider");
    }
  }

  private Router assemble() {
    ProviderRegistry reg = registry != null ? registry : ProviderRegistry.load();
    // The router reports calls itself (one event per logical call, with every attempt), so
    // the provider clients are created unobserved.
    ProviderContext context = ProviderContext.builder().ticker(ticker).clock(clock)
        .maxIdleConnections(maxIdleConnections).build();
    Map<String, ModelClient> clients = new LinkedHashMap<>();
    try {
      for (ProviderConfig p : providers.values()) {
        List<ApiKey> pool = providerKeys.get(p.name());
        ProviderConfig effective = p.apiKey().isEmpty() && pool != null
            ? p.toBuilder().apiKey(pool.get(0).secret()).build() : p;
        clients.put(p.name(), reg.createUnobserved(effective, context));
      }
      ModelCallListener alerts = ModelCallListener.guarded(listeners);
      BudgetStore store = budgetStore != null ? budgetStore
          : BudgetStore.inMemory(clock, alerts::onBudgetThreshold);
      BudgetStore local = store;
      if (sharedState != null) {
        store = sharedState.budgets(local, alerts::onBudgetThreshold);
      }
      List<ModelCallListener> all = new ArrayList<>(listeners);
      if (logCalls) {
        all.add(new CallLogger());
      }
      return new Router(new Router.Parts(clients, providers, providerKeys, reg,
          List.copyOf(budgets.values()), store, local,
          List.copyOf(models.values()),
          List.copyOf(routes.values()), defaultModel, catalog, resilience, all, context,
          sleeper, random, logPrompts, owned, executor, sharedState,
          responseCache));
    } catch (RuntimeException e) {
      clients.values().forEach(ModelClient::close);
      context.resources().close();
      throw e;
    }
  }
}
