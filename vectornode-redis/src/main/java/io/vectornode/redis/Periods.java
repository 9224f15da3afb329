package io.vectornode.redis;

import io.vectornode.budget.Budget;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** A budget's calendar periods, as the in-memory store aligns them. */
final class Periods {
  private Periods() {}

  static Instant start(Budget b, Instant now) {
    ZonedDateTime z = now.atZone(b.zone());
    return switch (b.period()) {
      case HOUR -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
      case DAY -> z.truncatedTo(ChronoUnit.DAYS).toInstant();
      case MONTH -> z.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
    };
  }

  static Instant end(Budget b, Instant start) {
    ZonedDateTime z = start.atZone(b.zone());
    return switch (b.period()) {
      case HOUR -> z.plusHours(1).toInstant();
      case DAY -> z.plusDays(1).toInstant();
      case MONTH -> z.plusMonths(1).toInstant();
    };
  }
}
