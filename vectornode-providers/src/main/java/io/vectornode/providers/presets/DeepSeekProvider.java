package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code deepseek}: DeepSeek, {@code https://api.deepseek.com/v1}, key {@code DEEPSEEK_API_KEY}; {@code reasoning_content} is read as reasoning and cache-hit tokens as cached input.
 */
public final class DeepSeekProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "deepseek";

  /** Used by {@link java.util.ServiceLoader}. */
  public DeepSeekProvider() {
    super(OpenAiPreset.builder(ID)
        .baseUrl("https://api.deepseek.com/v1")
        .keyVariable("DEEPSEEK_API_KEY")
        .keyRequired(true)
        .maxTokensField("max_tokens")
        .build());
  }
}
