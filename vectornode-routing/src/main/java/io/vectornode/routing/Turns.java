package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import org.jspecify.annotations.Nullable;

/**
 * What comes after each model turn of a multi-turn call ({@link VectorNodeClient#chat(ChatRequest,
 * Turns)}, {@link VectorNodeClient#stream(ChatRequest, Turns)}): the next request, or null when
 * the call is done. An agent loop, a tool loop, or a repair retry of structured output is one
 * logical call made of several turns; the router routes each turn as a call of its own (route,
 * retries, fallbacks, budgets, limits) but reports them as one call.
 *
 * <pre>{@code
 * ChatResponse answer = client.chat(request, previous -> previous.toolCalls().isEmpty()
 *     ? null                                           // done: the model answered
 *     : request.toBuilder().message(previous.message()).messages(runTools(previous)).build());
 * }</pre>
 *
 * <p>Called on the calling thread (for a stream, the thread iterating it), once per turn, in
 * order; it may block (to run tools). Whatever it throws ends the call as a failure and reaches
 * the caller unchanged. It is the implementation's job to stop: the call's timeout covers every
 * turn, but nothing else bounds their number.
 */
@FunctionalInterface
public interface Turns {

  /**
   * The request of the next turn.
   *
   * @param previous the response of the turn that just ended: its own message, usage, cost and
   *     attempts (not the call's totals)
   * @return the next turn's request (usually the previous request with the assistant message
   *     and the tools' results appended), or null to end the call with {@code previous}
   */
  @Nullable ChatRequest next(ChatResponse previous);
}
