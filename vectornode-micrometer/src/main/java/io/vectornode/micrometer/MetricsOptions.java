package io.vectornode.micrometer;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link VectorNodeMetrics} records beyond its defaults: which request tags become meter
 * tags, how many values a tag may take, histogram buckets, and the deprecated {@code
 * gen_ai.system} tag.
 *
 * <pre>{@code
 * MetricsOptions options = MetricsOptions.builder()
 *     .allowTag("team")          // ChatRequest.tag("team", ...) becomes the meter tag "team"
 *     .maxTagValues(50)
 *     .build();
 * VectorNodeMetrics metrics = VectorNodeMetrics.create(registry, options);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class MetricsOptions {
  private static final MetricsOptions DEFAULTS = new Builder().build();

  private final List<String> allowedTags;
  private final int maxTagValues;
  private final boolean histogramBuckets;
  private final boolean legacySystemTag;
  private final int maxCallsInFlight;

  private MetricsOptions(Builder b) {
    this.allowedTags = List.copyOf(b.allowedTags);
    this.maxTagValues = b.maxTagValues;
    this.histogramBuckets = b.histogramBuckets;
    this.legacySystemTag = b.legacySystemTag;
    this.maxCallsInFlight = b.maxCallsInFlight;
  }

  /** @return the defaults: no request tag, 100 values per tag, buckets on, no gen_ai.system */
  public static MetricsOptions defaults() {
    return DEFAULTS;
  }

  /** @return a builder holding the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these options */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.allowedTags.addAll(allowedTags);
    b.maxTagValues = maxTagValues;
    b.histogramBuckets = histogramBuckets;
    b.legacySystemTag = legacySystemTag;
    b.maxCallsInFlight = maxCallsInFlight;
    return b;
  }

  /** @return the request tag keys recorded as meter tags, in order; empty by default */
  public List<String> allowedTags() {
    return allowedTags;
  }

  /** @return how many distinct values one tag may take before the rest count as _OTHER */
  public int maxTagValues() {
    return maxTagValues;
  }

  /** @return whether the conventions' explicit histogram buckets are published */
  public boolean histogramBuckets() {
    return histogramBuckets;
  }

  /** @return whether the deprecated {@code gen_ai.system} tag is added beside the provider's */
  public boolean legacySystemTag() {
    return legacySystemTag;
  }

  /** @return how many calls in flight are followed at once (for Observations and streams) */
  public int maxCallsInFlight() {
    return maxCallsInFlight;
  }

  @Override
  public String toString() {
    return "MetricsOptions[allowedTags=" + allowedTags + ", maxTagValues=" + maxTagValues
        + ", histogramBuckets=" + histogramBuckets + ", legacySystemTag=" + legacySystemTag
        + ", maxCallsInFlight=" + maxCallsInFlight + "]";
  }

  /** Builds {@link MetricsOptions}. Not thread-safe. */
  public static final class Builder {
    private final List<String> allowedTags = new ArrayList<>();
    private int maxTagValues = 100;
    private boolean histogramBuckets = true;
    private boolean legacySystemTag;
    private int maxCallsInFlight = 10_000;

    private Builder() {}

    /**
     * Records a request tag ({@code ChatRequest.tag(key, ...)}) as a meter tag of the same name
     * on the call, attempt, token, cost, retry and budget-refusal meters. A call without the tag
     * records {@code none}. Its values are bounded like every tag's ({@link #maxTagValues}); a
     * tag that holds a user id or any other unbounded value does not belong here.
     *
     * @param key the tag key, for example {@code team}
     * @return this builder
     * @throws IllegalArgumentException when the key is blank, already allowed, or could be
     *     taken for one of the conventions' or VectorNode's own tags
     */
    public Builder allowTag(String key) {
      requireNonNull(key, "key");
      if (key.isBlank()) {
        throw new IllegalArgumentException("allowedTags: a key must not be blank, was '" + key
            + "'");
      }
      if (key.startsWith("gen_ai.") || key.startsWith("vectornode.") || key.startsWith("error.")
          || key.startsWith("http.") || key.startsWith("server.")) {
        throw new IllegalArgumentException("allowedTags: '" + key + "' would be taken for a"
            + " semantic-convention or VectorNode tag; use another name");
      }
      if (allowedTags.contains(key)) {
        throw new IllegalArgumentException("allowedTags: '" + key + "' was already allowed");
      }
      allowedTags.add(key);
      return this;
    }

    /**
     * Records several request tags as meter tags (see {@link #allowTag}).
     *
     * @param keys the tag keys
     * @return this builder
     */
    public Builder allowTags(Iterable<String> keys) {
      requireNonNull(keys, "keys").forEach(this::allowTag);
      return this;
    }

    /**
     * Bounds each tag's distinct values: beyond the first {@code max} seen, a value is recorded
     * as {@code _OTHER} (so a server that names a new model in every reply, or a task name from
     * user input, cannot grow the registry without bound).
     *
     * @param max at least 1; 100 by default
     * @return this builder
     */
    public Builder maxTagValues(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxTagValues: must be at least 1, was " + max);
      }
      this.maxTagValues = max;
      return this;
    }

    /**
     * Publishes the conventions' explicit bucket boundaries on the duration, time-to-first-chunk
     * and token histograms (14 buckets each, per series). On by default.
     *
     * @param on whether to publish them
     * @return this builder
     */
    public Builder histogramBuckets(boolean on) {
      this.histogramBuckets = on;
      return this;
    }

    /**
     * Also tags the {@code gen_ai.*} meters with {@code gen_ai.system}, the attribute the
     * conventions renamed to {@code gen_ai.provider.name} (up to their v1.36.0), with the same
     * value: for dashboards written against the old name. Off by default.
     *
     * @param on whether to add it
     * @return this builder
     */
    public Builder legacySystemTag(boolean on) {
      this.legacySystemTag = on;
      return this;
    }

    /**
     * Bounds how many calls in flight are followed (their start event and Observation, until
     * their end). Beyond it, a call still gets its meters but no Observation and, for a stream,
     * no time-to-first-chunk; a call followed for over an hour without an end is dropped first.
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
    public MetricsOptions build() {
      return new MetricsOptions(this);
    }
  }
}
