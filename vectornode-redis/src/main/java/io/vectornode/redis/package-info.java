/**
 * Fleet mode on Redis: {@link io.vectornode.redis.RedisState} shares budgets, per-minute limits
 * and key health between the instances of an application.
 */
@NullMarked
package io.vectornode.redis;

import org.jspecify.annotations.NullMarked;
