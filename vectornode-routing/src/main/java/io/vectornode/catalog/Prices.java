package io.vectornode.catalog;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A model's prices in US dollars per million tokens. A price that is not given (null) falls back
 * as documented on each component; {@link #input()} and {@link #output()} are required.
 *
 * @param input uncached input tokens
 * @param output output tokens
 * @param cachedInput input tokens read from the cache; null means the input price
 * @param cacheWrite input tokens written to the cache; null means the input price
 * @param reasoning reasoning tokens; null means the output price
 */
public record Prices(
    BigDecimal input,
    BigDecimal output,
    @Nullable BigDecimal cachedInput,
    @Nullable BigDecimal cacheWrite,
    @Nullable BigDecimal reasoning) {

  /** Validates. */
  public Prices {
    java.util.Objects.requireNonNull(input, "input");
    java.util.Objects.requireNonNull(output, "output");
    for (BigDecimal p : new BigDecimal[] {input, output, cachedInput, cacheWrite, reasoning}) {
      if (p != null && p.signum() < 0) {
        throw new IllegalArgumentException("prices: must not be negative, was " + p);
      }
    }
  }

  /**
   * Input and output prices only.
   *
   * @param input per million input tokens
   * @param output per million output tokens
   * @return the prices
   */
  public static Prices of(String input, String output) {
    return new Prices(new BigDecimal(input), new BigDecimal(output), null, null, null);
  }

  /** @return the cached-input price, or the input price */
  public BigDecimal cachedInputOrInput() {
    return cachedInput != null ? cachedInput : input;
  }

  /** @return the cache-write price, or the input price */
  public BigDecimal cacheWriteOrInput() {
    return cacheWrite != null ? cacheWrite : input;
  }

  /** @return the reasoning price, or the output price */
  public BigDecimal reasoningOrOutput() {
    return reasoning != null ? reasoning : output;
  }
}
