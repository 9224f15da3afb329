package io.vectornode;

/**
 * Tokens one call consumed, counted the same way for every provider.
 *
 * <p>{@code inputTokens} counts <em>all</em> prompt tokens: cached reads and cache writes are
 * subsets of it, not additions to it. {@code outputTokens} counts all generated tokens: reasoning
 * is a subset of it. Providers that report these differently (Anthropic reports cached tokens
 * beside the input; some report reasoning beside the output) are normalized by their mappers.
 *
 * @param inputTokens all prompt tokens, cached and cache-write included
 * @param outputTokens all generated tokens, reasoning included
 * @param cachedInputTokens prompt tokens read from the provider's cache
 * @param cacheWriteTokens prompt tokens written to the provider's cache
 * @param reasoningTokens generated tokens spent on reasoning
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long cachedInputTokens,
    long cacheWriteTokens,
    long reasoningTokens) {

  /** No tokens: what a call reports when the provider reported nothing. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

  /** Validates. */
  public Usage {
    if (inputTokens < 0
        || outputTokens < 0
        || cachedInputTokens < 0
        || cacheWriteTokens < 0
        || reasoningTokens < 0) {
      throw new IllegalArgumentException(
          "usage: token counts must not be negative, was input="
              + inputTokens
              + " output="
              + outputTokens
              + " cached="
              + cachedInputTokens
              + " cacheWrite="
              + cacheWriteTokens
              + " reasoning="
              + reasoningTokens);
    }
  }

  /**
   * Plain input and output tokens.
   *
   * @param inputTokens prompt tokens
   * @param outputTokens generated tokens
   * @return the usage
   */
  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0, 0);
  }

  /** @return input plus output tokens */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /**
   * Adds two usages field by field, for example to total the attempts of one call.
   *
   * @param other the other usage
   * @return the sum
   */
  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedInputTokens + other.cachedInputTokens,
        cacheWriteTokens + other.cacheWriteTokens,
        reasoningTokens + other.reasoningTokens);
  }
}
