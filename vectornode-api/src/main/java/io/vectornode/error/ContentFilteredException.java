package io.vectornode.error;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The provider's safety system blocked the prompt or the completion (OpenAI
 * {@code finish_reason: content_filter}, Gemini {@code SAFETY}, a blocked prompt...). Not
 * retryable on the same model; a router may move the call to a route's content-policy fallback.
 *
 * <p>When the provider returned some output before it stopped, {@link #partialText()} holds it.
 * Immutable and safe to share between threads.
 */
public class ContentFilteredException extends ProviderException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String partialText;

  /**
   * Creates the exception.
   *
   * @param error the provider's error
   * @param partialText output produced before the filter stopped it, or {@code null}
   */
  public ContentFilteredException(ProviderError error, @Nullable String partialText) {
    super(error);
    this.partialText = partialText;
  }

  /**
   * Output produced before the filter stopped the completion.
   *
   * @return the partial text, or empty when there was none
   */
  public Optional<String> partialText() {
    return Optional.ofNullable(partialText).filter(s -> !s.isEmpty());
  }
}
