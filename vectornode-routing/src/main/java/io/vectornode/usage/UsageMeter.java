package io.vectornode.usage;

import static java.util.Objects.requireNonNull;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ModelCallListener;
import io.vectornode.UsageAnomalyEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-process usage meter: register it as a listener, then take {@link #snapshot(String...)}s
 * grouped by any of {@code provider}, {@code model}, {@code deployment} and tag names (for example
 * {@code team}). Counts calls, failed calls, errors by class, attempts, every kind of token, known
 * cost, estimated and unknown-cost attempts, usage anomalies (reports of more tokens than the call
 * could use, see {@link io.vectornode.UsageAnomalyEvent}), and latency and time-to-first-token
 * percentiles. Totals never wrap: a token total beyond a long (absurd reported counts) stays at
 * {@link Long#MAX_VALUE}.
 *
 * <p>Tokens, cost and errors are counted per attempt, on the deployment that served the attempt;
 * calls and latencies on the deployment that ended the call. Recording takes a map lookup and a
 * few atomic additions; thread-safe.
 */
public final class UsageMeter implements ModelCallListener {
  /** The dimensions besides tags. */
  public static final List<String> DIMENSIONS = List.of("provider", "model", "deployment");

  private final Clock clock;
  private volatile Map<Key, Cell> cells = new ConcurrentHashMap<>();
  private volatile Instant since;

  private UsageMeter(Clock clock) {
    this.clock = clock;
    this.since = clock.instant();
  }

  /** @return a meter on the system clock */
  public static UsageMeter create() {
    return new UsageMeter(Clock.systemUTC());
  }

  /**
   * A meter on a given clock (for snapshot timestamps).
   *
   * @param clock the clock
   * @return the meter
   */
  public static UsageMeter create(Clock clock) {
    return new UsageMeter(requireNonNull(clock, "clock"));
  }

  /**
   * A cell's key. Stored keys are never changed; each thread also has one reusable probe (never
   * stored) so that looking up an existing cell allocates nothing.
   */
  private static final class Key {
    private String provider = "";
    private String model = "";
    private String deployment = "";
    private Map<String, String> tags = Map.of();

    Key set(String provider, String model, String deployment, Map<String, String> tags) {
      this.provider = provider;
      this.model = model;
      this.deployment = deployment;
      this.tags = tags;
      return this;
    }

    String provider() {
      return provider;
    }

    String model() {
      return model;
    }

    String deployment() {
      return deployment;
    }

    Map<String, String> tags() {
      return tags;
    }

    @Override
    public boolean equals(@org.jspecify.annotations.Nullable Object o) {
      return o instanceof Key k && provider.equals(k.provider) && model.equals(k.model)
          && deployment.equals(k.deployment) && tags.equals(k.tags);
    }

    @Override
    public int hashCode() {
      return ((provider.hashCode() * 31 + model.hashCode()) * 31 + deployment.hashCode()) * 31
          + tags.hashCode();
    }
  }

  private static final ThreadLocal<Key> PROBE = ThreadLocal.withInitial(Key::new);

  /**
   * A token total: counts up to 2^32 (every real attempt) are added without a lock; larger ones
   * (absurd reports) are added under one, saturating. So the lock-free part cannot wrap before
   * 2^31 attempts, and the total never wraps.
   */
  private static final class Tokens {
    private static final long SMALL = 1L << 32;
    private final LongAdder small = new LongAdder();
    private long large; // guarded by this

    void add(long n) {
      if (n == 0) {
        return; // most attempts have no cached, cache-write or reasoning tokens
      }
      if (n <= SMALL) {
        small.add(n);
      } else {
        synchronized (this) {
          large = saturated(large, n);
        }
      }
    }

    long sum() {
      long l;
      synchronized (this) {
        l = large;
      }
      return saturated(small.sum(), l);
    }

    private static long saturated(long a, long b) {
      long s = a + b;
      return s < 0 ? Long.MAX_VALUE : s;
    }
  }

  /** Counters of one fine-grained key. */
  private static final class Cell {
    final LongAdder calls = new LongAdder();
    final LongAdder failedCalls = new LongAdder();
    final LongAdder attempts = new LongAdder();
    final Tokens input = new Tokens();
    final Tokens output = new Tokens();
    final Tokens cached = new Tokens();
    final Tokens cacheWrite = new Tokens();
    final Tokens reasoning = new Tokens();
    final LongAdder estimated = new LongAdder();
    final LongAdder unknown = new LongAdder();
    final LongAdder anomalies = new LongAdder();
    final LongAdder localState = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Histogram latency = new Histogram();
    final Histogram ttft = new Histogram();
    /**
     * Costs in picodollars, summed without a lock: every catalog price fits. Only costs up to
     * about $1.10 (2^40 picodollars) go here, so it cannot wrap before 2^23 of them.
     */
    final LongAdder picoUsd = new LongAdder();
    /** Other costs (finer than a picodollar, or larger), summed exactly under a lock. */
    private BigDecimal rest = BigDecimal.ZERO;

    void addCost(BigDecimal usd) {
      if (usd.scale() <= 12 && usd.precision() - usd.scale() <= 1) {
        long pico = usd.movePointRight(12).longValue(); // exact: < 10 x 10^12
        if (pico <= 1L << 40) {
          picoUsd.add(pico);
          return;
        }
      }
      synchronized (this) {
        rest = rest.add(usd);
      }
    }

    BigDecimal cost() {
      BigDecimal r;
      synchronized (this) {
        r = rest;
      }
      return BigDecimal.valueOf(picoUsd.sum(), 12).add(r).stripTrailingZeros();
    }
  }

  private Cell cell(String provider, String model, String deployment, Map<String, String> tags) {
    Map<Key, Cell> current = cells;
    Key probe = PROBE.get().set(provider, model, deployment, tags);
    Cell c = current.get(probe);
    probe.set("", "", "", Map.of()); // hold no caller's strings or tags
    return c != null ? c : current.computeIfAbsent(
        new Key().set(provider, model, deployment, tags), k -> new Cell());
  }

  /** A cell found for these very objects (compared by identity), in the map it was found in. */
  private record Recent(Map<Key, Cell> cells, String provider, String model, String deployment,
      Map<String, String> tags, Cell cell) {}

  /**
   * The cell last found for a router's deployment, by slot of its name. A router passes the same
   * name, provider and model strings on every attempt of a deployment: then the cell is found by
   * three identity comparisons and the tags' equality instead of hashing and comparing a key.
   * Racy by design: an entry is immutable, and any difference (a reset, other tags) goes to the
   * map.
   */
  private final Recent[] recent = new Recent[16];

  /** {@link #cell}, first through {@link #recent}: for a deployment's name kept by its router. */
  private Cell deploymentCell(String provider, String model, String deployment,
      Map<String, String> tags) {
    Map<Key, Cell> current = cells;
    int slot = deployment.hashCode() & (recent.length - 1);
    Recent r = recent[slot];
    if (r != null && r.cells == current && r.deployment == deployment && r.provider == provider
        && r.model == model && (r.tags == tags || r.tags.equals(tags))) {
      return r.cell; // equal tags in another map (a request built per call) hit too
    }
    Cell c = cell(provider, model, deployment, tags);
    recent[slot] = new Recent(current, provider, model, deployment, tags, c);
    return c;
  }

  @Override
  public void onUsageAnomaly(UsageAnomalyEvent e) {
    cell(e.provider(), e.model(), e.deployment() == null ? e.provider() + "/" + e.model()
        : e.deployment(), e.tags()).anomalies.increment();
  }

  @Override
  public void onCallEnd(CallEndEvent e) {
    Map<String, String> tags = e.tags();
    Cell lastCell = null;
    List<AttemptEvent> attempts = e.attempts();
    for (int i = 0; i < attempts.size(); i++) { // no iterator: this runs on every call
      AttemptEvent a = attempts.get(i);
      // A direct client's attempt has no deployment: its name is made here, never the same
      // string twice, so it goes straight to the map.
      Cell c = a.deployment() == null
          ? cell(a.provider(), a.model(), a.provider() + "/" + a.model(), tags)
          : deploymentCell(a.provider(), a.model(), a.deployment(), tags);
      lastCell = c;
      c.attempts.increment();
      c.input.add(a.usage().inputTokens());
      c.output.add(a.usage().outputTokens());
      c.cached.add(a.usage().cachedInputTokens());
      c.cacheWrite.add(a.usage().cacheWriteTokens());
      c.reasoning.add(a.usage().reasoningTokens());
      if (a.cost().known()) {
        c.addCost(a.cost().usd().orElseThrow());
        if (a.cost().estimated()) {
          c.estimated.increment();
        }
      } else {
        c.unknown.increment();
      }
      if (a.localState()) {
        c.localState.increment();
      }
      if (a.errorType() != null) {
        c.errors.computeIfAbsent(a.errorType(), k -> new LongAdder()).increment();
      }
    }
    AttemptEvent last = e.attempts().isEmpty() ? null : e.attempts().get(e.attempts().size() - 1);
    Cell c = last == null
        ? cell(String.valueOf(e.provider()), String.valueOf(e.model()), "(none)", tags)
        : lastCell; // the call is counted where its last attempt was
    c.calls.increment();
    if (e.outcome() != CallOutcome.SUCCESS) {
      c.failedCalls.increment();
    }
    c.latency.record(e.latency().toNanos());
    if (e.timeToFirstToken() != null) {
      c.ttft.record(e.timeToFirstToken().toNanos());
    }
  }

  /** Forgets everything counted so far. */
  public void reset() {
    cells = new ConcurrentHashMap<>();
    // The recent cells point into the replaced map: dropped, so that it is not kept alive by a
    // deployment that is not called again. (A call ending meanwhile may put one back; the next
    // call of a deployment on that slot replaces it.)
    java.util.Arrays.fill(recent, null);
    since = clock.instant();
  }

  /**
   * Totals grouped by dimensions.
   *
   * @param groupBy any of {@code provider}, {@code model}, {@code deployment}, or a tag name;
   *     none for one total row
   * @return the snapshot
   */
  public UsageSnapshot snapshot(String... groupBy) {
    Map<Map<String, String>, Cell> groups = new LinkedHashMap<>();
    for (Map.Entry<Key, Cell> e : cells.entrySet()) {
      Map<String, String> group = new TreeMap<>();
      for (String dim : groupBy) {
        Key k = e.getKey();
        String v = switch (dim) {
          case "provider" -> k.provider();
          case "model" -> k.model();
          case "deployment" -> k.deployment();
          default -> k.tags().getOrDefault(dim, "(none)");
        };
        group.put(dim, v);
      }
      Cell into = groups.computeIfAbsent(group, g -> new Cell());
      merge(into, e.getValue());
    }
    List<UsageSnapshot.Row> rows = new ArrayList<>();
    groups.forEach((group, c) -> rows.add(row(group, c)));
    rows.sort(Comparator.comparing(UsageSnapshot.Row::costUsd).reversed());
    return new UsageSnapshot(clock.instant(), since, List.of(groupBy), rows);
  }

  private static void merge(Cell into, Cell c) {
    into.calls.add(c.calls.sum());
    into.failedCalls.add(c.failedCalls.sum());
    into.attempts.add(c.attempts.sum());
    into.input.add(c.input.sum());
    into.output.add(c.output.sum());
    into.cached.add(c.cached.sum());
    into.cacheWrite.add(c.cacheWrite.sum());
    into.reasoning.add(c.reasoning.sum());
    into.estimated.add(c.estimated.sum());
    into.unknown.add(c.unknown.sum());
    into.anomalies.add(c.anomalies.sum());
    into.localState.add(c.localState.sum());
    c.errors.forEach((k, v) -> into.errors.computeIfAbsent(k, x -> new LongAdder())
        .add(v.sum()));
    into.addCost(c.cost());
    into.latency.add(c.latency);
    into.ttft.add(c.ttft);
  }

  private static UsageSnapshot.Row row(Map<String, String> group, Cell c) {
    Map<String, Long> errors = new TreeMap<>();
    c.errors.forEach((k, v) -> errors.put(k, v.sum()));
    return new UsageSnapshot.Row(group, c.calls.sum(), c.failedCalls.sum(), errors,
        c.attempts.sum(), c.input.sum(), c.output.sum(), c.cached.sum(), c.cacheWrite.sum(),
        c.reasoning.sum(), c.cost(), c.estimated.sum(), c.unknown.sum(), percentiles(c.latency),
        percentiles(c.ttft), c.anomalies.sum(), c.localState.sum());
  }

  private static UsageSnapshot.Percentiles percentiles(Histogram h) {
    return new UsageSnapshot.Percentiles(h.percentileMillis(0.50), h.percentileMillis(0.95),
        h.percentileMillis(0.99));
  }
}
