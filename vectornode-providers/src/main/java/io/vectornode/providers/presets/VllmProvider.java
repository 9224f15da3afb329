package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code vllm}: a vLLM server, {@code http://127.0.0.1:8000/v1}; a key only when it was started with {@code --api-key} ({@code VLLM_API_KEY}).
 */
public final class VllmProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "vllm";

  /** Used by {@link java.util.ServiceLoader}. */
  public VllmProvider() {
    super(OpenAiPreset.builder(ID)
        .baseUrl("http://127.0.0.1:8000/v1")
        .keyVariable("VLLM_API_KEY")
        .keyRequired(false)
        .maxTokensField("max_tokens")
        .build());
  }
}
