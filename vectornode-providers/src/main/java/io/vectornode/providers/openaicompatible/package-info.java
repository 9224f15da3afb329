/** The {@code openai-compatible} provider: any server speaking OpenAI Chat Completions. */
@NullMarked
package io.vectornode.providers.openaicompatible;

import org.jspecify.annotations.NullMarked;
