package io.vectornode.springai;

import static java.util.Objects.requireNonNull;

import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * VectorNode as a Spring AI {@link ChatModel}: {@link #call} and {@link #stream} go through a
 * VectorNode {@link ModelClient} (usually the router, {@code VectorNodeClient}), so a {@code
 * ChatClient} gets routing, retries, fallbacks, budgets and cost by swapping one bean.
 *
 * <pre>{@code
 * @Bean
 * ChatModel chatModel(VectorNodeClient ai) {     // was: an OpenAiChatModel
 *   return VectorNodeChatModel.builder().client(ai).task("support").build();
 * }
 *
 * String answer = ChatClient.create(chatModel).prompt()
 *     .user("How do I reset my password?")
 *     .tools(new OrderTools())
 *     .call().content();
 * }</pre>
 *
 * <p><b>Target.</b> Options on the prompt that name a model ({@code model}) or a task ({@link
 * VectorNodeChatOptions#getTask()}) decide where the call goes; otherwise the builder's {@link
 * Builder#model} or {@link Builder#task}; otherwise the client's default model or {@code
 * default} route.
 *
 * <p><b>Tools</b> are sent as definitions and come back as tool calls on the {@code
 * AssistantMessage}; executing them is Spring AI's job (the {@code ToolCallingAdvisor} a {@code
 * ChatClient} registers), as with its own models.
 *
 * <p><b>Response.</b> Usage is Spring AI's {@code DefaultUsage} (cached reads and writes
 * included; the native usage is VectorNode's {@link io.vectornode.Usage}); the finish reason is
 * VectorNode's name ({@code STOP}, {@code LENGTH}, {@code TOOL_CALLS}, {@code CONTENT_FILTER},
 * {@code REFUSAL}, {@code PAUSED}, {@code OTHER}); cost, attempts, provider and timings are
 * metadata entries ({@link VectorNodeMetadata}).
 *
 * <p><b>Errors</b> are VectorNode's own exceptions ({@link io.vectornode.error}), thrown by
 * {@code call} and signalled by the {@code stream} Flux: spring-ai-model defines no exception
 * types of its own (the transient/non-transient ones live in spring-ai-retry, with Spring Web),
 * and VectorNode has retried and fallen back already. A prompt VectorNode cannot express
 * ({@code topK}, penalties, non-image media) fails with {@link IllegalArgumentException} before
 * anything is sent.
 *
 * <p><b>Streaming</b> subscribes on the builder's scheduler (default {@link
 * Schedulers#boundedElastic()}, since a stream blocks while it waits for events): one response
 * per text delta, then a last one with the tool calls, the finish reason, usage and the metadata
 * entries. Cancelling the subscription closes the HTTP stream.
 *
 * <p>Thread-safe. Closing the {@link ModelClient} is the application's job.
 */
public final class VectorNodeChatModel implements ChatModel {
  private final ModelClient client;
  private final Prompts prompts;
  private final Scheduler scheduler;

  private VectorNodeChatModel(Builder b) {
    this.client = requireNonNull(b.client, "client");
    this.prompts = new Prompts(b.model, b.task, b.defaults);
    this.scheduler = b.scheduler;
  }

  /** @return a builder; {@link Builder#client} is required */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends the prompt through VectorNode and waits for the answer.
   *
   * @param prompt the prompt
   * @return the answer, with VectorNode's metadata entries
   * @throws io.vectornode.error.VectorNodeException when the call fails
   * @throws IllegalArgumentException for a prompt VectorNode cannot send
   */
  @Override
  public ChatResponse call(Prompt prompt) {
    return Responses.map(client.chat(prompts.map(requireNonNull(prompt, "prompt"))));
  }

  /**
   * Streams the answer. Nothing is sent until subscription.
   *
   * @param prompt the prompt
   * @return the responses: text deltas, then the final one
   */
  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    requireNonNull(prompt, "prompt");
    return Flux.defer(() -> {
      ChatRequest request = prompts.map(prompt);
      return Flux.using(() -> client.stream(request), VectorNodeChatModel::events,
          ChatStream::close);
    }).subscribeOn(scheduler);
  }

  /**
   * Pulls events as the subscriber asks for them (the iterator blocks for the next one; a
   * {@link ChatStream} may be iterated once, which {@code Flux.fromIterable} does not promise).
   */
  private static Flux<ChatResponse> events(ChatStream stream) {
    Iterator<StreamEvent> it = stream.iterator();
    return Flux.<StreamEvent>generate(sink -> {
      if (it.hasNext()) {
        sink.next(it.next());
      } else {
        sink.complete();
      }
    }).handle((event, sink) -> {
      if (event instanceof StreamEvent.TextDelta t && !t.text().isEmpty()) {
        sink.next(Responses.textChunk(t.text()));
      } else if (event instanceof StreamEvent.Completed c) {
        sink.next(Responses.map(c.response(), ""));
      }
      // Tool-call fragments arrive whole on the last response, as Spring AI's models send
      // them; reasoning deltas are not streamed (a chunk's text would be taken as the answer's).
    });
  }

  /** @return the default options ({@link VectorNodeChatOptions}), which a ChatClient extends */
  @Override
  public ChatOptions getOptions() {
    return prompts.defaults();
  }

  @Override
  public String toString() {
    return "VectorNodeChatModel[model=" + prompts.model() + ", task=" + prompts.task()
        + ", client=" + client.getClass().getSimpleName() + "]";
  }

  /** Builds a {@link VectorNodeChatModel}. Not thread-safe. */
  public static final class Builder {
    private @Nullable ModelClient client;
    private @Nullable String model;
    private @Nullable String task;
    private VectorNodeChatOptions defaults = VectorNodeChatOptions.builder().build();
    private Scheduler scheduler = Schedulers.boundedElastic();

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
     * Sets the default options, which a prompt's options override value by value.
     *
     * @param options the defaults
     * @return this builder
     */
    public Builder defaultOptions(VectorNodeChatOptions options) {
      this.defaults = requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets where streams are subscribed (each blocks a thread while it waits for events).
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = requireNonNull(scheduler, "scheduler");
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
}
