package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A batch of texts to turn into vectors ({@link ModelClient#embed}). Immutable and
 * thread-safe. Any number of inputs: a client splits them into requests of the provider's size
 * ({@link ModelClient#maxEmbeddingInputs()}) and returns the vectors in input order.
 *
 * <pre>{@code
 * EmbeddingResponse r = ai.embed(EmbeddingRequest.builder()
 *     .model("openai/text-embedding-3-small")
 *     .inputs(List.of("first document", "second document"))
 *     .dimensions(256)
 *     .tag("feature", "search")
 *     .build());
 * float[] first = r.vector(0);
 * }</pre>
 */
public final class EmbeddingRequest {
  /** The most inputs one request may carry (a client splits them; this bounds memory). */
  public static final int MAX_INPUTS = 1_000_000;

  private final @Nullable String model;
  private final @Nullable String task;
  private final List<String> inputs;
  private final int dimensions;
  private final Map<String, String> tags;
  private final @Nullable Duration timeout;

  private EmbeddingRequest(@Nullable String model, @Nullable String task, List<String> inputs,
      int dimensions, Map<String, String> tags, @Nullable Duration timeout) {
    this.model = model;
    this.task = task;
    this.inputs = inputs;
    this.dimensions = dimensions;
    this.tags = tags;
    this.timeout = timeout;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this request's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.task = task;
    b.inputs = new ArrayList<>(inputs);
    b.dimensions = dimensions;
    b.tags.putAll(tags);
    b.timeout = timeout;
    return b;
  }

  /** @return the {@code provider/model} reference, deployment or route name, if set */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /** @return the routing task, if set */
  public Optional<String> task() {
    return Optional.ofNullable(task);
  }

  /** @return the texts to embed, in order (unmodifiable, never empty) */
  public List<String> inputs() {
    return inputs;
  }

  /** @return the vector length asked for, when the model can shorten its vectors */
  public OptionalInt dimensions() {
    return dimensions == 0 ? OptionalInt.empty() : OptionalInt.of(dimensions);
  }

  /** @return the tags (team, feature, user...) for budgets and the ledger */
  public Map<String, String> tags() {
    return tags;
  }

  /** @return the whole call's timeout, if set */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /**
   * The same request for other inputs, sharing everything else (a client's batches; no copy of
   * the tags).
   *
   * @param part the inputs, such as a {@code subList} of {@link #inputs()}; not copied, so it
   *     must not change
   * @return the request
   * @throws IllegalArgumentException when {@code part} is empty or holds an empty input
   */
  public EmbeddingRequest withInputs(List<String> part) {
    return new EmbeddingRequest(model, task, checked(part, false), dimensions, tags, timeout);
  }

  /**
   * The same request aimed at one model with a timeout (what a router sends a deployment).
   *
   * @param model the provider's model id
   * @param timeout the time left, or null to keep the request's
   * @return the request
   */
  public EmbeddingRequest withTarget(String model, @Nullable Duration timeout) {
    requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model: must not be blank");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
    }
    return new EmbeddingRequest(model, task, inputs, dimensions, tags,
        timeout == null ? this.timeout : timeout);
  }

  private static List<String> checked(List<String> inputs, boolean copy) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("inputs: must not be empty, was []");
    }
    if (inputs.size() > MAX_INPUTS) {
      throw new IllegalArgumentException(
          "inputs: at most " + MAX_INPUTS + " per request, was " + inputs.size());
    }
    for (int i = 0; i < inputs.size(); i++) {
      String s = inputs.get(i);
      if (s == null || s.isEmpty()) {
        // Every embedding API refuses an empty input; saying which one saves a round trip.
        throw new IllegalArgumentException("inputs[" + i + "]: must not be "
            + (s == null ? "null" : "empty"));
      }
    }
    return copy ? List.copyOf(inputs) : Collections.unmodifiableList(inputs);
  }

  /** Shows the counts, never the texts (they may be sensitive). */
  @Override
  public String toString() {
    return "EmbeddingRequest[model=" + model + ", task=" + task + ", inputs=" + inputs.size()
        + (dimensions == 0 ? "" : ", dimensions=" + dimensions) + ", tags=" + tags
        + (timeout == null ? "" : ", timeout=" + timeout) + "]";
  }

  /** Builds an {@link EmbeddingRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable String task;
    private List<String> inputs = new ArrayList<>();
    private int dimensions;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private @Nullable Duration timeout;

    private Builder() {}

    /**
     * Sets the model: {@code provider/model}, a deployment or a route name.
     *
     * @param model the reference, or null for the default route
     * @return this builder
     */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the routing task (a route name).
     *
     * @param task the task, or null
     * @return this builder
     */
    public Builder task(@Nullable String task) {
      this.task = task;
      return this;
    }

    /**
     * Adds one input.
     *
     * @param text the text, not empty
     * @return this builder
     */
    public Builder input(String text) {
      inputs.add(requireNonNull(text, "input"));
      return this;
    }

    /**
     * Replaces the inputs.
     *
     * @param texts the texts, in order; none empty
     * @return this builder
     */
    public Builder inputs(List<String> texts) {
      this.inputs = new ArrayList<>(requireNonNull(texts, "inputs"));
      return this;
    }

    /**
     * Asks for shorter vectors (OpenAI {@code dimensions}, Gemini {@code
     * outputDimensionality}); models that cannot shorten refuse it.
     *
     * @param dimensions the vector length, positive; null for the model's own
     * @return this builder
     */
    public Builder dimensions(@Nullable Integer dimensions) {
      if (dimensions != null && dimensions <= 0) {
        throw new IllegalArgumentException("dimensions: must be positive, was " + dimensions);
      }
      this.dimensions = dimensions == null ? 0 : dimensions;
      return this;
    }

    /**
     * Adds a tag.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags.put(requireNonNull(key, "tag key"), requireNonNull(value, "tag value"));
      return this;
    }

    /**
     * Adds tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      tags.forEach(this::tag);
      return this;
    }

    /**
     * Sets the whole call's timeout (every batch, retry and fallback).
     *
     * @param timeout positive, or null for the client's default
     * @return this builder
     */
    public Builder timeout(@Nullable Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException naming the field when a value is invalid
     */
    public EmbeddingRequest build() {
      if (model != null && model.isBlank()) {
        throw new IllegalArgumentException("model: must not be blank, was '" + model + "'");
      }
      if (task != null && task.isBlank()) {
        throw new IllegalArgumentException("task: must not be blank, was '" + task + "'");
      }
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
      }
      return new EmbeddingRequest(model, task, checked(inputs, true), dimensions,
          Map.copyOf(tags), timeout);
    }
  }
}
