package io.vectornode.providers.openaicompatible;

import io.vectornode.ModelClient;
import io.vectornode.providers.wire.OpenAiPreset;
import io.vectornode.providers.wire.WireClients;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.List;

/**
 * An OpenAI-compatible vendor preset: the {@code openai-compatible} provider with the vendor's
 * base URL, key variable and dialect as defaults. Not a public class: the presets are data,
 * registered through {@link OpenAiCompatibleProvider#presets()} (whose javadoc describes each).
 * Immutable and thread-safe.
 */
final class Preset implements ModelProvider {
  /** Every preset, in the order they are registered. */
  static final List<Preset> ALL = List.of(
      // No base URL: every Azure resource has its own endpoint, which the config must name.
      new Preset(OpenAiPreset.builder("azure-openai")
          .keyVariable("AZURE_OPENAI_API_KEY")
          .keyRequired(true)
          .maxTokensField("max_completion_tokens")
          .azure("2024-10-21")
          .embeddingBase64(true)
          .build()),
      new Preset(OpenAiPreset.builder("groq")
          .baseUrl("https://api.groq.com/openai/v1")
          .keyVariable("GROQ_API_KEY")
          .keyRequired(true)
          .maxTokensField("max_completion_tokens")
          .embeddingInputs(0)
          .build()),
      new Preset(OpenAiPreset.builder("mistral")
          .baseUrl("https://api.mistral.ai/v1")
          .keyVariable("MISTRAL_API_KEY")
          .keyRequired(true)
          .maxTokensField("max_tokens")
          .embeddingInputs(256)
          .build()),
      new Preset(OpenAiPreset.builder("deepseek")
          .baseUrl("https://api.deepseek.com/v1")
          .keyVariable("DEEPSEEK_API_KEY")
          .keyRequired(true)
          .maxTokensField("max_tokens")
          .embeddingInputs(0)
          .build()),
      new Preset(OpenAiPreset.builder("together")
          .baseUrl("https://api.together.xyz/v1")
          .keyVariable("TOGETHER_API_KEY")
          .keyRequired(true)
          .maxTokensField("max_tokens")
          .embeddingInputs(256)
          .build()),
      new Preset(OpenAiPreset.builder("fireworks")
          .baseUrl("https://api.fireworks.ai/inference/v1")
          .keyVariable("FIREWORKS_API_KEY")
          .keyRequired(true)
          .maxTokensField("max_tokens")
          .embeddingInputs(256)
          .build()),
      new Preset(OpenAiPreset.builder("openrouter")
          .baseUrl("https://openrouter.ai/api/v1")
          .keyVariable("OPENROUTER_API_KEY")
          .keyRequired(true)
          .maxTokensField("max_tokens")
          .embeddingInputs(0)
          .build()),
      // xAI reports reasoning tokens beside completion_tokens: they are added to the output.
      new Preset(OpenAiPreset.builder("xai")
          .baseUrl("https://api.x.ai/v1")
          .keyVariable("XAI_API_KEY")
          .keyRequired(true)
          .maxTokensField("max_tokens")
          .reasoningInOutput(false)
          .embeddingInputs(0)
          .build()),
      new Preset(OpenAiPreset.builder("ollama")
          .baseUrl("http://127.0.0.1:11434/v1")
          .keyVariable("OLLAMA_API_KEY")
          .keyRequired(false)
          .maxTokensField("max_tokens")
          .build()),
      new Preset(OpenAiPreset.builder("vllm")
          .baseUrl("http://127.0.0.1:8000/v1")
          .keyVariable("VLLM_API_KEY")
          .keyRequired(false)
          .maxTokensField("max_tokens")
          .build()),
      new Preset(OpenAiPreset.builder("lmstudio")
          .baseUrl("http://127.0.0.1:1234/v1")
          .keyVariable("LMSTUDIO_API_KEY")
          .keyRequired(false)
          .maxTokensField("max_tokens")
          .build()));

  private final OpenAiPreset preset;

  private Preset(OpenAiPreset preset) {
    this.preset = preset;
  }

  @Override
  public String id() {
    return preset.id();
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    return WireClients.openAi(config, context, preset);
  }

  /** The vendor's defaults. */
  OpenAiPreset preset() {
    return preset;
  }

  @Override
  public String toString() {
    return "Preset[" + preset.id() + "]";
  }
}
