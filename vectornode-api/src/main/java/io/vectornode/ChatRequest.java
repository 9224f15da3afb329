package io.vectornode;

// Over 400 lines: the builder documents and validates every field a request can carry.

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One call to a model: the conversation, the generation settings, and how to route it.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *     .task("summarize")                  // a route; or .model("anthropic/claude-haiku-4-5")
 *     .system("You summarize support tickets in three bullet points.")
 *     .user(ticketText)
 *     .temperature(0.2)
 *     .maxOutputTokens(300)
 *     .tag("team", "support")             // listeners, budgets and the usage ledger see tags
 *     .timeout(Duration.ofSeconds(30))
 *     .build();
 * ChatRequest deterministic = request.toBuilder().temperature(0.0).seed(42L).build();
 * }</pre>
 *
 * <p>Build with {@link #builder()}; change a copy with {@link #toBuilder()}. {@link
 * Builder#build()} validates every field and throws {@link IllegalArgumentException} naming the
 * field and the bad value. A provider may reject a value that is valid here but outside its own
 * range (for example a temperature above 1.0 for Anthropic) before sending anything.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChatRequest {
  /** The widest temperature range any supported provider accepts. */
  public static final double MAX_TEMPERATURE = 2.0;

  // The optionals the accessors return, made once: a routed call reads them about ten times.
  private final Optional<String> model;
  private final Optional<String> task;
  private final List<Message> messages;
  private final List<Tool> tools;
  private final @Nullable ToolChoice toolChoice;
  private final @Nullable Boolean parallelToolCalls;
  private final ResponseFormat responseFormat;
  private final @Nullable Double temperature;
  private final @Nullable Double topP;
  private final OptionalInt maxOutputTokens;
  private final List<String> stop;
  private final @Nullable Long seed;
  private final Map<String, String> tags;
  private final Optional<Duration> timeout;
  private final Map<String, Map<String, Object>> providerOptions;
  private final Map<String, String> headers;

  /** The most headers a request may carry; the longest value one may have, in characters. */
  static final int MAX_HEADERS = 32;
  static final int MAX_HEADER_VALUE = 8192;

  /**
   * Header names (lower case) a call may not set: the HTTP client's own. The client keeps a
   * caller's {@code Host} (which would aim the request, key included, at another virtual host
   * behind the same address), {@code Connection}, {@code Upgrade}, and {@code Accept-Encoding} /
   * {@code Range} (which turn off transparent decompression, so the body could not be read).
   */
  static final Set<String> RESERVED_HEADERS = Set.of("host",
      "content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection",
      "upgrade", "te", "trailer", "expect", "accept-encoding", "range", "content-encoding",
      "content-type");

  private ChatRequest(Builder b) {
    this.model = Optional.ofNullable(b.model);
    this.task = Optional.ofNullable(b.task);
    this.messages = List.copyOf(b.messages);
    this.tools = List.copyOf(b.tools);
    this.toolChoice = b.toolChoice;
    this.parallelToolCalls = b.parallelToolCalls;
    this.responseFormat = b.responseFormat;
    this.temperature = b.temperature;
    this.topP = b.topP;
    this.maxOutputTokens = b.maxOutputTokens == null ? OptionalInt.empty()
        : OptionalInt.of(b.maxOutputTokens);
    this.stop = List.copyOf(b.stop);
    this.seed = b.seed;
    // Map.of() when empty: events copy tags with Map.copyOf, which keeps an immutable map as is.
    this.tags = b.tags.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    this.timeout = Optional.ofNullable(b.timeout);
    Map<String, Map<String, Object>> options = new LinkedHashMap<>();
    b.providerOptions.forEach(
        (k, v) -> options.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    this.providerOptions = options.isEmpty() ? Map.of() : Collections.unmodifiableMap(options);
    this.headers = b.headers.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
  }

  private ChatRequest(ChatRequest r, String model, @Nullable Duration timeout) {
    this.model = Optional.of(model);
    this.task = Optional.empty();
    this.messages = r.messages;
    this.tools = r.tools;
    this.toolChoice = r.toolChoice;
    this.parallelToolCalls = r.parallelToolCalls;
    this.responseFormat = r.responseFormat;
    this.temperature = r.temperature;
    this.topP = r.topP;
    this.maxOutputTokens = r.maxOutputTokens;
    this.stop = r.stop;
    this.seed = r.seed;
    this.tags = r.tags;
    this.timeout = Optional.ofNullable(timeout);
    this.providerOptions = r.providerOptions;
    this.headers = r.headers;
  }

  private ChatRequest(ChatRequest r, Map<String, String> headers) {
    this.model = r.model;
    this.task = r.task;
    this.messages = r.messages;
    this.tools = r.tools;
    this.toolChoice = r.toolChoice;
    this.parallelToolCalls = r.parallelToolCalls;
    this.responseFormat = r.responseFormat;
    this.temperature = r.temperature;
    this.topP = r.topP;
    this.maxOutputTokens = r.maxOutputTokens;
    this.stop = r.stop;
    this.seed = r.seed;
    this.tags = r.tags;
    this.timeout = r.timeout;
    this.providerOptions = r.providerOptions;
    this.headers = headers;
  }

  /**
   * A copy that also sends these HTTP headers, sharing everything else with this request: how a
   * router adds what its listeners return from {@link ModelCallListener#onAttemptStart} (a
   * trace context) to one attempt. A header this request already has keeps its own value.
   *
   * @param extra header names to values, each valid as {@link Builder#header} requires
   * @return this request when {@code extra} adds nothing; otherwise the copy
   * @throws IllegalArgumentException when a header is invalid or there would be more than
   *     {@value #MAX_HEADERS}
   */
  public ChatRequest withHeaders(Map<String, String> extra) {
    requireNonNull(extra, "extra");
    if (extra.isEmpty()) {
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(extra);
    for (Map.Entry<String, String> e : extra.entrySet()) {
      String problem = headerProblem(e.getKey(), e.getValue());
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
    // The request's own headers win: remove any name they hold (names are case-insensitive).
    merged.keySet().removeIf(name -> hasHeader(headers, name));
    if (merged.isEmpty()) {
      return this;
    }
    merged.putAll(headers);
    if (merged.size() > MAX_HEADERS) {
      throw new IllegalArgumentException(
          "headers: at most " + MAX_HEADERS + " per request, was " + merged.size());
    }
    return new ChatRequest(this, Collections.unmodifiableMap(merged));
  }

  private static boolean hasHeader(Map<String, String> headers, String name) {
    for (String n : headers.keySet()) {
      if (n.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why a header cannot be sent, or null when it can. The message names the header and the
   * position of a bad character, never the value.
   */
  static @Nullable String headerProblem(@Nullable String name, @Nullable String value) {
    if (name == null || name.isEmpty()) {
      return "header name: must not be empty";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      // RFC 9110 token characters
      boolean token = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!token) {
        return "header name: '" + name.replaceAll("[^\\x21-\\x7e]", "?")
            + "' has a character not allowed in a header name at position " + i;
      }
    }
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      return "header " + name + ": set by the HTTP client (host, framing, connection or"
          + " content coding), never by a call";
    }
    if (value == null) {
      return "header " + name + ": value must not be null";
    }
    if (value.length() > MAX_HEADER_VALUE) {
      return "header " + name + ": value must be at most " + MAX_HEADER_VALUE
          + " characters, was " + value.length();
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return "header " + name + ": value has a character that cannot travel in HTTP"
            + " (control or non-ASCII) at position " + i;
      }
    }
    return null;
  }

  /**
   * A copy aimed at one model with its own deadline and no task, sharing this request's
   * (immutable) messages, tools and options instead of copying them: what a router hands the
   * deployment it picked, on every attempt.
   *
   * @param model the model reference, such as {@code openai/gpt-4o-mini}
   * @param timeout the attempt's deadline, or null for the client's default
   * @return the copy
   * @throws IllegalArgumentException when the model is blank or the timeout is not positive
   */
  public ChatRequest withTarget(String model, @Nullable Duration timeout) {
    requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model: must not be blank");
    }
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
    }
    return new ChatRequest(this, model, timeout);
  }

  /**
   * Starts a new request.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder holding this request's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The model reference: a {@code provider/model} pair, a deployment name, or a route alias.
   *
   * @return the reference, or empty to let the route or the client's default decide
   */
  public Optional<String> model() {
    return model;
  }

  /**
   * The routing policy (task) name, such as {@code reasoning} or {@code cheap}.
   *
   * @return the task, or empty
   */
  public Optional<String> task() {
    return task;
  }

  /** @return the conversation, oldest first; never empty */
  public List<Message> messages() {
    return messages;
  }

  /** @return the tools the model may call; empty when none */
  public List<Tool> tools() {
    return tools;
  }

  /** @return the tool choice, or empty for the provider's default */
  public Optional<ToolChoice> toolChoice() {
    return Optional.ofNullable(toolChoice);
  }

  /** @return whether the model may call several tools in one turn, or empty for the default */
  public Optional<Boolean> parallelToolCalls() {
    return Optional.ofNullable(parallelToolCalls);
  }

  /** @return the response format; {@link ResponseFormat.Text} unless set */
  public ResponseFormat responseFormat() {
    return responseFormat;
  }

  /** @return the sampling temperature, or empty for the provider's default */
  public OptionalDouble temperature() {
    return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
  }

  /** @return the nucleus-sampling probability mass, or empty for the provider's default */
  public OptionalDouble topP() {
    return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
  }

  /** @return the maximum number of output tokens (reasoning included), or empty */
  public OptionalInt maxOutputTokens() {
    return maxOutputTokens;
  }

  /** @return sequences that stop generation; empty when none */
  public List<String> stop() {
    return stop;
  }

  /** @return the sampling seed, or empty */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** @return free-form labels (team, feature, user...) reported to listeners; never sent */
  public Map<String, String> tags() {
    return tags;
  }

  /**
   * HTTP headers sent with this call's request to the provider (each attempt's), beside the
   * provider's own: for example a W3C {@code traceparent}. A header the provider itself sets
   * (its key, content type, API version) is never replaced. Not for secrets: unlike the
   * configured provider headers, these values are not redacted from what a server echoes.
   *
   * @return header names to values, in the order added; empty when none
   */
  public Map<String, String> headers() {
    return headers;
  }

  /** @return the deadline for this whole call, or empty for the client's default */
  public Optional<Duration> timeout() {
    return timeout;
  }

  /**
   * Extra fields for one provider's request body, keyed by provider type or instance name (for
   * example {@code openai -> {reasoning_effort: low}}). Sent only to that provider; an escape
   * hatch for settings VectorNode does not model.
   *
   * @return the options; empty when none
   */
  public Map<String, Map<String, Object>> providerOptions() {
    return providerOptions;
  }

  /**
   * The options for one provider, looked up by instance name first, then by provider type.
   *
   * @param instance the provider instance name (for example {@code local})
   * @param type the provider type id (for example {@code openai-compatible})
   * @return the options, empty when none
   */
  public Map<String, Object> providerOptions(String instance, String type) {
    Map<String, Object> byInstance = providerOptions.get(instance);
    if (byInstance != null) {
      return byInstance;
    }
    return providerOptions.getOrDefault(type, Map.of());
  }

  @Override
  public String toString() {
    // Prompts may be sensitive: show the shape, not the text.
    return "ChatRequest[model="
        + model.orElse(null)
        + ", task="
        + task.orElse(null)
        + ", messages="
        + messages.size()
        + ", tools="
        + tools.size()
        + ", tags="
        + tags
        + (headers.isEmpty() ? "" : ", headers=" + headers.keySet())
        + "]";
  }

  /**
   * Builds a {@link ChatRequest}. Not thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable String task;
    private final List<Message> messages = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();
    private @Nullable ToolChoice toolChoice;
    private @Nullable Boolean parallelToolCalls;
    private ResponseFormat responseFormat = ResponseFormat.text();
    private @Nullable Double temperature;
    private @Nullable Double topP;
    private @Nullable Integer maxOutputTokens;
    private final List<String> stop = new ArrayList<>();
    private @Nullable Long seed;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private @Nullable Duration timeout;
    private final Map<String, Map<String, Object>> providerOptions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    private Builder(ChatRequest r) {
      model = r.model.orElse(null);
      task = r.task.orElse(null);
      messages.addAll(r.messages);
      tools.addAll(r.tools);
      toolChoice = r.toolChoice;
      parallelToolCalls = r.parallelToolCalls;
      responseFormat = r.responseFormat;
      temperature = r.temperature;
      topP = r.topP;
      maxOutputTokens = r.maxOutputTokens.isPresent() ? r.maxOutputTokens.getAsInt() : null;
      stop.addAll(r.stop);
      seed = r.seed;
      tags.putAll(r.tags);
      timeout = r.timeout.orElse(null);
      r.providerOptions.forEach((k, v) -> providerOptions.put(k, new LinkedHashMap<>(v)));
      headers.putAll(r.headers);
    }

    /**
     * Sets the model reference ({@code provider/model}, deployment name or alias).
     *
     * @param model the reference, or {@code null} to clear it
     * @return this builder
     */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the routing policy name.
     *
     * @param task the task, or {@code null} to clear it
     * @return this builder
     */
    public Builder task(@Nullable String task) {
      this.task = task;
      return this;
    }

    /**
     * Appends a system message.
     *
     * @param text the instructions
     * @return this builder
     */
    public Builder system(String text) {
      return message(Message.system(text));
    }

    /**
     * Appends a user message.
     *
     * @param text what the user says
     * @return this builder
     */
    public Builder user(String text) {
      return message(Message.user(text));
    }

    /**
     * Appends a message.
     *
     * @param message the message
     * @return this builder
     */
    public Builder message(Message message) {
      messages.add(requireNonNull(message, "message"));
      return this;
    }

    /**
     * Replaces the conversation.
     *
     * @param messages the messages, oldest first
     * @return this builder
     */
    public Builder messages(List<Message> messages) {
      requireNonNull(messages, "messages");
      this.messages.clear();
      messages.forEach(this::message);
      return this;
    }

    /**
     * Adds a tool.
     *
     * @param tool the tool
     * @return this builder
     */
    public Builder tool(Tool tool) {
      tools.add(requireNonNull(tool, "tool"));
      return this;
    }

    /**
     * Replaces the tools.
     *
     * @param tools the tools
     * @return this builder
     */
    public Builder tools(List<Tool> tools) {
      requireNonNull(tools, "tools");
      this.tools.clear();
      tools.forEach(this::tool);
      return this;
    }

    /**
     * Sets the tool choice. A choice that needs a tool ({@link ToolChoice.Specific} naming one of
     * the request's tools, or {@code required}) fails {@link #build()} when the request has no
     * tools; {@code auto} and {@code none} mean nothing without tools and are then not sent
     * (Gemini answers 400 to a function calling config without function declarations).
     *
     * @param toolChoice the choice, or {@code null} for the default
     * @return this builder
     */
    public Builder toolChoice(@Nullable ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    /**
     * Allows or forbids several tool calls in one turn.
     *
     * @param parallel the flag, or {@code null} for the default
     * @return this builder
     */
    public Builder parallelToolCalls(@Nullable Boolean parallel) {
      this.parallelToolCalls = parallel;
      return this;
    }

    /**
     * Sets the response format.
     *
     * @param format the format
     * @return this builder
     */
    public Builder responseFormat(ResponseFormat format) {
      this.responseFormat = requireNonNull(format, "responseFormat");
      return this;
    }

    /**
     * Sets the sampling temperature, 0.0 to {@value ChatRequest#MAX_TEMPERATURE}.
     *
     * @param temperature the temperature, or {@code null} for the default
     * @return this builder
     */
    public Builder temperature(@Nullable Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets nucleus sampling, greater than 0.0 and at most 1.0.
     *
     * @param topP the probability mass, or {@code null} for the default
     * @return this builder
     */
    public Builder topP(@Nullable Double topP) {
      this.topP = topP;
      return this;
    }

    /**
     * Caps the output tokens (reasoning included).
     *
     * @param maxOutputTokens at least 1, or {@code null} for the default
     * @return this builder
     */
    public Builder maxOutputTokens(@Nullable Integer maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /**
     * Sets the stop sequences. Providers cap how many they take (OpenAI 4, Gemini 5; Anthropic
     * documents no cap): a call with more than its provider accepts fails before sending with a
     * {@link io.vectornode.error.ConfigurationException} on {@code stop} naming the limit and
     * the count.
     *
     * @param sequences non-empty strings
     * @return this builder
     */
    public Builder stop(String... sequences) {
      return stop(List.of(sequences));
    }

    /**
     * Sets the stop sequences.
     *
     * @param sequences non-empty strings
     * @return this builder
     */
    public Builder stop(List<String> sequences) {
      requireNonNull(sequences, "stop");
      stop.clear();
      stop.addAll(sequences);
      return this;
    }

    /**
     * Sets the sampling seed, for best-effort reproducibility.
     *
     * @param seed the seed, or {@code null} for none
     * @return this builder
     */
    public Builder seed(@Nullable Long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Adds a tag reported to listeners (never sent to the provider).
     *
     * @param key the tag name, for example {@code team}
     * @param value its value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      requireNonNull(key, "tag key");
      requireNonNull(value, "tag value");
      tags.put(key, value);
      return this;
    }

    /**
     * Adds tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      requireNonNull(tags, "tags").forEach(this::tag);
      return this;
    }

    /**
     * Sets the deadline for the whole call.
     *
     * @param timeout a positive duration, or {@code null} for the client's default
     * @return this builder
     */
    public Builder timeout(@Nullable Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Adds a provider-specific field to the request body of one provider.
     *
     * @param provider the provider type id or instance name, for example {@code openai}
     * @param key the JSON field name, for example {@code reasoning_effort}
     * @param value a JSON-like value: String, Number, Boolean, List or Map of those
     * @return this builder
     */
    public Builder providerOption(String provider, String key, Object value) {
      requireNonNull(provider, "provider");
      requireNonNull(key, "key");
      requireNonNull(value, "value");
      providerOptions.computeIfAbsent(provider, k -> new LinkedHashMap<>()).put(key, value);
      return this;
    }

    /**
     * Adds an HTTP header to send with this call's request (see {@link ChatRequest#headers()}).
     * A header of the same name (in any case) is replaced.
     *
     * @param name a header name (letters, digits and {@code !#$%&'*+-.^_`|~})
     * @param value its value: printable ASCII, at most {@value ChatRequest#MAX_HEADER_VALUE}
     *     characters
     * @return this builder
     * @throws IllegalArgumentException naming the header (never echoing the value) when it
     *     cannot travel in HTTP, is one the HTTP client sets ({@code Host}, {@code
     *     Content-Length}, {@code Connection}, {@code Accept-Encoding}...), or when there
     *     would be more than {@value ChatRequest#MAX_HEADERS}
     */
    public Builder header(String name, String value) {
      requireNonNull(name, "header name");
      requireNonNull(value, "header value");
      String problem = headerProblem(name, value);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      headers.keySet().removeIf(n -> n.equalsIgnoreCase(name));
      if (headers.size() >= MAX_HEADERS) {
        throw new IllegalArgumentException("headers: at most " + MAX_HEADERS + " per request");
      }
      headers.put(name, value);
      return this;
    }

    /**
     * Adds HTTP headers (see {@link #header}).
     *
     * @param headers names to values
     * @return this builder
     */
    public Builder headers(Map<String, String> headers) {
      requireNonNull(headers, "headers").forEach(this::header);
      return this;
    }

    /**
     * Validates and builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException naming the first invalid field and its value
     */
    public ChatRequest build() {
      if (model != null && model.isBlank()) {
        throw new IllegalArgumentException("model: must not be blank, was '" + model + "'");
      }
      if (task != null && task.isBlank()) {
        throw new IllegalArgumentException("task: must not be blank, was '" + task + "'");
      }
      if (messages.isEmpty()) {
        throw new IllegalArgumentException("messages: must not be empty, was []");
      }
      if (temperature != null
          && (temperature.isNaN() || temperature < 0.0 || temperature > MAX_TEMPERATURE)) {
        throw new IllegalArgumentException(
            "temperature: must be between 0.0 and " + MAX_TEMPERATURE + ", was " + temperature);
      }
      if (topP != null && (topP.isNaN() || topP <= 0.0 || topP > 1.0)) {
        throw new IllegalArgumentException(
            "topP: must be greater than 0.0 and at most 1.0, was " + topP);
      }
      if (maxOutputTokens != null && maxOutputTokens < 1) {
        throw new IllegalArgumentException(
            "maxOutputTokens: must be at least 1, was " + maxOutputTokens);
      }
      for (String s : stop) {
        if (s == null || s.isEmpty()) {
          throw new IllegalArgumentException("stop: sequences must not be empty, was " + stop);
        }
      }
      if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
        throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
      }
      if (toolChoice instanceof ToolChoice.Specific s
          && tools.stream().noneMatch(t -> t.name().equals(s.name()))) {
        throw new IllegalArgumentException(
            "toolChoice: names tool '" + s.name() + "', which is not among the request's tools");
      }
      if ((toolChoice instanceof ToolChoice.Required) && tools.isEmpty()) {
        throw new IllegalArgumentException("toolChoice: 'required' needs at least one tool");
      }
      return new ChatRequest(this);
    }
  }
}
