package io.vectornode.routing;

import static java.util.Objects.requireNonNull;

import io.vectornode.ChatRequest;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An exact-match response cache, opt-in: a call is looked up when its route is one of {@link
 * Builder#routes} or {@link Builder#when} accepts its request. The key is the canonical request
 * (the route it resolves to, the model reference, messages, tools, tool choice, response format,
 * sampling parameters, stop sequences, seed, provider options; not tags, timeout, headers or any
 * API key). A hit sends no request, costs $0 and is marked {@link
 * io.vectornode.ChatResponse#cached()} and {@link io.vectornode.CallEndEvent#cacheHit()}; a
 * stream answered from the cache replays the answer as a stream. Only successful answers that
 * finished with {@code STOP}, {@code LENGTH} or {@code TOOL_CALLS} are kept; errors never are.
 *
 * <p>A request whose temperature is above 0, or not set (the providers' default is above 0), is
 * sampled: it is cached only with {@link Builder#cacheSampled}. Immutable and thread-safe.
 *
 * <pre>{@code
 * VectorNode.builder()...responseCache(ResponseCache.builder().routes("faq")
 *     .maximumSize(10_000).ttl(Duration.ofHours(1)).build())
 * }</pre>
 */
public final class ResponseCache {
  private final Set<String> routes;
  private final Predicate<ChatRequest> when;
  private final boolean cacheSampled;
  private final long maximumSize;
  private final Duration ttl;
  private final @Nullable ResponseStore store;

  private ResponseCache(Builder b) {
    this.routes = Set.copyOf(b.routes);
    this.when = b.when;
    this.cacheSampled = b.cacheSampled;
    this.maximumSize = b.maximumSize;
    this.ttl = b.ttl;
    this.store = b.store;
  }

  /** @return a builder: no routes, 10,000 answers for 1 hour, in memory */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the routes (and deployment or {@code provider/model} names) that are cached */
  public Set<String> routes() {
    return routes;
  }

  /** @return whether sampled requests (temperature above 0 or unset) are cached */
  public boolean cacheSampled() {
    return cacheSampled;
  }

  boolean wants(String route, ChatRequest request) {
    if (!routes.contains(route) && !when.test(request)) {
      return false;
    }
    return cacheSampled || request.temperature().orElse(1) == 0;
  }

  ResponseStore store(io.vectornode.spi.Ticker ticker) {
    return store != null ? store : ResponseStore.inMemory(maximumSize, ttl, ticker);
  }

  @Override
  public String toString() {
    return "ResponseCache[routes=" + routes + ", cacheSampled=" + cacheSampled
        + (store != null ? ", store=" + store.getClass().getSimpleName()
            : ", maximumSize=" + maximumSize + ", ttl=" + ttl) + "]";
  }

  /** Builds a {@link ResponseCache}; not thread-safe. */
  public static final class Builder {
    private final Set<String> routes = new LinkedHashSet<>();
    private Predicate<ChatRequest> when = r -> false;
    private boolean cacheSampled;
    private long maximumSize = 10_000;
    private Duration ttl = Duration.ofHours(1);
    private @Nullable ResponseStore store;

    private Builder() {}

    /**
     * Caches the calls that resolve to these routes (or deployment, or {@code provider/model}
     * names when a call names one directly).
     *
     * @param names the route names
     * @return this builder
     */
    public Builder routes(String... names) {
      for (String n : names) {
        routes.add(requireNonNull(n, "route"));
      }
      return this;
    }

    /**
     * Caches, besides the routes', the requests this accepts (per request: for example a tag).
     *
     * @param filter the test, fast and not throwing
     * @return this builder
     */
    public Builder when(Predicate<ChatRequest> filter) {
      this.when = requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Caches sampled requests too (temperature above 0 or unset): a hit then repeats one sample.
     *
     * @param enabled whether to
     * @return this builder
     */
    public Builder cacheSampled(boolean enabled) {
      this.cacheSampled = enabled;
      return this;
    }

    /**
     * Sets how many answers the in-memory store keeps.
     *
     * @param max at least 1
     * @return this builder
     * @throws IllegalArgumentException when below 1
     */
    public Builder maximumSize(long max) {
      if (max < 1) {
        throw new IllegalArgumentException("maximumSize: must be at least 1, was " + max
            + " (previously " + maximumSize + ")");
      }
      this.maximumSize = max;
      return this;
    }

    /**
     * Sets how long the in-memory store keeps an answer after writing it.
     *
     * @param ttl positive
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder ttl(Duration ttl) {
      requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl: must be positive, was " + ttl
            + " (previously " + this.ttl + ")");
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * Keeps the answers in this store (shared by several instances) instead of memory; the size
     * and TTL are then the store's.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(ResponseStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /** @return the cache configuration */
    public ResponseCache build() {
      return new ResponseCache(this);
    }
  }
}
