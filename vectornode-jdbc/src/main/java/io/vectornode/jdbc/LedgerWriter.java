package io.vectornode.jdbc;

import io.vectornode.usage.LedgerRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's one writer thread. While the database answers it takes batches from the queue
 * and inserts each in one transaction; when the queue is empty it tidies the spool (seals and
 * deletes what is committed) and replays one spooled segment. When the database fails (anything
 * but a refusal of the data itself) it enters an outage: the queue's records are left to the
 * spool (they are already in it; a record that is not, because the spool was full, is appended
 * now or dropped), the database is probed every {@code retryEvery}, and once it answers the
 * spool is replayed. A batch the database refuses for its data (SQLSTATE classes 22, 23, 54) is
 * retried one record per transaction; a record refused alone goes to {@code rejected.jsonl}.
 *
 * <p>Closing: the queue is written within the close deadline (and, time permitting, the spool
 * replayed); what is left stays in the spool for the next start.
 */
final class LedgerWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcLedger.class);
  /** A fully committed current segment is rolled (and deleted) once it holds this much. */
  static final long ROLL_BYTES = 64 * 1024;
  static final int STATEMENT_TIMEOUT_SECONDS = 60;
  /** How long a batch waits for more records once it has one. */
  static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  static final long OUTAGE_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** Wakes the writer (closing); carries no record. */
  static final JdbcLedger.Item WAKE = new JdbcLedger.Item(null, null);

  /** The database failed (not the data): the writer enters an outage. */
  static final class Unavailable extends RuntimeException {
    Unavailable(Exception cause) {
      super(null, cause, false, false);
    }
  }

  private final DataSource ds;
  private final Schema schema;
  private final Inserts inserts;
  private final Spool spool;
  private final BlockingQueue<JdbcLedger.Item> queue;
  private final Counters counters;
  private final Redaction redaction;
  private final String where;
  private final int batchSize;
  private final long retryNanos;

  private volatile boolean available;
  private volatile boolean closing;
  private volatile long deadline;
  private volatile int schemaVersion;
  private boolean warnedOutage;
  private boolean probed;
  private long outageStart;

  LedgerWriter(DataSource ds, Schema schema, Spool spool, BlockingQueue<JdbcLedger.Item> queue,
      Counters counters, Redaction redaction, String where, int batchSize, Duration retryEvery) {
    this.ds = ds;
    this.schema = schema;
    this.inserts = new Inserts(schema);
    this.spool = spool;
    this.queue = queue;
    this.counters = counters;
    this.redaction = redaction;
    this.where = where;
    this.batchSize = batchSize;
    this.retryNanos = retryEvery.toNanos();
  }

  boolean available() {
    return available;
  }

  int schemaVersion() {
    return schemaVersion;
  }

  /** Asks the writer to finish by this deadline ({@link System#nanoTime()}). */
  void close(long deadlineNanos) {
    deadline = deadlineNanos;
    closing = true;
    queue.offer(WAKE);
  }

  @Override
  public void run() {
    try {
      loop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("usage ledger: the writer failed; records stay in the spool {} for the next"
          + " start", spool.dir(), e);
    } finally {
      finish();
    }
  }

  private void loop() throws InterruptedException {
    long nextProbe = System.nanoTime();
    while (true) {
      if (!available) {
        if (closing) {
          // A ledger closed right after it was built has not tried yet: one try, and the queue
          // is written if the database answers before the deadline.
          if (!probed && !pastDeadline()) {
            if (probe()) {
              recovered();
              continue;
            }
          }
          return;
        }
        long wait = nextProbe - System.nanoTime();
        if (wait > 0) {
          // The queue's records are in the spool already: they are let go in slices, not one
          // wake-up per record.
          LockSupport.parkNanos(this, Math.min(wait, OUTAGE_SLICE_NANOS));
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
          abandonQueue();
          continue;
        }
        if (probe()) {
          recovered();
        } else {
          nextProbe = System.nanoTime() + retryNanos;
        }
        continue;
      }
      List<JdbcLedger.Item> batch = take();
      if (!batch.isEmpty() && !write(batch)) {
        nextProbe = System.nanoTime() + retryNanos;
        continue;
      }
      if (queue.isEmpty()) {
        spool.tidy(ROLL_BYTES);
        counters.caughtUp();
        Spool.Segment s = spool.nextReplay();
        if (s != null && !(closing && pastDeadline())) {
          if (!replay(s)) {
            nextProbe = System.nanoTime() + retryNanos;
          }
          continue;
        }
        if (closing) {
          return;
        }
      } else if (closing && pastDeadline()) {
        return;
      }
    }
  }

  private boolean pastDeadline() {
    return System.nanoTime() - deadline > 0;
  }

  /**
   * Waits for a first record (up to a second when idle; not at all when the spool has records
   * to replay or the ledger is closing), then lingers up to {@link #LINGER_NANOS} for more, up
   * to a batch: at a few thousand calls a second, one transaction of many rows costs the
   * database far less than many of a few (the CPU it shares with the application). While it
   * lingers it sleeps in slices of {@link #SLICE_NANOS} and looks at the queue's size, rather
   * than being woken by every record (a wake-up per call is CPU taken from the callers).
   */
  private List<JdbcLedger.Item> take() throws InterruptedException {
    List<JdbcLedger.Item> batch = new ArrayList<>(Math.min(batchSize, 64));
    boolean busy = closing || spool.replayPending();
    JdbcLedger.Item first = busy ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
    if (first == null) {
      return batch;
    }
    add(batch, first);
    long until = System.nanoTime() + LINGER_NANOS;
    while (!closing && queue.size() + batch.size() < batchSize) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        break;
      }
      LockSupport.parkNanos(this, Math.min(left, SLICE_NANOS));
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    drain(batch);
    return batch;
  }

  private void drain(List<JdbcLedger.Item> batch) {
    List<JdbcLedger.Item> more = new ArrayList<>();
    queue.drainTo(more, batchSize - batch.size());
    for (JdbcLedger.Item it : more) {
      add(batch, it);
    }
  }

  private static void add(List<JdbcLedger.Item> batch, JdbcLedger.Item it) {
    if (it != WAKE) {
      batch.add(it);
    }
  }

  /** @return false when the database failed (the writer is then in an outage) */
  private boolean write(List<JdbcLedger.Item> batch) {
    List<LedgerRecord> records = new ArrayList<>(batch.size());
    for (JdbcLedger.Item it : batch) {
      records.add(it.record());
    }
    try {
      long inserted = insert(records);
      counters.written.addAndGet(inserted);
    } catch (Unavailable u) {
      outage(u.getCause(), batch);
      return false;
    }
    Map<Spool.Segment, Long> bySegment = new IdentityHashMap<>();
    for (JdbcLedger.Item it : batch) {
      if (it.segment() != null) {
        bySegment.merge(it.segment(), 1L, Long::sum);
      }
    }
    bySegment.forEach(spool::committed);
    spool.deleteCommitted();
    return true;
  }

  /**
   * Inserts records, one transaction for all; when the database refuses the data, one per
   * record, the refused ones rejected.
   *
   * @return how many were inserted (the others were duplicates or rejected, and are counted)
   * @throws Unavailable when the database failed
   */
  private long insert(List<LedgerRecord> records) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        int n = inserts.insert(c, records, STATEMENT_TIMEOUT_SECONDS);
        c.commit();
        counters.duplicates.addAndGet(records.size() - n);
        return n;
      } catch (SQLException e) {
        rollback(c);
        if (!isDataError(e)) {
          throw new Unavailable(e);
        }
      }
      long inserted = 0;
      for (LedgerRecord r : records) {
        try {
          int n = inserts.insert(c, List.of(r), STATEMENT_TIMEOUT_SECONDS);
          c.commit();
          inserted += n;
          counters.duplicates.addAndGet(1 - n);
        } catch (SQLException e) {
          rollback(c);
          if (!isDataError(e)) {
            throw new Unavailable(e);
          }
          reject(r, e);
        }
      }
      return inserted;
    } catch (SQLException | RuntimeException e) {
      if (e instanceof Unavailable u) {
        throw u;
      }
      throw new Unavailable(e);
    }
  }

  /** Refusals of the data itself, which retrying cannot cure (class 22, 23, 54). */
  static boolean isDataError(SQLException e) {
    String s = e.getSQLState();
    return s != null && (s.startsWith("22") || s.startsWith("23") || s.startsWith("54"));
  }

  private void reject(LedgerRecord r, SQLException e) {
    counters.rejected.incrementAndGet();
    spool.reject(r.toLine());
    LOG.warn("usage ledger: PostgreSQL refused the record of request {} (SQLSTATE {}: {}); it is"
        + " kept in {}", Redaction.printable(cut(r.requestId())), e.getSQLState(),
        redaction.scrub(e.getMessage()), spool.dir().resolve(Spool.REJECTED));
  }

  private static String cut(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // a broken connection: the pool discards it
    }
  }

  /**
   * Replays one sealed segment in batches, then deletes it.
   *
   * @return false when the database failed (the segment stays, replayed again later)
   */
  private boolean replay(Spool.Segment s) {
    List<LedgerRecord> batch = new ArrayList<>();
    LedgerRecord.Count count;
    try (InputStream in = Files.newInputStream(s.file)) {
      count = LedgerRecord.readAll(in, r -> {
        batch.add(r);
        if (batch.size() >= batchSize) {
          counters.replayed.addAndGet(insert(batch));
          batch.clear();
        }
      });
      counters.replayed.addAndGet(insert(batch));
    } catch (Unavailable u) {
      outage(u.getCause(), List.of());
      return false;
    } catch (NoSuchFileException e) {
      spool.delete(s);
      return true;
    } catch (IOException e) {
      LOG.warn("usage ledger: cannot read the spool file {} ({}); it is moved aside", s.file,
          e.toString());
      spool.setAside(s);
      return true;
    }
    if (count.skipped() > 0) {
      LOG.warn("usage ledger: {} lines of the spool file {} were not whole records (a crash cut"
          + " one short, or the file was damaged) and were skipped", count.skipped(), s.file);
    }
    spool.delete(s);
    return true;
  }

  /** The database answers (and the schema is current)? */
  private boolean probe() {
    probed = true;
    try (Connection c = ds.getConnection()) {
      int v = schema.migrate(c);
      if (v > Schema.LATEST && schemaVersion != v) {
        LOG.warn("usage ledger: the tables of {} are at schema version {}, newer than this"
            + " VectorNode's ({}); writing the columns it knows", schema.name, v, Schema.LATEST);
      }
      schemaVersion = v;
      return true;
    } catch (SQLException | RuntimeException e) {
      if (!warnedOutage) {
        warnedOutage = true;
        outageStart = System.nanoTime();
        counters.outages.incrementAndGet();
        LOG.warn("usage ledger: PostgreSQL {} is unavailable ({}); records wait in the spool {}"
            + " and are written when it answers", where, describe(e), spool.dir());
      } else {
        LOG.debug("usage ledger: PostgreSQL {} still unavailable ({})", where, describe(e));
      }
      return false;
    }
  }

  private void recovered() {
    available = true;
    if (warnedOutage) {
      warnedOutage = false;
      LOG.info("usage ledger: PostgreSQL {} answers again after {} ms; replaying {} spool"
          + " files ({} bytes)", where, TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
          - outageStart), spool.files(), spool.bytes());
    } else {
      LOG.info("usage ledger: PostgreSQL {}, tables {} at schema version {}, spool {}", where,
          schema.tables(), schemaVersion, spool.dir());
    }
  }

  private void outage(Throwable cause, List<JdbcLedger.Item> batch) {
    available = false;
    if (!warnedOutage) {
      warnedOutage = true;
      outageStart = System.nanoTime();
      counters.outages.incrementAndGet();
      LOG.warn("usage ledger: PostgreSQL {} failed ({}); records wait in the spool {} and are"
          + " written when it answers", where, describe(cause), spool.dir());
    }
    for (JdbcLedger.Item it : batch) {
      abandon(it);
    }
    abandonQueue();
  }

  private void abandonQueue() {
    JdbcLedger.Item it;
    while ((it = queue.poll()) != null) {
      abandon(it);
    }
  }

  /** Leaves a queued record to the spool (appending it when it is not there yet). */
  private void abandon(JdbcLedger.Item it) {
    if (it == WAKE) {
      return;
    }
    Spool.Segment s = it.segment();
    if (s == null) {
      s = spool.append(it.record().toLine());
    }
    if (s == null) {
      counters.drop("the spool " + spool.dir() + " is full (" + spool.maxBytes() + " bytes) or"
          + " cannot be written, and PostgreSQL " + where + " is unavailable");
      return;
    }
    spool.markReplay(s);
    counters.spooled.incrementAndGet();
  }

  /** Whatever is still queued is left to the spool; the spool is closed. */
  private void finish() {
    available = false;
    abandonQueue();
    spool.close();
  }

  private String describe(Throwable e) {
    StringBuilder b = new StringBuilder();
    Throwable t = e;
    for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
      if (depth > 0) {
        b.append("; caused by ");
      }
      b.append(t.getClass().getSimpleName());
      if (t instanceof SQLException se && se.getSQLState() != null) {
        b.append(" SQLSTATE ").append(se.getSQLState());
      }
      b.append(": ").append(redaction.scrub(t.getMessage()));
    }
    return b.toString();
  }
}
