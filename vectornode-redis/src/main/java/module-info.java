/**
 * Fleet mode on Redis: budgets, per-minute limits and key health shared by the instances of an
 * application ({@code state: {redis: ...}} in a config, or {@code RedisState} in code).
 */
module io.vectornode.redis {
  requires transitive io.vectornode.routing;
  requires static org.jspecify;
  requires com.fasterxml.jackson.databind;
  requires lettuce.core;
  requires org.slf4j;

  exports io.vectornode.redis;

  provides io.vectornode.state.SharedStateFactory with io.vectornode.redis.RedisStateFactory;
}
