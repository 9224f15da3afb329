package io.vectornode.state;

import static java.util.Objects.requireNonNull;

import io.vectornode.budget.BudgetStatus;
import io.vectornode.budget.BudgetStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to an {@link AdmissionRequest}: admitted, with one reservation per budget, or
 * refused, with what refused it (nothing is then taken or reserved).
 *
 * @param verdict admitted, or what refused
 * @param reason a sentence for logs and events, without secrets
 * @param reservations the reservations, in the order of the request's holds (admitted only)
 * @param budget the refusing budget's status ({@link Verdict#BUDGET} only)
 * @param until when a cooling key or deployment may be used again ({@code *_COOLING} only)
 * @param status the HTTP status that disabled a key ({@link Verdict#KEY_DISABLED} only)
 * @param local whether the instance's own limits decided, the shared store being unavailable
 */
public record Admission(Verdict verdict, String reason,
    List<BudgetStore.Reservation> reservations, @Nullable BudgetStatus budget,
    @Nullable Instant until, int status, boolean local) {

  /** What an admission says. */
  public enum Verdict {
    /** Everything was granted. */
    ADMITTED,
    /** A per-minute limit has no room ({@link #reason} names it). */
    LIMITED,
    /** A budget has no room for the worst case. */
    BUDGET,
    /** The key cools down after a 429 on some instance. */
    KEY_COOLING,
    /** The key was refused (401, 403) on some instance. */
    KEY_DISABLED,
    /** The deployment cools down after a 429 on some instance. */
    DEPLOYMENT_COOLING
  }

  /** Validates and copies. */
  public Admission {
    requireNonNull(verdict, "verdict");
    requireNonNull(reason, "reason");
    reservations = List.copyOf(reservations);
  }

  /**
   * An admission.
   *
   * @param reservations one per hold, in order
   * @return the admission
   */
  public static Admission admitted(List<BudgetStore.Reservation> reservations) {
    return new Admission(Verdict.ADMITTED, "admitted", reservations, null, null, 0, false);
  }

  /**
   * This answer, marked as decided by the instance's own limits (the shared store being
   * unavailable), with other reservations (for example ones that also report to the store
   * once it is back).
   *
   * @param reservations the reservations to hand out instead, one per hold
   * @return the marked answer
   */
  public Admission decidedLocally(List<BudgetStore.Reservation> reservations) {
    return new Admission(verdict, reason, reservations, budget, until, status, true);
  }

  /**
   * A refusal.
   *
   * @param verdict what refused (not {@link Verdict#ADMITTED})
   * @param reason the sentence
   * @param budget the refusing budget's status, for {@link Verdict#BUDGET}
   * @param until for the cooling verdicts
   * @param status for {@link Verdict#KEY_DISABLED}
   * @return the refusal
   */
  public static Admission refused(Verdict verdict, String reason, @Nullable BudgetStatus budget,
      @Nullable Instant until, int status) {
    if (verdict == Verdict.ADMITTED) {
      throw new IllegalArgumentException("verdict: a refusal cannot be ADMITTED");
    }
    return new Admission(verdict, reason, List.of(), budget, until, status, false);
  }

  /** @return whether the attempt may be sent */
  public boolean admitted() {
    return verdict == Verdict.ADMITTED;
  }

  /**
   * Grants a request from the in-memory limits and budget store alone, all or nothing: what a
   * shared state does while its store is unreachable (and the config says to fall back).
   *
   * @param r the request
   * @return the admission
   */
  public static Admission locally(AdmissionRequest r) {
    List<AdmissionRequest.Take> taken = new ArrayList<>(r.takes().size());
    for (AdmissionRequest.Take t : r.takes()) {
      if (!t.local().tryTake(t.amount())) {
        giveBack(taken);
        return refused(Verdict.LIMITED, t.limit() + " limit", null, null, 0)
            .decidedLocally(List.of());
      }
      taken.add(t);
    }
    List<BudgetStore.Reservation> held = new ArrayList<>(r.holds().size());
    for (AdmissionRequest.Hold h : r.holds()) {
      BudgetStore.Reservation res = r.localBudgets().reserve(h.budget(), h.amount(),
          h.holdAtMost());
      if (res == null) {
        held.forEach(x -> x.settle(java.math.BigDecimal.ZERO));
        giveBack(taken);
        return refused(Verdict.BUDGET, "budget '" + h.budget().name() + "'",
            r.localBudgets().status(h.budget()), null, 0).decidedLocally(List.of());
      }
      held.add(res);
    }
    return admitted(held).decidedLocally(held);
  }

  private static void giveBack(List<AdmissionRequest.Take> taken) {
    for (AdmissionRequest.Take t : taken) {
      t.local().correct(-t.amount());
    }
  }
}
