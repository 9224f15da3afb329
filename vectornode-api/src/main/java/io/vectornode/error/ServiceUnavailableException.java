package io.vectornode.error;

/**
 * The provider failed or is overloaded (HTTP 500, 502, 503, 504, 529, or an overload error inside a stream). Retryable.
 *
 * <p>Immutable and safe to share between threads.
 */
public class ServiceUnavailableException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider said.
   *
   * @param error the provider's error
   */
  public ServiceUnavailableException(ProviderError error) {
    super(error);
  }
}
