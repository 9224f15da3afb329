package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code groq}: GroqCloud, {@code https://api.groq.com/openai/v1}, key {@code GROQ_API_KEY}.
 */
public final class GroqProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "groq";

  /** Used by {@link java.util.ServiceLoader}. */
  public GroqProvider() {
    super(OpenAiPreset.builder(ID)
        .baseUrl("https://api.groq.com/openai/v1")
        .keyVariable("GROQ_API_KEY")
        .keyRequired(true)
        .maxTokensField("max_completion_tokens")
        .build());
  }
}
