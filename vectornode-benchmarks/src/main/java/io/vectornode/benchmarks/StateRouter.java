package io.vectornode.benchmarks;

import io.vectornode.ChatRequest;
import io.vectornode.Secret;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.redis.RedisState;
import io.vectornode.routing.Deployment;
import io.vectornode.routing.DeploymentLimits;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;

/**
 * The router as an instance of a fleet would use it, with its state in memory or in Redis: one
 * deployment with a requests-per-minute limit that never refuses (a take on every attempt) and a
 * global daily budget that is never reached (a reservation and a settlement on every attempt).
 * The two differ only in {@code sharedState}.
 */
final class StateRouter extends VectorNodeContestant {
  /** Far above any rate this machine reaches: the limit is checked and taken, never refuses. */
  static final int RPM = 1_000_000_000;
  /** Far above what a run spends (about $0.0001 a call): reserved and settled, never reached. */
  static final String BUDGET_USD = "100000";

  private final RedisState state;

  private StateRouter(String base, RedisState state) {
    super(build(base, state), ChatRequest.builder().model("one").system(Bench.SYSTEM)
        .user(Bench.PROMPT).maxOutputTokens(100).build());
    this.state = state;
  }

  /** The router with its limits and budget in this JVM's memory. */
  static StateRouter inMemory(String base) {
    return new StateRouter(base, null);
  }

  /** The router with its limits and budget in the Redis at {@code redisPort}. */
  static StateRouter redis(String base, int redisPort) {
    return new StateRouter(base, state(redisPort));
  }

  /** The router with its state in Redis and leases of 1% living 1 s. */
  static StateRouter redisLeased(String base, int redisPort) {
    return new StateRouter(base, leasedState(redisPort));
  }

  /** A RedisState with leases: 1% of each limit and budget, for 1 s. */
  static RedisState leasedState(int redisPort) {
    return RedisState.builder().uri(Secret.of(BenchRedis.uri(redisPort)))
        .leases(LEASE_SHARE, java.time.Duration.ofSeconds(1)).build();
  }

  /** The slice a leased state takes of each limit and budget. */
  static final double LEASE_SHARE = 0.01;

  /** A RedisState as an application would build it (default timeout, prefix and policy). */
  static RedisState state(int redisPort) {
    return RedisState.builder().uri(Secret.of(BenchRedis.uri(redisPort))).build();
  }

  /** @return the shared state, or null in memory */
  RedisState state() {
    return state;
  }

  private static io.vectornode.routing.VectorNodeClient build(String base,
      RedisState state) {
    VectorNode.Builder b = VectorNode.builder()
        .provider(ProviderConfig.builder("a").type("openai").apiKey("sk-bench-a").baseUrl(base)
            .connectTimeout(Bench.CONNECT_TIMEOUT).readTimeout(Bench.CALL_TIMEOUT)
            .callTimeout(Bench.CALL_TIMEOUT).build())
        .deployment(new Deployment("one", "a", "gpt-4o-mini", new DeploymentLimits(RPM, 0, 0),
            null))
        .budget(Budget.of("fleet-daily", BudgetScope.global(), Budget.Period.DAY, BUDGET_USD))
        .resilience(Resilience.custom().totalTimeout(Bench.CALL_TIMEOUT).build())
        .logCalls(false)
        .maxIdleConnections(128);
    if (state != null) {
      b.sharedState(state);
    }
    return b.build();
  }

  @Override
  public void close() {
    super.close();
    if (state != null) {
      state.close();
    }
  }
}
