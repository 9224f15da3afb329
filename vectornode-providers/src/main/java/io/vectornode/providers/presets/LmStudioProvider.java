package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code lmstudio}: LM Studio's local server, {@code http://127.0.0.1:1234/v1}, no key needed.
 */
public final class LmStudioProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "lmstudio";

  /** Used by {@link java.util.ServiceLoader}. */
  public LmStudioProvider() {
    super(OpenAiPreset.builder(ID)
        .baseUrl("http://127.0.0.1:1234/v1")
        .keyVariable("LMSTUDIO_API_KEY")
        .keyRequired(false)
        .maxTokensField("max_tokens")
        .build());
  }
}
