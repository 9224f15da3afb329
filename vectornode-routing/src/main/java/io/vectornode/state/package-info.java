/**
 * State a fleet of instances shares: budgets, per-minute limits, and the health of keys and
 * deployments. By default each client keeps it in its own memory; a {@link
 * io.vectornode.state.SharedState} (such as {@code vectornode-redis}) makes it hold for every
 * instance that uses the same store.
 */
@NullMarked
package io.vectornode.state;

import org.jspecify.annotations.NullMarked;
