package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;

/**
 * The vectors of one {@link EmbeddingRequest}, in input order: {@code vector(i)} is the
 * embedding of {@code inputs().get(i)}. Immutable and thread-safe.
 *
 * <p>The vectors live in one {@code float[]} of {@code size() * dimensions()} values: no array
 * per vector, no boxing. {@link #vector(int)} returns a copy; {@link #buffer(int)} a read-only
 * view without copying (for a vector store's bulk insert); {@link #copyTo} writes into the
 * caller's array.
 *
 * <pre>{@code
 * EmbeddingResponse r = ai.embed(request);
 * for (int i = 0; i < r.size(); i++) {
 *   store.put(ids.get(i), r.vector(i));
 * }
 * System.out.println(r.usage().inputTokens() + " tokens, " + r.cost());
 * }</pre>
 */
public final class EmbeddingResponse {
  private final String provider;
  private final String model;
  private final float[] values;
  private final int size;
  private final int dimensions;
  private final Usage usage;
  private final boolean usageEstimated;
  private final Cost cost;
  private final int attempts;
  private final Duration latency;

  private EmbeddingResponse(String provider, String model, float[] values, int size,
      int dimensions, Usage usage, boolean usageEstimated, Cost cost, int attempts,
      Duration latency) {
    this.provider = requireNonNull(provider, "provider");
    this.model = requireNonNull(model, "model");
    this.values = values;
    this.size = size;
    this.dimensions = dimensions;
    this.usage = requireNonNull(usage, "usage");
    this.usageEstimated = usageEstimated;
    this.cost = requireNonNull(cost, "cost");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts: must be at least 1, was " + attempts);
    }
    this.attempts = attempts;
    this.latency = requireNonNull(latency, "latency");
  }

  /**
   * What a provider knows of its answer: cost unknown (a router prices it from its catalog),
   * one attempt. The vectors are copied into one array.
   *
   * @param provider the provider instance that answered
   * @param model the model that answered
   * @param vectors one vector per input, in input order, all of one length (at least 1)
   * @param usage the input tokens
   * @param usageEstimated whether {@code usage} is an estimate (the provider reported none)
   * @param latency how long the wire took
   * @return the response
   * @throws IllegalArgumentException when there is no vector or their lengths differ
   */
  public static EmbeddingResponse of(String provider, String model, List<float[]> vectors,
      Usage usage, boolean usageEstimated, Duration latency) {
    if (vectors.isEmpty()) {
      throw new IllegalArgumentException("vectors: must not be empty");
    }
    int dims = vectors.get(0).length;
    if (dims == 0) {
      throw new IllegalArgumentException("vectors[0]: must not be empty");
    }
    if ((long) dims * vectors.size() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("vectors: " + vectors.size() + " x " + dims
          + " values do not fit in one array");
    }
    float[] flat = new float[dims * vectors.size()];
    for (int i = 0; i < vectors.size(); i++) {
      float[] v = vectors.get(i);
      if (v.length != dims) {
        throw new IllegalArgumentException("vectors[" + i + "]: has " + v.length
            + " dimensions, vectors[0] has " + dims);
      }
      System.arraycopy(v, 0, flat, i * dims, dims);
    }
    return new EmbeddingResponse(provider, model, flat, vectors.size(), dims, usage,
        usageEstimated, Cost.unknown(), 1, latency);
  }

  /**
   * Joins the responses of consecutive batches into one, in order: their vectors concatenated,
   * usage summed (estimated if any part was), latency summed; cost unknown, one attempt.
   *
   * @param parts the batches' responses, in input order, of one model and vector length
   * @return the joined response
   * @throws IllegalArgumentException when the parts' models or vector lengths differ
   */
  public static EmbeddingResponse join(List<EmbeddingResponse> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("parts: must not be empty");
    }
    EmbeddingResponse first = parts.get(0);
    if (parts.size() == 1) {
      return first;
    }
    long total = 0;
    Usage usage = Usage.ZERO;
    boolean estimated = false;
    Duration latency = Duration.ZERO;
    for (int i = 0; i < parts.size(); i++) {
      EmbeddingResponse p = parts.get(i);
      if (p.dimensions != first.dimensions) {
        throw new IllegalArgumentException("parts[" + i + "]: vectors have " + p.dimensions
            + " dimensions, parts[0]'s have " + first.dimensions);
      }
      if (!p.model.equals(first.model)) {
        throw new IllegalArgumentException("parts[" + i + "]: model '" + p.model
            + "' is not parts[0]'s '" + first.model + "'");
      }
      total += p.values.length;
      usage = usage.plus(p.usage);
      estimated |= p.usageEstimated;
      latency = latency.plus(p.latency);
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("parts: " + total + " values do not fit in one array");
    }
    float[] flat = new float[(int) total];
    int at = 0;
    int size = 0;
    for (EmbeddingResponse p : parts) {
      System.arraycopy(p.values, 0, flat, at, p.values.length);
      at += p.values.length;
      size += p.size;
    }
    return new EmbeddingResponse(first.provider, first.model, flat, size, first.dimensions,
        usage, estimated, Cost.unknown(), 1, latency);
  }

  /**
   * The same vectors with what a router knows of the call (no copy of the vectors).
   *
   * @param usage the tokens of the vectors returned
   * @param usageEstimated whether {@code usage} is an estimate
   * @param cost what they cost
   * @param attempts how many upstream requests the call took, at least 1
   * @param latency from the call's start to its end
   * @return the response
   */
  public EmbeddingResponse withCall(Usage usage, boolean usageEstimated, Cost cost,
      int attempts, Duration latency) {
    return new EmbeddingResponse(provider, model, values, size, dimensions, usage,
        usageEstimated, cost, attempts, latency);
  }

  /** @return the provider instance that answered */
  public String provider() {
    return provider;
  }

  /** @return the model that answered, as the provider named it */
  public String model() {
    return model;
  }

  /** @return how many vectors: the number of inputs */
  public int size() {
    return size;
  }

  /** @return the length of every vector */
  public int dimensions() {
    return dimensions;
  }

  /**
   * A copy of one vector.
   *
   * @param index the input's index
   * @return its vector, a new array of {@link #dimensions()} values
   * @throws IndexOutOfBoundsException when there is no such input
   */
  public float[] vector(int index) {
    float[] out = new float[dimensions];
    copyTo(index, out, 0);
    return out;
  }

  /**
   * A read-only view of one vector, without copying.
   *
   * @param index the input's index
   * @return its values
   * @throws IndexOutOfBoundsException when there is no such input
   */
  public FloatBuffer buffer(int index) {
    java.util.Objects.checkIndex(index, size);
    return FloatBuffer.wrap(values, index * dimensions, dimensions).slice().asReadOnlyBuffer();
  }

  /**
   * Copies one vector into an array.
   *
   * @param index the input's index
   * @param dst where to write
   * @param offset where in {@code dst} the vector starts
   * @throws IndexOutOfBoundsException when there is no such input or {@code dst} is too short
   */
  public void copyTo(int index, float[] dst, int offset) {
    java.util.Objects.checkIndex(index, size);
    System.arraycopy(values, index * dimensions, dst, offset, dimensions);
  }

  /** @return the input tokens of the vectors returned (no output tokens) */
  public Usage usage() {
    return usage;
  }

  /** @return whether {@link #usage()} is an estimate: the provider reports none (Gemini) */
  public boolean usageEstimated() {
    return usageEstimated;
  }

  /** @return what the vectors cost, from the price catalog; unknown from a direct client */
  public Cost cost() {
    return cost;
  }

  /** @return how many upstream attempts the call took (batches are not counted apart) */
  public int attempts() {
    return attempts;
  }

  /** @return from the call's start to its end */
  public Duration latency() {
    return latency;
  }

  /** Shows the counts, never the vectors. */
  @Override
  public String toString() {
    return "EmbeddingResponse[provider=" + provider + ", model=" + model + ", size=" + size
        + ", dimensions=" + dimensions + ", usage=" + usage
        + (usageEstimated ? " (estimated)" : "") + ", cost=" + cost + ", attempts=" + attempts
        + ", latency=" + latency + "]";
  }
}
