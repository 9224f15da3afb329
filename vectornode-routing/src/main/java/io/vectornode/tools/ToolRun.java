package io.vectornode.tools;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.Role;
import io.vectornode.Tool;
import io.vectornode.error.ResponseParseException;
import io.vectornode.routing.Turns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link ToolLoop}: the conversation so far and the turns made. After each answer
 * that calls tools, runs them (several at once on the executor, the first on this thread) and
 * appends the assistant message and one tool message per call, in the model's order. Used by
 * one thread at a time.
 */
final class ToolRun implements Turns {
  /** The most calls of one turn that run; the model's further calls get an error result. */
  static final int MAX_CALLS_PER_TURN = 64;
  private final Tools tools;
  private final int maxSteps;
  private final Executor executor;
  private ChatRequest current;
  private int steps = 1;

  ToolRun(Tools tools, int maxSteps, Executor executor, ChatRequest request) {
    this.tools = tools;
    this.maxSteps = maxSteps;
    this.executor = executor;
    this.current = withTools(request, tools);
  }

  /** The request with the bound tools' definitions (replacing any of the same name). */
  private static ChatRequest withTools(ChatRequest request, Tools tools) {
    List<Tool> all = new ArrayList<>();
    List<String> bound = tools.definitions().stream().map(Tool::name).toList();
    for (Tool t : request.tools()) {
      if (!bound.contains(t.name())) {
        all.add(t);
      }
    }
    all.addAll(tools.definitions());
    return request.toBuilder().tools(all).build();
  }

  ChatRequest first() {
    return current;
  }

  @Override
  public @Nullable ChatRequest next(ChatResponse previous) {
    List<ContentPart.ToolCall> calls = previous.toolCalls();
    if (calls.isEmpty()) {
      return null;
    }
    if (steps >= maxSteps) {
      List<Message> messages = new ArrayList<>(current.messages());
      messages.add(previous.message());
      throw new ToolLoopLimitException(steps, previous, messages);
    }
    Set<String> ids = new HashSet<>();
    for (ContentPart.ToolCall c : calls) {
      if (!c.id().isBlank() && !ids.add(c.id())) {
        // Two results naming one call cannot be told apart: unusable, and no tool runs for it.
        throw new ResponseParseException(previous.provider(), "the model used the tool call id '"
            + Tools.bound(c.id(), 64) + "' twice in one turn; their results cannot be sent back",
            null);
      }
      if (c.id().isBlank()) {
        // Its result could not name the call it answers: the reply is unusable, not a crash.
        throw new ResponseParseException(previous.provider(), "the model called tool '"
            + Tools.bound(c.name(), 64) + "' without a call id; its result cannot be sent back",
            null);
      }
    }
    List<ContentPart.ToolResult> results = runAll(calls);
    if (Thread.currentThread().isInterrupted()) {
      // A tool saw the interrupt (or it came meanwhile): stop, rather than send another turn.
      throw new CancellationException("interrupted while the tools ran");
    }
    ChatRequest.Builder next = current.toBuilder().message(previous.message());
    for (ContentPart.ToolResult r : results) {
      next.message(new Message(Role.TOOL, List.of(r)));
    }
    current = next.build();
    steps++;
    return current;
  }

  /** Runs the calls, the first here and the others on the executor, at once; results in order. */
  private List<ContentPart.ToolResult> runAll(List<ContentPart.ToolCall> calls) {
    List<CompletableFuture<ContentPart.ToolResult>> others = new ArrayList<>(calls.size());
    for (int i = 1; i < calls.size(); i++) {
      if (i >= MAX_CALLS_PER_TURN) {
        others.add(CompletableFuture.completedFuture(new ContentPart.ToolResult(
            calls.get(i).id(), "Error: not run: at most " + MAX_CALLS_PER_TURN
                + " tool calls of one turn run", true)));
        continue;
      }
      ContentPart.ToolCall c = calls.get(i);
      CompletableFuture<ContentPart.ToolResult> f;
      try {
        f = CompletableFuture.supplyAsync(() -> tools.call(c), executor);
      } catch (RejectedExecutionException full) {
        f = CompletableFuture.completedFuture(tools.call(c)); // run here rather than fail
      }
      others.add(f);
    }
    List<ContentPart.ToolResult> results = new ArrayList<>(calls.size());
    results.add(tools.call(calls.get(0)));
    for (CompletableFuture<ContentPart.ToolResult> f : others) {
      try {
        results.add(f.join());
      } catch (CompletionException e) {
        // Tools.call throws nothing but Errors (and whatever a broken executor throws).
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    return results;
  }
}
