/** An exact OpenAI token counter for budgets, found through {@link io.vectornode.spi.TokenCounter}. */
@NullMarked
package io.vectornode.jtokkit;

import org.jspecify.annotations.NullMarked;
