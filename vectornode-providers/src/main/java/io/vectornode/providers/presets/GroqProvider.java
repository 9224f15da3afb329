package io.vectornode.providers.presets;

import io.vectornode.providers.openai.internal.OpenAiClients;

/**
 * {@code groq}: GroqCloud, {@code https://api.groq.com/openai/v1}, key {@code GROQ_API_KEY}.
 */
public final class GroqProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "groq";

  /** Used by {@link java.util.ServiceLoader}. */
  public GroqProvider() {
    super(ID, new OpenAiClients.Defaults("https://api.groq.com/openai/v1", true, "max_completion_tokens", "GROQ_API_KEY", true, false));
  }
}
