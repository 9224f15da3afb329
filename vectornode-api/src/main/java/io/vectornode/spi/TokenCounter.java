package io.vectornode.spi;

import org.jspecify.annotations.Nullable;

/**
 * Counts a text's tokens exactly as a model's tokenizer does. Budgets reserve a bound that holds
 * for every script (UTF-8 bytes); when that bound does not fit a budget, the router asks a
 * counter found with {@link java.util.ServiceLoader} for the exact count and tries once more.
 * Without one (the default), budgets keep the byte bound. {@code io.vectornode:vectornode-jtokkit}
 * is one, for OpenAI's encodings.
 *
 * <p>Implementations are thread-safe and have a public no-argument constructor.
 */
public interface TokenCounter {

  /**
   * The encoding a model's text is counted in, so that a text counted once is reused for every
   * deployment with the same encoding.
   *
   * @param providerType the provider type ({@code openai}, {@code azure-openai}...)
   * @param model the model id
   * @return the encoding's name, or null when this counter does not know the model
   */
  @Nullable String encoding(String providerType, String model);

  /**
   * Counts a text as plain text (special-token strings in it count as the text they are).
   *
   * @param encoding an encoding {@link #encoding} returned
   * @param text the text
   * @return the count
   */
  long count(String encoding, String text);
}
