/** The {@code anthropic} provider: Anthropic's Messages API. */
@NullMarked
package io.vectornode.providers.anthropic;

import org.jspecify.annotations.NullMarked;
