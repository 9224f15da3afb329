package io.vectornode.state;

import static java.util.Objects.requireNonNull;

import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * What one attempt asks of the shared state before it is sent: that its deployment and key are
 * not cooling down or disabled anywhere in the fleet, room in each per-minute limit, and a
 * reservation in each budget that covers it. A {@link SharedState} grants all of it or nothing.
 *
 * @param deployment the deployment's name
 * @param provider the provider's configured name
 * @param keyId the id of the key the attempt would use (a hash, never the key)
 * @param takes the limits to take from
 * @param holds the budgets to reserve in
 * @param localBudgets the in-memory budget store, for when the shared one is unavailable
 */
public record AdmissionRequest(String deployment, String provider, String keyId,
    List<Take> takes, List<Hold> holds, BudgetStore localBudgets) {

  /** Validates and copies. */
  public AdmissionRequest {
    requireNonNull(deployment, "deployment");
    requireNonNull(provider, "provider");
    requireNonNull(keyId, "keyId");
    takes = List.copyOf(takes);
    holds = List.copyOf(holds);
    requireNonNull(localBudgets, "localBudgets");
  }

  /**
   * An amount to take from a per-minute limit.
   *
   * @param limit the limit's name, the same on every instance ({@code deployment/rpm})
   * @param perMinute the limit per rolling minute
   * @param amount what the attempt takes (1 request, or its estimated tokens)
   * @param local the in-memory limit, for when the shared one is unavailable
   */
  public record Take(String limit, long perMinute, long amount, RateLimit local) {
    /** Validates. */
    public Take {
      requireNonNull(limit, "limit");
      requireNonNull(local, "local");
      if (perMinute <= 0 || amount < 0) {
        throw new IllegalArgumentException("take " + limit + ": perMinute must be positive and"
            + " amount not negative, were " + perMinute + " and " + amount);
      }
    }
  }

  /**
   * An attempt's worst case to reserve in a budget.
   *
   * @param budget the budget
   * @param amount the worst case, USD
   * @param holdAtMost how long the reservation may stay unsettled before the store releases it
   */
  public record Hold(Budget budget, BigDecimal amount, Duration holdAtMost) {
    /** Validates. */
    public Hold {
      requireNonNull(budget, "budget");
      requireNonNull(amount, "amount");
      requireNonNull(holdAtMost, "holdAtMost");
      if (amount.signum() < 0) {
        throw new IllegalArgumentException("hold in budget " + budget.name()
            + ": amount must not be negative, was " + amount.toPlainString());
      }
    }
  }
}
