package io.vectornode.providers.presets;

import io.vectornode.providers.openai.internal.OpenAiClients;

/**
 * {@code deepseek}: DeepSeek, {@code https://api.deepseek.com/v1}, key {@code DEEPSEEK_API_KEY}; {@code reasoning_content} is read as reasoning and cache-hit tokens as cached input.
 */
public final class DeepSeekProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "deepseek";

  /** Used by {@link java.util.ServiceLoader}. */
  public DeepSeekProvider() {
    super(ID, new OpenAiClients.Defaults("https://api.deepseek.com/v1", true, "max_tokens", "DEEPSEEK_API_KEY", true, false));
  }
}
