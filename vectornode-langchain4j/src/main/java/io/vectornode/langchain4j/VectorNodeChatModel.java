package io.vectornode.langchain4j;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.vectornode.ModelClient;
import io.vectornode.error.VectorNodeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * VectorNode as a LangChain4j {@link ChatModel} and {@link StreamingChatModel}: every call goes
 * through a VectorNode {@link ModelClient} (usually the router, {@code VectorNodeClient}), so an
 * AI Service gets routing, retries, fallbacks, budgets and cost by swapping one bean.
 *
 * <pre>{@code
 * VectorNodeClient ai = VectorNode.fromConfig(Path.of("vectornode.yaml"));
 * VectorNodeChatModel model = VectorNodeChatModel.builder().client(ai).task("support").build();
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(model)                 // was: OpenAiChatModel.builder()...build()
 *     .streamingChatModel(model)        // the same bean streams
 *     .tools(new OrderTools())
 *     .build();
 * }</pre>
 *
 * <p><b>Target.</b> A request that names a model ({@code modelName}) or a task ({@link
 * VectorNodeChatRequestParameters#task}) goes there; otherwise the builder's {@link
 * Builder#model} or {@link Builder#task}; otherwise the client's default model or {@code
 * default} route.
 *
 * <p><b>Response.</b> {@link ChatResponse#metadata()} is a {@link VectorNodeChatResponseMetadata}:
 * provider, cost, attempts, latency, full usage.
 *
 * <p><b>Errors</b> are LangChain4j's exceptions with the VectorNode exception as the cause:
 * content filtered → {@code ContentFilteredException}; authentication or permission →
 * {@code AuthenticationException}; not found → {@code ModelNotFoundException}; rate limit →
 * {@code RateLimitException}; invalid request, context length, configuration → {@code
 * InvalidRequestException}; unavailable or other 5xx → {@code InternalServerException}; timeout
 * → {@code TimeoutException}; other transport failures, an interrupted stream, an unavailable
 * fleet state → {@code RetriableException}; budget exceeded → {@code NonRetriableException};
 * anything else → {@code RetriableException} or {@code LangChain4jException} by its {@code
 * retryable()}. VectorNode has already retried and fallen back by then. A request VectorNode
 * cannot express ({@code topK}, penalties, audio, video or PDF content) fails with {@code
 * UnsupportedFeatureException} before anything is sent.
 *
 * <p><b>Streaming</b> runs each call on the builder's executor (by default a shared pool of
 * daemon threads, idle ones ending after a minute); the handler hears text, thinking and
 * tool-call fragments, one {@code onCompleteToolCall} per call, then the complete response, or
 * {@code onError} — also for a request that cannot be mapped. {@code StreamingHandle.cancel()}
 * (from a partial callback's context) closes the HTTP stream; nothing is reported after it.
 *
 * <p>Thread-safe. Closing the {@link ModelClient} is the application's job.
 */
public final class VectorNodeChatModel implements ChatModel, StreamingChatModel {
  private final ModelClient client;
  private final Requests requests;
  private final ChatRequestParameters defaults;
  private final List<ChatModelListener> listeners;
  private final Set<Capability> capabilities;
  private final Executor executor;

  private VectorNodeChatModel(Builder b) {
    this.client = requireNonNull(b.client, "client");
    this.requests = new Requests(b.model, b.task, Map.copyOf(b.tags), b.timeout, b.strictTools,
        b.strictJsonSchema);
    this.defaults = b.defaults;
    this.listeners = List.copyOf(b.listeners);
    this.capabilities = Set.copyOf(b.capabilities);
    this.executor = b.executor != null ? b.executor : DefaultExecutor.INSTANCE;
  }

  /** @return a builder; {@link Builder#client} is required */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends the request through VectorNode and waits for the answer. Called by {@link
   * ChatModel#chat(ChatRequest)} after it merged the default parameters and told the listeners.
   *
   * @param request the request with the defaults applied
   * @return the answer, with {@link VectorNodeChatResponseMetadata}
   * @throws dev.langchain4j.exception.LangChain4jException when the call fails (see the table
   *     above)
   */
  @Override
  public ChatResponse doChat(ChatRequest request) {
    io.vectornode.ChatRequest vn = requests.map(request);
    try {
      return Responses.map(client.chat(vn));
    } catch (VectorNodeException e) {
      throw Errors.map(e);
    }
  }

  /**
   * Streams the answer to the handler from the executor; returns at once.
   *
   * @param request the request with the defaults applied
   * @param handler receives the events, or the failure
   */
  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    requireNonNull(handler, "handler");
    io.vectornode.ChatRequest vn;
    try {
      vn = requests.map(request);
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    try {
      executor.execute(new StreamRun(client, vn, handler));
    } catch (RejectedExecutionException e) {
      handler.onError(e);
    }
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return defaults;
  }

  @Override
  public List<ChatModelListener> listeners() {
    return listeners;
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return capabilities;
  }

  @Override
  public String toString() {
    return "VectorNodeChatModel[model=" + requests.model() + ", task=" + requests.task()
        + ", client=" + client.getClass().getSimpleName() + "]";
  }

  /** Builds a {@link VectorNodeChatModel}. Not thread-safe. */
  public static final class Builder {
    private @Nullable ModelClient client;
    private @Nullable String model;
    private @Nullable String task;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private @Nullable Duration timeout;
    private boolean strictTools;
    private boolean strictJsonSchema;
    private ChatRequestParameters defaults = DefaultChatRequestParameters.EMPTY;
    private List<ChatModelListener> listeners = List.of();
    private Set<Capability> capabilities = Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    private @Nullable Executor executor;

    private Builder() {}

    /**
     * Sets the VectorNode client every call goes through (required). The model does not close
     * it.
     *
     * @param client usually {@code VectorNode.builder()...build()} or {@code fromConfig}
     * @return this builder
     */
    public Builder client(ModelClient client) {
      this.client = requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the default target: a deployment name, a route name or {@code provider/model}. Not
     * together with {@link #task}.
     *
     * @param model the reference
     * @return this builder
     * @throws IllegalStateException if a task was set
     */
    public Builder model(String model) {
      requireNonNull(model, "model");
      if (task != null) {
        throw new IllegalStateException(
            "model: cannot be set with a task (task was '" + task + "')");
      }
      this.model = model;
      return this;
    }

    /**
     * Sets the default target as a VectorNode task (route name). Not together with {@link
     * #model}.
     *
     * @param task the route
     * @return this builder
     * @throws IllegalStateException if a model was set
     */
    public Builder task(String task) {
      requireNonNull(task, "task");
      if (model != null) {
        throw new IllegalStateException(
            "task: cannot be set with a model (model was '" + model + "')");
      }
      this.task = task;
      return this;
    }

    /**
     * Adds a tag to every call (listeners, budgets, usage ledger; never sent).
     *
     * @param key the name
     * @param value the value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags.put(requireNonNull(key, "tag key"), requireNonNull(value, "tag value"));
      return this;
    }

    /**
     * Sets the deadline of each call, retries and fallbacks included.
     *
     * @param timeout a positive duration, or null for the client's default
     * @return this builder
     */
    public Builder timeout(@Nullable Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sends tools strict (the provider then guarantees arguments that match the schema) unless
     * a {@code ToolSpecification} sets its own {@code strict}. Default false, as LangChain4j's
     * OpenAI model.
     *
     * @param strict the flag
     * @return this builder
     */
    public Builder strictTools(boolean strict) {
      this.strictTools = strict;
      return this;
    }

    /**
     * Sends JSON schema response formats strict. Default false, as LangChain4j's OpenAI model.
     *
     * @param strict the flag
     * @return this builder
     */
    public Builder strictJsonSchema(boolean strict) {
      this.strictJsonSchema = strict;
      return this;
    }

    /**
     * Sets default request parameters, which each request's parameters override; {@link
     * VectorNodeChatRequestParameters} carry VectorNode's own.
     *
     * @param parameters the defaults
     * @return this builder
     */
    public Builder defaultRequestParameters(ChatRequestParameters parameters) {
      this.defaults = requireNonNull(parameters, "parameters");
      return this;
    }

    /**
     * Sets LangChain4j listeners, told of each request, response and error.
     *
     * @param listeners the listeners
     * @return this builder
     */
    public Builder listeners(List<ChatModelListener> listeners) {
      this.listeners = List.copyOf(listeners);
      return this;
    }

    /**
     * Sets the capabilities reported to LangChain4j. Default {@code RESPONSE_FORMAT_JSON_SCHEMA},
     * which makes AI Services ask for structured output natively; VectorNode then routes such a
     * call only to deployments that support JSON schema.
     *
     * @param capabilities the capabilities
     * @return this builder
     */
    public Builder supportedCapabilities(Set<Capability> capabilities) {
      this.capabilities = Set.copyOf(capabilities);
      return this;
    }

    /**
     * Sets where streamed calls run (each holds a thread while it streams).
     *
     * @param executor the executor, or null for the shared default pool
     * @return this builder
     */
    public Builder executor(@Nullable Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws NullPointerException if no client was set
     */
    public VectorNodeChatModel build() {
      return new VectorNodeChatModel(this);
    }
  }

  /** The shared default pool for streams: daemon threads, made on demand, ended when idle. */
  private static final class DefaultExecutor {
    static final ExecutorService INSTANCE = create();

    private static ExecutorService create() {
      AtomicInteger n = new AtomicInteger();
      return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
          new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "vectornode-langchain4j-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    }
  }
}
