package io.vectornode.providers.openaicompatible;

import io.vectornode.ModelClient;
import io.vectornode.providers.wire.OpenAiPreset;
import io.vectornode.providers.wire.WireClients;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;

/**
 * The {@code openai-compatible} provider: any server that speaks OpenAI Chat Completions at a
 * configured base URL (vLLM, Ollama, llama.cpp server, LM Studio, Groq, Together, DeepSeek,
 * Mistral, OpenRouter...).
 *
 * <p>Config: {@code baseUrl} (required, for example {@code http://127.0.0.1:11434/v1}), {@code
 * apiKey} (optional), timeouts, and the options of {@link
 * io.vectornode.providers.openai.OpenAiProvider}; {@code maxTokensField} defaults to {@code
 * max_tokens}, which more servers understand. Servers that omit usage, ids, {@code
 * finish_reason} or tool-call indexes, or add fields of their own, are tolerated.
 *
 * <p>Thread-safe; registered through {@code META-INF/services}.
 */
public final class OpenAiCompatibleProvider implements ModelProvider {
  /** The provider id. */
  public static final String ID = "openai-compatible";

  private static final OpenAiPreset PRESET = OpenAiPreset.builder(ID)
      .keyVariable("OPENAI_API_KEY")
      .keyRequired(false)
      .maxTokensField("max_tokens")
      .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public OpenAiCompatibleProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    return WireClients.openAi(config, context, PRESET);
  }
}
