package io.vectornode.routing.internal;

import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.routing.ModelInfo;
import io.vectornode.routing.Prices;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Prices usage with the catalog: uncached input, cached input, cache writes, non-reasoning
 * output and reasoning are each charged once at their own price (cached tokens are a subset of
 * input and are not also charged as plain input). A model without prices has an unknown cost,
 * never $0.
 */
public final class Costs {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Costs.class);
  private static final java.util.Set<String> WARNED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

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
    return of(usage, info, catalogVersion, false);
  }

  /**
   * The cost of a usage, marked estimated when the tokens were estimated.
   *
   * @param usage the tokens
   * @param info the model, or null when unknown
   * @param catalogVersion the catalog's version
   * @param estimated whether the usage is an estimate
   * @return the cost, unknown when there is no price
   */
  public static Cost of(Usage usage, @Nullable ModelInfo info, String catalogVersion,
      boolean estimated) {
    if (info == null || info.prices() == null) {
      return Cost.unknown();
    }
    return price(usage, info, catalogVersion, estimated);
  }

  /**
   * The cost of a usage on a deployment, logging once per model when it has no price.
   *
   * @param usage the tokens
   * @param info the model, or null when unknown
   * @param provider the provider type, for the warning
   * @param model the model, for the warning
   * @param catalogVersion the catalog's version
   * @param estimated whether the usage is an estimate
   * @return the cost
   */
  public static Cost of(Usage usage, @Nullable ModelInfo info, String provider, String model,
      String catalogVersion, boolean estimated) {
    if (info == null || info.prices() == null) {
      if (WARNED.add(provider + "/" + model)) {
        LOG.warn("no price for model {}/{}: its calls have an unknown cost (not $0); add it to"
            + " the catalog or give the deployment prices", provider, model);
      }
      return Cost.unknown();
    }
    return price(usage, info, catalogVersion, estimated);
  }

  private static Cost price(Usage usage, ModelInfo info, String catalogVersion,
      boolean estimated) {
    Prices p = info.prices();
    long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
    long writes = Math.min(usage.cacheWriteTokens(), usage.inputTokens() - cached);
    long plainInput = usage.inputTokens() - cached - writes;
    long reasoning = Math.min(usage.reasoningTokens(), usage.outputTokens());
    long plainOutput = usage.outputTokens() - reasoning;
    // Prices are per million tokens: scale the sum down by moving the decimal point, which is
    // exact and, unlike a division, allocates next to nothing. Zero terms are skipped.
    BigDecimal micro = term(null, p.input(), plainInput);
    micro = term(micro, p.cachedInputOrInput(), cached);
    micro = term(micro, p.cacheWriteOrInput(), writes);
    micro = term(micro, p.output(), plainOutput);
    micro = term(micro, p.reasoningOrOutput(), reasoning);
    BigDecimal usd = micro == null ? BigDecimal.ZERO : micro.movePointLeft(6).stripTrailingZeros();
    return estimated ? Cost.estimated(usd, catalogVersion) : Cost.of(usd, catalogVersion);
  }

  private static @Nullable BigDecimal term(@Nullable BigDecimal sum, BigDecimal price,
      long tokens) {
    if (tokens == 0) {
      return sum;
    }
    BigDecimal t = price.multiply(BigDecimal.valueOf(tokens));
    return sum == null ? t : sum.add(t);
  }

  /**
   * The most an attempt can cost: the estimated input and the maximum output at full price.
   *
   * @param inputEstimate the estimated input tokens
   * @param maxOutput the output cap
   * @param info the model
   * @return the amount in USD, or null when the model has no price
   */
  public static @Nullable BigDecimal worstCase(long inputEstimate, long maxOutput,
      @Nullable ModelInfo info) {
    if (info == null || info.prices() == null) {
      return null;
    }
    Prices p = info.prices();
    BigDecimal out = p.output().max(p.reasoningOrOutput());
    return p.input().multiply(BigDecimal.valueOf(inputEstimate))
        .add(out.multiply(BigDecimal.valueOf(maxOutput)))
        .movePointLeft(6);
  }
}
