package io.vectornode.bedrock;

import io.vectornode.Secret;
import io.vectornode.providers.bedrock.AwsCredentials;
import io.vectornode.providers.bedrock.AwsCredentialsSource;
import io.vectornode.providers.bedrock.AwsCredentialsSourceFactory;
import io.vectornode.spi.ProviderConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The AWS SDK v2 default credential chain for the {@code bedrock} provider, found through
 * {@code META-INF/services}: add {@code io.vectornode:vectornode-bedrock} to the class path and
 * a {@code bedrock} provider without an {@code apiKey} or static keys signs with whatever the
 * chain finds, in the SDK's order: the {@code aws.accessKeyId} system properties, the {@code
 * AWS_ACCESS_KEY_ID} environment, web identity ({@code AWS_WEB_IDENTITY_TOKEN_FILE} +
 * {@code AWS_ROLE_ARN}: EKS IRSA, through STS), the shared profile files ({@code
 * ~/.aws/credentials}, {@code ~/.aws/config}, {@code credential_process}; {@code AWS_PROFILE}
 * names the profile), the container endpoint (ECS, EKS Pod Identity) and the instance metadata
 * service (EC2, IMDSv2). The chain caches and refreshes temporary credentials itself. With
 * {@code options.profile}, that profile of the shared files is used alone, as {@code aws
 * --profile} does: a profile named in the config is not overridden by keys in the environment.
 *
 * <pre>{@code
 * providers:
 *   bedrock:
 *     options: { region: us-east-1, profile: ml-prod }
 * }</pre>
 *
 * <p>Nothing is fetched before the first request: building a client never waits on instance
 * metadata. Thread-safe.
 */
public final class AwsSdkCredentials implements AwsCredentialsSourceFactory {
  /** The id this chain is known by in logs and errors. */
  public static final String ID = "aws-sdk-default-chain";

  /** Used by {@link java.util.ServiceLoader}. */
  public AwsSdkCredentials() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public AwsCredentialsSource create(ProviderConfig config) {
    String profile = config.option("profile").map(String::strip).filter(p -> !p.isEmpty())
        .orElse(null);
    return of(profile != null
        ? software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider.builder()
            .profileName(profile).build()
        : DefaultCredentialsProvider.builder().build());
  }

  /**
   * A source over any SDK credentials provider (a {@code StsAssumeRoleCredentialsProvider}, a
   * {@code ProfileCredentialsProvider}...), for a client built in code.
   *
   * @param provider the SDK provider; asked once per request (SDK providers cache)
   * @return the source
   */
  public static AwsCredentialsSource of(AwsCredentialsProvider provider) {
    java.util.Objects.requireNonNull(provider, "provider");
    return new Source(provider);
  }

  /** Adapts an SDK provider; its toString names the provider's class only. */
  private record Source(AwsCredentialsProvider provider) implements AwsCredentialsSource {
    @Override
    public AwsCredentials credentials() {
      software.amazon.awssdk.auth.credentials.AwsCredentials c = provider.resolveCredentials();
      return AwsCredentials.of(c.accessKeyId(), Secret.of(c.secretAccessKey()),
          c instanceof AwsSessionCredentials s ? Secret.of(s.sessionToken()) : null);
    }

    @Override
    public String toString() {
      return "AwsSdkCredentials[" + provider.getClass().getSimpleName() + "]";
    }
  }
}
