/** Runnable examples of VectorNode's API. Each has a {@code main} method. */
@NullMarked
package io.vectornode.examples;

import org.jspecify.annotations.NullMarked;
