package io.vectornode.spi;

import io.vectornode.ModelClient;
import java.util.List;

/**
 * A model provider: a factory of {@link ModelClient}s for one API (OpenAI, Anthropic, a local
 * server...). Implementations are discovered with {@link java.util.ServiceLoader}: put the class
 * name in {@code META-INF/services/io.vectornode.spi.ModelProvider} and the jar on the class
 * path. They need a public no-argument constructor and must be thread-safe.
 *
 * <pre>{@code
 * public final class ShoutProvider implements ModelProvider {
 *   public String id() { return "shout"; }
 *
 *   public ModelClient create(ProviderConfig config, ProviderContext context) {
 *     return new ShoutClient(config);  // a ModelClient: chat, chatAsync, stream, close
 *   }
 * }
 *
 * // ShoutClient.chat: call the API, then report what it said
 * public ChatResponse chat(ChatRequest request) {
 *   String text = request.messages().get(request.messages().size() - 1).text().toUpperCase();
 *   Duration took = Duration.ofMillis(5);
 *   return ChatResponse.of("shout-1", config.name(), config.modelFor(request),
 *       Message.assistant(text), FinishReason.STOP, Usage.of(3, 3), took, took);
 * }
 *
 * // your jar: META-INF/services/io.vectornode.spi.ModelProvider, one line
 * //   com.example.ShoutProvider
 * }</pre>
 *
 * <p>{@code io.vectornode.examples.CustomProvider} in vectornode-examples is a complete one,
 * stream included ({@link AbstractChatStream} does most of a stream's work).
 *
 * <p>One public provider class may also bring further providers as data, its {@link #presets()},
 * so that a family of look-alike providers does not need one public class each.
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

  /**
   * Further providers this one brings, found with it. {@link ProviderRegistry} registers each
   * right after this provider, with the same rules as a provider listed in {@code
   * META-INF/services}: the id is validated, an id claimed twice (by a preset or anyone else)
   * becomes unusable, and a preset that cannot be registered is logged and skipped without
   * affecting the others. The presets need not be public classes: they are never instantiated
   * reflectively. Typical use: one wire format spoken by several vendors, each a preset with its
   * own id and defaults.
   *
   * <pre>{@code
   * public final class AcmeProvider implements ModelProvider {
   *   public String id() { return "acme"; }
   *   public ModelClient create(ProviderConfig config, ProviderContext context) { ... }
   *   public List<ModelProvider> presets() {
   *     return List.of(new AcmeRegion("acme-eu", "https://eu.acme.example/v1"),
   *         new AcmeRegion("acme-us", "https://us.acme.example/v1"));
   *   }
   * }
   * }</pre>
   *
   * <p>Called once per registry. Bounds: a preset's own presets are ignored, and a list of more
   * than 256 presets is refused as a whole (listed in {@link ProviderRegistry#failures()}).
   *
   * @return the presets, usually constant; empty (the default) when there are none
   */
  default List<ModelProvider> presets() {
    return List.of();
  }
}
