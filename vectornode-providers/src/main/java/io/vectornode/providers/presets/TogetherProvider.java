package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code together}: Together AI, {@code https://api.together.xyz/v1}, key {@code TOGETHER_API_KEY}.
 */
public final class TogetherProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "together";

  /** Used by {@link java.util.ServiceLoader}. */
  public TogetherProvider() {
    super(OpenAiPreset.builder(ID)
        .baseUrl("https://api.together.xyz/v1")
        .keyVariable("TOGETHER_API_KEY")
        .keyRequired(true)
        .maxTokensField("max_tokens")
        .build());
  }
}
