package io.vectornode;

import java.util.concurrent.CompletableFuture;

/**
 * One way to call any model. Build it once and share it: implementations are thread-safe and
 * hold connection pools, so create one per application, not per call, and close it on shutdown.
 *
 * <pre>{@code
 * // VectorNode (in vectornode-routing) builds one; fromEnvironment() reads OPENAI_API_KEY...
 * try (ModelClient ai = VectorNode.fromEnvironment()) {
 *   ChatResponse r = ai.chat(ChatRequest.builder()
 *       .model("openai/gpt-4o-mini")
 *       .system("Answer in one sentence.")
 *       .user("What is a vector database?")
 *       .build());
 *   System.out.println(r.text() + " (" + r.usage().totalTokens() + " tokens, " + r.cost() + ")");
 * } catch (RateLimitException e) {
 *   System.err.println("rate limited, retry after " + e.retryAfter().orElse(Duration.ZERO));
 * }
 * }</pre>
 *
 * <p>Failures are reported as {@link io.vectornode.error.VectorNodeException} subclasses
 * (unchecked). A {@link ModelCallListener} registered with the client sees every call.
 */
public interface ModelClient extends AutoCloseable {

  /**
   * Sends a request and waits for the complete answer.
   *
   * <p>Which exception a failed call throws, through a router (a direct client makes one
   * attempt and throws its exception):
   *
   * <ul>
   *   <li>attempts were made and failed (after retries, fallbacks, hedging): the <b>last
   *       attempt's own exception</b>, such as a {@link io.vectornode.error.RateLimitException}
   *       with its {@code retryAfter()} and {@code headers()}, so that a failure can be caught
   *       by its type. Its {@link Throwable#getSuppressed() suppressed} exceptions are the
   *       earlier attempts' exceptions, in order, then a {@link
   *       io.vectornode.error.RoutingException} summarizing the call ({@link
   *       io.vectornode.error.RoutingException#summaryOf}): its message names each attempt and
   *       what was skipped, its {@code causes()} every attempt's exception. A call with one
   *       attempt and nothing skipped throws that exception with nothing attached;
   *   <li>no attempt failed (no deployment can serve the request, all were skipped, or the
   *       deadline passed before any attempt ended): a {@link
   *       io.vectornode.error.RoutingException};
   *   <li>a budget refused and nothing else may be tried: a {@link
   *       io.vectornode.error.BudgetExceededException}.
   * </ul>
   *
   * @param request the request
   * @return the answer
   * @throws io.vectornode.error.VectorNodeException when the call fails, as above
   */
  ChatResponse chat(ChatRequest request);

  /**
   * Sends a request without blocking the caller. Cancelling the future cancels the HTTP call
   * in flight (and, through a router, every retry and fallback not yet made); the listeners see
   * the call end {@link CallOutcome#CANCELLED}, as they do for calls still in flight when the
   * client is closed. A router runs the call on a bounded executor (see {@code
   * VectorNode.Builder.executor}); when that is full the future completes exceptionally at once.
   *
   * @param request the request
   * @return a future completed with the answer, or exceptionally with the {@link
   *     io.vectornode.error.VectorNodeException} that {@link #chat(ChatRequest)} would throw
   */
  CompletableFuture<ChatResponse> chatAsync(ChatRequest request);

  /**
   * Sends a request and streams the answer as it is generated. Blocks until the provider has
   * accepted the request (its response headers arrived); events are then read as the stream is
   * iterated. Close it (try-with-resources) to cancel early.
   *
   * @param request the request
   * @return the stream
   * @throws io.vectornode.error.VectorNodeException when the call fails before streaming starts
   *     (the same exceptions as {@link #chat(ChatRequest)})
   */
  ChatStream stream(ChatRequest request);

  /**
   * Sends one user prompt to a model or route and waits for the answer.
   *
   * @param modelOrTask a {@code provider/model} reference, deployment name or route name
   * @param prompt the user's message
   * @return the answer
   */
  default ChatResponse chat(String modelOrTask, String prompt) {
    return chat(ChatRequest.builder().model(modelOrTask).user(prompt).build());
  }

  /**
   * Turns a batch of texts into vectors, in input order. Any number of inputs: they are sent in
   * requests of at most {@link #maxEmbeddingInputs()} each and the vectors joined in order.
   * Through a router the call is routed like {@link #chat(ChatRequest)} (retries, fallbacks,
   * budgets, limits, listeners with {@link Operation#EMBEDDING}), with the same exceptions.
   *
   * <pre>{@code
   * EmbeddingResponse r = ai.embed(EmbeddingRequest.builder()
   *     .model("openai/text-embedding-3-small").input("a").input("b").build());
   * float[] a = r.vector(0);
   * }</pre>
   *
   * <p>The default, for clients without embeddings, throws at once.
   *
   * @param request the inputs and model
   * @return the vectors
   * @throws io.vectornode.error.UnsupportedFeatureException when this client has no embeddings
   * @throws io.vectornode.error.VectorNodeException when the call fails, as for chat
   */
  default EmbeddingResponse embed(EmbeddingRequest request) {
    throw new io.vectornode.error.UnsupportedFeatureException(getClass().getName(),
        "embeddings", "this ModelClient does not implement embed(EmbeddingRequest)");
  }

  /**
   * The most inputs one upstream embedding request carries (OpenAI 2,048, Gemini 100), or 0
   * when this client has no embeddings. A router splits a call by it; the provider conformance
   * suite checks that a client declaring 0 refuses embeddings before sending anything.
   *
   * @return the batch limit, or 0
   */
  default int maxEmbeddingInputs() {
    return 0;
  }

  /**
   * The most input tokens one upstream embedding request carries in total (OpenAI 300,000), or
   * {@code Long.MAX_VALUE} when only {@link #maxEmbeddingInputs()} bounds a request. A request is
   * cut where the inputs' UTF-8 bytes (an upper bound of their tokens) would pass it, so that a
   * router's batches are the client's requests.
   *
   * @return the token limit of one request
   */
  default long maxEmbeddingTokens() {
    return Long.MAX_VALUE;
  }

  /** Releases connections and threads this client owns. Idempotent; never throws. */
  @Override
  void close();
}
