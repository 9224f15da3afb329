package io.vectornode.error;

/**
 * The credentials are valid but not allowed to do this (HTTP 403): wrong project, region or model access.
 *
 * <p>Immutable and safe to share between threads.
 */
public class PermissionDeniedException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from what the provider said.
   *
   * @param error the provider's error
   */
  public PermissionDeniedException(ProviderError error) {
    super(error);
  }
}
