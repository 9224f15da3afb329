package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code xai}: xAI Grok, {@code https://api.x.ai/v1}, key {@code XAI_API_KEY}. xAI reports reasoning tokens beside {@code completion_tokens}, so they are added to the output.
 */
public final class XaiProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "xai";

  /** Used by {@link java.util.ServiceLoader}. */
  public XaiProvider() {
    super(OpenAiPreset.builder(ID)
        .baseUrl("https://api.x.ai/v1")
        .keyVariable("XAI_API_KEY")
        .keyRequired(true)
        .maxTokensField("max_tokens")
        .reasoningInOutput(false)
        .build());
  }
}
