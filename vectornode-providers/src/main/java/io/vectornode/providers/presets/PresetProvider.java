package io.vectornode.providers.presets;

import io.vectornode.ModelClient;
import io.vectornode.providers.openai.internal.OpenAiClients;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.List;

/**
 * An OpenAI-compatible vendor preset. Subclasses only name the vendor's defaults.
 * Thread-safe.
 */
public abstract class PresetProvider implements ModelProvider {
  private final String id;
  private final OpenAiClients.Defaults defaults;

  /**
   * Creates a preset.
   *
   * @param id the provider id
   * @param defaults the vendor's base URL, key requirement, output-cap field and key variable
   */
  protected PresetProvider(String id, OpenAiClients.Defaults defaults) {
    this.id = id;
    this.defaults = defaults;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final ModelClient create(ProviderConfig config, ProviderContext context) {
    return OpenAiClients.create(config, context, defaults);
  }

  /** @return the base URL used when the config names none, or null when it must */
  public final String defaultBaseUrl() {
    return String.valueOf(defaults.defaultBaseUrl());
  }

  /** @return the environment variable the vendor's key is usually in */
  public final String keyVariable() {
    return defaults.keyEnv();
  }

  /** @return every preset, for documentation and {@code vectornode providers} */
  public static List<PresetProvider> all() {
    return List.of(new AzureOpenAiProvider(), new GroqProvider(), new MistralProvider(),
        new DeepSeekProvider(), new TogetherProvider(), new FireworksProvider(),
        new OpenRouterProvider(), new XaiProvider(), new OllamaProvider(), new VllmProvider(),
        new LmStudioProvider());
  }
}
