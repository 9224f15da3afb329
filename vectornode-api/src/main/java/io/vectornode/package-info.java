/**
 * VectorNode's public API: one {@link io.vectornode.ModelClient} for every model provider, the
 * request and response values it exchanges, streaming events, and the listener that reports each
 * call's tokens and cost.
 *
 * <p>Everything here is immutable and thread-safe unless a type says otherwise. Nothing is null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.vectornode;

import org.jspecify.annotations.NullMarked;
