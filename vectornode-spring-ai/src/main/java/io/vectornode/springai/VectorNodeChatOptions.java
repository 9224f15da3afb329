package io.vectornode.springai;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Spring AI chat options with what VectorNode adds: the routing task, tags for listeners and
 * budgets, a seed, a tool choice, parallel tool calls, a per-call deadline and provider options;
 * tool callbacks (the ChatClient's {@code .tools(...)}) and a structured-output schema ({@code
 * .entity(...)} with native structured output) are carried as Spring AI defines them.
 *
 * <pre>{@code
 * String answer = chatClient.prompt()
 *     .user("Summarize this ticket: ...")
 *     .options(VectorNodeChatOptions.builder().task("summarize").tag("team", "support"))
 *     .call()
 *     .content();
 * }</pre>
 *
 * <p>{@code topK}, {@code frequencyPenalty} and {@code presencePenalty} are accepted here, as
 * every {@link ChatOptions} has them, but a call that sets one fails before sending: VectorNode's
 * common request has no such fields (use {@link Builder#providerOption}). Immutable.
 */
public final class VectorNodeChatOptions extends DefaultToolCallingChatOptions
    implements StructuredOutputChatOptions {
  private final @Nullable String task;
  private final Map<String, String> tags;
  private final @Nullable Long seed;
  private final @Nullable Duration timeout;
  private final @Nullable String toolChoice;
  private final @Nullable Boolean parallelToolCalls;
  private final Map<String, Map<String, Object>> providerOptions;
  private final @Nullable String outputSchema;
  private final @Nullable Boolean strictOutputSchema;

  // The builder passes its inherited (protected) fields: only its own body may read them.
  private VectorNodeChatOptions(Builder b, @Nullable List<ToolCallback> toolCallbacks,
      @Nullable Map<String, Object> toolContext, @Nullable String model,
      @Nullable Double frequencyPenalty, @Nullable Integer maxTokens,
      @Nullable Double presencePenalty, @Nullable List<String> stopSequences,
      @Nullable Double temperature, @Nullable Integer topK, @Nullable Double topP) {
    super(toolCallbacks, toolContext, model, frequencyPenalty, maxTokens, presencePenalty,
        stopSequences, temperature, topK, topP);
    this.task = b.task;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    this.seed = b.seed;
    this.timeout = b.timeout;
    this.toolChoice = b.toolChoice;
    this.parallelToolCalls = b.parallelToolCalls;
    Map<String, Map<String, Object>> options = new LinkedHashMap<>();
    b.providerOptions.forEach(
        (k, v) -> options.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    this.providerOptions = Collections.unmodifiableMap(options);
    this.outputSchema = b.outputSchema;
    this.strictOutputSchema = b.strictOutputSchema;
  }

  /** @return an empty builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the VectorNode task (route) to call, or null */
  public @Nullable String getTask() {
    return task;
  }

  /** @return tags reported to listeners, budgets and the usage ledger; never sent */
  public Map<String, String> getTags() {
    return tags;
  }

  /** @return the sampling seed, or null */
  public @Nullable Long getSeed() {
    return seed;
  }

  /** @return the deadline of the whole routed call, or null for the client's default */
  public @Nullable Duration getTimeout() {
    return timeout;
  }

  /** @return {@code auto}, {@code none}, {@code required} or a tool's name; null for default */
  public @Nullable String getToolChoice() {
    return toolChoice;
  }

  /** @return whether several tool calls may come in one turn, or null for the default */
  public @Nullable Boolean getParallelToolCalls() {
    return parallelToolCalls;
  }

  /** @return extra body fields per provider (VectorNode's escape hatch); empty when none */
  public Map<String, Map<String, Object>> getProviderOptions() {
    return providerOptions;
  }

  @Override
  public @Nullable String getOutputSchema() {
    return outputSchema;
  }

  /** @return whether the output schema is enforced strictly, or null for the default (true) */
  public @Nullable Boolean getStrictOutputSchema() {
    return strictOutputSchema;
  }

  @Override
  public Builder mutate() {
    Builder b = new Builder();
    b.model(getModel()).frequencyPenalty(getFrequencyPenalty()).maxTokens(getMaxTokens())
        .presencePenalty(getPresencePenalty()).stopSequences(getStopSequences())
        .temperature(getTemperature()).topK(getTopK()).topP(getTopP())
        .toolCallbacks(getToolCallbacks()).toolContext(getToolContext());
    b.copyExtras(this);
    return b;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof VectorNodeChatOptions that
        && super.equals(o)
        && Objects.equals(task, that.task)
        && tags.equals(that.tags)
        && Objects.equals(seed, that.seed)
        && Objects.equals(timeout, that.timeout)
        && Objects.equals(toolChoice, that.toolChoice)
        && Objects.equals(parallelToolCalls, that.parallelToolCalls)
        && providerOptions.equals(that.providerOptions)
        && Objects.equals(outputSchema, that.outputSchema)
        && Objects.equals(strictOutputSchema, that.strictOutputSchema);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), task, tags, seed, timeout, toolChoice,
        parallelToolCalls, providerOptions, outputSchema, strictOutputSchema);
  }

  @Override
  public String toString() {
    List<ToolCallback> tools = getToolCallbacks();
    return "VectorNodeChatOptions{model=" + getModel() + ", task=" + task + ", tags=" + tags
        + ", temperature=" + getTemperature() + ", topP=" + getTopP() + ", maxTokens="
        + getMaxTokens() + ", tools=" + (tools == null ? 0 : tools.size()) + ", toolChoice="
        + toolChoice + ", outputSchema=" + (outputSchema != null) + "}";
  }

  /** Builds {@link VectorNodeChatOptions}. Not thread-safe. */
  public static final class Builder extends DefaultToolCallingChatOptions.Builder<Builder>
      implements StructuredOutputChatOptions.Builder<Builder> {
    private @Nullable String task;
    private Map<String, String> tags = new LinkedHashMap<>();
    private @Nullable Long seed;
    private @Nullable Duration timeout;
    private @Nullable String toolChoice;
    private @Nullable Boolean parallelToolCalls;
    private Map<String, Map<String, Object>> providerOptions = new LinkedHashMap<>();
    private @Nullable String outputSchema;
    private @Nullable Boolean strictOutputSchema;

    private Builder() {}

    /** Copies VectorNode's own values that {@code o} sets; merges tags and provider options. */
    void copyExtras(VectorNodeChatOptions o) {
      task = o.task != null ? o.task : task;
      tags.putAll(o.tags);
      seed = o.seed != null ? o.seed : seed;
      timeout = o.timeout != null ? o.timeout : timeout;
      toolChoice = o.toolChoice != null ? o.toolChoice : toolChoice;
      parallelToolCalls = o.parallelToolCalls != null ? o.parallelToolCalls : parallelToolCalls;
      o.providerOptions.forEach(
          (k, v) -> providerOptions.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(v));
      outputSchema = o.outputSchema != null ? o.outputSchema : outputSchema;
      strictOutputSchema =
          o.strictOutputSchema != null ? o.strictOutputSchema : strictOutputSchema;
    }

    @Override
    public Builder clone() {
      Builder copy = super.clone();
      copy.tags = new LinkedHashMap<>(tags);
      Map<String, Map<String, Object>> options = new LinkedHashMap<>();
      providerOptions.forEach((k, v) -> options.put(k, new LinkedHashMap<>(v)));
      copy.providerOptions = options;
      return copy;
    }

    /**
     * Adds what {@code other} sets over this builder's values (Spring AI's merge): the common
     * options, tool callbacks and context, an output schema, and VectorNode's own.
     *
     * @param other the builder whose values win
     * @return this builder
     */
    @Override
    public Builder combineWith(ChatOptions.Builder<?> other) {
      super.combineWith(other);
      if (other instanceof Builder that) {
        copyExtras(that.build());
      } else if (other instanceof StructuredOutputChatOptions.Builder<?> s
          && s.build() instanceof StructuredOutputChatOptions built
          && built.getOutputSchema() != null) {
        outputSchema = built.getOutputSchema();
      }
      return this;
    }

    /**
     * Sets the VectorNode task (a route name). A task wins over a model, as in VectorNode.
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
     * Sets whether and which tool the model must call.
     *
     * @param toolChoice {@code auto}, {@code none}, {@code required} or a tool's name; null for
     *     the provider's default
     * @return this builder
     */
    public Builder toolChoice(@Nullable String toolChoice) {
      this.toolChoice = toolChoice;
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
     * Adds a field to one provider's request body (VectorNode's {@code providerOption}), for
     * settings neither Spring AI nor VectorNode model, such as {@code frequency_penalty}.
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

    /**
     * Asks for JSON matching this schema (what {@code ChatClient...entity(...)} sets with native
     * structured output).
     *
     * @param outputSchema the JSON Schema text, or null for free text
     * @return this builder
     */
    @Override
    public Builder outputSchema(@Nullable String outputSchema) {
      this.outputSchema = outputSchema;
      return this;
    }

    /**
     * Sets whether the output schema is enforced strictly where the provider can (VectorNode
     * completes the schema for OpenAI's strict mode). Default true, as Spring AI's OpenAI model
     * sends native structured output.
     *
     * @param strict the flag, or null for the default
     * @return this builder
     */
    public Builder strictOutputSchema(@Nullable Boolean strict) {
      this.strictOutputSchema = strict;
      return this;
    }

    @Override
    public VectorNodeChatOptions build() {
      return new VectorNodeChatOptions(this, toolCallbacks, toolContext, model, frequencyPenalty,
          maxTokens, presencePenalty, stopSequences, temperature, topK, topP);
    }
  }
}
