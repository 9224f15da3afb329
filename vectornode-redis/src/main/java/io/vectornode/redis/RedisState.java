package io.vectornode.redis;

// Over 400 lines: the builder, the admission protocol, the operator views and the outage state
// machine (connect, probe, replay) share one connection and its counters.

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.vectornode.BudgetThresholdEvent;
import io.vectornode.Secret;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.budget.BudgetStore;
import io.vectornode.error.StateUnavailableException;
import io.vectornode.state.Admission;
import io.vectornode.state.AdmissionRequest;
import io.vectornode.state.SharedState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets, per-minute limits and key health shared by a fleet of instances through Redis.
 *
 * <p>Each attempt is admitted by one Lua script (one round trip): the key's and deployment's
 * health, every per-minute limit (an exact sliding window of the last 60 seconds: the amounts
 * admitted in any 60 s never exceed the limit, measured on one clock) and every budget
 * reservation, all or nothing. Settlements run off the calling thread. Key cooldowns and
 * refusals are written to Redis (every instance's next admission sees them) and published to
 * the instances' subscriptions.
 *
 * <p>When Redis cannot answer within {@link Builder#timeout}, the instance falls back to its own
 * limits ({@link OnUnavailable#LOCAL}, logged once per outage) or refuses calls with {@link
 * StateUnavailableException} ({@link OnUnavailable#REJECT}); until Redis answers a probe again
 * (every {@link Builder#reconnectEvery}), calls do not wait on it at all. Commands are sent at
 * most once (no automatic replay on reconnect); spend settled while Redis was away is replayed
 * once it is back, each settlement identified so that a replay counts once.
 *
 * <pre>{@code
 * RedisState fleet = RedisState.builder()
 *     .uri(Secret.of(System.getenv("REDIS_URL")))
 *     .keyPrefix("shop:")
 *     .build();
 * VectorNodeClient ai = VectorNode.builder()
 *     ... providers, models, budgets ...
 *     .sharedState(fleet)
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} flushes settlements in flight (up to the timeout) and closes
 * the connections.
 */
public final class RedisState implements SharedState {
  private static final Logger LOG = LoggerFactory.getLogger(RedisState.class);
  /** Reads a published message as one JSON value: anything after it makes it malformed. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** USD amounts are kept in Redis as integer nano-dollars (exact up to $9 million in Lua). */
  private static final int SCALE = 9;
  /** How long a disabled key stays disabled for the fleet. */
  static final Duration DISABLED_FOR = Duration.ofHours(24);
  /** The largest published message read; others are ignored. */
  private static final int MAX_MESSAGE = 4096;
  /**
   * How long a settlement waits for an admission to carry it before it is sent on its own: a
   * reservation may hold this much longer than needed, never less.
   */
  static final long SETTLE_DELAY_MS = 5;
  /** The most settlements one admission carries. */
  static final int MAX_CARRIED = 16;
  /** A health hash value as admit.lua reads it: {@code c|d:<until ms>[:<status>]}. */
  private static final java.util.regex.Pattern HEALTH_VALUE = java.util.regex.Pattern.compile(
      "([cd]):(\\d{1,15}):?(\\d{0,3})");
  /** Settlements kept while Redis is away; beyond, the oldest are dropped (counted, logged). */
  static final int MAX_PENDING = 100_000;

  /** What a call does when Redis cannot answer in time. */
  public enum OnUnavailable {
    /** Use this instance's own limits and budgets (each instance then allows the full limit). */
    LOCAL,
    /** Refuse the call with {@link StateUnavailableException}. */
    REJECT
  }

  /**
   * Counters since the state was created.
   *
   * @param available whether Redis answers now
   * @param admissions attempts admitted or refused by Redis
   * @param fallbacks attempts decided by the instance's own limits while Redis was away
   * @param rejections attempts refused because Redis was away ({@link OnUnavailable#REJECT})
   * @param outages times Redis became unavailable
   * @param replayed settlements replayed after an outage
   * @param pending settlements waiting for Redis
   * @param dropped settlements dropped because too many were waiting
   * @param leased attempts admitted from this instance's leases, without a round trip
   * @param leases leases Redis granted this instance
   */
  public record Stats(boolean available, long admissions, long fallbacks, long rejections,
      long outages, long replayed, long pending, long dropped, long leased, long leases) {}

  private final Secret secretUri;
  private final RedisURI uri;
  private final String where;
  private final @Nullable String password;
  private final String prefix;
  private final Duration timeout;
  private final OnUnavailable onUnavailable;
  private final @Nullable Clock fixedClock;
  private final Clock clock;
  private final Duration reconnectEvery;
  private final boolean shareBreakers;
  private final @Nullable Leases leases;
  private final ClientResources resources;
  private final RedisClient client;
  private final Scripts scripts;
  private final ScheduledExecutorService probes;
  private final String instance = Long.toString(System.nanoTime() ^ Double.doubleToLongBits(
      Math.random()), 36).replace('-', 'x');
  private final AtomicLong sequence = new AtomicLong();
  private final Map<BudgetStore, Consumer<BudgetThresholdEvent>> thresholdSinks =
      java.util.Collections.synchronizedMap(new IdentityHashMap<>());
  private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
  private final ArrayBlockingQueue<Settlement> pending = new ArrayBlockingQueue<>(MAX_PENDING);
  private final LongAdder admissions = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder rejections = new LongAdder();
  private final LongAdder outages = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final LongAdder refusedCommands = new LongAdder();
  private final AtomicLong lastRefusalLog = new AtomicLong();
  private final java.util.concurrent.ConcurrentLinkedQueue<Settlement> outbox =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean flushScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Object lock = new Object();
  private volatile @Nullable StatefulRedisConnection<String, String> connection;
  private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscriber;
  private volatile boolean down;
  private volatile boolean closed;
  private long downSince;

  private RedisState(Builder b) {
    this.secretUri = requireNonNull(b.uri, "uri");
    this.uri = RedisUris.parse(secretUri, "state.redis.uri");
    this.where = RedisUris.redacted(uri, b.uri);
    this.password = RedisUris.password(b.uri);
    this.prefix = b.keyPrefix;
    this.timeout = b.timeout;
    this.onUnavailable = b.onUnavailable;
    this.fixedClock = b.clock;
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.reconnectEvery = b.reconnectEvery;
    this.shareBreakers = b.shareBreakers;
    this.leases = b.leaseShare > 0 ? new Leases(this, b.leaseShare, b.leaseTtl, b.leaseTicker)
        : null;
    // Connecting may take longer than a command's timeout (a TLS handshake); commands do not.
    uri.setTimeout(timeout.compareTo(Duration.ofSeconds(2)) > 0 ? timeout : Duration.ofSeconds(2));
    this.resources = DefaultClientResources.builder().ioThreadPoolSize(2)
        .computationThreadPoolSize(2).build();
    this.client = RedisClient.create(resources, uri);
    // At most once: a command is never replayed by a reconnect (a limit taken twice, a spend
    // counted twice); while disconnected, commands fail at once and the caller falls back.
    client.setOptions(ClientOptions.builder().autoReconnect(false)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
    this.scripts = new Scripts();
    if (password != null && org.slf4j.LoggerFactory.getLogger(
        "io.lettuce.core.protocol.CommandEncoder").isTraceEnabled()) {
      // Lettuce writes every command it sends at TRACE, AUTH and its password included.
      LOG.warn("TRACE logging of io.lettuce.core.protocol.CommandEncoder writes every command"
          + " sent to Redis, the password of {} included: set that logger to DEBUG or above",
          where);
    }
    java.util.concurrent.ScheduledThreadPoolExecutor p =
        new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
          Thread t = new Thread(r, "vectornode-redis-probe");
          t.setDaemon(true);
          return t;
        });
    // Started now, not by the first outage: a thread started on a calling thread would inherit
    // that call's MDC (its request id) into every later log line.
    p.prestartCoreThread();
    this.probes = p;
    try {
      connect();
    } catch (RuntimeException e) {
      if (onUnavailable == OnUnavailable.REJECT && b.requireAtStart) {
        close();
        throw new StateUnavailableException("Redis at " + where + " cannot be reached ("
            + describe(e) + ")", null);
      }
      markDown(e);
    }
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this state's settings (URI, key prefix, timeout, policy, probe interval,
   * clock), to open another state on the same Redis with some of them changed: for example a
   * tool that reads {@link #status}, {@link #windowUsed} and {@link #health} and may wait longer
   * than a call does.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.uri = secretUri;
    b.keyPrefix = prefix;
    b.timeout = timeout;
    b.onUnavailable = onUnavailable;
    b.clock = fixedClock;
    b.reconnectEvery = reconnectEvery;
    b.shareBreakers = shareBreakers;
    if (leases != null) {
      b.leaseShare = leases.share();
      b.leaseTtl = Duration.ofNanos(leases.ttlNanos());
    }
    return b;
  }

  /**
   * Where Redis is, safe to show.
   *
   * @return the URI without its password: {@code redis://[user:***@]host:port/db}
   */
  public String where() {
    return where;
  }

  /** @return the prefix of every key and channel */
  public String keyPrefix() {
    return prefix;
  }

  /** Collects a {@link RedisState}'s settings. */
  public static final class Builder {
    private @Nullable Secret uri;
    private String keyPrefix = "vectornode:";
    private Duration timeout = Duration.ofMillis(50);
    private OnUnavailable onUnavailable = OnUnavailable.LOCAL;
    private @Nullable Clock clock;
    private Duration reconnectEvery = Duration.ofSeconds(1);
    private boolean requireAtStart;
    private boolean shareBreakers;
    private double leaseShare;
    private Duration leaseTtl = Duration.ofSeconds(1);
    private java.util.function.LongSupplier leaseTicker = System::nanoTime;

    private Builder() {}

    /** Tests: the time leases live by (their timers still run in real time). */
    Builder leaseTicker(java.util.function.LongSupplier ticker) {
      this.leaseTicker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Lets this instance take slices of the fleet's limits and budgets and admit most attempts
     * locally, without a round trip to Redis (default: off, every attempt asks Redis). Each
     * lease is {@code share} of a per-minute limit or a budget, and lives {@code ttl}; what it
     * did not use goes back to Redis when it ends.
     *
     * <p>The price, with {@code N} instances: any 60 s window may pass up to {@code N x share}
     * of a limit beyond it, and up to {@code N x share} of a limit or budget may be held by
     * leases and refused to other instances for up to {@code ttl}; spend never exceeds a budget
     * because of a lease. A key cooled or disabled by another instance is learnt from the news
     * it publishes (within a round trip or so), not checked in Redis by a leased attempt. See
     * the README's "Running several instances".
     *
     * @param share the slice, more than 0 and at most 0.25 (0.01 is 1%)
     * @param ttl how long a lease lives, 10 ms to 60 s, in real time (not the {@link #clock})
     * @return this builder
     */
    public Builder leases(double share, Duration ttl) {
      requireNonNull(ttl, "ttl");
      if (!(share > 0 && share <= 0.25)) {
        throw new IllegalArgumentException("state.redis.leaseShare: must be more than 0 and at"
            + " most 0.25, was " + share);
      }
      if (ttl.toMillis() < 10 || ttl.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException("state.redis.leaseTtl: must be between 10ms and"
            + " 60s, was " + ttl);
      }
      this.leaseShare = share;
      this.leaseTtl = ttl;
      return this;
    }

    /**
     * Whether a deployment's breaker opening on one instance makes every instance skip the
     * deployment for the breaker's open duration (default false: breakers are per instance).
     *
     * @param share whether to share
     * @return this builder
     */
    public Builder shareBreakers(boolean share) {
      this.shareBreakers = share;
      return this;
    }

    /**
     * Where Redis is: {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for
     * TLS. A secret: shown only without its password. (Lettuce itself logs the bytes of every
     * command it sends at TRACE, the password of AUTH and HELLO included: keep the logger {@code
     * io.lettuce.core.protocol.CommandEncoder} at DEBUG or above.)
     *
     * @param uri the URI
     * @return this builder
     */
    public Builder uri(Secret uri) {
      this.uri = requireNonNull(uri, "uri");
      return this;
    }

    /**
     * The prefix of every key and channel, one per application or fleet (default {@code
     * vectornode:}).
     *
     * @param prefix the prefix, not blank
     * @return this builder
     */
    public Builder keyPrefix(String prefix) {
      requireNonNull(prefix, "keyPrefix");
      if (prefix.isBlank() || prefix.length() > 200) {
        throw new IllegalArgumentException("state.redis.keyPrefix: must be 1 to 200 characters,"
            + " was '" + prefix + "'");
      }
      this.keyPrefix = prefix;
      return this;
    }

    /**
     * The longest a call waits on Redis (default 50 ms).
     *
     * @param timeout between 1 ms and 60 s
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException("state.redis.timeout: must be between 1ms and 60s,"
            + " was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * What a call does when Redis cannot answer in time (default {@link OnUnavailable#LOCAL}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder onUnavailable(OnUnavailable policy) {
      this.onUnavailable = requireNonNull(policy, "onUnavailable");
      return this;
    }

    /**
     * How often an unavailable Redis is probed (default 1 s).
     *
     * @param every between 10 ms and 10 minutes
     * @return this builder
     */
    public Builder reconnectEvery(Duration every) {
      requireNonNull(every, "reconnectEvery");
      if (every.toMillis() < 10 || every.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("state.redis.reconnectEvery: must be between 10ms"
            + " and 10m, was " + every);
      }
      this.reconnectEvery = every;
      return this;
    }

    /**
     * The clock of budget periods, windows and expiries. By default periods follow this JVM's
     * clock and windows Redis's own ({@code TIME}), one clock for the whole fleet; a clock set
     * here is used for everything (tests: virtual time).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether {@link #build()} fails when Redis cannot be reached at once and the policy is
     * {@link OnUnavailable#REJECT} (default false: the state starts unavailable and probes).
     *
     * @param require whether to fail
     * @return this builder
     */
    public Builder requireAtStart(boolean require) {
      this.requireAtStart = require;
      return this;
    }

    /**
     * Connects.
     *
     * @return the state; unavailable (and probing) when Redis cannot be reached yet
     */
    public RedisState build() {
      if (uri == null) {
        throw new IllegalArgumentException("state.redis.uri: is required");
      }
      return new RedisState(this);
    }
  }

  // ---- SharedState ----

  @Override
  public BudgetStore budgets(BudgetStore local, Consumer<BudgetThresholdEvent> onThreshold) {
    thresholdSinks.put(local, onThreshold);
    return new RedisBudgets(this, local);
  }

  @Override
  public Admission admit(AdmissionRequest r) {
    if (leases != null) {
      // Leases are the fleet's too: they admit while Redis is away, and settle when it is back.
      Admission leased = leases.tryLocal(r);
      if (leased != null) {
        return leased;
      }
    }
    if (down) {
      return unavailable(r, null);
    }
    if (leases == null) {
      return askRedis(r, null);
    }
    // The limits and budget periods this admission asks a lease for: one request at a time each.
    String[] asked = new String[r.takes().size() + r.holds().size()];
    try {
      return askRedis(r, asked);
    } finally {
      for (String a : asked) {
        if (a != null) {
          leases.asked(a);
        }
      }
    }
  }

  /** The admission's round trip; with leases, {@code asked} receives what leases it asks for. */
  private Admission askRedis(AdmissionRequest r, String @Nullable [] asked) {
    int takes = r.takes().size();
    int holds = r.holds().size();
    String id = nextId();
    List<Settlement> carried = drainOutbox();
    List<String> keys = new ArrayList<>(1 + 2 * (takes + holds + carried.size()));
    List<String> args = new ArrayList<>(7 + 3 * takes + 5 * holds + 7 * carried.size());
    long now = clock.millis();
    keys.add(prefix + "health");
    args.add(nowArg());
    args.add(keyField(r.provider(), r.keyId()));
    args.add(deploymentField(r.deployment()));
    args.add(Integer.toString(takes));
    args.add(Integer.toString(holds));
    args.add(id);
    args.add(Integer.toString(carried.size()));
    long[] wants = leases == null ? null : new long[takes + holds];
    for (int i = 0; i < takes; i++) {
      AdmissionRequest.Take t = r.takes().get(i);
      String[] w = windowKeys(t.limit());
      keys.add(w[0]);
      keys.add(w[1]);
      args.add(Long.toString(t.perMinute()));
      args.add(Long.toString(t.amount()));
      if (wants != null) {
        wants[i] = leases.want(t);
        if (wants[i] > 0) {
          asked[i] = "t:" + t.limit();
        }
      }
      args.add(wants == null ? "0" : Long.toString(wants[i]));
    }
    Period[] periods = new Period[holds];
    long[] holdMillis = new long[holds];
    for (int i = 0; i < holds; i++) {
      AdmissionRequest.Hold h = r.holds().get(i);
      periods[i] = period(h.budget(), now);
      keys.add(periods[i].key());
      keys.add(periods[i].reservations());
      args.add(periods[i].limit());
      long amount = nanos(h.amount());
      args.add(Long.toString(amount));
      long want = wants == null ? 0 : leases.want(h, periods[i], amount);
      // A lease's reservation outlives the lease by the longest hold of an attempt inside it.
      holdMillis[i] = Math.max(1, h.holdAtMost().toMillis())
          + (want > 0 ? TimeUnit.NANOSECONDS.toMillis(leases.ttlNanos()) : 0);
      args.add(Long.toString(holdMillis[i]));
      args.add(Long.toString(ttlMillis(periods[i].endMillis(), now)));
      args.add(Long.toString(want));
      if (wants != null) {
        wants[takes + i] = want;
        if (want > 0) {
          asked[takes + i] = "h:" + periods[i].key();
        }
      }
    }
    long sentAt = leases == null ? 0 : leases.now();
    for (Settlement c : carried) {
      c.carry(keys, args);
    }
    List<Object> reply;
    try {
      reply = scripts.run(this, Scripts.ADMIT, keys.toArray(new String[0]),
          args.toArray(new String[0]));
    } catch (Unavailable e) {
      carried.forEach(this::enqueue); // replayed, in order, once Redis is back
      if (!down) {
        scheduleFlush(); // an error reply: Redis is up, and the settlements alone may pass
      }
      return unavailable(r, e);
    }
    // The settlements' soft thresholds first, then the verdict.
    int crossed = ((Long) reply.get(0)).intValue();
    for (int i = 0; i < crossed; i++) {
      carried.get(((Long) reply.get(1 + 4 * i)).intValue() - 1).crossed(
          String.valueOf(reply.get(2 + 4 * i)), (Long) reply.get(3 + 4 * i),
          (Long) reply.get(4 + 4 * i));
    }
    List<Object> out = reply.subList(1 + 4 * crossed, reply.size());
    admissions.increment();
    long verdict = (Long) out.get(0);
    if (verdict == 0) {
      List<BudgetStore.Reservation> res = new ArrayList<>(holds);
      Consumer<BudgetThresholdEvent> sink = sink(r.localBudgets());
      for (int i = 0; i < takes; i++) {
        if (wants != null && wants[i] > 0 && granted(out, 1 + i, wants[i])) {
          leases.granted(r.takes().get(i), id, wants[i], sentAt);
        }
      }
      for (int i = 0; i < holds; i++) {
        AdmissionRequest.Hold h = r.holds().get(i);
        long amount = nanos(h.amount());
        if (wants != null && wants[takes + i] > 0 && granted(out, 1 + takes + i,
            wants[takes + i])) {
          res.add(leases.granted(h, periods[i], id, amount, wants[takes + i], sentAt,
              TimeUnit.MILLISECONDS.toNanos(holdMillis[i]), sink));
        } else {
          res.add(new Settlement(this, h.budget(), periods[i].key(), id, amount, sink,
              periods[i].start()));
        }
      }
      return Admission.admitted(res);
    }
    if (verdict == 1) {
      AdmissionRequest.Take t = r.takes().get(((Long) out.get(1)).intValue() - 1);
      return Admission.refused(Admission.Verdict.LIMITED, t.limit() + " limit of the fleet ("
          + t.perMinute() + "/min)", null, null, 0);
    }
    if (verdict == 2) {
      int refusedHold = ((Long) out.get(1)).intValue() - 1;
      AdmissionRequest.Hold h = r.holds().get(refusedHold);
      BudgetStatus s = new BudgetStatus(h.budget(), periods[refusedHold].start(),
          usd((Long) out.get(2)), usd((Long) out.get(3)));
      return Admission.refused(Admission.Verdict.BUDGET, "budget '" + h.budget().name()
          + "' of the fleet", s, null, 0);
    }
    if (verdict == 3) {
      return Admission.refused(Admission.Verdict.KEY_COOLING, "key " + r.keyId()
          + " cooling down (a 429 on an instance of the fleet)", null,
          Instant.ofEpochMilli((Long) out.get(1)), 0);
    }
    if (verdict == 4) {
      return Admission.refused(Admission.Verdict.KEY_DISABLED, "key " + r.keyId()
          + " disabled (HTTP " + out.get(1) + " on an instance of the fleet)", null,
          Instant.ofEpochMilli((Long) out.get(2)), ((Long) out.get(1)).intValue());
    }
    return Admission.refused(Admission.Verdict.DEPLOYMENT_COOLING, "deployment "
        + r.deployment() + " cooling down (a 429 on an instance of the fleet)", null,
        Instant.ofEpochMilli((Long) out.get(1)), 0);
  }

  /**
   * Whether the admission's answer grants the lease asked for at an index. Anything but the
   * amount asked (a reply this script never gives) is taken as no lease: the amount then stays
   * in the window or reserved until it leaves or expires, which never lets more through.
   */
  private static boolean granted(List<Object> out, int index, long want) {
    return index < out.size() && out.get(index) instanceof Long g && g == want;
  }

  /** The leases, or null when off (tests). */
  @Nullable Leases leases() {
    return leases;
  }

  /** Gives a lease's unused part back to its window, without waiting (see unlease.lua). */
  void unlease(String limit, String id, long entry, long used) {
    if (down) {
      return; // left in the window: it leaves within a minute, and never lets more through
    }
    String[] w = windowKeys(limit);
    inFlight.incrementAndGet();
    scripts.runAsync(this, Scripts.UNLEASE, w, new String[] {id, Long.toString(entry),
        Long.toString(used)}, (out, error) -> inFlight.decrementAndGet());
  }

  /**
   * Gives back, without waiting, the part of a budget lease's reservation that no call in it
   * holds any more (see unreserve.lua): the lease ended with calls still in flight.
   */
  void unreserve(String budgetKey, String id, long reserved, long keep) {
    if (down) {
      return; // still reserved until the lease settles: never lets more through
    }
    inFlight.incrementAndGet();
    scripts.runAsync(this, Scripts.UNRESERVE, new String[] {budgetKey}, new String[] {id,
        Long.toString(reserved), Long.toString(keep)}, (out, error) -> inFlight.decrementAndGet());
  }

  /**
   * Runs a task on the state's own thread after a delay.
   *
   * @return false when the state is closing (the caller runs it itself)
   */
  boolean later(Runnable task, long delayNanos) {
    try {
      probes.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return false;
    }
  }

  /** Redis did not answer: the instance's own limits, or a refusal, as configured. */
  private Admission unavailable(AdmissionRequest r, @Nullable Unavailable cause) {
    if (onUnavailable == OnUnavailable.REJECT) {
      rejections.increment();
      throw new StateUnavailableException("the fleet's shared state (Redis at " + where
          + ") is unavailable" + (cause == null ? "" : " (" + cause.getMessage() + ")")
          + " and state.redis.onUnavailable is reject; no request was sent", null);
    }
    fallbacks.increment();
    Admission local = Admission.locally(r);
    if (!local.admitted() || local.reservations().isEmpty()) {
      return local;
    }
    // Spend settled locally is replayed to Redis once it is back: nothing settled is lost.
    String id = nextId();
    List<BudgetStore.Reservation> wrapped = new ArrayList<>(local.reservations().size());
    for (int i = 0; i < local.reservations().size(); i++) {
      AdmissionRequest.Hold h = r.holds().get(i);
      BudgetStore.Reservation inner = local.reservations().get(i);
      Instant start = h.budget().periodStart(clock.instant());
      String period = budgetKey(h.budget(), start);
      long amount = nanos(h.amount());
      wrapped.add(actual -> {
        inner.settle(actual);
        enqueue(new Settlement(this, h.budget(), period, id + "-" + h.budget().name(), amount,
            e -> { }, start).charged(actual));
        if (!down) {
          scheduleFlush(); // Redis is back already: send it now rather than at the next outage
        }
      });
    }
    return local.decidedLocally(wrapped);
  }

  @Override
  public void correct(AdmissionRequest.Take take, long delta) {
    if (delta == 0) {
      return;
    }
    if (down) {
      take.local().correct(delta);
      return;
    }
    String[] keys = {prefix + "limit:" + take.limit() + ":log",
        prefix + "limit:" + take.limit() + ":sum"};
    scripts.runAsync(this, Scripts.CORRECT, keys, new String[] {nowArg(), nextId(),
        Long.toString(delta)}, (out, error) -> {
          if (error != null) {
            take.local().correct(delta);
          }
        });
  }

  @Override
  public void keyCooled(String provider, String keyId, Instant until) {
    publish(keyField(provider, keyId), "c", until, 0,
        message("kc", provider, keyId, until.toEpochMilli(), 0));
  }

  @Override
  public void keyDisabled(String provider, String keyId, int status) {
    Instant until = clock.instant().plus(DISABLED_FOR);
    publish(keyField(provider, keyId), "d", until, status,
        message("kd", provider, keyId, until.toEpochMilli(), status));
  }

  @Override
  public void deploymentCooled(String deployment, Instant until) {
    publish(deploymentField(deployment), "c", until, 0,
        message("dc", deployment, "", until.toEpochMilli(), 0));
  }

  private void publish(String field, String kind, Instant until, int status, String message) {
    if (down) {
      LOG.debug("not shared while Redis is unavailable: {}", field);
      return;
    }
    try {
      scripts.run(this, Scripts.HEALTH, new String[] {prefix + "health"}, new String[] {field,
          kind, Long.toString(until.toEpochMilli()), Integer.toString(status),
          prefix + "health", message, nowArg()});
    } catch (Unavailable e) {
      LOG.debug("not shared, Redis unavailable: {}", field);
    }
  }

  @Override
  public boolean sharesBreakers() {
    return shareBreakers;
  }

  @Override
  public AutoCloseable subscribe(HealthListener listener) {
    requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** A published message, as every instance reads it. */
  private static String message(String type, String name, String keyId, long until, int status) {
    return JSON.createArrayNode().add(type).add(name).add(keyId).add(until).add(status)
        .toString();
  }

  private void deliver(String message) {
    if (message.length() > MAX_MESSAGE || listeners.isEmpty()) {
      return;
    }
    try {
      JsonNode n = JSON.readTree(message);
      if (!wellFormed(n)) {
        LOG.debug("ignored a malformed health message on {}health", prefix);
        return;
      }
      String type = n.get(0).asText();
      String name = n.get(1).asText();
      String keyId = n.get(2).asText();
      Instant until = Instant.ofEpochMilli(n.get(3).longValue());
      int status = n.get(4).intValue();
      for (HealthListener l : listeners) {
        try {
          switch (type) {
            case "kc" -> l.keyCooled(name, keyId, until);
            case "kd" -> l.keyDisabled(name, keyId, status);
            case "dc" -> l.deploymentCooled(name, until);
            default -> { }
          }
        } catch (RuntimeException e) {
          LOG.warn("a health listener failed", e);
        }
      }
    } catch (Exception e) {
      LOG.debug("ignored a malformed health message on {}health", prefix);
    }
  }

  /**
   * Whether a message is news as {@link #message} writes it: {@code [type, name, keyId, until ms,
   * status]}, each of its type (a JSON number of another kind is not coerced), the names not
   * empty (a deployment's message has no key id); later elements are left for later versions.
   */
  private static boolean wellFormed(JsonNode n) {
    if (!n.isArray() || n.size() < 5 || !n.get(0).isTextual() || !n.get(1).isTextual()
        || !n.get(2).isTextual() || !n.get(3).isIntegralNumber() || !n.get(3).canConvertToLong()
        || !n.get(4).isIntegralNumber() || !n.get(4).canConvertToInt()
        || n.get(1).asText().isEmpty()) {
      return false;
    }
    return switch (n.get(0).asText()) {
      case "kc", "kd" -> !n.get(2).asText().isEmpty();
      case "dc" -> true;
      default -> false;
    };
  }

  // ---- status, for operators ----

  /**
   * A budget's state in Redis now (expired reservations released first).
   *
   * @param budget the budget
   * @return its current period's spent and reserved
   * @throws StateUnavailableException when Redis does not answer in time
   */
  public BudgetStatus status(Budget budget) {
    Instant start = budget.periodStart(clock.instant());
    String key = budgetKey(budget, start);
    try {
      List<Object> out = scripts.run(this, Scripts.STATUS, new String[] {key, key + ":res"},
          new String[] {nowArg()});
      return new BudgetStatus(budget, start, usd((Long) out.get(0)), usd((Long) out.get(1)));
    } catch (Unavailable e) {
      throw new StateUnavailableException("Redis at " + where + " is unavailable ("
          + e.getMessage() + ")", null);
    }
  }

  /**
   * What a per-minute limit holds in its window now.
   *
   * @param limit the limit's name ({@code deployment/rpm} or {@code deployment/tpm})
   * @return the requests or tokens admitted in the last 60 seconds
   * @throws StateUnavailableException when Redis does not answer in time
   */
  public long windowUsed(String limit) {
    try {
      List<Object> out = scripts.run(this, Scripts.WINDOW, new String[] {prefix + "limit:"
          + limit + ":log", prefix + "limit:" + limit + ":sum"}, new String[] {nowArg()});
      return (Long) out.get(0);
    } catch (Unavailable e) {
      throw new StateUnavailableException("Redis at " + where + " is unavailable ("
          + e.getMessage() + ")", null);
    }
  }

  /**
   * Keys and deployments cooling down or disabled for the fleet, as stored.
   *
   * @return field ({@code key:provider:id} or {@code deployment:name}) to state
   *     ({@code cooling until <instant>} or {@code disabled (HTTP n) until <instant>})
   * @throws StateUnavailableException when Redis does not answer in time
   */
  public Map<String, String> health() {
    StatefulRedisConnection<String, String> c = connection;
    if (down || c == null) {
      throw new StateUnavailableException("Redis at " + where + " is unavailable", null);
    }
    try {
      Map<String, String> raw = c.async().hgetall(prefix + "health")
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      Map<String, String> out = new java.util.TreeMap<>();
      long now = clock.millis();
      raw.forEach((field, v) -> {
        // As admit.lua reads it: anything else is garbage, absent.
        java.util.regex.Matcher m = HEALTH_VALUE.matcher(v);
        if (m.matches() && Long.parseLong(m.group(2)) > now) {
          String until = Instant.ofEpochMilli(Long.parseLong(m.group(2))).toString();
          out.put(field, m.group(1).equals("d") ? "disabled (HTTP " + (m.group(3).isEmpty()
              ? "?" : m.group(3)) + ") until " + until : "cooling until " + until);
        }
      });
      return out;
    } catch (Exception e) {
      throw new StateUnavailableException("Redis at " + where + " did not answer ("
          + describe(e) + ")", null);
    }
  }

  /** @return the counters */
  public Stats stats() {
    return new Stats(!down, admissions.sum(), fallbacks.sum(), rejections.sum(), outages.sum(),
        replayed.sum(), pending.size(), dropped.sum(),
        leases == null ? 0 : leases.leased.sum(), leases == null ? 0 : leases.granted.sum());
  }

  @Override
  public String toString() {
    return "RedisState[" + where + ", prefix=" + prefix + ", timeout=" + timeout
        + ", onUnavailable=" + onUnavailable.name().toLowerCase(java.util.Locale.ROOT)
        + (down ? ", unavailable" : "") + "]";
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (leases != null) {
      leases.endAll(); // what the leases did not use goes back, their spend is settled
    }
    flush();
    closed = true;
    long deadline = System.nanoTime() + Math.max(timeout.toNanos(), 1_000_000_000L);
    // Settlements in flight are answered by Lettuce's threads: wait for them, without spinning.
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
    if (!pending.isEmpty()) {
      LOG.warn("closing the shared state with {} settlements Redis at {} never received",
          pending.size(), where);
    }
    probes.shutdownNow();
    StatefulRedisConnection<String, String> c = connection;
    StatefulRedisPubSubConnection<String, String> s = subscriber;
    try {
      if (c != null) {
        c.close();
      }
      if (s != null) {
        s.close();
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  // ---- connection and outages ----

  /** Opens the command and subscription connections and loads the scripts. */
  private void connect() {
    StatefulRedisConnection<String, String> c = client.connect();
    try {
      scripts.load(c, timeout);
      StatefulRedisPubSubConnection<String, String> s = client.connectPubSub();
      s.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          deliver(message);
        }
      });
      s.sync().subscribe(prefix + "health");
      StatefulRedisPubSubConnection<String, String> old = subscriber;
      subscriber = s;
      if (old != null) {
        old.closeAsync();
      }
    } catch (RuntimeException e) {
      c.closeAsync();
      throw e;
    }
    StatefulRedisConnection<String, String> old = connection;
    connection = c;
    if (old != null) {
      old.closeAsync();
    }
  }

  @Nullable StatefulRedisConnection<String, String> connection() {
    return connection;
  }

  Duration timeout() {
    return timeout;
  }

  /** Runs a script and waits, at most the timeout. */
  List<Object> run(int script, String[] keys, String[] args) throws Unavailable {
    return scripts.run(this, script, keys, args);
  }

  /**
   * Redis answered a command with an error: this command falls back (or is refused), logged at
   * ERROR at most once a minute; Redis is not marked unavailable.
   */
  void refused(Throwable cause) {
    refusedCommands.increment();
    long now = System.nanoTime();
    long last = lastRefusalLog.get();
    if ((last == 0 || now - last > TimeUnit.MINUTES.toNanos(1))
        && lastRefusalLog.compareAndSet(last, now)) {
      LOG.error("Redis at {} answered a command with an error ({}); the call {} (at most one"
          + " such line a minute; {} so far)", where, describe(cause),
          onUnavailable == OnUnavailable.LOCAL ? "used this instance's own limits" : "was refused",
          refusedCommands.sum());
    }
  }

  /** Redis failed to answer: the outage starts (logged once) and a probe is scheduled. */
  void markDown(Throwable cause) {
    synchronized (lock) {
      if (down || closed) {
        return;
      }
      down = true;
      downSince = System.nanoTime();
    }
    outages.increment();
    LOG.warn("the fleet's shared state (Redis at {}) is unavailable ({}); {} until it answers"
        + " again (probed every {} ms)", where, describe(cause),
        onUnavailable == OnUnavailable.LOCAL
            ? "each instance uses its own limits and budgets" : "calls are refused",
        reconnectEvery.toMillis());
    schedule();
  }

  private void schedule() {
    if (!closed) {
      try {
        probes.schedule(this::probe, reconnectEvery.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed meanwhile
      }
    }
  }

  /** Reconnects, replays what was settled meanwhile, and ends the outage. */
  private void probe() {
    if (closed) {
      return;
    }
    try {
      StatefulRedisConnection<String, String> c = connection;
      if (c == null || !c.isOpen()) {
        connect();
        c = connection;
      }
      requireNonNull(c).async().ping().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      StatefulRedisPubSubConnection<String, String> s = subscriber;
      if (s == null || !s.isOpen()) {
        connect();
      }
      long replays = replay();
      long seconds;
      synchronized (lock) {
        down = false;
        seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSince);
      }
      LOG.info("the fleet's shared state (Redis at {}) answers again after {} s; {} settlements"
          + " replayed; so far {} attempts used local limits, {} were refused", where, seconds,
          replays, fallbacks.sum(), rejections.sum());
    } catch (Exception e) {
      LOG.debug("Redis at {} still unavailable ({})", where, describe(e));
      schedule();
    }
  }

  /** Sends the settlements kept during the outage, in order; stops at the first failure. */
  private long replay() throws Unavailable {
    long n = 0;
    Settlement s;
    while ((s = pending.peek()) != null) {
      s.sendNow();
      pending.poll();
      replayed.increment();
      n++;
    }
    return n;
  }

  void enqueue(Settlement s) {
    while (!pending.offer(s)) {
      if (pending.poll() != null) {
        dropped.increment();
        LOG.error("dropped a settlement for budget '{}': more than {} wait for Redis at {}",
            s.budget.name(), MAX_PENDING, where);
      }
    }
  }

  /**
   * Takes a settlement: it rides on the next admission's script (no round trip of its own),
   * or, when no admission comes within {@link #SETTLE_DELAY_MS}, is sent on its own.
   */
  void settle(Settlement s) {
    if (down || !pending.isEmpty()) {
      enqueue(s); // behind those already waiting, in order
      if (!down) {
        scheduleFlush(); // waiting after an error reply, not an outage: retried by the flush
      }
      return;
    }
    outbox.add(s);
    scheduleFlush();
  }

  private void scheduleFlush() {
    if (flushScheduled.compareAndSet(false, true)) {
      try {
        probes.schedule(this::flush, SETTLE_DELAY_MS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        flush(); // closing: send now
      }
    }
  }

  /** Up to {@link #MAX_CARRIED} settlements for an admission to carry. */
  private List<Settlement> drainOutbox() {
    if (outbox.isEmpty()) {
      return List.of();
    }
    List<Settlement> out = new ArrayList<>(4);
    Settlement s;
    while (out.size() < MAX_CARRIED && (s = outbox.poll()) != null) {
      out.add(s);
    }
    return out;
  }

  /**
   * Sends what no admission carried, each on its own (pipelined on the connection); first, when
   * Redis is up, what waits since an error reply (an outage's backlog is the probe's).
   */
  private void flush() {
    flushScheduled.set(false);
    if (!down && !pending.isEmpty()) {
      try {
        replay();
      } catch (Unavailable e) {
        // still refused, or now an outage: the next settlement or the probe tries again
      }
    }
    Settlement s;
    while ((s = outbox.poll()) != null) {
      if (down || !pending.isEmpty()) {
        enqueue(s);
      } else {
        sendAsync(s);
      }
    }
  }

  private void sendAsync(Settlement s) {
    inFlight.incrementAndGet();
    String[][] ka = s.alone();
    scripts.runAsync(this, Scripts.ADMIT, ka[0], ka[1], (out, error) -> {
      try {
        if (error != null) {
          enqueue(s);
        } else {
          s.crossed(out);
        }
      } finally {
        inFlight.decrementAndGet();
      }
    });
  }

  // ---- names and amounts ----

  String nowArg() {
    return fixedClock == null ? "" : Long.toString(fixedClock.millis());
  }

  private String nextId() {
    return instance + "-" + Long.toString(sequence.incrementAndGet(), 36);
  }

  private String keyField(String provider, String keyId) {
    return "key:" + provider + ":" + keyId;
  }

  private String deploymentField(String deployment) {
    return "deployment:" + deployment;
  }

  String budgetKey(Budget b, Instant periodStart) {
    return prefix + "budget:" + b.name() + ":" + periodStart.getEpochSecond();
  }

  /** The period's keys live until a day after it ends. */
  static long ttlMillis(Budget b, Instant start, long nowMillis) {
    return ttlMillis(b.periodEnd(start).toEpochMilli(), nowMillis);
  }

  static long ttlMillis(long periodEndMillis, long nowMillis) {
    return Math.max(60_000, periodEndMillis - nowMillis + Duration.ofDays(1).toMillis());
  }

  /**
   * A budget's current period, its keys and its limit as sent: computed when the period
   * changes, not on every admission.
   */
  record Period(Budget budget, Instant start, long endMillis, String key, String reservations,
      String limit) {}

  private final java.util.concurrent.ConcurrentHashMap<String, Period> periodCache =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<String, String[]> windowKeys =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The budget's period at a time of the clock (in millis). */
  Period period(Budget b, long nowMillis) {
    Period p = periodCache.get(b.name());
    if (p != null && p.budget() == b && nowMillis < p.endMillis()
        && nowMillis >= p.start().toEpochMilli()) {
      return p;
    }
    Instant start = b.periodStart(Instant.ofEpochMilli(nowMillis));
    String key = budgetKey(b, start);
    p = new Period(b, start, b.periodEnd(start).toEpochMilli(), key, key + ":res",
        Long.toString(nanos(b.limitUsd())));
    periodCache.put(b.name(), p);
    return p;
  }

  /** A per-minute limit's two keys: its window and its sum. */
  private String[] windowKeys(String limit) {
    String[] k = windowKeys.get(limit);
    if (k == null) {
      k = windowKeys.computeIfAbsent(limit, l -> new String[] {prefix + "limit:" + l + ":log",
          prefix + "limit:" + l + ":sum"});
    }
    return k;
  }

  Clock clock() {
    return clock;
  }

  /** @return the key of the fleet's health hash */
  String healthKey() {
    return prefix + "health";
  }

  private Consumer<BudgetThresholdEvent> sink(BudgetStore local) {
    Consumer<BudgetThresholdEvent> c = thresholdSinks.get(local);
    return c != null ? c : e -> { };
  }

  /** An amount in USD as integer nano-dollars, rounded up (a reservation never shrinks). */
  static long nanos(BigDecimal usd) {
    return usd.setScale(SCALE, RoundingMode.CEILING).unscaledValue().longValueExact();
  }

  static BigDecimal usd(long nanos) {
    return BigDecimal.valueOf(nanos, SCALE).stripTrailingZeros();
  }

  /** A failure's class and message, without the URI's password. */
  String describe(Throwable e) {
    Throwable t = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
        ? e.getCause() : e;
    String m = t.getMessage() == null ? "" : ": " + t.getMessage();
    String p = password;
    if (p != null && !p.isEmpty()) {
      m = m.replace(p, "***");
    }
    if (m.length() > 200) {
      m = m.substring(0, 200) + "...";
    }
    return t.getClass().getSimpleName() + m;
  }

  /** Redis did not answer in time, or refused; the caller falls back. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message, null, false, false);
    }
  }
}
