/**
 * The {@code openai-compatible} provider: any server speaking OpenAI Chat Completions, and the
 * vendor presets it brings ({@code azure-openai}, {@code groq}, {@code mistral}, ...; see {@link
 * io.vectornode.providers.openaicompatible.OpenAiCompatibleProvider}).
 */
@NullMarked
package io.vectornode.providers.openaicompatible;

import org.jspecify.annotations.NullMarked;
