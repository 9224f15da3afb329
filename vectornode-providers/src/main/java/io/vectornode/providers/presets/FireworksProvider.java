package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code fireworks}: Fireworks AI, {@code https://api.fireworks.ai/inference/v1}, key {@code FIREWORKS_API_KEY}.
 */
public final class FireworksProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "fireworks";

  /** Used by {@link java.util.ServiceLoader}. */
  public FireworksProvider() {
    super(OpenAiPreset.builder(ID)
        .baseUrl("https://api.fireworks.ai/inference/v1")
        .keyVariable("FIREWORKS_API_KEY")
        .keyRequired(true)
        .maxTokensField("max_tokens")
        .build());
  }
}
