package io.vectornode.providers.presets;

import io.vectornode.ModelClient;
import io.vectornode.providers.wire.OpenAiPreset;
import io.vectornode.providers.wire.WireClients;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.List;
import java.util.Optional;

/**
 * An OpenAI-compatible vendor preset: the {@code openai-compatible} provider with the vendor's
 * base URL, key variable and dialect as defaults. The presets are the subclasses in this package;
 * they cannot be extended elsewhere. Thread-safe.
 */
public abstract class PresetProvider implements ModelProvider {
  private final OpenAiPreset preset;

  PresetProvider(OpenAiPreset preset) {
    this.preset = preset;
  }

  @Override
  public final String id() {
    return preset.id();
  }

  @Override
  public final ModelClient create(ProviderConfig config, ProviderContext context) {
    return WireClients.openAi(config, context, preset);
  }

  /**
   * The base URL used when the config names none.
   *
   * @return the vendor's base URL; empty when the config must name one (Azure OpenAI, whose
   *     endpoint is per resource)
   */
  public final Optional<String> defaultBaseUrl() {
    return preset.baseUrl();
  }

  /** @return the environment variable the vendor's key is usually in */
  public final String keyVariable() {
    return preset.keyVariable();
  }

  /** The vendor's defaults, for tests in this package. */
  final OpenAiPreset preset() {
    return preset;
  }

  /** @return every preset, one instance each (ServiceLoader finds the same classes) */
  public static List<PresetProvider> all() {
    return List.of(new AzureOpenAiProvider(), new GroqProvider(), new MistralProvider(),
        new DeepSeekProvider(), new TogetherProvider(), new FireworksProvider(),
        new OpenRouterProvider(), new XaiProvider(), new OllamaProvider(), new VllmProvider(),
        new LmStudioProvider());
  }
}
