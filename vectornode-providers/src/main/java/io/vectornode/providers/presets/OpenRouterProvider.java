package io.vectornode.providers.presets;

import io.vectornode.providers.openai.internal.OpenAiClients;

/**
 * {@code openrouter}: OpenRouter, {@code https://openrouter.ai/api/v1}, key {@code OPENROUTER_API_KEY}; models are {@code vendor/model} ({@code openrouter/anthropic/claude-sonnet-4.5}).
 */
public final class OpenRouterProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "openrouter";

  /** Used by {@link java.util.ServiceLoader}. */
  public OpenRouterProvider() {
    super(ID, new OpenAiClients.Defaults("https://openrouter.ai/api/v1", true, "max_tokens", "OPENROUTER_API_KEY", true, false));
  }
}
