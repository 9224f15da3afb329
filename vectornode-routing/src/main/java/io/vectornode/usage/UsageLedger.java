package io.vectornode.usage;

import static java.util.Objects.requireNonNull;

import io.vectornode.CallEndEvent;
import io.vectornode.ModelCallListener;
import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only usage ledger: one JSON line per logical call, with all its attempts, in {@code
 * vectornode-usage-YYYY-MM-DD.jsonl} files under a directory, rotated daily in a time zone.
 *
 * <p>Crash-safe: each record is one write of a whole line; when a file is reopened after a crash
 * left a half-written last line, a newline is written first so that the broken line stays alone
 * (readers skip it) and every later record is whole. Records never contain keys (key ids only)
 * or prompt or completion text.
 *
 * <p>Each line is {@link LedgerRecord#toLine()} of the call's {@link LedgerRecord}. Register it as
 * a listener; close it on shutdown. Thread-safe.
 */
public final class UsageLedger implements ModelCallListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);

  private final Path dir;
  private final Clock clock;
  private final ZoneId zone;
  private @Nullable FileChannel channel;
  private @Nullable LocalDate day;
  private boolean closed;

  private UsageLedger(Path dir, Clock clock, ZoneId zone) {
    this.dir = dir;
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * Opens a ledger in a directory (created if missing), rotating at midnight UTC.
   *
   * @param dir the directory
   * @return the ledger
   */
  public static UsageLedger open(Path dir) {
    return open(dir, Clock.systemUTC(), ZoneId.of("UTC"));
  }

  /**
   * Opens a ledger.
   *
   * @param dir the directory
   * @param clock the clock records are stamped and files rotated by
   * @param zone the time zone whose midnight starts a new file
   * @return the ledger
   */
  public static UsageLedger open(Path dir, Clock clock, ZoneId zone) {
    requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigurationException("ledger.directory", "cannot create '" + dir + "' ("
          + e.getMessage() + ")", e);
    }
    return new UsageLedger(dir, requireNonNull(clock, "clock"), requireNonNull(zone, "zone"));
  }

  /**
   * The file a day's records go to.
   *
   * @param dir the ledger directory
   * @param day the day
   * @return the file
   */
  public static Path file(Path dir, LocalDate day) {
    return dir.resolve("vectornode-usage-" + day + ".jsonl");
  }

  @Override
  public void onCallEnd(CallEndEvent e) {
    byte[] line = LedgerRecord.of(e, clock.instant()).toLine();
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        channel(LocalDate.ofInstant(clock.instant(), zone)).write(ByteBuffer.wrap(line));
      } catch (IOException | RuntimeException ex) {
        LOG.warn("usage ledger write failed for request {} ({}); record lost", e.requestId(),
            ex.toString());
      }
    }
  }

  private FileChannel channel(LocalDate today) throws IOException {
    if (channel != null && today.equals(day)) {
      return channel;
    }
    if (channel != null) {
      channel.close();
    }
    Path f = file(dir, today);
    boolean partial = false;
    if (Files.exists(f) && Files.size(f) > 0) {
      try (FileChannel r = FileChannel.open(f, StandardOpenOption.READ)) {
        ByteBuffer last = ByteBuffer.allocate(1);
        r.read(last, r.size() - 1);
        partial = last.get(0) != '\n';
      }
    }
    FileChannel c = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    {
      if (partial) {
        // A crash cut the last record short: end it so the next record starts on its own line.
        c.write(ByteBuffer.wrap(new byte[] {'\n'}));
        LOG.warn("usage ledger {} ended with a partial line; it is kept apart and skipped by"
            + " readers", f);
      }
    }
    channel = c;
    day = today;
    return c;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      channel = null;
    }
  }
}
