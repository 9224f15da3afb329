package io.vectornode.config;

import static java.util.Objects.requireNonNull;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.routing.DeploymentHealth;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.AbstractChatStream;
import io.vectornode.spi.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client built from a config file that follows the file. Calls in flight finish on the config
 * they started with (the old one is closed once its last call ends); listeners given at creation
 * (meters) and budgets' spending carry over. Thread-safe.
 *
 * <p>How a change is applied. The watcher thread ({@link VectorNode#watch}) looks at the file
 * after every event in its directory, and every 5 seconds in any case; a look reads the file
 * (through symbolic links) and compares the hash of its content:
 *
 * <ul>
 *   <li>Only the content counts, not which name an event was for: a Kubernetes ConfigMap mount
 *       changes by swapping its {@code ..data} link, and the watched name itself never changes.
 *   <li>A new content is applied only once two looks at least a quiet period apart (500 ms)
 *       saw the same hash: an editor or {@code cat >} truncates the
 *       file and then writes it, and the halves in between are never loaded.
 *   <li>It must validate; if not, the old config stays, the reason is logged once (WARN) and
 *       kept in {@link #lastReloadError()}, and the same content is not tried again.
 *   <li>A config that removes models or routes that served calls on the config in use is
 *       applied with a WARN naming them; one that has no models and no routes at all while the
 *       config in use served calls through some is refused (that is what a file caught
 *       half-written looks like).
 * </ul>
 *
 * {@link #reload()} applies the file at once, with the same checks but without waiting.
 */
final class ReloadingClient implements VectorNodeClient {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingClient.class);
  static final long DEFAULT_QUIET_MILLIS = 500;
  static final long DEFAULT_POLL_SECONDS = 5;

  private final Path file;
  private final List<ModelCallListener> listeners;
  /** Budgets' state, shared by every generation so that a reload keeps what was spent. */
  private final io.vectornode.budget.BudgetStore budgets;
  private final Function<String, @Nullable String> env;
  private final Duration quietPeriod;
  private final Duration pollInterval;
  private final AtomicReference<Generation> current = new AtomicReference<>();
  private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();
  private final Object lock = new Object();
  private final FileChanges changes; // guarded by lock
  private volatile @Nullable DirectoryWatcher watcher;
  private volatile boolean closed;

  /** One loaded config and the calls running on it. */
  private static final class Generation {
    final VectorNodeClient router;
    final int number;
    final Set<String> names;
    final @Nullable String defaultModel;
    final Set<String> used = ConcurrentHashMap.newKeySet();
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean retired;
    private boolean closedOnce;

    Generation(VectorNodeClient router, int number, Set<String> names,
        @Nullable String defaultModel) {
      this.router = router;
      this.number = number;
      this.names = Set.copyOf(names);
      this.defaultModel = defaultModel;
    }

    /** Notes which configured models and routes a call names (a bounded set: only those). */
    void use(ChatRequest request) {
      String model = request.model().orElse(null);
      String task = request.task().orElse(null);
      if (model == null && task == null) {
        model = defaultModel;
      }
      if (model != null && names.contains(model) && !used.contains(model)) {
        used.add(model);
      }
      if (task != null && names.contains(task) && !used.contains(task)) {
        used.add(task);
      }
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
    this(file, listeners, env, Ticker.system(), Duration.ofMillis(DEFAULT_QUIET_MILLIS),
        Duration.ofSeconds(DEFAULT_POLL_SECONDS));
  }

  ReloadingClient(Path file, List<ModelCallListener> listeners,
      Function<String, @Nullable String> env, Ticker ticker, Duration quietPeriod,
      Duration pollInterval) {
    this.file = requireNonNull(file, "file");
    this.listeners = List.copyOf(listeners);
    this.budgets = io.vectornode.budget.BudgetStore.inMemory(java.time.Clock.systemUTC(),
        ModelCallListener.guarded(this.listeners)::onBudgetThreshold);
    this.env = env;
    this.quietPeriod = requireNonNull(quietPeriod, "quietPeriod");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval");
    byte[] content = ConfigLoader.read(file);
    current.set(load(content, null));
    this.changes = new FileChanges(requireNonNull(ticker, "ticker"), quietPeriod,
        FileChanges.sha256(content));
  }

  private Generation load(byte[] content, @Nullable Generation previous) {
    return build(ConfigLoader.load(file, content, env), previous);
  }

  private Generation build(ConfigLoader.Loaded config, @Nullable Generation previous) {
    VectorNode.Builder b = config.builder();
    listeners.forEach(b::listener);
    b.budgetStore(budgets); // one store for every generation: spending carries over
    Set<String> names = config.modelAndRouteNames();
    String defaultModel = config.defaultModel();
    VectorNodeClient router = config.build();
    return new Generation(router, previous == null ? 1 : previous.number + 1, names,
        defaultModel);
  }

  /**
   * Loads the file again now and, when it is valid, swaps it in (without the quiet period the
   * watcher waits for; the other checks are the same).
   *
   * @return whether the new config is now in use
   */
  @Override
  public boolean reload() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      return apply(FileChanges.read(file));
    }
  }

  /**
   * One look at the file, exactly what the watcher thread runs after every event in the
   * directory and every poll: applies the file's content once it has been the same for the quiet
   * period (measured by the ticker) and differs from the content last applied or refused.
   *
   * @return whether a new config is now in use
   */
  boolean checkFile() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      FileChanges.Snapshot s = FileChanges.read(file);
      return changes.ready(s) && apply(s);
    }
  }

  /** @return whether a change waits for its quiet period (the watcher then looks sooner) */
  boolean changePending() {
    synchronized (lock) {
      return changes.pending();
    }
  }

  /** Validates and swaps in; called with the lock held. */
  private boolean apply(FileChanges.Snapshot s) {
    changes.settle(s); // this content had its chance: it is tried again only once it changes
    Generation old = current.get();
    Generation next;
    Set<String> removed;
    Set<String> removedInUse;
    try {
      if (s.error() != null || s.content() == null) {
        throw requireNonNull(s.error(), "error");
      }
      ConfigLoader.Loaded config = ConfigLoader.load(file, s.content(), env);
      Set<String> names = config.modelAndRouteNames();
      removed = new TreeSet<>(old.names);
      removed.removeAll(names);
      removedInUse = new TreeSet<>(removed);
      removedInUse.retainAll(old.used);
      if (names.isEmpty() && !removedInUse.isEmpty()) {
        // Decided before building: building would already hand the budgets' state over.
        config.discard();
        return fail(file + ": has no models and no routes, while " + removedInUse + " served"
            + " calls on the config in use; refused, as a file caught half-written looks like"
            + " this (restart to start with such a config)");
      }
      next = build(config, old);
    } catch (RuntimeException e) {
      // Messages from the loader show references, never what they resolved to.
      return fail(String.valueOf(e.getMessage()));
    }
    int running = old.inFlight.get();
    current.set(next);
    old.retired = true;
    if (old.inFlight.get() == 0) {
      old.closeOnce();
    }
    lastError.set(null);
    if (!removedInUse.isEmpty()) {
      LOG.warn("config {} reloaded (generation {}): it removes {} that served calls on"
          + " generation {}; requests naming them now fail ({} calls in flight finish on the"
          + " old config); removed in all: {}", file, next.number, removedInUse, old.number,
          running, removed);
    } else if (!removed.isEmpty()) {
      LOG.info("config {} reloaded (generation {}); removed, unused: {}", file, next.number,
          removed);
    } else {
      LOG.info("config {} reloaded (generation {})", file, next.number);
    }
    return true;
  }

  private boolean fail(String message) {
    lastError.set(message);
    LOG.warn("config reload of {} failed; keeping the previous config: {}", file, message);
    return false;
  }

  /** @return why the last reload failed, or empty when it succeeded */
  @Override
  public Optional<String> lastReloadError() {
    return Optional.ofNullable(lastError.get());
  }

  /** @return the number of the config in use: 1 at start, +1 per successful reload */
  @Override
  public int generation() {
    return current.get().number;
  }

  /** Counts a call in on the current config; a racing reload makes it take the new one. */
  private Generation acquire(ChatRequest request) {
    while (true) {
      Generation g = current.get();
      g.inFlight.incrementAndGet();
      if (current.get() == g) {
        g.use(request);
        return g;
      }
      g.release();
    }
  }

  @Override
  public List<String> providers() {
    return current.get().router.providers();
  }

  @Override
  public List<Route> routes() {
    return current.get().router.routes();
  }

  @Override
  public List<DeploymentHealth> deployments() {
    return current.get().router.deployments();
  }

  @Override
  public List<BudgetStatus> budgets() {
    return current.get().router.budgets();
  }

  @Override
  public List<String> plan(ChatRequest request) {
    return current.get().router.plan(request);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Generation g = acquire(request);
    try {
      return g.router.chat(request);
    } finally {
      g.release();
    }
  }

  @Override
  public io.vectornode.EmbeddingResponse embed(io.vectornode.EmbeddingRequest request) {
    // The generation in use is told the route or model the call names, as a chat's is.
    Generation g = acquire(ChatRequest.builder().model(request.model().orElse(null))
        .task(request.task().orElse(null)).user("embedding").build());
    try {
      return g.router.embed(request);
    } finally {
      g.release();
    }
  }

  @Override
  public int maxEmbeddingInputs() {
    return io.vectornode.EmbeddingRequest.MAX_INPUTS;
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Generation g = acquire(request);
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
    Generation g = acquire(request);
    ChatStream upstream;
    try {
      upstream = g.router.stream(request);
    } catch (RuntimeException e) {
      g.release();
      throw e;
    }
    return releasing(g, upstream);
  }

  /** A multi-turn call: every turn on the config the call started with. */
  @Override
  public ChatResponse chat(ChatRequest first, io.vectornode.routing.Turns turns) {
    Generation g = acquire(first);
    try {
      return g.router.chat(first, turns);
    } finally {
      g.release();
    }
  }

  /** A multi-turn stream: every turn on the config the call started with. */
  @Override
  public ChatStream stream(ChatRequest first, io.vectornode.routing.Turns turns) {
    Generation g = acquire(first);
    ChatStream upstream;
    try {
      upstream = g.router.stream(first, turns);
    } catch (RuntimeException e) {
      g.release();
      throw e;
    }
    return releasing(g, upstream);
  }

  /** The stream, releasing its generation when it ends or is closed. */
  private static ChatStream releasing(Generation g, ChatStream upstream) {
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
    DirectoryWatcher w = new DirectoryWatcher(file, quietPeriod, pollInterval,
        this::changePending, this::checkFile);
    watcher = w;
    w.start();
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true; // a look in progress has finished: none starts after this
    }
    DirectoryWatcher w = watcher;
    if (w != null) {
      w.close();
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
