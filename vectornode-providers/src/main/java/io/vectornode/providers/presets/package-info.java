/**
 * Presets for vendors that speak the OpenAI Chat Completions API: name the vendor ({@code type:
 * groq}) instead of a base URL. Each preset is an {@code openai-compatible} provider with the
 * vendor's base URL, key header and usual key variable; every option of {@code
 * openai-compatible} still applies and {@code baseUrl} may still be overridden.
 */
@NullMarked
package io.vectornode.providers.presets;

import org.jspecify.annotations.NullMarked;
