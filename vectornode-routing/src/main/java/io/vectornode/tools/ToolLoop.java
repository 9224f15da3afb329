package io.vectornode.tools;

import static java.util.Objects.requireNonNull;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.routing.VectorNodeClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tool loop: sends the request with the tools' definitions, runs the tools the model asks
 * for, sends their results back, and repeats until the model answers without calling a tool.
 *
 * <pre>{@code
 * Tools tools = Tools.from(new Travel());
 * ChatResponse answer = ToolLoop.of(tools).maxSteps(8)
 *     .chat(client, ChatRequest.builder().model("fast").user("Book dinner in Paris").build());
 * answer.text();     // the model's final answer
 * answer.cost();     // every turn's cost
 * }</pre>
 *
 * <ul>
 *   <li>Each model turn appends the assistant message (with its tool calls) and one tool message
 *       per call, in the model's order, to the conversation. Several calls in one turn run at
 *       once: the first on the calling thread, the others on the executor ({@link
 *       #executor(Executor)}; by default a shared pool of at most {@value #POOL_THREADS} daemon
 *       threads, the calling thread taking over when it is full).
 *   <li>A tool that throws, an unknown tool, or arguments that cannot be read become an error
 *       result the model sees ({@link Tools#call}); the loop goes on.
 *   <li>The loop ends when the model answers without tool calls: that answer is returned. When
 *       the model still calls tools on its {@link #maxSteps(int) last allowed turn}, the loop
 *       throws {@link ToolLoopLimitException} (with that answer and the conversation).
 *   <li>On a {@link VectorNodeClient} the loop is one multi-turn call ({@link
 *       VectorNodeClient#chat(ChatRequest, io.vectornode.routing.Turns)}): each turn routed,
 *       retried and budgeted; the listeners and the ledger see one call with every turn's
 *       attempts; the request's timeout covers every turn. On any other {@link ModelClient} (a
 *       provider's client used directly) each turn is a call of its own, reported as such.
 *       Either way the returned response is the last turn's answer with the loop's totals:
 *       usage and cost summed over the turns, every attempt counted.
 * </ul>
 *
 * <p>Immutable and thread-safe: one loop may run many conversations at once.
 */
public final class ToolLoop {
  /** The default step limit: model turns per conversation. */
  public static final int DEFAULT_MAX_STEPS = 8;
  /** The default executor's threads. */
  public static final int POOL_THREADS = 32;

  private static final Executor SHARED = sharedPool();

  private final Tools tools;
  private final int maxSteps;
  private final Executor executor;

  private ToolLoop(Tools tools, int maxSteps, Executor executor) {
    this.tools = tools;
    this.maxSteps = maxSteps;
    this.executor = executor;
  }

  /**
   * A loop over these tools, with at most {@value #DEFAULT_MAX_STEPS} model turns.
   *
   * @param tools the tools the model may call
   * @return the loop
   */
  public static ToolLoop of(Tools tools) {
    return new ToolLoop(requireNonNull(tools, "tools"), DEFAULT_MAX_STEPS, SHARED);
  }

  /**
   * The same loop with another step limit.
   *
   * @param steps the most model turns of one conversation, at least 1 (1: the model may ask for
   *     tools, but they are not run)
   * @return the loop
   * @throws IllegalArgumentException when {@code steps} is below 1
   */
  public ToolLoop maxSteps(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("maxSteps: must be at least 1, was " + steps);
    }
    return new ToolLoop(tools, steps, executor);
  }

  /**
   * The same loop running parallel tool calls on another executor (virtual threads, a pool of
   * your own). A call it rejects runs on the calling thread.
   *
   * @param executor where tool calls after the first of a turn run
   * @return the loop
   */
  public ToolLoop executor(Executor executor) {
    return new ToolLoop(tools, maxSteps, requireNonNull(executor, "executor"));
  }

  /** @return the tools */
  public Tools tools() {
    return tools;
  }

  /** @return the most model turns of one conversation */
  public int maxSteps() {
    return maxSteps;
  }

  /**
   * Runs the conversation on this thread until the model answers.
   *
   * @param client the client (a router makes it one call)
   * @param request the first request; the tools' definitions are added to its tools (replacing
   *     any of the same name)
   * @return the model's final answer, with the loop's totals
   * @throws ToolLoopLimitException when the model still calls tools on its last allowed turn
   * @throws io.vectornode.error.VectorNodeException when a turn fails
   */
  public ChatResponse chat(ModelClient client, ChatRequest request) {
    requireNonNull(client, "client");
    ToolRun run = new ToolRun(tools, maxSteps, executor, requireNonNull(request, "request"));
    if (client instanceof VectorNodeClient routed) {
      return routed.chat(run.first(), run);
    }
    long start = System.nanoTime();
    ChatResponse total = null;
    ChatRequest next = run.first();
    while (true) {
      ChatResponse r = client.chat(next);
      total = DirectTurns.add(total, r, Duration.ofNanos(System.nanoTime() - start));
      next = run.next(r);
      if (next == null) {
        return total;
      }
    }
  }

  /**
   * Streams the conversation: every turn's text, reasoning and tool-call deltas, then one {@link
   * io.vectornode.StreamEvent.Completed} with the final answer and the loop's totals. The tools
   * run on the thread iterating the stream, between turns.
   *
   * @param client the client (a router makes it one call)
   * @param request the first request
   * @return the stream; closing it cancels the turn in progress
   * @throws io.vectornode.error.VectorNodeException when the first turn cannot start; later
   *     failures (and {@link ToolLoopLimitException}) are thrown by the iteration
   */
  public ChatStream stream(ModelClient client, ChatRequest request) {
    requireNonNull(client, "client");
    ToolRun run = new ToolRun(tools, maxSteps, executor, requireNonNull(request, "request"));
    if (client instanceof VectorNodeClient routed) {
      return routed.stream(run.first(), run);
    }
    return new DirectTurns(client, run);
  }

  private static Executor sharedPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, POOL_THREADS, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "vectornode-tools-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    return pool;
  }

  @Override
  public String toString() {
    return "ToolLoop[" + tools + ", maxSteps=" + maxSteps + "]";
  }
}
