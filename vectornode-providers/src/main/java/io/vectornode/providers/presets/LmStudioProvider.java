package io.vectornode.providers.presets;

import io.vectornode.providers.openai.internal.OpenAiClients;

/**
 * {@code lmstudio}: LM Studio's local server, {@code http://127.0.0.1:1234/v1}, no key needed.
 */
public final class LmStudioProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "lmstudio";

  /** Used by {@link java.util.ServiceLoader}. */
  public LmStudioProvider() {
    super(ID, new OpenAiClients.Defaults("http://127.0.0.1:1234/v1", false, "max_tokens", "LMSTUDIO_API_KEY", true, false));
  }
}
