package io.vectornode.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import io.vectornode.Cost;
import io.vectornode.FinishReason;
import io.vectornode.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j response metadata with what VectorNode knows of the call: the provider instance
 * that answered, the cost, how many upstream attempts the call took (retries, fallbacks, a lost
 * hedge), the latency and time to first token, the full usage (cached, cache-write and reasoning
 * tokens) and VectorNode's own finish reason (which tells {@code REFUSAL} and {@code PAUSED}
 * apart from LangChain4j's {@code OTHER}).
 *
 * <pre>{@code
 * ChatResponse response = chatModel.chat(request);
 * VectorNodeChatResponseMetadata.of(response).ifPresent(vn ->
 *     log.info("{} via {} in {} attempts, {}", vn.modelName(), vn.provider(), vn.attempts(),
 *         vn.cost()));
 * // an AI Service method returning Result<T>: result.finalResponse().metadata(), and
 * // result.intermediateResponses() for the tool-calling rounds before it
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class VectorNodeChatResponseMetadata extends ChatResponseMetadata {
  private final String provider;
  private final Cost cost;
  private final int attempts;
  private final Duration latency;
  private final Duration timeToFirstToken;
  private final Usage usage;
  private final FinishReason vectorNodeFinishReason;

  private VectorNodeChatResponseMetadata(Builder b) {
    super(b);
    this.provider = Objects.requireNonNull(b.provider, "provider");
    this.cost = Objects.requireNonNull(b.cost, "cost");
    this.attempts = b.attempts;
    this.latency = Objects.requireNonNull(b.latency, "latency");
    this.timeToFirstToken = Objects.requireNonNull(b.timeToFirstToken, "timeToFirstToken");
    this.usage = Objects.requireNonNull(b.usage, "usage");
    this.vectorNodeFinishReason =
        Objects.requireNonNull(b.vectorNodeFinishReason, "vectorNodeFinishReason");
  }

  /**
   * The VectorNode metadata of a response, when VectorNode produced it.
   *
   * @param response a LangChain4j response
   * @return its metadata, or empty when another model answered
   */
  public static Optional<VectorNodeChatResponseMetadata> of(ChatResponse response) {
    return response.metadata() instanceof VectorNodeChatResponseMetadata m
        ? Optional.of(m) : Optional.empty();
  }

  /** @return the provider instance that answered, for example {@code openai} */
  public String provider() {
    return provider;
  }

  /** @return what the call cost (known, estimated, or unknown when the model has no price) */
  public Cost cost() {
    return cost;
  }

  /** @return the cost in USD, or empty when unknown */
  public Optional<BigDecimal> costUsd() {
    return cost.usd();
  }

  /** @return how many upstream requests the call took: 1 without retries or fallbacks */
  public int attempts() {
    return attempts;
  }

  /** @return from the call's start until the answer was complete, retries included */
  public Duration latency() {
    return latency;
  }

  /** @return from the call's start until the first content arrived */
  public Duration timeToFirstToken() {
    return timeToFirstToken;
  }

  /** @return the tokens, with cached, cache-write and reasoning counts */
  public Usage usage() {
    return usage;
  }

  /** @return VectorNode's finish reason, finer than LangChain4j's */
  public FinishReason vectorNodeFinishReason() {
    return vectorNodeFinishReason;
  }

  @Override
  public Builder toBuilder() {
    Builder b = new Builder();
    toBuilder(b);
    return b.provider(provider).cost(cost).attempts(attempts).latency(latency)
        .timeToFirstToken(timeToFirstToken).usage(usage)
        .vectorNodeFinishReason(vectorNodeFinishReason);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof VectorNodeChatResponseMetadata that
        && super.equals(o)
        && provider.equals(that.provider)
        && cost.equals(that.cost)
        && attempts == that.attempts
        && latency.equals(that.latency)
        && timeToFirstToken.equals(that.timeToFirstToken)
        && usage.equals(that.usage)
        && vectorNodeFinishReason == that.vectorNodeFinishReason;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), provider, cost, attempts, latency, timeToFirstToken,
        usage, vectorNodeFinishReason);
  }

  @Override
  public String toString() {
    return "VectorNodeChatResponseMetadata{id='" + id() + "', modelName='" + modelName()
        + "', provider='" + provider + "', tokenUsage=" + tokenUsage() + ", finishReason="
        + finishReason() + " (" + vectorNodeFinishReason + "), cost=" + cost + ", attempts="
        + attempts + ", latency=" + latency + ", timeToFirstToken=" + timeToFirstToken + "}";
  }

  /** @return an empty builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link VectorNodeChatResponseMetadata}. Not thread-safe. */
  public static final class Builder extends ChatResponseMetadata.Builder<Builder> {
    private @Nullable String provider;
    private Cost cost = Cost.unknown();
    private int attempts = 1;
    private Duration latency = Duration.ZERO;
    private Duration timeToFirstToken = Duration.ZERO;
    private Usage usage = Usage.ZERO;
    private FinishReason vectorNodeFinishReason = FinishReason.OTHER;

    private Builder() {}

    /**
     * Sets the provider instance that answered.
     *
     * @param provider the provider instance that answered
     * @return this builder
     */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /**
     * Sets the call's cost.
     *
     * @param cost the call's cost
     * @return this builder
     */
    public Builder cost(Cost cost) {
      this.cost = cost;
      return this;
    }

    /**
     * Sets how many upstream requests the call took.
     *
     * @param attempts the upstream requests, at least 1
     * @return this builder
     */
    public Builder attempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts: must be at least 1, was " + attempts);
      }
      this.attempts = attempts;
      return this;
    }

    /**
     * Sets the call's latency.
     *
     * @param latency the call's latency
     * @return this builder
     */
    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /**
     * Sets the time to the first content.
     *
     * @param timeToFirstToken the time to the first content
     * @return this builder
     */
    public Builder timeToFirstToken(Duration timeToFirstToken) {
      this.timeToFirstToken = timeToFirstToken;
      return this;
    }

    /**
     * Sets VectorNode's usage (cached, cache-write and reasoning tokens included).
     *
     * @param usage VectorNode's usage
     * @return this builder
     */
    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    /**
     * Sets VectorNode's finish reason.
     *
     * @param reason VectorNode's finish reason
     * @return this builder
     */
    public Builder vectorNodeFinishReason(FinishReason reason) {
      this.vectorNodeFinishReason = reason;
      return this;
    }

    @Override
    public VectorNodeChatResponseMetadata build() {
      return new VectorNodeChatResponseMetadata(this);
    }
  }
}
