package io.vectornode.error;

/**
 * The provider rejected the credentials (HTTP 401). Not retryable: the same key will fail again;
 * except where the provider mints its credentials itself (Vertex AI's access tokens) and has
 * dropped the refused one, so that the next attempt carries a new one: then {@link #retryable()}
 * is true, and a router retries instead of disabling the key.
 *
 * <p>Immutable and safe to share between threads.
 */
public class AuthenticationException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider said.
   *
   * @param error the provider's error
   */
  public AuthenticationException(ProviderError error) {
    super(error);
  }
}
