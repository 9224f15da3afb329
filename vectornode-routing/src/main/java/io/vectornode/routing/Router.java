package io.vectornode.routing;

// Over 400 lines: a router's entry points, route resolution and its operator views
// (VectorNodeClient), its executors and the calls in flight (cancelled on close) share its state.

import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetStore;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.spi.Sleeper;
import io.vectornode.spi.Ticker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router: resolves each request to a route (by task, by name, or a plain {@code
 * provider/model}), plans which deployments may serve it and in what order, and runs the
 * attempts with retries, budgets, breakers, limits, fallbacks and hedging (see {@link
 * AttemptLoop}). Reports every call to the listeners exactly once, with all its attempts.
 */
final class Router implements io.vectornode.routing.VectorNodeClient {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  final ModelCallListener listener;
  /** Whether anyone listens (else no start event is built), as for the direct client. */
  final boolean listening;
  /** Whether a listener overrides onAttemptStart (else no attempt start event is built). */
  final boolean attemptStarts;
  final Ticker ticker;
  final Clock clock;
  final Sleeper sleeper;
  final ModelCatalog catalog;
  final RetryPolicy retry;
  final BreakerPolicy breaker;
  final TimeoutPolicy timeouts;
  final Planner planner;
  final List<Budget> budgets;
  final BudgetStore budgetStore;
  /** The budget store in this JVM: the shared state's fallback (the same as budgetStore without one). */
  final BudgetStore localBudgets;
  /** Budgets, limits and key health shared with a fleet; null for this JVM alone. */
  final io.vectornode.state.@Nullable SharedState shared;
  private final @Nullable AutoCloseable fleetNews;
  final UsageAnomalies anomalies;
  private final Set<String> unboundedWarned = ConcurrentHashMap.newKeySet();

  private final Map<String, ModelClient> providers;
  private final Map<String, ProviderConfig> providerConfigs;
  private final Map<String, List<ApiKey>> providerKeys;
  private final ProviderRegistry registry;
  private final Map<String, ModelClient> keyClients = new ConcurrentHashMap<>();
  private final Random random;
  private final boolean logPrompts;
  private final List<AutoCloseable> owned;
  private static final Logger PROMPTS = LoggerFactory.getLogger("io.vectornode.prompts");
  /**
   * Whether the SLF4J binding keeps an MDC: without one (slf4j-nop, no binding) the six MDC
   * reads and writes of every call are skipped.
   */
  private static final boolean MDC_KEPT =
      !(org.slf4j.MDC.getMDCAdapter() instanceof org.slf4j.helpers.NOPMDCAdapter);
  final Map<String, DeploymentState> deployments;
  private final Map<String, Route> routes;
  private final Map<String, Resolved> resolvedRoutes = new ConcurrentHashMap<>();
  private final Map<String, Resolved> singles = new ConcurrentHashMap<>();
  private final Map<String, DeploymentState> adHoc = new ConcurrentHashMap<>();
  private final @Nullable String defaultModel;
  private final ProviderContext context;
  private final Object lazyLock = new Object();
  private volatile @Nullable ExecutorService hedgePool;
  private volatile @Nullable ScheduledExecutorService timerPool;
  /** Runs {@link #chatAsync} calls: the user's, or {@link #ASYNC_THREADS} of our own. */
  private final Executor executor;
  /** The default executor, shut down on close; null when the user supplied one. */
  private final @Nullable ThreadPoolExecutor ownExecutor;
  /** The calls in flight (async ones from submission), cancelled by {@link #close}. */
  private final InFlight inflight = new InFlight();
  private volatile boolean closed;
  /** The response cache; null when none is configured. */
  private final @Nullable Caching caching;

  /** The default async executor's threads: at most this many async calls run at once. */
  static final int ASYNC_THREADS = 64;
  /** The default async executor's queue: at most this many async calls wait for a thread. */
  static final int ASYNC_QUEUE = 1024;
  /**
   * The hedging pool's threads (each sends one hedged attempt); beyond them a hedged attempt
   * runs on the call's own thread, unhedged.
   */
  static final int HEDGE_THREADS = 64;

  /** Everything the router is built from. */
  record Parts(Map<String, ModelClient> providers,
      Map<String, ProviderConfig> providerConfigs, Map<String, List<ApiKey>> providerKeys,
      ProviderRegistry registry, List<Budget> budgets, BudgetStore budgetStore,
      BudgetStore localBudgets,
      List<Deployment> deployments,
      List<Route> routes, @Nullable String defaultModel, ModelCatalog catalog,
      Resilience resilience, List<ModelCallListener> listeners, ProviderContext context,
      Sleeper sleeper, Random random, boolean logPrompts, List<AutoCloseable> owned,
      @Nullable Executor executor, io.vectornode.state.@Nullable SharedState shared,
      @Nullable ResponseCache cache) {}

  /**
   * Creates the router.
   *
   * @param p its parts, validated by the builder
   */
  Router(Parts p) {
    this.providers = Map.copyOf(p.providers());
    this.providerConfigs = Map.copyOf(p.providerConfigs());
    this.providerKeys = Map.copyOf(p.providerKeys());
    this.registry = p.registry();
    this.budgets = List.copyOf(p.budgets());
    this.budgetStore = p.budgetStore();
    this.localBudgets = p.localBudgets();
    this.random = p.random();
    this.logPrompts = p.logPrompts();
    this.owned = List.copyOf(p.owned());
    this.context = p.context();
    this.ticker = context.ticker();
    this.clock = context.clock();
    this.sleeper = p.sleeper();
    this.catalog = p.catalog();
    this.retry = RetryPolicy.of(p.resilience());
    this.breaker = BreakerPolicy.of(p.resilience());
    this.timeouts = TimeoutPolicy.of(p.resilience());
    this.listener = ModelCallListener.guarded(p.listeners());
    this.listening = !p.listeners().isEmpty();
    this.attemptStarts = io.vectornode.spi.CallReport.wantsAttemptStarts(p.listeners());
    this.anomalies = new UsageAnomalies(ticker, listener);
    this.planner = new Planner(random);
    this.defaultModel = p.defaultModel();
    this.shared = p.shared();
    this.caching = p.cache() == null ? null
        : new Caching(p.cache(), p.cache().store(ticker));
    Map<String, DeploymentState> states = new LinkedHashMap<>();
    for (Deployment d : p.deployments()) {
      states.put(d.name(), state(d));
    }
    this.deployments = Map.copyOf(states);
    this.fleetNews = shared == null ? null : shared.subscribe(new FleetNews(this));
    Map<String, Route> r = new LinkedHashMap<>();
    p.routes().forEach(route -> r.put(route.name(), route));
    this.routes = Map.copyOf(r);
    if (p.executor() != null) {
      this.executor = p.executor();
      this.ownExecutor = null;
    } else {
      // Bounded threads and a bounded queue: never a thread per call, never an unbounded
      // backlog. Idle threads time out, so a client used only synchronously holds none.
      ThreadPoolExecutor e = new ThreadPoolExecutor(ASYNC_THREADS, ASYNC_THREADS, 30,
          TimeUnit.SECONDS, new ArrayBlockingQueue<>(ASYNC_QUEUE), daemon("vectornode-async"),
          new ThreadPoolExecutor.AbortPolicy());
      e.allowCoreThreadTimeOut(true);
      this.executor = e;
      this.ownExecutor = e;
    }
  }

  private DeploymentState state(Deployment d) {
    ProviderConfig pc = providerConfigs.get(d.provider());
    ModelInfo info = d.info() != null ? d.info()
        : catalog.find(pc.type(), d.model()).orElse(null);
    List<ApiKey> keys = !d.keys().isEmpty() ? d.keys()
        : providerKeys.getOrDefault(d.provider(), List.of());
    List<KeyPool.Key> pool = new ArrayList<>();
    if (keys.isEmpty()) {
      pool.add(new KeyPool.Key(pc.apiKey().map(io.vectornode.Secret::id).orElse("none"), 1,
          providers.get(d.provider())));
    } else {
      for (ApiKey k : keys) {
        // One client per key, all sharing the tree's connection pool.
        ModelClient client = keyClients.computeIfAbsent(d.provider() + "|" + k.secret().id(),
            x -> registry.createUnobserved(pc.toBuilder().apiKey(k.secret()).build(), context));
        pool.add(new KeyPool.Key(k.secret().id(), k.weight(), client)
            .limits(k.requestsPerMinute(), k.tokensPerMinute(), ticker));
      }
    }
    KeyPool keyPool = new KeyPool(d.provider(), pool, ticker, random, retry.maxRetryAfter(),
        listener::onKeyDisabled, shared, clock);
    return new DeploymentState(d, pc.type(), keyPool, info, breaker, retry.maxRetryAfter(),
        ticker, clock, shared);
  }

  /**
   * The route a request resolves to, the deployments it may use, and what the planner
   * precomputed for them. One per route, made once and reused by every call.
   */
  record Resolved(Route route, Map<String, DeploymentState> states, Planner.Prepared plan) {
    Resolved(Route route, Map<String, DeploymentState> states) {
      this(route, states, new Planner.Prepared(route, states));
    }
  }

  private Resolved named(Route route) {
    Resolved r = resolvedRoutes.get(route.name());
    return r != null ? r : resolvedRoutes.computeIfAbsent(route.name(),
        n -> new Resolved(route, deployments));
  }

  Resolved resolve(ChatRequest request) {
    return resolve(request, request.task().orElse(null));
  }

  /**
   * Finds the route of a call.
   *
   * @param request the request
   * @param task the request's task, already read (each read of the Optional allocates)
   */
  Resolved resolve(ChatRequest request, @Nullable String task) {
    if (task != null) {
      Route route = routes.get(task);
      if (route == null) {
        throw new ConfigurationException("task", "no route named '" + task + "'; routes: "
            + new TreeSet<>(routes.keySet()));
      }
      return named(route);
    }
    String ref = request.model().orElse(defaultModel);
    if (ref == null) {
      if (routes.containsKey("default")) {
        return named(routes.get("default"));
      }
      throw new ConfigurationException("model", "the request names no model or task, and"
          + " neither a defaultModel nor a 'default' route is configured");
    }
    Route route = routes.get(ref);
    if (route != null) {
      return named(route);
    }
    Resolved single = singles.get(ref);
    if (single != null) {
      return single;
    }
    if (deployments.containsKey(ref)) {
      return singles.computeIfAbsent(ref, n -> new Resolved(Route.fallback(n, n), deployments));
    }
    int slash = ref.indexOf('/');
    if (slash > 0 && providers.containsKey(ref.substring(0, slash))) {
      DeploymentState d = adHoc.computeIfAbsent(ref, r ->
          state(new Deployment(r, r.substring(0, slash), r.substring(slash + 1))));
      return singles.computeIfAbsent(ref, n -> new Resolved(Route.fallback(n, n),
          Map.of(ref, d)));
    }
    throw new ConfigurationException("model", "'" + ref + "' is not a route, a configured model"
        + " or provider/model with a configured provider; routes: "
        + new TreeSet<>(routes.keySet()) + ", models: " + new TreeSet<>(deployments.keySet())
        + ", providers: " + new TreeSet<>(providers.keySet()));
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    CallRecord call = new CallRecord(this, request, false, timeouts.forCall(request));
    return run(call, new Cancellation(null), false);
  }

  /**
   * Runs a blocking call on this thread and reports its end: {@code SUCCESS}, {@code FAILURE},
   * or {@code CANCELLED} when it was cancelled (its future, or the client closed) whatever the
   * exception that stopped it.
   *
   * @param async whether it is an async call, whose attempts can be cancelled in flight
   * @throws CancellationException when it was cancelled
   */
  ChatResponse run(CallRecord call, Cancellation cancellation, boolean async) {
    inflight.add(cancellation);
    if (closed) {
      cancellation.cancel("the client was closed");
    }
    mdc(call);
    try {
      String key = caching == null ? null : caching.key(resolve(call.request, call.task),
          call.request);
      // A closed client answers nothing, not even from the cache: the loop ends it CANCELLED.
      ChatResponse hit = key == null || cancellation.cancelled() ? null : caching.get(key);
      if (hit != null) {
        return call.cacheHit(hit);
      }
      ChatResponse r = new AttemptLoop(this, call, cancellation, async).chat();
      if (key != null) {
        caching.put(key, r);
      }
      if (logPrompts && PROMPTS.isDebugEnabled()) {
        PROMPTS.debug("completion requestId={} text={}", call.requestId, r.text());
      }
      return r;
    } catch (RuntimeException e) {
      throw ended(call, cancellation, e);
    } finally {
      inflight.remove(cancellation);
      restore(call);
    }
  }

  /**
   * Embeds through the route, as {@link #chat} answers: see {@link EmbeddingCalls}.
   */
  @Override
  public io.vectornode.EmbeddingResponse embed(io.vectornode.EmbeddingRequest request) {
    java.util.Objects.requireNonNull(request, "request");
    return EmbeddingCalls.run(this, request);
  }

  /** The router splits a call by each deployment's own limit: any number of inputs. */
  @Override
  public int maxEmbeddingInputs() {
    return io.vectornode.EmbeddingRequest.MAX_INPUTS;
  }

  void track(Cancellation c) {
    inflight.add(c);
  }

  void untrack(Cancellation c) {
    inflight.remove(c);
  }

  boolean isClosed() {
    return closed;
  }

  /** Sets the MDC keys for the call on this thread, keeping the previous values on the call. */
  private void mdc(CallRecord call) {
    if (MDC_KEPT) {
      call.previousMdcRequestId = org.slf4j.MDC.get("vectornode.requestId");
      call.previousMdcTask = org.slf4j.MDC.get("vectornode.task");
      org.slf4j.MDC.put("vectornode.requestId", call.requestId);
      if (call.task != null) {
        org.slf4j.MDC.put("vectornode.task", call.task);
      } else {
        org.slf4j.MDC.remove("vectornode.task");
      }
    }
    if (logPrompts && PROMPTS.isDebugEnabled()) {
      PROMPTS.debug("prompt requestId={} messages={}", call.requestId,
          call.request.messages().stream().map(m -> m.role() + ": " + m.text()).toList());
    }
  }

  private static void restore(CallRecord call) {
    if (MDC_KEPT) {
      restore("vectornode.requestId", call.previousMdcRequestId);
      restore("vectornode.task", call.previousMdcTask);
    }
  }

  private static void restore(String key, @Nullable String previous) {
    if (previous == null) {
      org.slf4j.MDC.remove(key);
    } else {
      org.slf4j.MDC.put(key, previous);
    }
  }

  /**
   * Runs the call on the client's executor ({@link VectorNode.Builder#executor}; by default at
   * most {@value #ASYNC_THREADS} threads and {@value #ASYNC_QUEUE} queued calls). Cancelling the
   * future cancels the attempt's HTTP call and stops the retries and fallbacks; the call ends
   * {@code CANCELLED}. A full executor completes the future exceptionally at once.
   */
  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    AsyncCall task = new AsyncCall(this, request);
    inflight.add(task.cancellation);
    if (closed) {
      task.cancellation.cancel("the client was closed");
      return task.future;
    }
    task.submit(executor, ownExecutor == null
        ? "the executor given to VectorNode.builder().executor(...) refused the call"
        : "all " + ASYNC_THREADS + " threads of the client's async executor are busy and "
            + ASYNC_QUEUE + " calls are already queued (pass a larger Executor to"
            + " VectorNode.builder().executor(...))");
    return task.future;
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    CallRecord call = new CallRecord(this, request, true, timeouts.forCall(request));
    return startStream(call, new Cancellation(null), true);
  }

  /**
   * Starts a stream (a call's, or a turn's of a multi-turn call) up to its commit point.
   *
   * @param cacheable whether the response cache may answer or keep it (not for a turn)
   */
  ChatStream startStream(CallRecord call, Cancellation cancellation, boolean cacheable) {
    // Tracked until its commit point: closing the client before then ends it CANCELLED.
    inflight.add(cancellation);
    if (closed) {
      cancellation.cancel("the client was closed");
    }
    mdc(call);
    try {
      String key = caching == null || !cacheable ? null
          : caching.key(resolve(call.request, call.task), call.request);
      ChatResponse hit = key == null || cancellation.cancelled() ? null : caching.get(key);
      if (hit != null) {
        return new CacheStreams.Replay(call.cacheHit(hit));
      }
      ChatStream s = new AttemptLoop(this, call, cancellation, false).stream();
      return key == null ? s : new CacheStreams.Storing(s, caching, key);
    } catch (RuntimeException e) {
      throw ended(call, cancellation, e);
    } finally {
      inflight.remove(cancellation);
      restore(call);
    }
  }

  /**
   * Ends a call that failed: {@code CANCELLED} when it was cancelled (whatever stopped it), else
   * {@code FAILURE}.
   *
   * @return the exception to throw
   */
  private RuntimeException ended(CallRecord call, Cancellation cancellation, RuntimeException e) {
    if (cancellation.cancelled()) {
      CancellationException c = cancellation.exception();
      if (!(e instanceof CancellationException)) {
        c.initCause(e);
      }
      call.fail(c, CallOutcome.CANCELLED);
      return c;
    }
    call.fail(e, CallOutcome.FAILURE);
    return e;
  }

  /** A multi-turn call on this thread: see {@link TurnLoop}. Not cached. */
  @Override
  public ChatResponse chat(ChatRequest first, Turns turns) {
    java.util.Objects.requireNonNull(first, "first");
    java.util.Objects.requireNonNull(turns, "turns");
    CallRecord call = new CallRecord(this, first, false, timeouts.forCall(first));
    Cancellation cancellation = new Cancellation(null);
    inflight.add(cancellation);
    if (closed) {
      cancellation.cancel("the client was closed");
    }
    mdc(call);
    try {
      return new TurnLoop(this, call, turns, cancellation).chat();
    } catch (CancellationException e) {
      // Turns cancelled the call itself (its thread was interrupted): CANCELLED, as a stream's
      if (!cancellation.cancelled()) {
        call.fail(e, CallOutcome.CANCELLED);
        throw e;
      }
      throw ended(call, cancellation, e);
    } catch (RuntimeException e) {
      throw ended(call, cancellation, e);
    } catch (Error e) {
      call.fail(e, CallOutcome.FAILURE); // thrown by the caller's Turns: the call still ends
      throw e;
    } finally {
      inflight.remove(cancellation);
      restore(call);
    }
  }

  /** A multi-turn stream: see {@link TurnLoop.TurnStream}. Not cached. */
  @Override
  public ChatStream stream(ChatRequest first, Turns turns) {
    java.util.Objects.requireNonNull(first, "first");
    java.util.Objects.requireNonNull(turns, "turns");
    CallRecord call = new CallRecord(this, first, true, timeouts.forCall(first));
    return new TurnLoop(this, call, turns, new Cancellation(null)).stream();
  }

  void warnUnbounded(Budget b, DeploymentState d, String why) {
    if (unboundedWarned.add(b.name() + "|" + d.name())) {
      LOG.warn("budget '{}' cannot bound calls to deployment {} ({}/{}): {}; they are let"
          + " through", b.name(), d.name(), d.deployment.provider(), d.deployment.model(), why);
    }
  }

  ExecutorService hedgePool() {
    ExecutorService p = hedgePool;
    if (p == null) {
      synchronized (lazyLock) {
        p = hedgePool;
        if (p == null) {
          // Bounded: a thread per hedged attempt in flight, up to HEDGE_THREADS (Hedger runs
          // an attempt the pool refuses on the call's own thread).
          p = new ThreadPoolExecutor(0, HEDGE_THREADS, 30, TimeUnit.SECONDS,
              new SynchronousQueue<>(), daemon("vectornode-hedge"),
              new ThreadPoolExecutor.AbortPolicy());
          hedgePool = p;
        }
      }
    }
    return p;
  }

  ScheduledExecutorService timers() {
    ScheduledExecutorService t = timerPool;
    if (t == null) {
      synchronized (lazyLock) {
        t = timerPool;
        if (t == null) {
          ScheduledThreadPoolExecutor s =
              new ScheduledThreadPoolExecutor(1, daemon("vectornode-timer"));
          s.setRemoveOnCancelPolicy(true);
          t = s;
          timerPool = t;
        }
      }
    }
    return t;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** @return the named deployment's state, for diagnostics and tests */
  public @Nullable DeploymentState deployment(String name) {
    DeploymentState d = deployments.get(name);
    return d != null ? d : adHoc.get(name);
  }

  @Override
  public List<String> providers() {
    return List.copyOf(new TreeSet<>(providers.keySet()));
  }

  @Override
  public List<Route> routes() {
    return new TreeSet<>(routes.keySet()).stream().map(routes::get).toList();
  }

  @Override
  public List<io.vectornode.routing.DeploymentHealth> deployments() {
    return new TreeSet<>(deployments.keySet()).stream()
        .map(n -> deployments.get(n).health()).toList();
  }

  @Override
  public List<io.vectornode.budget.BudgetStatus> budgets() {
    return budgets.stream().map(budgetStore::status)
        .sorted(java.util.Comparator.comparing(b -> b.budget().name())).toList();
  }

  @Override
  public List<String> plan(ChatRequest request) {
    Resolved r = resolve(request);
    List<DeploymentState> order = planner.order(request, r.plan(), TokenEstimate.input(request));
    if (Planner.allHealthy(r.plan(), ticker.read())) {
      // The order as it stands: a weighted order draws each later place only when it is read,
      // as a call does (RouterDecisionBenchmark measures this path).
      return new Names(order);
    }
    // One array: healthy names from the front, unhealthy from the back, then the back put
    // back in planned order.
    String[] names = new String[order.size()];
    int front = 0;
    int back = names.length;
    for (int i = 0; i < names.length; i++) {
      DeploymentState d = order.get(i);
      if (d.healthy()) {
        names[front++] = d.name();
      } else {
        names[--back] = d.name();
      }
    }
    for (int i = back, j = names.length - 1; i < j; i++, j--) {
      String t = names[i];
      names[i] = names[j];
      names[j] = t;
    }
    return java.util.Collections.unmodifiableList(java.util.Arrays.asList(names));
  }

  /**
   * A plan's deployment names over its order, each read on demand. Synchronized: the order may
   * draw its later places on first read, and the list may be handed to another thread.
   */
  private static final class Names extends java.util.AbstractList<String>
      implements java.util.RandomAccess {
    private final List<DeploymentState> order;

    Names(List<DeploymentState> order) {
      this.order = order;
    }

    @Override
    public synchronized String get(int index) {
      return order.get(index).name();
    }

    @Override
    public int size() {
      return order.size();
    }
  }

  /** A client built from code or by {@code fromConfig} has no file to follow. */
  @Override
  public boolean reload() {
    throw new UnsupportedOperationException("this client does not follow a config file; "
        + "VectorNode.watch(path) makes one that does");
  }

  @Override
  public int generation() {
    return 1;
  }

  @Override
  public java.util.Optional<String> lastReloadError() {
    return java.util.Optional.empty();
  }

  /** @return the configured routes, models and providers, for {@link #toString} */
  private List<String> describe() {
    return List.of("providers=" + new TreeSet<>(providers.keySet()),
        "models=" + new TreeSet<>(deployments.keySet()),
        "routes=" + new TreeSet<>(routes.keySet()));
  }

  /**
   * Closes the client: every call in flight is cancelled first (it ends {@code CANCELLED}, its
   * async future completes with a {@link CancellationException}, its HTTP call is cancelled),
   * then the providers, the HTTP pool and the client's own threads are released. A
   * user-supplied executor is not shut down.
   */
  @Override
  public void close() {
    closed = true;
    AutoCloseable news = fleetNews;
    if (news != null) {
      try {
        news.close();
      } catch (Exception e) {
        LOG.warn("ending the shared state's subscription failed", e);
      }
    }
    for (Cancellation c : inflight.snapshot()) {
      c.cancel("the client was closed");
    }
    List<ModelClient> all = new ArrayList<>(providers.values());
    all.addAll(keyClients.values());
    for (ModelClient c : all) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.warn("closing a provider client failed", e);
      }
    }
    // shutdown, not shutdownNow: the calls were cancelled above and end by themselves; an
    // interrupt could land in a listener (a ledger's file channel closes on interrupt).
    ExecutorService p = hedgePool;
    if (p != null) {
      p.shutdown();
    }
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
    ScheduledExecutorService t = timerPool;
    if (t != null) {
      t.shutdownNow();
    }
    context.resources().close();
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", c.getClass().getSimpleName(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "VectorNode" + describe();
  }

}
