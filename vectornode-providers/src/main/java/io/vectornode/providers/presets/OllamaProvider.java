package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code ollama}: a local Ollama server, {@code http://127.0.0.1:11434/v1}, no key needed.
 */
public final class OllamaProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "ollama";

  /** Used by {@link java.util.ServiceLoader}. */
  public OllamaProvider() {
    super(OpenAiPreset.builder(ID)
        .baseUrl("http://127.0.0.1:11434/v1")
        .keyVariable("OLLAMA_API_KEY")
        .keyRequired(false)
        .maxTokensField("max_tokens")
        .build());
  }
}
