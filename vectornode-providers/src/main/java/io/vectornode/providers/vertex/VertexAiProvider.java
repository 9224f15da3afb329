package io.vectornode.providers.vertex;

import io.vectornode.ModelClient;
import io.vectornode.providers.wire.WireClients;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@code vertex-ai} provider: Gemini and Claude on Google Vertex AI, through a Google Cloud
 * project's OAuth2 credentials instead of an API key.
 *
 * <pre>{@code
 * ModelClient client = VectorNode.builder()
 *     .provider(ProviderConfig.builder("vertex").type("vertex-ai")
 *         .option("project", "my-project").option("location", "global").build())
 *     .build();
 * client.chat("vertex/gemini-2.5-flash", "Hello");          // Google's generateContent
 * client.chat("vertex/claude-sonnet-4-5@20250929", "Hello"); // Anthropic's rawPredict
 * }</pre>
 *
 * <p>The publisher comes from the model name: {@code gemini-*} goes to {@code
 * publishers/google/models/M:generateContent} (streams: {@code :streamGenerateContent?alt=sse}),
 * {@code claude-*} to {@code publishers/anthropic/models/M:rawPredict} ({@code
 * :streamRawPredict}) with {@code anthropic_version: vertex-2023-10-16} in the body and no {@code
 * model} field; {@code google/M} or {@code anthropic/M} names it explicitly. Requests, replies,
 * streams, usage and errors are the {@code gemini} and {@code anthropic} providers' own, so every
 * feature they support works the same here.
 *
 * <p>Config options: {@code project} (or the key file's {@code project_id}, or {@code
 * GOOGLE_CLOUD_PROJECT}), {@code location} (a region such as {@code us-central1} or {@code
 * us-east5}, or {@code global}; or {@code GOOGLE_CLOUD_LOCATION}), {@code apiVersion} ({@code v1}
 * by default, or {@code v1beta1}), {@code quotaProject} ({@code x-goog-user-project}), and for
 * Claude {@code anthropicVersion}, {@code beta}, {@code maxTokens}, {@code cacheBreakpoints}
 * (as for {@code anthropic}). {@code baseUrl} replaces {@code https://LOCATION-aiplatform
 * .googleapis.com} ({@code https://aiplatform.googleapis.com} for {@code global}).
 *
 * <p>Credentials, the first found: {@code apiKey}, taken as an OAuth2 access token you mint
 * yourself (never refreshed); {@code options.credentials} (the JSON of a service-account key or of
 * gcloud's user credentials, usually {@code ${file:...}} or {@code ${env:...}}); {@code
 * options.credentialsFile} (its path); the file named by {@code GOOGLE_APPLICATION_CREDENTIALS};
 * gcloud's {@code application_default_credentials.json}; the metadata server of a Google Cloud
 * machine. Tokens are cached and minted again five minutes before they expire, once for all
 * concurrent callers; {@code options.tokenUrl} and {@code options.metadataUrl} replace the
 * endpoints. No token, key or refresh token appears in a log, message, event or {@code
 * toString}.
 *
 * <p>To take tokens from elsewhere (Google's own {@code google-auth-library}, for workload
 * identity federation or impersonation), give the provider a token source and register it in
 * place of the one {@link java.util.ServiceLoader} finds:
 *
 * <pre>{@code
 * GoogleCredentials google = GoogleCredentials.getApplicationDefault()
 *     .createScoped("https://www.googleapis.com/auth/cloud-platform");
 * ModelProvider vertex = VertexAiProvider.withTokens(() -> {
 *   try {
 *     google.refreshIfExpired();
 *     return google.getAccessToken().getTokenValue();
 *   } catch (IOException e) {
 *     throw new UncheckedIOException(e);
 *   }
 * });
 * VectorNode.builder().registry(ProviderRegistry.of(List.of(vertex)))...
 * }</pre>
 *
 * <p>Thread-safe; registered through {@code META-INF/services}.
 */
public final class VertexAiProvider implements ModelProvider {
  /** The provider id. */
  public static final String ID = "vertex-ai";

  private final @Nullable Supplier<String> tokens;

  /** Used by {@link java.util.ServiceLoader}: credentials are found as described above. */
  public VertexAiProvider() {
    this.tokens = null;
  }

  private VertexAiProvider(Supplier<String> tokens) {
    this.tokens = tokens;
  }

  /**
   * A {@code vertex-ai} provider whose clients take their access tokens from the application.
   * The source is asked once per call and must cache and refresh its tokens itself; a token it
   * returns is sent as {@code Authorization: Bearer}, checked to be visible ASCII, and redacted
   * like every other secret. Whatever it throws fails the call as an {@code
   * AuthenticationException} naming the exception's class only. Configs for this provider must
   * set no {@code apiKey}, {@code options.credentials} nor {@code options.credentialsFile}.
   *
   * @param tokens returns a valid access token; thread-safe
   * @return the provider
   */
  public static VertexAiProvider withTokens(Supplier<String> tokens) {
    return new VertexAiProvider(Objects.requireNonNull(tokens, "tokens"));
  }

  @Override
  public String toString() {
    return "VertexAiProvider[" + (tokens == null ? "application default credentials"
        : "the application's token source") + "]";
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    return tokens == null ? WireClients.vertexAi(config, context)
        : WireClients.vertexAi(config, context, tokens);
  }
}
