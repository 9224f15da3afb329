package io.vectornode.providers.bedrock;

import io.vectornode.ModelClient;
import io.vectornode.providers.wire.WireClients;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;

/**
 * The {@code bedrock} provider: Amazon Bedrock's Converse and ConverseStream APIs, one request
 * shape for every Bedrock model (Claude, Llama, Mistral, Nova, ...), including inference
 * profiles ({@code us.anthropic.claude-3-5-sonnet-20241022-v2:0}) and ARNs as model ids.
 *
 * <pre>{@code
 * ProviderConfig config = ProviderConfig.builder("bedrock")
 *     .option("region", "us-east-1")
 *     .build();   // credentials: AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID..., or the SDK chain
 * ModelClient client = ProviderRegistry.load().create(config, ProviderContext.create());
 * client.chat(ChatRequest.builder().model("us.amazon.nova-lite-v1:0").user("Hi").build());
 * }</pre>
 *
 * <p>Config: {@code options.region} (else {@code AWS_REGION} / {@code AWS_DEFAULT_REGION});
 * {@code baseUrl} overrides the endpoint {@code https://bedrock-runtime.REGION.amazonaws.com}
 * (a VPC endpoint, a FIPS endpoint, a proxy); credentials, the first found: {@code apiKey} (a
 * Bedrock API key, sent as a bearer token), {@code options.accessKeyId} + {@code
 * secretAccessKey} (+ {@code sessionToken}), {@code AWS_BEARER_TOKEN_BEDROCK}, an {@link
 * AwsCredentialsSourceFactory} on the class path ({@code vectornode-bedrock}: the AWS SDK's
 * default chain, with {@code options.profile}), then {@code AWS_ACCESS_KEY_ID} + {@code
 * AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN}); {@code options.credentials} ({@code
 * apiKey}, {@code static}, {@code env}, {@code chain}) pins one. Requests are signed with SigV4
 * (service {@code bedrock}) unless a Bedrock API key is used. Options {@code maxTokens} (the
 * default {@code inferenceConfig.maxTokens}; unset, the model's default applies) and {@code
 * cacheBreakpoints} ({@code system,tools,messages}: {@code cachePoint} blocks).
 *
 * <p>Mapping: system messages become {@code system[]}; tool results become {@code toolResult}
 * blocks in a user turn; reasoning parts go back as {@code reasoningContent} with their
 * signatures; images go as bytes (from {@code ImageData} or a {@code data:} URL; http URLs are
 * rejected: Bedrock does not fetch them); a JSON response format is emulated with one forced tool; {@code
 * ToolChoice.none()} drops the tools (and is rejected when the conversation holds tool calls);
 * a seed and {@code parallelToolCalls} are ignored (Converse has neither). {@code
 * guardrail_intervened} and {@code content_filtered} stop reasons throw {@link
 * io.vectornode.error.ContentFilteredException} with the partial text. Provider options that
 * are not Converse's own fields go into {@code additionalModelRequestFields}, for example
 * {@code providerOption("bedrock", "thinking", Map.of("type", "enabled", "budget_tokens",
 * 2048))} for Claude's extended thinking.
 *
 * <p>Thread-safe; registered through {@code META-INF/services}.
 */
public final class BedrockProvider implements ModelProvider {
  /** The provider id. */
  public static final String ID = "bedrock";

  /** Used by {@link java.util.ServiceLoader}. */
  public BedrockProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    return WireClients.bedrock(config, context);
  }
}
