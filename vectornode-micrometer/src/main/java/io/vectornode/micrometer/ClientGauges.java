package io.vectornode.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.routing.DeploymentHealth;
import io.vectornode.routing.VectorNodeClient;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The gauges of one client: each deployment's breaker state and each budget's remaining amount
 * and limit, read from {@link VectorNodeClient#deployments()} and {@link
 * VectorNodeClient#budgets()} when the registry is scraped (one snapshot serves every gauge for
 * a second). The client is held weakly: once it is gone, its gauges read NaN. Thread-safe.
 */
final class ClientGauges {
  private static final long SNAPSHOT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final MeterRegistry registry;
  private final TagValues values;
  private final WeakReference<VectorNodeClient> client;
  private final Clock clock;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Snapshot snapshot;

  private record Snapshot(long at, List<DeploymentHealth> deployments,
      List<BudgetStatus> budgets) {}

  ClientGauges(MeterRegistry registry, TagValues values, VectorNodeClient client) {
    this.registry = registry;
    this.values = values;
    this.client = new WeakReference<>(client);
    this.clock = registry.config().clock();
  }

  /**
   * Registers the gauges of a deployment an attempt named that is not registered yet (a reload
   * added it, or it is another client's), reading the client at most once a second.
   */
  void refreshFor(String deployment) {
    if (registered.contains("d:" + deployment)) {
      return;
    }
    Snapshot s = snapshot;
    if (s != null && clock.monotonicTime() - s.at() < SNAPSHOT_NANOS) {
      return;
    }
    refresh();
  }

  /** Registers the gauges of the deployments and budgets not registered yet. */
  void refresh() {
    Snapshot s = snapshot(true);
    if (s == null) {
      return;
    }
    for (DeploymentHealth d : s.deployments()) {
      if (!registered.add("d:" + d.name())) {
        continue;
      }
      for (DeploymentHealth.Breaker state : DeploymentHealth.Breaker.values()) {
        String name = d.name();
        gauge(Names.BREAKER_STATE, "1 when the deployment's circuit breaker is in this state",
            null, Tags.of(Names.DEPLOYMENT, values.of(Names.DEPLOYMENT, name),
                Names.PROVIDER_INSTANCE, values.of(Names.PROVIDER_INSTANCE, d.provider()),
                Names.BREAKER, state.name().toLowerCase(Locale.ROOT)),
            g -> g.breaker(name, state));
      }
    }
    for (BudgetStatus b : s.budgets()) {
      String name = b.budget().name();
      if (!registered.add("b:" + name)) {
        continue;
      }
      Tags tags = Tags.of(Names.BUDGET, values.of(Names.BUDGET, name));
      gauge(Names.BUDGET_REMAINING, "What the budget may still reserve in its current period",
          "usd", tags, g -> g.budget(name, true));
      gauge(Names.BUDGET_LIMIT, "The budget's limit per period", "usd", tags,
          g -> g.budget(name, false));
    }
  }

  private void gauge(String name, String description, @Nullable String unit, Tags tags,
      ToDoubleFunction<ClientGauges> value) {
    Gauge.builder(name, this, value).description(description).baseUnit(unit).tags(tags)
        .register(registry);
  }

  private double breaker(String deployment, DeploymentHealth.Breaker state) {
    Snapshot s = snapshot(false);
    if (s == null) {
      return Double.NaN;
    }
    for (DeploymentHealth d : s.deployments()) {
      if (d.name().equals(deployment)) {
        return d.breaker() == state ? 1 : 0;
      }
    }
    return Double.NaN; // removed by a reload
  }

  private double budget(String budget, boolean remaining) {
    Snapshot s = snapshot(false);
    if (s == null) {
      return Double.NaN;
    }
    for (BudgetStatus b : s.budgets()) {
      if (b.budget().name().equals(budget)) {
        return (remaining ? b.remaining() : b.budget().limitUsd()).doubleValue();
      }
    }
    return Double.NaN;
  }

  private @Nullable Snapshot snapshot(boolean fresh) {
    long now = clock.monotonicTime();
    Snapshot s = snapshot;
    if (!fresh && s != null && now - s.at() < SNAPSHOT_NANOS) {
      return s;
    }
    VectorNodeClient c = client.get();
    if (c == null) {
      return null;
    }
    s = new Snapshot(now, c.deployments(), c.budgets());
    snapshot = s;
    return s;
  }
}
