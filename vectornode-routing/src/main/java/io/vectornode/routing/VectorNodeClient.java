package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.budget.BudgetStatus;
import java.util.List;
import java.util.Optional;

/**
 * The client {@link VectorNode} builds: a {@link ModelClient} that routes, with what an operator
 * needs to look inside it — the routes and deployments as configured, each deployment's health
 * (circuit breaker, cooldown, keys disabled or cooling), the budgets, the plan a request would
 * follow, and, for a client that follows a config file, reload.
 *
 * <pre>{@code
 * try (VectorNodeClient ai = VectorNode.fromConfig(Path.of("vectornode.yaml"))) {
 *   for (DeploymentHealth d : ai.deployments()) {
 *     System.out.println(d.name() + " " + d.breaker() + " " + d.keys());
 *   }
 *   System.out.println(ai.plan(ChatRequest.builder().task("reasoning").user("hi").build()));
 * }
 * }</pre>
 *
 * <p>Thread-safe. The views are snapshots: they describe the moment they were taken.
 */
public interface VectorNodeClient extends ModelClient {

  /**
   * One logical call made of several model turns (an agent or tool loop, a repair retry): the
   * first request is sent, then {@code turns} is asked for the next request after each answer,
   * until it returns null. Each turn is routed as a call (route resolution, retries, fallbacks,
   * budgets, limits, hedging), but the listeners see one call: one start event, the attempts of
   * every turn numbered in sequence, one end event; a usage ledger has one record.
   *
   * <pre>{@code
   * ChatResponse r = client.chat(request, previous -> previous.toolCalls().isEmpty() ? null
   *     : next(request, previous));
   * r.cost();      // every turn's cost, summed
   * r.attempts();  // every turn's attempts
   * }</pre>
   *
   * <p>The returned response is the last turn's (message, finish reason, provider, model), with
   * the call's totals: usage and cost summed over the turns' answers (as a single call's
   * response has its winning attempt's; the end event sums every attempt, failed ones too), the
   * attempts of every turn, the latency of the whole call. The call's timeout ({@link
   * ChatRequest#timeout()} of the first request, or the configured total) covers all turns. The
   * response cache is not consulted nor filled. Closing the client cancels the call as it
   * cancels a single one.
   *
   * @param first the first turn's request
   * @param turns what follows each answer; called on this thread
   * @return the last turn's answer, with the call's totals
   * @throws io.vectornode.error.VectorNodeException when a turn fails (as {@link #chat(ChatRequest)})
   * @throws java.util.concurrent.CancellationException when the client is closed meanwhile
   * @throws RuntimeException whatever {@code turns} throws, unchanged
   */
  ChatResponse chat(ChatRequest first, Turns turns);

  /**
   * The streaming form of {@link #chat(ChatRequest, Turns)}: each turn is streamed (with its own
   * commit point: a turn that fails before its first content may retry or fall back), and the
   * caller receives every turn's text, reasoning and tool-call deltas in order. A turn's {@link
   * io.vectornode.StreamEvent.Completed} is not delivered: it goes to {@code turns} (on the
   * iterating thread), and the stream ends with one {@code Completed} carrying the call's
   * totals. {@link io.vectornode.StreamEvent.UsageUpdate}s are cumulative over the whole call.
   * Closing the stream cancels the turn in progress and ends the call {@code CANCELLED}.
   *
   * @param first the first turn's request
   * @param turns what follows each answer
   * @return the stream of every turn
   * @throws io.vectornode.error.VectorNodeException when the first turn cannot start
   */
  ChatStream stream(ChatRequest first, Turns turns);

  /**
   * A typed answer: the request is sent with the type's JSON Schema as its response format (a
   * strict one where the provider has a strict mode), only to deployments whose model has the
   * {@code JSON_SCHEMA} capability, and the answer is validated against the schema and read into
   * the type. See {@link io.vectornode.structured.StructuredOutput} for the supported types.
   *
   * <pre>{@code
   * record Answer(String title, Mood mood, List<String> tags, Optional<String> note) {}
   * Answer a = ai.chat(ChatRequest.builder().user("Summarize: ...").build(), Answer.class);
   * }</pre>
   *
   * @param request the request; its response format is replaced
   * @param type a record (or another supported type)
   * @param <T> the type
   * @return the answer
   * @throws io.vectornode.structured.StructuredOutputException when the answer does not match
   *     the schema (it carries the raw text and the errors)
   * @throws IllegalArgumentException when the type has no JSON Schema (the message names the
   *     type and the path)
   * @throws io.vectornode.error.VectorNodeException when the call fails
   */
  default <T> T chat(ChatRequest request, Class<T> type) {
    return chat(request, io.vectornode.structured.StructuredOutput.of(type)).value();
  }

  /**
   * A typed answer with options (repair turns, schema name, strictness) and the response it came
   * from. Repair turns are turns of this one call (see {@link #chat(ChatRequest, Turns)}).
   *
   * <pre>{@code
   * StructuredResponse<Answer> r = ai.chat(request, StructuredOutput.of(Answer.class).repairs(1));
   * r.value(); r.response().cost(); r.answers();
   * }</pre>
   *
   * @param request the request; its response format is replaced
   * @param output the type and options
   * @param <T> the type
   * @return the answer and its response, with the call's totals
   * @throws io.vectornode.structured.StructuredOutputException when no answer matched the schema
   *     within the repair turns allowed
   * @throws io.vectornode.error.VectorNodeException when the call fails
   */
  default <T> io.vectornode.structured.StructuredResponse<T> chat(ChatRequest request,
      io.vectornode.structured.StructuredOutput<T> output) {
    io.vectornode.structured.StructuredOutput.Session<T> session = output.session(request);
    return session.result(chat(session.first(), session::next));
  }

  /** @return the provider instance names, sorted */
  List<String> providers();

  /** @return the routes as configured, by name */
  List<Route> routes();

  /** @return every configured deployment and its health now, by name */
  List<DeploymentHealth> deployments();

  /** @return every budget and what it has spent and reserved in its current period, by name */
  List<BudgetStatus> budgets();

  /**
   * The deployments a call of this request would try, in order, now: resolved, filtered by
   * capability, ordered by the route's strategy, the unhealthy ones last. Nothing is sent.
   *
   * @param request the request
   * @return deployment names, first first
   * @throws io.vectornode.error.ConfigurationException when the request names no known route,
   *     deployment or provider
   */
  List<String> plan(ChatRequest request);

  /**
   * Re-reads the config file of a client made by {@link VectorNode#watch}: the new config is
   * validated first and swapped in as a whole; calls in flight finish on the config they
   * started with.
   *
   * @return whether a new config was applied (false: unchanged, or refused — see {@link
   *     #lastReloadError()})
   * @throws UnsupportedOperationException for a client built from code or by {@code
   *     fromConfig}, which has no file to follow
   */
  boolean reload();

  /** @return how many configs this client has applied: 1 for a client that does not reload */
  int generation();

  /** @return why the last reload was refused, or empty */
  Optional<String> lastReloadError();
}
