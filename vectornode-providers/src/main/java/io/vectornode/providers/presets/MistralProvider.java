package io.vectornode.providers.presets;

import io.vectornode.providers.openai.internal.OpenAiClients;

/**
 * {@code mistral}: Mistral La Plateforme, {@code https://api.mistral.ai/v1}, key {@code MISTRAL_API_KEY}.
 */
public final class MistralProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "mistral";

  /** Used by {@link java.util.ServiceLoader}. */
  public MistralProvider() {
    super(ID, new OpenAiClients.Defaults("https://api.mistral.ai/v1", true, "max_tokens", "MISTRAL_API_KEY", true, false));
  }
}
