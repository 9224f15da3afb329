package io.vectornode.jdbc;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a ledger counts, shared by the calling threads and the writer; and the dropped-records
 * warning, logged once when records start being dropped and once, with the count, when an
 * episode of drops ends. Thread-safe.
 */
final class Counters {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcLedger.class);

  final AtomicLong written = new AtomicLong();
  final AtomicLong replayed = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong spooled = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong outages = new AtomicLong();
  private final AtomicLong episodeDrops = new AtomicLong();
  private final AtomicBoolean dropping = new AtomicBoolean();

  /**
   * Counts a record lost (neither in the database nor in the spool); warns at the first of an
   * episode.
   *
   * @param why for the warning: what was full or failed
   */
  void drop(String why) {
    dropped.incrementAndGet();
    episodeDrops.incrementAndGet();
    if (dropping.compareAndSet(false, true)) {
      LOG.warn("usage ledger: dropping records: {}; they are counted in stats().dropped(), and"
          + " a summary is logged when records are kept again", why);
    }
  }

  /** The writer caught up (queue empty, database answering): ends an episode of drops. */
  void caughtUp() {
    if (dropping.get() && dropping.compareAndSet(true, false)) {
      LOG.warn("usage ledger: {} records were dropped while the queue and the spool were full"
          + " ({} in all since the start)", episodeDrops.getAndSet(0), dropped.get());
    }
  }
}
