package io.vectornode.jdbc;

import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local spool: every record is appended here (one write of a whole JSONL ledger line, as
 * {@code UsageLedger} writes) before it is queued for the database, so that a killed process
 * loses nothing it recorded. Lines go to numbered segment files ({@code spool-<n>.jsonl}); a
 * segment is sealed when it is full (or rolled by the writer), and deleted once every line in
 * it is committed to the database. A segment whose lines did not all go through the queue
 * (the queue was full, the database failed) is marked for replay: the writer inserts it again
 * from the file, idempotently. Segments left by an earlier process are replayed at start.
 *
 * <p>The directory is locked ({@code .lock}, an OS file lock) for the spool's life: two ledgers
 * on one spool would replay and delete each other's live segments. Appends are serialized by
 * this object's monitor; segment state is read and changed under it. The total size of the
 * segments is capped: an append that would pass the cap is refused (the record then lives only
 * in the queue).
 */
final class Spool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcLedger.class);
  private static final Pattern SEGMENT = Pattern.compile("spool-(\\d{1,19})\\.jsonl");
  static final String REJECTED = "rejected.jsonl";

  /** One segment file. Fields other than {@link #file} are guarded by the spool's monitor. */
  static final class Segment {
    final Path file;
    final long number;
    @Nullable FileChannel channel;
    long bytes;
    /** Lines appended by this process (a leftover segment's are unknown: it is replayed). */
    long appended;
    /** Lines committed through the queue. */
    long committed;
    boolean sealed;
    boolean replay;

    Segment(Path file, long number) {
      this.file = file;
      this.number = number;
    }
  }

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  /** Live segments, oldest first; the last may be the current one. */
  private final List<Segment> segments = new ArrayList<>();
  private @Nullable Segment current;
  private long next;
  private long totalBytes;
  private boolean closed;
  private boolean writeFailing;

  private Spool(Path dir, long maxBytes, long segmentBytes, FileChannel lockChannel,
      FileLock lock) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating) and locks a spool directory, and lists the segments an earlier process
   * left, each marked for replay.
   *
   * @throws ConfigurationException naming {@code ledger.jdbc.spool} when the directory cannot
   *     be created or another ledger holds it
   */
  static Spool open(Path dir, long maxBytes, long segmentBytes) {
    FileChannel ch = null;
    try {
      Files.createDirectories(dir);
      ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new ConfigurationException("ledger.jdbc.spool", "'" + dir + "' is in use by another"
            + " ledger (its .lock is held, by this process or another); give each instance its"
            + " own spool directory");
      }
      Spool s = new Spool(dir, maxBytes, segmentBytes, ch, lock);
      s.scan();
      return s;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new ConfigurationException("ledger.jdbc.spool", "cannot use '" + dir + "' ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private void scan() throws IOException {
    List<Segment> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Matcher m = SEGMENT.matcher(f.getFileName().toString());
        if (m.matches() && Files.isRegularFile(f)) {
          Segment s = new Segment(f, Long.parseLong(m.group(1)));
          s.bytes = Files.size(f);
          s.sealed = true;
          s.replay = true;
          found.add(s);
        }
      }
    }
    found.sort((a, b) -> Long.compare(a.number, b.number));
    segments.addAll(found);
    for (Segment s : found) {
      totalBytes += s.bytes;
      next = Math.max(next, s.number + 1);
    }
  }

  /**
   * Appends one whole line (ending in a newline).
   *
   * @return the segment it is in, or null when it was not written (the cap, a closed spool, or
   *     a write error, which is logged)
   */
  synchronized @Nullable Segment append(byte[] line) {
    if (closed || totalBytes + line.length > maxBytes) {
      return null;
    }
    Segment s = current;
    try {
      if (s == null || s.bytes + line.length > segmentBytes && s.bytes > 0) {
        if (s != null) {
          seal(s);
        }
        s = newSegment();
      }
      FileChannel ch = s.channel;
      ByteBuffer b = ByteBuffer.wrap(line);
      long before = s.bytes;
      try {
        while (b.hasRemaining()) {
          s.bytes += ch.write(b);
        }
      } finally {
        totalBytes += s.bytes - before;
      }
      s.appended++;
      if (writeFailing) {
        writeFailing = false;
        LOG.info("usage ledger: the spool {} is written again", dir);
      }
      return s;
    } catch (IOException | RuntimeException e) {
      if (!writeFailing) {
        writeFailing = true;
        LOG.warn("usage ledger: cannot write the spool {} ({}); records are kept in memory"
            + " only until it can be written", dir, e.toString());
      }
      if (s != null && s.channel != null) {
        // A partial line may be in it: nothing more is appended, and it is replayed (readers
        // skip a broken line).
        s.replay = true;
        seal(s);
      }
      return null;
    }
  }

  private Segment newSegment() throws IOException {
    long n = next++;
    Segment s = new Segment(dir.resolve(String.format("spool-%019d.jsonl", n)), n);
    s.channel = FileChannel.open(s.file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    segments.add(s);
    current = s;
    return s;
  }

  private void seal(Segment s) {
    s.sealed = true;
    if (current == s) {
      current = null;
    }
    closeQuietly(s.channel);
    s.channel = null;
  }

  /** Marks a segment for replay: one of its lines will not come through the queue. */
  synchronized void markReplay(Segment s) {
    s.replay = true;
  }

  /** Counts lines committed through the queue. */
  synchronized void committed(Segment s, long lines) {
    s.committed += lines;
  }

  /**
   * The writer's housekeeping when its queue is empty: seals the current segment when it must
   * be replayed, or when everything in it is committed and it holds at least {@code rollBytes};
   * then {@link #deleteCommitted}.
   */
  synchronized void tidy(long rollBytes) {
    Segment c = current;
    if (c != null && (c.replay || c.committed == c.appended && c.bytes >= rollBytes)) {
      seal(c);
    }
    deleteCommitted();
  }

  /**
   * Deletes the sealed segments whose every line is committed. The writer calls it after every
   * batch: under a steady load its queue is never empty, and the spool must not keep what is
   * in the database.
   */
  synchronized void deleteCommitted() {
    for (Segment s : new ArrayList<>(segments)) {
      if (s.sealed && !s.replay && s.committed == s.appended) {
        delete(s);
      }
    }
  }

  /** @return the oldest sealed segment to replay, or null */
  synchronized @Nullable Segment nextReplay() {
    for (Segment s : segments) {
      if (s.sealed && s.replay) {
        return s;
      }
    }
    return null;
  }

  /** Deletes a segment (its lines are committed). */
  synchronized void delete(Segment s) {
    try {
      Files.deleteIfExists(s.file);
      segments.remove(s);
      totalBytes -= s.bytes;
    } catch (IOException e) {
      LOG.warn("usage ledger: cannot delete the spool file {} ({}); it will be replayed again,"
          + " harmlessly", s.file, e.toString());
      s.replay = true;
    }
  }

  /**
   * Moves a segment that cannot be read out of the way ({@code unreadable-spool-<n>.jsonl}), so
   * that it is not retried forever; an operator can look at it.
   */
  synchronized void setAside(Segment s) {
    segments.remove(s);
    totalBytes -= s.bytes;
    try {
      Files.move(s.file, s.file.resolveSibling("unreadable-" + s.file.getFileName()));
    } catch (IOException e) {
      LOG.warn("usage ledger: cannot move {} aside ({})", s.file, e.toString());
    }
  }

  /** Appends a record the database refused to {@code rejected.jsonl} (outside the cap). */
  synchronized void reject(byte[] line) {
    try (FileChannel ch = FileChannel.open(dir.resolve(REJECTED), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(line);
      while (b.hasRemaining()) {
        ch.write(b);
      }
    } catch (IOException e) {
      LOG.warn("usage ledger: cannot write {} ({})", dir.resolve(REJECTED), e.toString());
    }
  }

  synchronized long bytes() {
    return totalBytes;
  }

  synchronized int files() {
    return segments.size();
  }

  /** @return whether any segment is waiting for a replay */
  synchronized boolean replayPending() {
    for (Segment s : segments) {
      if (s.replay) {
        return true;
      }
    }
    return false;
  }

  Path dir() {
    return dir;
  }

  long maxBytes() {
    return maxBytes;
  }

  /**
   * Seals the current segment, deletes it when it is wholly committed, and releases the
   * directory. What is left is replayed by the next ledger on this directory.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Segment c = current;
    if (c != null) {
      seal(c);
    }
    deleteCommitted();
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(@Nullable AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort
      }
    }
  }
}
