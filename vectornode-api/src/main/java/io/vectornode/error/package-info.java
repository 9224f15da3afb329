/**
 * The exceptions VectorNode throws: one unchecked root, {@link
 * io.vectornode.error.VectorNodeException}, and a class per kind of failure. Callers decide with
 * {@code retryable()} and {@code retryAfter()}, not by parsing messages.
 */
@NullMarked
package io.vectornode.error;

import org.jspecify.annotations.NullMarked;
