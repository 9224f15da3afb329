package io.vectornode.spi;

import io.vectornode.ModelClient;

/**
 * A model provider: a factory of {@link ModelClient}s for one API (OpenAI, Anthropic, a local
 * server...). Implementations are discovered with {@link java.util.ServiceLoader}: put the class
 * name in {@code META-INF/services/io.vectornode.spi.ModelProvider} and the jar on the class
 * path. They need a public no-argument constructor and must be thread-safe.
 *
 * <p>The client a provider creates does not retry and does not call listeners itself: {@link
 * ProviderRegistry#create} wraps it so that listeners see every call, and the router adds
 * retries and fallbacks around it.
 */
public interface ModelProvider {

  /**
   * The provider's type id, used in configuration ({@code type: openai}) and model references
   * ({@code openai/gpt-4o-mini}). Lower case letters, digits and {@code -}; unique on the class
   * path.
   *
   * @return the id
   */
  String id();

  /**
   * Creates a client for one provider instance.
   *
   * @param config the instance's settings: name, key, base URL, timeouts, options
   * @param context resources shared by every client of one VectorNode client tree
   * @return a thread-safe client
   * @throws io.vectornode.error.ConfigurationException naming the field when the config is
   *     unusable
   */
  ModelClient create(ProviderConfig config, ProviderContext context);
}
