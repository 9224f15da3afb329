package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a call cost, in US dollars, and the price catalog that priced it.
 *
 * <p>A cost is <em>known</em> (priced from reported tokens), <em>estimated</em> (priced from an
 * estimate because the provider reported no tokens), or <em>unknown</em> (no price for the
 * model). Unknown is not zero: {@link #usd()} is empty, so that nobody adds it up as $0 by
 * accident.
 *
 * <p>Immutable and thread-safe.
 */
public final class Cost {
  private static final Cost UNKNOWN = new Cost(null, "none", false);

  private final @Nullable BigDecimal usd;
  private final String catalogVersion;
  private final boolean estimated;

  private Cost(@Nullable BigDecimal usd, String catalogVersion, boolean estimated) {
    this.usd = usd;
    this.catalogVersion = catalogVersion;
    this.estimated = estimated;
  }

  /**
   * A cost priced from tokens the provider reported.
   *
   * @param usd the amount, not negative
   * @param catalogVersion the price catalog's version
   * @return the cost
   */
  public static Cost of(BigDecimal usd, String catalogVersion) {
    return new Cost(check(usd), requireNonNull(catalogVersion, "catalogVersion"), false);
  }

  /**
   * A cost priced from estimated tokens.
   *
   * @param usd the amount, not negative
   * @param catalogVersion the price catalog's version
   * @return the cost
   */
  public static Cost estimated(BigDecimal usd, String catalogVersion) {
    return new Cost(check(usd), requireNonNull(catalogVersion, "catalogVersion"), true);
  }

  /**
   * The cost of a call whose model has no price.
   *
   * @return the unknown cost
   */
  public static Cost unknown() {
    return UNKNOWN;
  }

  private static BigDecimal check(BigDecimal usd) {
    requireNonNull(usd, "usd");
    if (usd.signum() < 0) {
      throw new IllegalArgumentException("cost usd: must not be negative, was " + usd);
    }
    return usd;
  }

  /** @return the amount in USD, or empty when the cost is unknown */
  public Optional<BigDecimal> usd() {
    return Optional.ofNullable(usd);
  }

  /** @return whether the amount is known (exactly or as an estimate) */
  public boolean known() {
    return usd != null;
  }

  /** @return whether the amount was priced from an estimate of the tokens */
  public boolean estimated() {
    return estimated;
  }

  /** @return the version of the price catalog, {@code none} when unknown */
  public String catalogVersion() {
    return catalogVersion;
  }

  /**
   * Adds two costs. Unknown plus anything is unknown; estimated plus anything is estimated.
   *
   * @param other the other cost
   * @return the sum
   */
  public Cost plus(Cost other) {
    if (usd == null || other.usd == null) {
      return UNKNOWN;
    }
    return new Cost(usd.add(other.usd), catalogVersion, estimated || other.estimated);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Cost c
        && Objects.equals(usd, c.usd)
        && catalogVersion.equals(c.catalogVersion)
        && estimated == c.estimated;
  }

  @Override
  public int hashCode() {
    return Objects.hash(usd, catalogVersion, estimated);
  }

  @Override
  public String toString() {
    if (usd == null) {
      return "Cost[unknown]";
    }
    return "Cost[$" + usd.toPlainString() + (estimated ? " estimated" : "") + ", catalog "
        + catalogVersion + "]";
  }
}
