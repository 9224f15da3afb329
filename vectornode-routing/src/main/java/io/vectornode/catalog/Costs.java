package io.vectornode.catalog;

import io.vectornode.Cost;
import io.vectornode.Usage;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Prices usage with the catalog: uncached input, cached input, cache writes, non-reasoning
 * output and reasoning are each charged once at their own price (cached tokens are a subset of
 * input and are not also charged as plain input). A model without prices has an unknown cost,
 * never $0. A cost records where its prices came from: the model's {@link ModelInfo#priceSource()}
 * when it has one (a config's prices, a local server's $0), else the catalog's version.
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
   * @param catalogVersion the catalog's version, recorded unless the model has a price source
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
    BigDecimal usd = exact(p, plainInput, cached, writes, plainOutput, reasoning);
    if (usd == null) {
      // Prices are per million tokens: scale the sum down by moving the decimal point, which
      // is exact. Zero terms are skipped.
      BigDecimal micro = term(null, p.input(), plainInput);
      micro = term(micro, p.cachedInputOrInput(), cached);
      micro = term(micro, p.cacheWriteOrInput(), writes);
      micro = term(micro, p.output(), plainOutput);
      micro = term(micro, p.reasoningOrOutput(), reasoning);
      usd = micro == null ? BigDecimal.ZERO : micro.movePointLeft(6).stripTrailingZeros();
    }
    String version = info.priceSource() != null ? info.priceSource() : catalogVersion;
    return estimated ? Cost.estimated(usd, version) : Cost.of(usd, version);
  }

  /**
   * Each distinct price list as whole units of one common scale, so that a cost is five long
   * multiplications and one BigDecimal, not a dozen. Bounded by the distinct price lists in use.
   */
  private static final java.util.Map<Prices, long[]> UNITS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final long[] NOT_EXACT = new long[0];

  /** A price list and its units, for {@link #LAST}. */
  private record Units(Prices prices, long[] units) {}

  /**
   * The units last used for each of 16 identity slots: a call on a deployment finds its price
   * list by identity (a comparison) instead of hashing its BigDecimals in {@link #UNITS}. Racy
   * by design: an entry is immutable, and a miss falls back to the map.
   */
  private static final Units[] LAST = new Units[16];

  /** @return the exact cost computed in longs, or null when a price or sum does not fit */
  private static @Nullable BigDecimal exact(Prices p, long plainInput, long cached,
      long writes, long plainOutput, long reasoning) {
    int slot = System.identityHashCode(p) & (LAST.length - 1);
    Units last = LAST[slot];
    long[] u;
    if (last != null && last.prices == p) {
      u = last.units;
    } else {
      u = UNITS.get(p);
      if (u == null) {
        u = UNITS.computeIfAbsent(p, Costs::units);
      }
      LAST[slot] = new Units(p, u);
    }
    if (u == NOT_EXACT) {
      return null;
    }
    try {
      long sum = Math.addExact(Math.addExact(Math.addExact(Math.addExact(
          Math.multiplyExact(u[0], plainInput), Math.multiplyExact(u[1], cached)),
          Math.multiplyExact(u[2], writes)), Math.multiplyExact(u[3], plainOutput)),
          Math.multiplyExact(u[4], reasoning));
      // valueOf(sum, scale).stripTrailingZeros(), without the intermediate BigDecimal
      int scale = (int) u[5] + 6;
      while (sum != 0 && sum % 10 == 0) {
        sum /= 10;
        scale--;
      }
      return sum == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(sum, scale);
    } catch (ArithmeticException overflow) {
      return null;
    }
  }

  /** input, cached, write, output, reasoning as unscaled longs at one scale; then the scale. */
  private static long[] units(Prices p) {
    BigDecimal[] all = {p.input(), p.cachedInputOrInput(), p.cacheWriteOrInput(), p.output(),
        p.reasoningOrOutput()};
    int scale = 0;
    for (BigDecimal b : all) {
      scale = Math.max(scale, b.stripTrailingZeros().scale());
    }
    if (scale > 12) {
      return NOT_EXACT;
    }
    long[] u = new long[6];
    try {
      for (int i = 0; i < 5; i++) {
        u[i] = all[i].setScale(scale).unscaledValue().longValueExact();
      }
    } catch (ArithmeticException tooBig) {
      return NOT_EXACT;
    }
    u[5] = scale;
    return u;
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
