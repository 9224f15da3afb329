package io.vectornode.spi;

import static java.util.Objects.requireNonNull;

import io.vectornode.ModelCallListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What the clients of one VectorNode client tree share: listeners, time sources and resources
 * such as the HTTP connection pool. The creator of a context owns its {@link #resources()} and
 * closes them.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProviderContext {
  private final List<ModelCallListener> listeners;
  private final Ticker ticker;
  private final Clock clock;
  private final SharedResources resources;
  private final int maxIdleConnections;

  /** Idle connections kept per client tree unless set: room for 64 concurrent callers. */
  public static final int DEFAULT_MAX_IDLE_CONNECTIONS = 64;

  private ProviderContext(Builder b) {
    this.listeners = List.copyOf(b.listeners);
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.resources = b.resources;
    this.maxIdleConnections = b.maxIdleConnections;
  }

  /** @return a builder with the system clock, no listeners and fresh resources */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a context with the system clock, no listeners and fresh resources */
  public static ProviderContext create() {
    return builder().build();
  }

  /** @return the listeners that observe calls */
  public List<ModelCallListener> listeners() {
    return listeners;
  }

  /** @return the time source for durations */
  public Ticker ticker() {
    return ticker;
  }

  /** @return the wall clock for timestamps and Retry-After dates */
  public Clock clock() {
    return clock;
  }

  /** @return the resources shared by the clients of this tree */
  public SharedResources resources() {
    return resources;
  }

  /**
   * How many idle keep-alive connections the tree's HTTP pool keeps (across hosts). Size it to
   * the calls you run at once: a pool smaller than the concurrency closes and reopens
   * connections (a new TCP and TLS handshake each) under load.
   *
   * @return the limit
   */
  public int maxIdleConnections() {
    return maxIdleConnections;
  }

  /** Builds a {@link ProviderContext}. Not thread-safe. */
  public static final class Builder {
    private final List<ModelCallListener> listeners = new ArrayList<>();
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private SharedResources resources = new SharedResources();
    private int maxIdleConnections = DEFAULT_MAX_IDLE_CONNECTIONS;

    private Builder() {}

    /**
     * Sets how many idle connections the HTTP pool keeps; see {@link
     * ProviderContext#maxIdleConnections()}. Takes effect for resources not yet created.
     *
     * @param max at least 1
     * @return this builder
     * @throws IllegalArgumentException naming the value when it is below 1
     */
    public Builder maxIdleConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxIdleConnections: must be at least 1, was " + max);
      }
      this.maxIdleConnections = max;
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(ModelCallListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets the time source for durations.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the wall clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Shares existing resources.
     *
     * @param resources the resources
     * @return this builder
     */
    public Builder resources(SharedResources resources) {
      this.resources = requireNonNull(resources, "resources");
      return this;
    }

    /** @return the context */
    public ProviderContext build() {
      return new ProviderContext(this);
    }
  }
}
