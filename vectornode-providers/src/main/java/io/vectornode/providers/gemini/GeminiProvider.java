package io.vectornode.providers.gemini;

import io.vectornode.ModelClient;
import io.vectornode.providers.wire.WireClients;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;

/**
 * The {@code gemini} provider: the Google AI Gemini API ({@code models/{model}:generateContent}
 * and {@code :streamGenerateContent?alt=sse}).
 *
 * <p>Config: {@code apiKey} (required, usually {@code GEMINI_API_KEY}; sent in the {@code
 * x-goog-api-key} header, never in the URL), {@code baseUrl} (default {@code
 * https://generativelanguage.googleapis.com}), timeouts, and the option {@code apiVersion}
 * (default {@code v1beta}).
 *
 * <p>Mapping: assistant turns are {@code model} turns; tool results are {@code functionResponse}
 * parts (named after the call they answer); a JSON-schema response format is converted to the
 * OpenAPI subset Gemini accepts, and a schema it cannot express fails naming the keyword;
 * images are sent inline ({@code inlineData}) from bytes or {@code data:} URLs, or as {@code
 * fileData} for {@code gs://} URIs; http(s) image URLs are rejected (Gemini does not fetch them).
 * Thought signatures are kept on the response as reasoning parts and sent back in place. Extra
 * {@code generationConfig} fields go through {@code providerOption("gemini", "generationConfig",
 * Map.of(...))}.
 *
 * <p>Thread-safe; registered through {@code META-INF/services}.
 */
public final class GeminiProvider implements ModelProvider {
  /** The provider id. */
  public static final String ID = "gemini";

  /** Used by {@link java.util.ServiceLoader}. */
  public GeminiProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    return WireClients.gemini(config, context);
  }
}
