package io.vectornode.opentelemetry;

/**
 * What {@link VectorNodeTracing} does beyond its defaults: trace context sent to providers (on),
 * prompt and completion content on spans (off), the deprecated {@code gen_ai.system} attribute
 * (off), and how many calls in flight it follows.
 *
 * <pre>{@code
 * TracingOptions options = TracingOptions.builder().captureContent(true).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TracingOptions {
  private static final TracingOptions DEFAULTS = new Builder().build();

  private final boolean propagate;
  private final boolean configuredPropagator;
  private final boolean captureContent;
  private final boolean legacySystemAttribute;
  private final int maxCallsInFlight;

  private TracingOptions(Builder b) {
    this.propagate = b.propagate;
    this.configuredPropagator = b.configuredPropagator;
    this.captureContent = b.captureContent;
    this.legacySystemAttribute = b.legacySystemAttribute;
    this.maxCallsInFlight = b.maxCallsInFlight;
  }

  /** @return the defaults: propagate, no content, no gen_ai.system, 10,000 calls in flight */
  public static TracingOptions defaults() {
    return DEFAULTS;
  }

  /** @return a builder holding the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these options */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.propagate = propagate;
    b.configuredPropagator = configuredPropagator;
    b.captureContent = captureContent;
    b.legacySystemAttribute = legacySystemAttribute;
    b.maxCallsInFlight = maxCallsInFlight;
    return b;
  }

  /** @return whether each attempt's trace context is sent to the provider (W3C traceparent) */
  public boolean propagate() {
    return propagate;
  }

  /**
   * @return whether the provider gets what the {@code OpenTelemetry}'s own propagator writes
   *     (baggage included) rather than W3C trace context alone
   */
  public boolean configuredPropagator() {
    return configuredPropagator;
  }

  /** @return whether prompts and completions are recorded on the call span */
  public boolean captureContent() {
    return captureContent;
  }

  /** @return whether the deprecated {@code gen_ai.system} is set beside the provider name */
  public boolean legacySystemAttribute() {
    return legacySystemAttribute;
  }

  /** @return how many calls in flight are followed at once */
  public int maxCallsInFlight() {
    return maxCallsInFlight;
  }

  @Override
  public String toString() {
    return "TracingOptions[propagate=" + propagate + ", configuredPropagator="
        + configuredPropagator + ", captureContent=" + captureContent
        + ", legacySystemAttribute=" + legacySystemAttribute + ", maxCallsInFlight="
        + maxCallsInFlight + "]";
  }

  /** Builds {@link TracingOptions}. Not thread-safe. */
  public static final class Builder {
    private boolean propagate = true;
    private boolean configuredPropagator;
    private boolean captureContent;
    private boolean legacySystemAttribute;
    private int maxCallsInFlight = 10_000;

    private Builder() {}

    /**
     * Sends each attempt's trace context to the provider: W3C {@code traceparent} and {@code
     * tracestate} on the attempt's HTTP request, naming the attempt's span as the parent. On by
     * default; off, no header is added. Only trace context travels, whatever propagators the
     * {@code OpenTelemetry} has: its {@code baggage} may hold user or tenant ids that must not
     * reach a third party (see {@link #configuredPropagator} to send what it writes instead).
     *
     * @param on whether to propagate
     * @return this builder
     */
    public Builder propagate(boolean on) {
      this.propagate = on;
      return this;
    }

    /**
     * Writes the provider request's context with the {@code OpenTelemetry}'s own text-map
     * propagator (B3, Jaeger, {@code baggage}: whatever it is configured with) rather than W3C
     * trace context alone. Off by default: baggage would go to the provider, a third party.
     *
     * @param on whether to use the configured propagator
     * @return this builder
     */
    public Builder configuredPropagator(boolean on) {
      this.configuredPropagator = on;
      return this;
    }

    /**
     * Records the conversation on the call span as the conventions' opt-in attributes, JSON
     * strings: {@code gen_ai.system_instructions}, {@code gen_ai.input.messages} and {@code
     * gen_ai.output.messages}. Prompts and completions may hold personal or secret data, and be
     * large (the SDK's attribute length limit applies): off by default, as the conventions say.
     *
     * @param on whether to record content
     * @return this builder
     */
    public Builder captureContent(boolean on) {
      this.captureContent = on;
      return this;
    }

    /**
     * Also sets {@code gen_ai.system}, the attribute the conventions renamed to {@code
     * gen_ai.provider.name} (up to their v1.36.0), with the same value. Off by default.
     *
     * @param on whether to set it
     * @return this builder
     */
    public Builder legacySystemAttribute(boolean on) {
      this.legacySystemAttribute = on;
      return this;
    }

    /**
     * Bounds how many calls in flight are followed (their open spans, until their end). A call
     * beyond it gets no spans; a call followed for over an hour without an end is ended (and
     * dropped) first.
     *
     * @param max at least 1; 10,000 by default
     * @return this builder
     */
    public Builder maxCallsInFlight(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxCallsInFlight: must be at least 1, was " + max);
      }
      this.maxCallsInFlight = max;
      return this;
    }

    /** @return the options */
    public TracingOptions build() {
      return new TracingOptions(this);
    }
  }
}
