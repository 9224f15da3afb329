package io.vectornode.providers.presets;

import io.vectornode.providers.openai.internal.OpenAiClients;

/**
 * {@code together}: Together AI, {@code https://api.together.xyz/v1}, key {@code TOGETHER_API_KEY}.
 */
public final class TogetherProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "together";

  /** Used by {@link java.util.ServiceLoader}. */
  public TogetherProvider() {
    super(ID, new OpenAiClients.Defaults("https://api.together.xyz/v1", true, "max_tokens", "TOGETHER_API_KEY", true, false));
  }
}
