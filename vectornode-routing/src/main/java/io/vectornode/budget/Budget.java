package io.vectornode.budget;

import static java.util.Objects.requireNonNull;

import io.vectornode.error.ConfigurationException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

/**
 * A spending limit in US dollars for a scope and a calendar period. Before each attempt the
 * router reserves the attempt's worst case (estimated input plus maximum output at catalog
 * prices); an attempt that does not fit is refused before any request is sent, with {@link
 * io.vectornode.error.BudgetExceededException}. After the attempt the reservation is replaced by
 * the real cost. Soft thresholds fire {@link io.vectornode.ModelCallListener#onBudgetThreshold}
 * once per period.
 *
 * <p>Calls to models without a price cannot be bounded: they are let through, and a warning is
 * logged once per model.
 *
 * @param name the budget's name
 * @param scope what it covers
 * @param period the calendar period it resets on
 * @param zone the time zone periods align to
 * @param limitUsd the hard limit per period
 * @param softThresholds fractions of the limit that fire events, each in (0, 1)
 */
public record Budget(String name, BudgetScope scope, Period period, ZoneId zone,
    BigDecimal limitUsd, List<Double> softThresholds) {

  /** Calendar periods. */
  public enum Period {
    /** Each clock hour. */
    HOUR,
    /** Each day, from midnight. */
    DAY,
    /** Each month, from the first. */
    MONTH
  }

  /** Validates and copies. */
  public Budget {
    requireNonNull(name, "name");
    requireNonNull(scope, "scope");
    requireNonNull(period, "period");
    requireNonNull(zone, "zone");
    requireNonNull(limitUsd, "limitUsd");
    softThresholds = List.copyOf(softThresholds);
    if (limitUsd.signum() <= 0) {
      throw new ConfigurationException("budgets." + name + ".limit",
          "must be positive, was " + limitUsd.toPlainString());
    }
    for (double t : softThresholds) {
      if (!(t > 0 && t < 1)) {
        throw new ConfigurationException("budgets." + name + ".softThresholds",
            "must be fractions between 0 and 1, was " + t);
      }
    }
  }

  /**
   * A budget without soft thresholds, in UTC.
   *
   * @param name its name
   * @param scope what it covers
   * @param period its period
   * @param limitUsd its limit in USD
   * @return the budget
   */
  public static Budget of(String name, BudgetScope scope, Period period, String limitUsd) {
    return new Budget(name, scope, period, ZoneId.of("UTC"), new BigDecimal(limitUsd), List.of());
  }

  /**
   * The start of the period that holds an instant, in this budget's zone.
   *
   * @param at the instant
   * @return the start of its hour, day or month
   */
  public java.time.Instant periodStart(java.time.Instant at) {
    java.time.ZonedDateTime z = at.atZone(zone);
    java.time.ZonedDateTime start = switch (period) {
      case HOUR -> z.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
      case DAY -> z.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
      case MONTH -> z.truncatedTo(java.time.temporal.ChronoUnit.DAYS).withDayOfMonth(1);
    };
    return start.toInstant();
  }

  /**
   * The end of a period (the next one's start).
   *
   * @param start the period's start, from {@link #periodStart}
   * @return its end
   */
  public java.time.Instant periodEnd(java.time.Instant start) {
    java.time.ZonedDateTime z = start.atZone(zone);
    java.time.ZonedDateTime end = switch (period) {
      case HOUR -> z.plusHours(1);
      case DAY -> z.plusDays(1);
      case MONTH -> z.plusMonths(1);
    };
    return end.toInstant();
  }

  /**
   * Whether this budget covers an attempt: its scope is global, or names the request's tag, the
   * deployment, or the key the attempt uses.
   *
   * @param request the request
   * @param deployment the deployment the attempt goes to
   * @param keyId the id of the key it uses, or null
   * @return whether the attempt counts against this budget
   */
  public boolean covers(io.vectornode.ChatRequest request, String deployment,
      @org.jspecify.annotations.Nullable String keyId) {
    return switch (scope.kind()) {
      case GLOBAL -> true;
      case TAG -> scope.value().equals(request.tags().get(scope.name()));
      case KEY -> scope.name().equals(keyId);
      case DEPLOYMENT -> scope.name().equals(deployment);
    };
  }
}
