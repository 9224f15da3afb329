package io.vectornode.providers.presets;

import io.vectornode.providers.openai.internal.OpenAiClients;

/**
 * {@code ollama}: a local Ollama server, {@code http://127.0.0.1:11434/v1}, no key needed.
 */
public final class OllamaProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "ollama";

  /** Used by {@link java.util.ServiceLoader}. */
  public OllamaProvider() {
    super(ID, new OpenAiClients.Defaults("http://127.0.0.1:11434/v1", false, "max_tokens", "OLLAMA_API_KEY", true, false));
  }
}
