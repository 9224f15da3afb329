package io.vectornode.providers.bedrock;

/**
 * Where the {@code bedrock} provider gets the AWS credentials it signs each request with.
 *
 * <p>Called once per request, on the calling thread: an implementation caches and refreshes
 * temporary credentials itself (the AWS SDK's providers do) and returns quickly. It must be
 * thread-safe, and must never log or put a secret in an exception message.
 *
 * <pre>{@code
 * AwsCredentialsSource fixed = () -> AwsCredentials.of(id, Secret.of(secret), null);
 * }</pre>
 */
@FunctionalInterface
public interface AwsCredentialsSource {

  /**
   * The credentials to sign the next request with.
   *
   * @return the credentials, never null
   * @throws io.vectornode.error.AuthenticationException or another {@link
   *     io.vectornode.error.VectorNodeException} when none can be found; an unchecked exception
   *     of another type is wrapped as an authentication failure
   */
  AwsCredentials credentials();
}
