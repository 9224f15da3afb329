package io.vectornode.providers.wire;

import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;

/**
 * The one door into this package: creates the built-in providers' clients for their provider
 * classes ({@code OpenAiProvider}, {@code OpenAiCompatibleProvider}, the presets, {@code
 * AnthropicProvider}, {@code GeminiProvider}). Applications reach these clients through those
 * providers ({@code ProviderRegistry}, {@code VectorNode}), not through this class.
 *
 * <p>Each method validates the config (unknown options, a missing key or base URL, bad values)
 * and returns a thread-safe client that makes exactly one HTTP request per call.
 */
public final class WireClients {
  private WireClients() {}

  /**
   * A client for a server that speaks OpenAI Chat Completions.
   *
   * @param config the instance's config
   * @param context the client tree's shared context
   * @param preset what the provider type assumes when the config is silent
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  public static ModelClient openAi(ProviderConfig config, ProviderContext context,
      OpenAiPreset preset) {
    return OpenAiClients.create(config, context, preset);
  }

  /**
   * A client for Anthropic's Messages API.
   *
   * @param config the instance's config
   * @param context the client tree's shared context
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  public static ModelClient anthropic(ProviderConfig config, ProviderContext context) {
    return AnthropicClients.create(config, context);
  }

  /**
   * A client for the Google AI Gemini API.
   *
   * @param config the instance's config
   * @param context the client tree's shared context
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  public static ModelClient gemini(ProviderConfig config, ProviderContext context) {
    return GeminiClients.create(config, context);
  }

  /**
   * A client for Gemini and Claude on Google Vertex AI, with Application Default Credentials.
   *
   * @param config the instance's config
   * @param context the client tree's shared context
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  public static ModelClient vertexAi(ProviderConfig config, ProviderContext context) {
    return VertexClients.create(config, context, GoogleCredentials.Environment.system(), null);
  }

  /**
   * A client for Gemini and Claude on Google Vertex AI, with the application's access tokens.
   *
   * @param config the instance's config
   * @param context the client tree's shared context
   * @param tokens returns a valid access token for each call (it caches and refreshes)
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  public static ModelClient vertexAi(ProviderConfig config, ProviderContext context,
      java.util.function.Supplier<String> tokens) {
    return VertexClients.create(config, context, GoogleCredentials.Environment.system(),
        java.util.Objects.requireNonNull(tokens, "tokens"));
  }

  /**
   * A client for Amazon Bedrock's Converse API.
   *
   * @param config the instance's config
   * @param context the client tree's shared context
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  public static ModelClient bedrock(ProviderConfig config, ProviderContext context) {
    return BedrockClients.create(config, context);
  }
}
