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

  /**
   * Input plus output tokens.
   *
   * @return the sum, or {@link Long#MAX_VALUE} when it does not fit in a long (never negative)
   */
  public long totalTokens() {
    return add(inputTokens, outputTokens);
  }

  /**
   * Adds two usages field by field, for example to total the attempts of one call. A sum that
   * does not fit in a long (only absurd reported counts get there) is {@link Long#MAX_VALUE},
   * never a negative wrapped value.
   *
   * @param other the other usage
   * @return the sum
   */
  public Usage plus(Usage other) {
    return new Usage(
        add(inputTokens, other.inputTokens),
        add(outputTokens, other.outputTokens),
        add(cachedInputTokens, other.cachedInputTokens),
        add(cacheWriteTokens, other.cacheWriteTokens),
        add(reasoningTokens, other.reasoningTokens));
  }

  /** Adds two counts that are not negative, saturating at {@link Long#MAX_VALUE}. */
  private static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
