package io.vectornode.providers.openaicompatible;

import io.vectornode.ModelClient;
import io.vectornode.providers.wire.OpenAiPreset;
import io.vectornode.providers.wire.WireClients;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.List;

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
 * <p>It brings the vendor presets ({@link #presets()}), each a provider type of its own: name
 * the vendor ({@code type: groq}) instead of a base URL. A preset is this provider with the
 * vendor's base URL, key header, usual key variable and dialect as defaults; every option of
 * {@code openai-compatible} still applies and {@code baseUrl} may still be overridden.
 *
 * <ul>
 *   <li>{@code azure-openai}: Azure OpenAI. {@code baseUrl} is the resource endpoint ({@code
 *       https://RESOURCE.openai.azure.com}, usually {@code AZURE_OPENAI_ENDPOINT}), required;
 *       key {@code AZURE_OPENAI_API_KEY}, sent in the {@code api-key} header; the model is the
 *       deployment name, posted to {@code
 *       /openai/deployments/{deployment}/chat/completions?api-version=...} (option {@code
 *       apiVersion}, default {@code 2024-10-21}; {@code v1} selects the version-less {@code
 *       /openai/v1} API); {@code max_completion_tokens}.
 *   <li>{@code groq}: GroqCloud, {@code https://api.groq.com/openai/v1}, key {@code
 *       GROQ_API_KEY}; {@code max_completion_tokens}.
 *   <li>{@code mistral}: Mistral La Plateforme, {@code https://api.mistral.ai/v1}, key {@code
 *       MISTRAL_API_KEY}.
 *   <li>{@code deepseek}: DeepSeek, {@code https://api.deepseek.com/v1}, key {@code
 *       DEEPSEEK_API_KEY}; {@code reasoning_content} is read as reasoning and cache-hit tokens
 *       as cached input.
 *   <li>{@code together}: Together AI, {@code https://api.together.xyz/v1}, key {@code
 *       TOGETHER_API_KEY}.
 *   <li>{@code fireworks}: Fireworks AI, {@code https://api.fireworks.ai/inference/v1}, key
 *       {@code FIREWORKS_API_KEY}.
 *   <li>{@code openrouter}: OpenRouter, {@code https://openrouter.ai/api/v1}, key {@code
 *       OPENROUTER_API_KEY}; models are {@code vendor/model} ({@code
 *       openrouter/anthropic/claude-sonnet-4.5}).
 *   <li>{@code xai}: xAI Grok, {@code https://api.x.ai/v1}, key {@code XAI_API_KEY}. xAI
 *       reports reasoning tokens beside {@code completion_tokens}, so they are added to the
 *       output.
 *   <li>{@code ollama}: a local Ollama server, {@code http://127.0.0.1:11434/v1}, no key needed.
 *   <li>{@code vllm}: a vLLM server, {@code http://127.0.0.1:8000/v1}; a key only when it was
 *       started with {@code --api-key} ({@code VLLM_API_KEY}).
 *   <li>{@code lmstudio}: LM Studio's local server, {@code http://127.0.0.1:1234/v1}, no key
 *       needed.
 * </ul>
 *
 * <p>Unless noted, a preset caps output with {@code max_tokens} and requires a key (the local
 * servers do not).
 *
 * <p>Thread-safe; registered through {@code META-INF/services}, the presets with it.
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

  /**
   * The vendor presets listed above, registered by {@link io.vectornode.spi.ProviderRegistry}
   * beside this provider.
   *
   * @return the same eleven presets on every call
   */
  @Override
  public List<ModelProvider> presets() {
    return List.copyOf(Preset.ALL);
  }
}
