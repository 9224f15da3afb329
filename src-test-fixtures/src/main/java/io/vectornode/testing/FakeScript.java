package io.vectornode.testing;

import static java.util.Objects.requireNonNull;

import io.vectornode.ChatRequest;
import io.vectornode.error.VectorNodeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the {@code fake} provider answers, in order: texts, tool calls or exceptions. When the
 * script is used up, the fake echoes the last user message. Records every request it receives.
 *
 * <p>Pass it to the provider as the {@code script} option, or to {@link FakeModelClient}
 * directly. Thread-safe.
 */
public final class FakeScript {
  /** One scripted answer. */
  sealed interface Step permits Reply, ToolCall, Failure {}

  record Reply(String text) implements Step {}

  record ToolCall(String name, String arguments) implements Step {}

  record Failure(VectorNodeException error) implements Step {}

  private final Deque<Step> steps = new ArrayDeque<>();
  private final List<ChatRequest> requests = new ArrayList<>();
  private final @org.jspecify.annotations.Nullable String fallback;

  private FakeScript(@org.jspecify.annotations.Nullable String fallback) {
    this.fallback = fallback;
  }

  /**
   * A script that, once its steps are used up, answers every call with the same text.
   *
   * @param text the text
   * @return the script
   */
  public static FakeScript repeating(String text) {
    return new FakeScript(requireNonNull(text, "text"));
  }

  /** @return an empty script (the fake echoes) */
  public static FakeScript create() {
    return new FakeScript(null);
  }

  /**
   * Answers the next call with text.
   *
   * @param text the text
   * @return this script
   */
  public synchronized FakeScript reply(String text) {
    steps.add(new Reply(requireNonNull(text, "text")));
    return this;
  }

  /**
   * Answers the next call with a tool call.
   *
   * @param name the tool's name
   * @param arguments its arguments as JSON
   * @return this script
   */
  public synchronized FakeScript toolCall(String name, String arguments) {
    steps.add(new ToolCall(requireNonNull(name, "name"), requireNonNull(arguments, "arguments")));
    return this;
  }

  /**
   * Fails the next call.
   *
   * @param error the exception to throw
   * @return this script
   */
  public synchronized FakeScript fail(VectorNodeException error) {
    steps.add(new Failure(requireNonNull(error, "error")));
    return this;
  }

  /** @return the requests received so far, oldest first */
  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  synchronized Step next(ChatRequest request) {
    requests.add(request);
    Step step = steps.poll();
    if (step != null) {
      return step;
    }
    if (fallback != null) {
      return new Reply(fallback);
    }
    String last = "";
    for (var m : request.messages()) {
      if (m.role() == io.vectornode.Role.USER) {
        last = m.text();
      }
    }
    return new Reply("echo: " + last);
  }
}
