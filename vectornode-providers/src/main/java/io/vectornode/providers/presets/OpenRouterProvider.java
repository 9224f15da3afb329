package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code openrouter}: OpenRouter, {@code https://openrouter.ai/api/v1}, key {@code OPENROUTER_API_KEY}; models are {@code vendor/model} ({@code openrouter/anthropic/claude-sonnet-4.5}).
 */
public final class OpenRouterProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "openrouter";

  /** Used by {@link java.util.ServiceLoader}. */
  public OpenRouterProvider() {
    super(OpenAiPreset.builder(ID)
        .baseUrl("https://openrouter.ai/api/v1")
        .keyVariable("OPENROUTER_API_KEY")
        .keyRequired(true)
        .maxTokensField("max_tokens")
        .build());
  }
}
