package io.vectornode.providers.bedrock;

import io.vectornode.spi.ProviderConfig;

/**
 * Plugs a credential chain into the {@code bedrock} provider, found with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/
 * io.vectornode.providers.bedrock.AwsCredentialsSourceFactory}). The {@code vectornode-bedrock}
 * module registers the AWS SDK v2 default chain (environment, system properties, web identity,
 * profile files with SSO and {@code credential_process}, container and instance metadata).
 * Without one, the provider still signs with the static credentials of its config or of the
 * environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code
 * AWS_SESSION_TOKEN}) or sends a Bedrock API key.
 *
 * <p>Implementations are thread-safe and have a public no-argument constructor.
 */
public interface AwsCredentialsSourceFactory {

  /** @return a short name for logs and errors, for example {@code aws-sdk-default-chain} */
  String id();

  /**
   * Creates the source for one provider instance. Must not fetch credentials yet (the first
   * request does): building a client must not wait on instance metadata.
   *
   * @param config the provider instance's config (its {@code options.profile}, when set, names
   *     the profile to read)
   * @return the source
   * @throws io.vectornode.error.ConfigurationException when the config is unusable
   */
  AwsCredentialsSource create(ProviderConfig config);
}
