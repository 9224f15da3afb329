package io.vectornode.error;

/**
 * The provider rejected the request as malformed or unacceptable (HTTP 400, 413, 422). Not retryable.
 *
 * <p>Immutable and safe to share between threads.
 */
public class InvalidRequestException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider said.
   *
   * @param error the provider's error
   */
  public InvalidRequestException(ProviderError error) {
    super(error);
  }
}
