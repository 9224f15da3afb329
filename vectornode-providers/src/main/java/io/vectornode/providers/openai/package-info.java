/** The {@code openai} provider: OpenAI Chat Completions. */
@NullMarked
package io.vectornode.providers.openai;

import org.jspecify.annotations.NullMarked;
