package io.vectornode.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vectornode.CallEndEvent;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.usage.LedgerRecord;
import io.vectornode.usage.UsageSink;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage ledger in PostgreSQL: every call that ends (and each of its attempts) becomes a row,
 * exactly once, written off the call path, and kept in a local spool while the database cannot
 * take it.
 *
 * <pre>{@code
 * JdbcLedger ledger = JdbcLedger.builder()
 *     .url("jdbc:postgresql://db:5432/app")
 *     .user("vectornode")
 *     .password(Secret.of(System.getenv("VN_DB_PASSWORD")))
 *     .spool(Path.of("/var/lib/myapp/usage-spool"))
 *     .build();
 * ModelClient client = VectorNode.builder()
 *     ...
 *     .listener(ledger)
 *     .closeWith(ledger)     // closed (flushed) with the client
 *     .build();
 * }</pre>
 *
 * <p>Or with the application's own pool: {@code .dataSource(ds)} (the ledger then never closes
 * it), or from a config file: {@code ledger: {jdbc: {url: ..., user: ..., password:
 * ${env:VN_DB_PASSWORD}, table: vectornode_calls, spool: usage-spool/}}}.
 *
 * <p><b>The path of a record.</b> {@link #onCallEnd} stamps the record, appends its JSONL line
 * to the spool (one write of a whole line, no fsync, as {@code UsageLedger} does) and offers it
 * to a bounded queue; it never waits for the database. One writer thread inserts what the queue
 * holds in batches, one transaction each ({@code INSERT ... ON CONFLICT (request_id) DO
 * NOTHING}, attempts only for the calls inserted), and deletes a spool file once every record
 * in it is committed. When the queue is full, or the database fails, records are not lost: they
 * are in the spool, which the writer replays (idempotently, on the request id) when the database
 * answers. A record is dropped (counted in {@link Stats#dropped()}, and logged once per episode)
 * only when the spool is full (its byte cap) or cannot be written <em>and</em> the queue is full
 * or the database unavailable.
 *
 * <p><b>A killed process</b> ({@code kill -9}) loses no record whose {@code onCallEnd} returned,
 * unless the spool was full or failing at the time: the next ledger on the same spool directory
 * replays it. A crash of the machine itself can lose what the kernel had not yet written to disk
 * (the last seconds). A record written just before a kill may also have reached the database;
 * the replay then skips it (exactly once).
 *
 * <p>The schema (the calls table, the attempts table, a version table) is created or migrated on
 * first use, see {@code schema/V1.sql} and {@code V2.sql} in this jar for the DDL a DBA can apply by hand.
 *
 * <p>The password (and a {@code password=} in the URL) is never in a log line, an exception or a
 * {@code toString()}. Thread-safe.
 */
public final class JdbcLedger implements UsageSink {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcLedger.class);
  static final String THREAD = "vectornode-jdbc-ledger";

  /** A queued record and the spool segment holding its line (null: it is not in the spool). */
  record Item(LedgerRecord record, Spool.@Nullable Segment segment) {}

  /**
   * Counters since the ledger was built.
   *
   * @param available whether the database answers now (the writer is not in an outage)
   * @param written records inserted from the queue
   * @param replayed records inserted from the spool
   * @param duplicates records the database already held (a replay of committed records, or a
   *     request id seen twice), skipped
   * @param spooled records that missed the queue's path (queue full, database failing) and wait
   *     in the spool for a replay
   * @param dropped records lost: neither in the database nor in the spool
   * @param rejected records the database refused for their data, kept in {@code
   *     rejected.jsonl} in the spool directory
   * @param outages times the database became unavailable
   * @param queued records in the queue now
   * @param spoolBytes bytes in the spool's segments now
   * @param spoolFiles spool segments now
   */
  public record Stats(boolean available, long written, long replayed, long duplicates,
      long spooled, long dropped, long rejected, long outages, int queued, long spoolBytes,
      int spoolFiles) {}

  private final Clock clock;
  private final Spool spool;
  private final BlockingQueue<Item> queue;
  private final Counters counters;
  private final LedgerWriter writer;
  private final Thread thread;
  private final @Nullable HikariDataSource owned;
  private final String where;
  private final Schema schema;
  private final Duration closeTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean warnedClosed = new AtomicBoolean();

  private JdbcLedger(Builder b, DataSource ds, @Nullable HikariDataSource owned, String where,
      Redaction redaction, Schema schema, Spool spool) {
    this.clock = b.clock;
    this.spool = spool;
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.counters = new Counters();
    this.owned = owned;
    this.where = where;
    this.schema = schema;
    this.closeTimeout = b.closeTimeout;
    this.writer = new LedgerWriter(ds, schema, spool, queue, counters, redaction, where,
        b.batchSize, b.retryEvery);
    this.thread = new Thread(writer, THREAD);
    thread.setDaemon(true);
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records a call: appends it to the spool and queues it for the database. Never blocks on the
   * database and never throws.
   */
  @Override
  public void onCallEnd(CallEndEvent event) {
    if (closed.get()) {
      counters.dropped.incrementAndGet();
      if (warnedClosed.compareAndSet(false, true)) {
        LOG.warn("usage ledger: a call ended after the ledger was closed; its record (and any"
            + " later one) is dropped (request {})", Redaction.printable(event.requestId()));
      }
      return;
    }
    try {
      LedgerRecord r = LedgerRecord.of(event, clock.instant());
      Spool.Segment s = spool.append(r.toLine());
      Item item = new Item(r, s);
      if (queue.offer(item)) {
        if (closed.get() && queue.remove(item)) {
          // close() ran while this call was between its check and the queue: the writer may
          // have finished already, so the record is not left in a queue nobody drains. In the
          // spool it stays for the next start; otherwise it is dropped, and counted.
          if (s != null) {
            spool.markReplay(s);
            counters.spooled.incrementAndGet();
          } else {
            counters.drop("a call ended while the ledger was closing");
          }
        }
      } else {
        if (s != null) {
          spool.markReplay(s); // in the spool: the writer replays it when it catches up
          counters.spooled.incrementAndGet();
        } else {
          counters.drop("the queue (" + (queue.size() + queue.remainingCapacity())
              + " records) and the spool " + spool.dir() + " (" + spool.maxBytes()
              + " bytes) are full");
        }
      }
    } catch (RuntimeException e) {
      counters.drop("a record could not be made (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** @return the counters now */
  public Stats stats() {
    return new Stats(writer.available(), counters.written.get(), counters.replayed.get(),
        counters.duplicates.get(), counters.spooled.get(), counters.dropped.get(),
        counters.rejected.get(), counters.outages.get(), queue.size(), spool.bytes(),
        spool.files());
  }

  /**
   * Writes what the queue holds (within the close timeout; the rest stays in the spool for the
   * next start), stops the writer, releases the spool directory and closes the pool the ledger
   * owns. Calls that end after it are counted as dropped; one that ends while it runs may be
   * neither written nor counted: close the client first. Idempotent; never throws.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    writer.close(deadline);
    try {
      thread.join(TimeUnit.NANOSECONDS.toMillis(closeTimeout.toNanos()) + 1_000);
      if (thread.isAlive()) {
        // Stuck in a statement: interrupting and closing the pool ends it. Its records are in
        // the spool.
        thread.interrupt();
        if (owned != null) {
          owned.close();
        }
        thread.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("usage ledger: the writer did not stop within {}; what it held is in the spool {}"
          + " for the next start", closeTimeout, spool.dir());
      spool.close();
    }
    if (owned != null) {
      owned.close();
    }
    Stats s = stats();
    LOG.info("usage ledger closed: {} written, {} replayed, {} spooled, {} dropped, {} left in"
        + " the spool ({} files)", s.written(), s.replayed(), s.spooled(), s.dropped(),
        s.spoolBytes(), s.spoolFiles());
  }

  /** Shows where it writes, never a password. */
  @Override
  public String toString() {
    return "JdbcLedger[" + where + ", table " + schema.name + ", spool " + spool.dir() + "]";
  }

  /**
   * Builds a {@link JdbcLedger}. Fail-fast: each setter checks its value, and {@link #build}
   * the combination; messages name the field ({@code ledger.jdbc.<field>}) and never show a
   * password. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable String url;
    private @Nullable String user;
    private @Nullable Secret password;
    private String table = Schema.DEFAULT_TABLE;
    private @Nullable Path spool;
    private long spoolLimitBytes = 256L << 20;
    private int queueCapacity = 10_000;
    private int batchSize = 500;
    private Duration retryEvery = Duration.ofSeconds(1);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The application's own data source (a pool, preferably). The ledger borrows one connection
     * at a time and never closes the data source. Exclusive with {@link #url}.
     *
     * @param dataSource a PostgreSQL data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Where the database is: {@code jdbc:postgresql://host:port/database[?params]}. The ledger
     * then owns a small HikariCP pool (2 connections). A {@code password} parameter is taken
     * out of the URL and given to the pool apart (unless {@link #password} is set, which wins);
     * no password is ever shown. Exclusive with {@link #dataSource}.
     *
     * @param url the JDBC URL
     * @return this builder
     * @throws ConfigurationException when it is not a PostgreSQL JDBC URL
     */
    public Builder url(String url) {
      this.url = checkUrl(url);
      return this;
    }

    /**
     * A PostgreSQL JDBC URL that pgJDBC accepts, stripped ({@link JdbcLedgerSource} checks its
     * URL the same way).
     *
     * @throws ConfigurationException naming ledger.jdbc.url, never showing the value
     */
    static String checkUrl(String url) {
      requireNonNull(url, "url");
      String u = url.strip();
      if (!u.startsWith("jdbc:postgresql:")) {
        throw new ConfigurationException("ledger.jdbc.url", "must be a PostgreSQL JDBC URL"
            + " (jdbc:postgresql://host:port/database); the value is not shown");
      }
      int hosts = "jdbc:postgresql://".length();
      int end = u.length();
      for (char c : new char[] {'/', '?', '#'}) {
        int i = u.indexOf(c, Math.min(hosts, u.length()));
        if (i >= 0) {
          end = Math.min(end, i);
        }
      }
      if (u.startsWith("jdbc:postgresql://") && u.substring(hosts, end).indexOf('@') >= 0) {
        // pgJDBC does not read user:password@ (it would look the whole up as a host name).
        throw new ConfigurationException("ledger.jdbc.url", "must not carry user:password@"
            + " (pgJDBC does not read it); give user and password apart; the value is not"
            + " shown");
      }
      try {
        DriverManager.getDriver(u); // pgjdbc accepts only what it can parse
      } catch (SQLException e) {
        throw new ConfigurationException("ledger.jdbc.url", "is not a JDBC URL that pgJDBC"
            + " accepts (jdbc:postgresql://host:port/database?param=value, reserved characters"
            + " percent-encoded); the value is not shown");
      }
      return u;
    }

    /**
     * The database user, with {@link #url}.
     *
     * @param user the user name
     * @return this builder
     */
    public Builder user(String user) {
      requireNonNull(user, "user");
      if (user.isBlank()) {
        throw new ConfigurationException("ledger.jdbc.user", "must not be blank");
      }
      this.user = user;
      return this;
    }

    /**
     * The database password, with {@link #url}.
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(Secret password) {
      this.password = requireNonNull(password, "password");
      return this;
    }

    /**
     * The calls table (default {@code vectornode_calls}); the attempts go to the same name with
     * {@code _calls} replaced by {@code _attempts} ({@code vectornode_attempts}), or with
     * {@code _attempts} appended.
     *
     * @param table {@code name} or {@code schema.name}: lowercase letters, digits and {@code _},
     *     each part 1 to 40 characters, not starting with a digit
     * @return this builder
     * @throws ConfigurationException when it is not such a name (it is never put in SQL as
     *     written: names are validated, then quoted)
     */
    public Builder table(String table) {
      this.table = Schema.of(requireNonNull(table, "table")).name;
      return this;
    }

    /**
     * The spool directory (required): created if missing, locked while the ledger is open
     * (one ledger per directory), replayed at start when an earlier process left records in it.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder spool(Path dir) {
      this.spool = requireNonNull(dir, "spool");
      return this;
    }

    /**
     * The most bytes the spool may hold (default 256 MiB, roughly 300,000 records).
     *
     * @param bytes at least 1 MiB
     * @return this builder
     */
    public Builder spoolLimitBytes(long bytes) {
      if (bytes < (1L << 20)) {
        throw new ConfigurationException("ledger.jdbc.spoolLimit", "must be at least 1MB, was "
            + bytes + " bytes");
      }
      this.spoolLimitBytes = bytes;
      return this;
    }

    /**
     * The most records waiting in memory for the writer (default 10,000). Beyond, records wait
     * in the spool.
     *
     * @param records 1 to 1,000,000
     * @return this builder
     */
    public Builder queueCapacity(int records) {
      if (records < 1 || records > 1_000_000) {
        throw new ConfigurationException("ledger.jdbc.queueCapacity", "must be 1 to 1000000, was "
            + records);
      }
      this.queueCapacity = records;
      return this;
    }

    /**
     * The most records per transaction (default 500).
     *
     * @param records 1 to 10,000
     * @return this builder
     */
    public Builder batchSize(int records) {
      if (records < 1 || records > 10_000) {
        throw new ConfigurationException("ledger.jdbc.batchSize", "must be 1 to 10000, was "
            + records);
      }
      this.batchSize = records;
      return this;
    }

    /**
     * How often an unavailable database is tried again (default 1 s).
     *
     * @param every 10 ms to 10 minutes
     * @return this builder
     */
    public Builder retryEvery(Duration every) {
      this.retryEvery = range("retryEvery", every, Duration.ofMillis(10), Duration.ofMinutes(10));
      return this;
    }

    /**
     * How long the writer waits for a connection of the pool it owns (default 5 s).
     *
     * @param timeout 250 ms to 10 minutes
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = range("connectTimeout", timeout, Duration.ofMillis(250),
          Duration.ofMinutes(10));
      return this;
    }

    /**
     * How long {@link JdbcLedger#close()} writes what is queued before leaving it in the spool
     * (default 5 s).
     *
     * @param timeout 0 to 10 minutes
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = range("closeTimeout", timeout, Duration.ZERO, Duration.ofMinutes(10));
      return this;
    }

    /**
     * The clock records are stamped with (default UTC system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    private static Duration range(String field, Duration d, Duration min, Duration max) {
      requireNonNull(d, field);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new ConfigurationException("ledger.jdbc." + field, "must be between " + min
            + " and " + max + ", was " + d);
      }
      return d;
    }

    /**
     * Builds the ledger and starts its writer. The database need not be up: records wait in the
     * spool until it is (the writer logs a warning).
     *
     * @return the ledger
     * @throws ConfigurationException naming the field when a value is missing or bad, or the
     *     spool directory cannot be used
     */
    public JdbcLedger build() {
      if (dataSource != null && url != null) {
        throw new ConfigurationException("ledger.jdbc.url", "give a url or a DataSource, not"
            + " both");
      }
      if (dataSource == null && url == null) {
        throw new ConfigurationException("ledger.jdbc.url", "is required (or a DataSource)");
      }
      if (dataSource != null && (user != null || password != null)) {
        throw new ConfigurationException(user != null ? "ledger.jdbc.user"
            : "ledger.jdbc.password", "applies to a url; a DataSource carries its own");
      }
      if (spool == null) {
        throw new ConfigurationException("ledger.jdbc.spool", "is required: the directory"
            + " records wait in while the database is unavailable");
      }
      Schema schema = Schema.of(table);
      String pw = password != null ? password.reveal()
          : url == null ? null : Redaction.passwordParameter(url);
      Redaction redaction = Redaction.of(password == null ? null : password.reveal(),
          url == null ? "" : url);
      Spool s = Spool.open(spool, spoolLimitBytes, Math.max(1L << 20, spoolLimitBytes / 64));
      HikariDataSource pool = null;
      DataSource ds = dataSource;
      String where;
      try {
        if (ds == null) {
          pool = pool(requireNonNull(url), user, pw, connectTimeout);
          ds = pool;
          where = Redaction.url(url) + (user == null ? "" : " as " + Redaction.printable(user));
        } else {
          where = "DataSource " + ds.getClass().getName();
        }
      } catch (RuntimeException e) {
        s.close();
        throw new ConfigurationException("ledger.jdbc.url", "cannot set up the pool ("
            + e.getClass().getSimpleName() + ": " + redaction.scrub(e.getMessage()) + ")");
      }
      JdbcLedger ledger = new JdbcLedger(this, ds, pool, where, redaction, schema, s);
      ledger.thread.start();
      return ledger;
    }

    private static HikariDataSource pool(String url, @Nullable String user, @Nullable String pw,
        Duration connectTimeout) {
      HikariConfig c = new HikariConfig();
      c.setPoolName("vectornode-ledger");
      // The password is a property, never part of the URL the pool and the driver may quote.
      c.setJdbcUrl(Redaction.withoutPassword(url));
      if (user != null) {
        c.setUsername(user);
      }
      if (pw != null) {
        c.setPassword(pw);
      }
      c.setMaximumPoolSize(2);
      c.setMinimumIdle(0);
      c.setConnectionTimeout(connectTimeout.toMillis());
      c.setValidationTimeout(Math.min(connectTimeout.toMillis(), 5_000));
      // Start even when the database is down: records wait in the spool.
      c.setInitializationFailTimeout(-1);
      // Defaults the URL may override: connect within the timeout; a hung server (no answer
      // for 2 minutes) ends the statement instead of holding the writer forever.
      c.addDataSourceProperty("connectTimeout",
          Long.toString(Math.max(1, connectTimeout.toSeconds())));
      c.addDataSourceProperty("socketTimeout", "120");
      c.addDataSourceProperty("ApplicationName", "vectornode-ledger");
      return new HikariDataSource(c);
    }
  }
}
