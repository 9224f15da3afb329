package io.vectornode.error;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * A call would not fit in a budget, so it was refused before any request was sent.
 *
 * <p>Immutable and safe to share between threads.
 */
public class BudgetExceededException extends VectorNodeException {
  private static final long serialVersionUID = 1L;

  private final String budget;
  private final BigDecimal limitUsd;
  private final BigDecimal spentUsd;
  private final BigDecimal reservedUsd;
  private final BigDecimal requestedUsd;

  /**
   * Creates the exception.
   *
   * @param budget the budget's name
   * @param limitUsd its hard limit in USD for the current period
   * @param spentUsd what settled calls have spent in the period
   * @param reservedUsd what calls in flight have reserved
   * @param requestedUsd the worst-case cost of the refused call
   */
  public BudgetExceededException(
      String budget,
      BigDecimal limitUsd,
      BigDecimal spentUsd,
      BigDecimal reservedUsd,
      BigDecimal requestedUsd) {
    super(
        "budget '"
            + requireNonNull(budget, "budget")
            + "' exceeded: limit $"
            + limitUsd.toPlainString()
            + ", spent $"
            + spentUsd.toPlainString()
            + ", reserved $"
            + reservedUsd.toPlainString()
            + ", this call needs up to $"
            + requestedUsd.toPlainString());
    this.budget = budget;
    this.limitUsd = limitUsd;
    this.spentUsd = spentUsd;
    this.reservedUsd = reservedUsd;
    this.requestedUsd = requestedUsd;
  }

  /** @return the budget's name */
  public String budget() {
    return budget;
  }

  /** @return the hard limit in USD */
  public BigDecimal limitUsd() {
    return limitUsd;
  }

  /** @return what settled calls have spent in the period, USD */
  public BigDecimal spentUsd() {
    return spentUsd;
  }

  /** @return what calls in flight have reserved, USD */
  public BigDecimal reservedUsd() {
    return reservedUsd;
  }

  /** @return the worst-case cost of the refused call, USD */
  public BigDecimal requestedUsd() {
    return requestedUsd;
  }
}
