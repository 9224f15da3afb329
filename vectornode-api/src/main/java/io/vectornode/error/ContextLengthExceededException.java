package io.vectornode.error;

/**
 * The prompt plus the requested output do not fit the model's context window. Not retryable on the same model; a router may move the call to a model with a larger window.
 *
 * <p>Immutable and safe to share between threads.
 */
public class ContextLengthExceededException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider said.
   *
   * @param error the provider's error
   */
  public ContextLengthExceededException(ProviderError error) {
    super(error);
  }
}
