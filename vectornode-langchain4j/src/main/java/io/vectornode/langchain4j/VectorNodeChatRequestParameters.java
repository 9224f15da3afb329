package io.vectornode.langchain4j;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j request parameters with what VectorNode adds: the routing task, tags for listeners
 * and budgets, a seed, parallel tool calls, a per-call deadline and provider options. Use them as
 * a {@link VectorNodeChatModel}'s default parameters or on one {@code ChatRequest}:
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *     .messages(UserMessage.from("Summarize this ticket: ..."))
 *     .parameters(VectorNodeChatRequestParameters.builder()
 *         .task("summarize")
 *         .tag("team", "support")
 *         .temperature(0.2)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Merging follows LangChain4j's rules ({@link #overrideWith}): a value set on the request wins
 * over the model's default; tags and provider options are merged key by key, the request's
 * winning. Immutable and thread-safe.
 */
public final class VectorNodeChatRequestParameters extends DefaultChatRequestParameters {
  private final @Nullable String task;
  private final Map<String, String> tags;
  private final @Nullable Long seed;
  private final @Nullable Boolean parallelToolCalls;
  private final @Nullable Duration timeout;
  private final Map<String, Map<String, Object>> providerOptions;

  private VectorNodeChatRequestParameters(Builder b) {
    super(b);
    this.task = b.task;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    this.seed = b.seed;
    this.parallelToolCalls = b.parallelToolCalls;
    this.timeout = b.timeout;
    Map<String, Map<String, Object>> options = new LinkedHashMap<>();
    b.providerOptions.forEach(
        (k, v) -> options.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    this.providerOptions = Collections.unmodifiableMap(options);
  }

  /** @return the VectorNode task (route) to call, or null for the model's default */
  public @Nullable String task() {
    return task;
  }

  /** @return tags reported to listeners, budgets and the usage ledger; never sent */
  public Map<String, String> tags() {
    return tags;
  }

  /** @return the sampling seed, or null */
  public @Nullable Long seed() {
    return seed;
  }

  /** @return whether several tool calls may come in one turn, or null for the default */
  public @Nullable Boolean parallelToolCalls() {
    return parallelToolCalls;
  }

  /** @return the deadline of the whole routed call, or null for the client's default */
  public @Nullable Duration timeout() {
    return timeout;
  }

  /** @return extra body fields per provider (VectorNode's escape hatch); empty when none */
  public Map<String, Map<String, Object>> providerOptions() {
    return providerOptions;
  }

  @Override
  public ChatRequestParameters overrideWith(ChatRequestParameters that) {
    return builder().overrideWith(this).overrideWith(that).build();
  }

  @Override
  public ChatRequestParameters defaultedBy(ChatRequestParameters that) {
    return builder().overrideWith(that).overrideWith(this).build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof VectorNodeChatRequestParameters that
        && super.equals(o)
        && Objects.equals(task, that.task)
        && tags.equals(that.tags)
        && Objects.equals(seed, that.seed)
        && Objects.equals(parallelToolCalls, that.parallelToolCalls)
        && Objects.equals(timeout, that.timeout)
        && providerOptions.equals(that.providerOptions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), task, tags, seed, parallelToolCalls, timeout,
        providerOptions);
  }

  @Override
  public String toString() {
    return "VectorNodeChatRequestParameters{task=" + task + ", tags=" + tags + ", seed=" + seed
        + ", parallelToolCalls=" + parallelToolCalls + ", timeout=" + timeout
        + ", providerOptions=" + providerOptions.keySet() + ", " + super.toString() + "}";
  }

  /** @return an empty builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link VectorNodeChatRequestParameters}. Not thread-safe. */
  public static final class Builder extends DefaultChatRequestParameters.Builder<Builder> {
    private @Nullable String task;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private @Nullable Long seed;
    private @Nullable Boolean parallelToolCalls;
    private @Nullable Duration timeout;
    private final Map<String, Map<String, Object>> providerOptions = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Copies every value {@code parameters} sets over this builder's; for VectorNode parameters
     * also the task, seed, flags and timeout, and merges tags and provider options.
     *
     * @param parameters the parameters that win
     * @return this builder
     */
    @Override
    public Builder overrideWith(ChatRequestParameters parameters) {
      super.overrideWith(parameters);
      if (parameters instanceof VectorNodeChatRequestParameters p) {
        task = p.task != null ? p.task : task;
        tags.putAll(p.tags);
        seed = p.seed != null ? p.seed : seed;
        parallelToolCalls = p.parallelToolCalls != null ? p.parallelToolCalls : parallelToolCalls;
        timeout = p.timeout != null ? p.timeout : timeout;
        p.providerOptions.forEach(
            (k, v) -> providerOptions.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(v));
      }
      return this;
    }

    /**
     * Sets the VectorNode task (a route name). A task wins over a model name, as in VectorNode.
     *
     * @param task the task, or null
     * @return this builder
     */
    public Builder task(@Nullable String task) {
      this.task = task;
      return this;
    }

    /**
     * Adds a tag (team, feature, user...), reported to listeners and budgets, never sent.
     *
     * @param key the name
     * @param value the value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "tag key"), Objects.requireNonNull(value, "tag value"));
      return this;
    }

    /**
     * Adds tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      Objects.requireNonNull(tags, "tags").forEach(this::tag);
      return this;
    }

    /**
     * Sets the sampling seed.
     *
     * @param seed the seed, or null
     * @return this builder
     */
    public Builder seed(@Nullable Long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Allows or forbids several tool calls in one turn.
     *
     * @param parallel the flag, or null for the default
     * @return this builder
     */
    public Builder parallelToolCalls(@Nullable Boolean parallel) {
      this.parallelToolCalls = parallel;
      return this;
    }

    /**
     * Sets the deadline of the whole routed call (every retry and fallback).
     *
     * @param timeout a positive duration, or null for the client's default
     * @return this builder
     */
    public Builder timeout(@Nullable Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Adds a field to one provider's request body (VectorNode's {@code providerOption}), for
     * settings neither LangChain4j nor VectorNode model, such as {@code frequency_penalty}.
     *
     * @param provider the provider type or instance name, for example {@code openai}
     * @param key the JSON field
     * @param value a JSON-like value
     * @return this builder
     */
    public Builder providerOption(String provider, String key, Object value) {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      providerOptions.computeIfAbsent(provider, k -> new LinkedHashMap<>()).put(key, value);
      return this;
    }

    @Override
    public VectorNodeChatRequestParameters build() {
      return new VectorNodeChatRequestParameters(this);
    }
  }
}
