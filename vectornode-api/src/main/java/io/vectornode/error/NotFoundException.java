package io.vectornode.error;

/**
 * The model or endpoint does not exist, or the key cannot see it (HTTP 404). Not retryable.
 *
 * <p>Immutable and safe to share between threads.
 */
public class NotFoundException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider said.
   *
   * @param error the provider's error
   */
  public NotFoundException(ProviderError error) {
    super(error);
  }
}
