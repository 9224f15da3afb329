package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code mistral}: Mistral La Plateforme, {@code https://api.mistral.ai/v1}, key {@code MISTRAL_API_KEY}.
 */
public final class MistralProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "mistral";

  /** Used by {@link java.util.ServiceLoader}. */
  public MistralProvider() {
    super(OpenAiPreset.builder(ID)
        .baseUrl("https://api.mistral.ai/v1")
        .keyVariable("MISTRAL_API_KEY")
        .keyRequired(true)
        .maxTokensField("max_tokens")
        .build());
  }
}
