package io.vectornode.routing;

import static java.util.Objects.requireNonNull;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.error.VectorNodeException;
import io.vectornode.routing.internal.ConfigLoader;
import io.vectornode.routing.internal.Router;
import io.vectornode.spi.AbstractChatStream;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client built from a config file that follows the file: {@link #reload()} (called by a
 * watcher thread when the file changes, see {@link VectorNode#watch}) validates the new config
 * and swaps it in atomically. A bad edit keeps the old config and is logged. Calls in flight
 * finish on the config they started with (the old one is closed once its last call ends);
 * listeners given at creation (meters) and budgets' spending carry over. Thread-safe.
 */
public final class ReloadingClient implements ModelClient {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingClient.class);

  private final Path file;
  private final List<ModelCallListener> listeners;
  private final Function<String, @Nullable String> env;
  private final AtomicReference<Generation> current = new AtomicReference<>();
  private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();
  private final AtomicInteger generations = new AtomicInteger();
  private volatile @Nullable WatchService watcher;
  private volatile boolean closed;

  /** One loaded config and the calls running on it. */
  private static final class Generation {
    final Router router;
    final int number;
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean retired;
    private boolean closedOnce;

    Generation(Router router, int number) {
      this.router = router;
      this.number = number;
    }

    void release() {
      if (inFlight.decrementAndGet() == 0 && retired) {
        closeOnce();
      }
    }

    synchronized void closeOnce() {
      if (!closedOnce) {
        closedOnce = true;
        router.close();
      }
    }
  }

  ReloadingClient(Path file, List<ModelCallListener> listeners,
      Function<String, @Nullable String> env) {
    this.file = requireNonNull(file, "file");
    this.listeners = List.copyOf(listeners);
    this.env = env;
    current.set(new Generation(load(null), generations.incrementAndGet()));
  }

  private Router load(@Nullable Generation previous) {
    ConfigLoader.Loaded config = ConfigLoader.load(file, env);
    VectorNode.Builder b = config.builder();
    listeners.forEach(b::listener);
    if (previous != null) {
      b.carryLedgers(previous.router.budgetLedgers());
    }
    return (Router) config.build();
  }

  /**
   * Loads the file again and, when it is valid, swaps it in.
   *
   * @return whether the new config is now in use
   */
  public boolean reload() {
    if (closed) {
      return false;
    }
    Generation old = current.get();
    Router router;
    try {
      router = load(old);
    } catch (VectorNodeException | IllegalArgumentException e) {
      lastError.set(e.getMessage());
      LOG.warn("config reload of {} failed; keeping the previous config: {}", file,
          e.getMessage());
      return false;
    }
    Generation next = new Generation(router, generations.incrementAndGet());
    current.set(next);
    old.retired = true;
    if (old.inFlight.get() == 0) {
      old.closeOnce();
    }
    lastError.set(null);
    LOG.info("config {} reloaded (generation {})", file, next.number);
    return true;
  }

  /** @return why the last reload failed, or empty when it succeeded */
  public Optional<String> lastReloadError() {
    return Optional.ofNullable(lastError.get());
  }

  /** @return the number of the config in use: 1 at start, +1 per successful reload */
  public int generation() {
    return current.get().number;
  }

  /** Counts a call in on the current config; a racing reload makes it take the new one. */
  private Generation acquire() {
    while (true) {
      Generation g = current.get();
      g.inFlight.incrementAndGet();
      if (current.get() == g) {
        return g;
      }
      g.release();
    }
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Generation g = acquire();
    try {
      return g.router.chat(request);
    } finally {
      g.release();
    }
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Generation g = acquire();
    CompletableFuture<ChatResponse> f;
    try {
      f = g.router.chatAsync(request);
    } catch (RuntimeException e) {
      g.release();
      throw e;
    }
    f.whenComplete((r, e) -> g.release());
    return f;
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    Generation g = acquire();
    ChatStream upstream;
    try {
      upstream = g.router.stream(request);
    } catch (RuntimeException e) {
      g.release();
      throw e;
    }
    return new AbstractChatStream() {
      private @Nullable Iterator<StreamEvent> events;
      private boolean released;

      @Override
      protected @Nullable StreamEvent nextEvent() {
        if (events == null) {
          events = upstream.iterator();
        }
        if (!events.hasNext()) {
          release();
          return null;
        }
        return events.next();
      }

      @Override
      protected void cancel() {
        upstream.close();
        release();
      }

      private synchronized void release() {
        if (!released) {
          released = true;
          g.release();
        }
      }
    };
  }

  void startWatching() {
    Path dir = file.toAbsolutePath().getParent();
    try {
      WatchService ws = FileSystems.getDefault().newWatchService();
      dir.register(ws, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
      watcher = ws;
      Thread t = new Thread(() -> watch(ws), "vectornode-config-watch");
      t.setDaemon(true);
      t.start();
    } catch (IOException e) {
      LOG.warn("cannot watch {} for changes ({}); call reload() to apply edits", file,
          e.toString());
    }
  }

  private void watch(WatchService ws) {
    Path name = file.getFileName();
    try {
      while (!closed) {
        WatchKey key = ws.take();
        boolean ours = key.pollEvents().stream().anyMatch(ev -> name.equals(ev.context()));
        key.reset();
        if (ours) {
          reload();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  @Override
  public void close() {
    closed = true;
    WatchService ws = watcher;
    if (ws != null) {
      try {
        ws.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
    Generation g = current.get();
    g.retired = true;
    g.closeOnce();
  }

  @Override
  public String toString() {
    return "ReloadingClient[" + file + ", generation " + generation() + ", "
        + current.get().router + "]";
  }
}
