package io.vectornode.routing.internal;

import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.routing.ModelInfo;
import io.vectornode.routing.Prices;
import java.math.BigDecimal;
import java.math.MathContext;
import org.jspecify.annotations.Nullable;

/**
 * Prices usage with the catalog: uncached input, cached input, cache writes, non-reasoning
 * output and reasoning are each charged once at their own price (cached tokens are a subset of
 * input and are not also charged as plain input). A model without prices has an unknown cost,
 * never $0.
 */
public final class Costs {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private Costs() {}

  /**
   * The cost of a usage.
   *
   * @param usage the tokens
   * @param info the model, or null when unknown
   * @param catalogVersion the catalog's version
   * @return the cost, unknown when there is no price
   */
  public static Cost of(Usage usage, @Nullable ModelInfo info, String catalogVersion) {
    if (info == null || info.prices() == null) {
      return Cost.unknown();
    }
    Prices p = info.prices();
    long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
    long writes = Math.min(usage.cacheWriteTokens(), usage.inputTokens() - cached);
    long plainInput = usage.inputTokens() - cached - writes;
    long reasoning = Math.min(usage.reasoningTokens(), usage.outputTokens());
    long plainOutput = usage.outputTokens() - reasoning;
    BigDecimal micro = p.input().multiply(BigDecimal.valueOf(plainInput))
        .add(p.cachedInputOrInput().multiply(BigDecimal.valueOf(cached)))
        .add(p.cacheWriteOrInput().multiply(BigDecimal.valueOf(writes)))
        .add(p.output().multiply(BigDecimal.valueOf(plainOutput)))
        .add(p.reasoningOrOutput().multiply(BigDecimal.valueOf(reasoning)));
    return Cost.of(micro.divide(MILLION, MathContext.DECIMAL128).stripTrailingZeros(),
        catalogVersion);
  }
}
