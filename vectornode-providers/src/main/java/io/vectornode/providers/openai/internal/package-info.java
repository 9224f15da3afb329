/**
 * The OpenAI Chat Completions wire code, shared by the {@code openai} and {@code
 * openai-compatible} providers. Not API.
 */
@NullMarked
package io.vectornode.providers.openai.internal;

import org.jspecify.annotations.NullMarked;
