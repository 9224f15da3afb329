package io.vectornode.providers.presets;

import io.vectornode.providers.openai.internal.OpenAiClients;

/**
 * {@code fireworks}: Fireworks AI, {@code https://api.fireworks.ai/inference/v1}, key {@code FIREWORKS_API_KEY}.
 */
public final class FireworksProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "fireworks";

  /** Used by {@link java.util.ServiceLoader}. */
  public FireworksProvider() {
    super(ID, new OpenAiClients.Defaults("https://api.fireworks.ai/inference/v1", true, "max_tokens", "FIREWORKS_API_KEY", true, false));
  }
}
