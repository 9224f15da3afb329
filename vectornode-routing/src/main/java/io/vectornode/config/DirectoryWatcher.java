package io.vectornode.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that makes a {@link ReloadingClient} look at its file: after every event in the
 * file's directory (of any kind and for any name: a ConfigMap swap creates and renames links,
 * an editor may rename), and every poll interval in any case (a link whose target changes
 * elsewhere sends no event here); sooner while a change waits for its quiet period. At most
 * ten looks a second, however busy the directory.
 *
 * <p>Thread-safe: started and closed once.
 */
final class DirectoryWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);
  private static final long MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Path file;
  private final Duration quietPeriod;
  private final Duration pollInterval;
  private final BooleanSupplier pending;
  private final Runnable look;
  private volatile @Nullable WatchService events;
  private volatile @Nullable Thread thread;
  private volatile boolean closed;

  DirectoryWatcher(Path file, Duration quietPeriod, Duration pollInterval,
      BooleanSupplier pending, Runnable look) {
    this.file = file;
    this.quietPeriod = quietPeriod;
    this.pollInterval = pollInterval;
    this.pending = pending;
    this.look = look;
  }

  void start() {
    Path dir = file.toAbsolutePath().getParent();
    WatchService ws = null;
    try {
      ws = dir.getFileSystem().newWatchService();
      dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      events = ws;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("cannot watch the directory of {} ({}); looking at the file every {} s instead",
          file, e.getClass().getSimpleName(), pollInterval.toSeconds());
      ws = null;
    }
    WatchService w = ws;
    Thread t = new Thread(() -> run(w), "vectornode-config-watch");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  private void run(@Nullable WatchService ws) {
    long lastLook = System.nanoTime();
    try {
      while (!closed) {
        long wait = (pending.getAsBoolean() ? quietPeriod : pollInterval).toNanos();
        if (ws != null) {
          WatchKey key = ws.poll(wait, TimeUnit.NANOSECONDS);
          if (key != null) {
            key.pollEvents(); // which name changed does not matter: the content's hash decides
            key.reset();
            // Another file in the directory written without pause (a log) must not make us
            // read the config without pause: at most one look per MIN_GAP.
            long since = System.nanoTime() - lastLook;
            if (since < MIN_GAP_NANOS) {
              TimeUnit.NANOSECONDS.sleep(MIN_GAP_NANOS - since);
            }
          }
        } else {
          TimeUnit.NANOSECONDS.sleep(wait); // no events to wait for: a plain poll
        }
        lastLook = System.nanoTime();
        try {
          look.run();
        } catch (RuntimeException e) {
          LOG.warn("config watch of {}: a look at the file failed ({}); trying again", file,
              e.getClass().getName());
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  @Override
  public void close() {
    closed = true;
    WatchService ws = events;
    if (ws != null) {
      try {
        ws.close(); // wakes the thread
      } catch (IOException ignored) {
        // nothing to do
      }
    }
    Thread t = thread;
    if (t != null && ws == null) {
      t.interrupt();
    }
  }
}
