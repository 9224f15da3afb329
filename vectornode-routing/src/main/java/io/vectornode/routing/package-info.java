/**
 * The router and its entry point. {@link io.vectornode.routing.VectorNode} builds a {@link
 * io.vectornode.routing.VectorNodeClient} over every configured provider, from code, a YAML/JSON
 * file ({@code io.vectornode.config}), or the environment. Routes, deployments and strategies
 * say where a call may go; {@link io.vectornode.routing.Resilience} how failures are retried,
 * fallen back from and cut short. The attempt loop, the planner and per-deployment state
 * (breakers, cooldowns, key pools, limits) are package-private here.
 */
@NullMarked
package io.vectornode.routing;

import org.jspecify.annotations.NullMarked;
