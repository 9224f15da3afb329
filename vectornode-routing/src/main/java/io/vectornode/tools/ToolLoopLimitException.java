package io.vectornode.tools;

import io.vectornode.ChatResponse;
import io.vectornode.Message;
import io.vectornode.error.VectorNodeException;
import java.util.List;

/**
 * A {@link ToolLoop} reached its step limit: the model asked for tools again on its last allowed
 * turn. Carries that turn's response (with the tool calls that were not run) and the
 * conversation so far, so that the caller may continue it (more steps, or a final turn without
 * tools). Through a router the call ends {@code FAILURE} with this exception, its attempts and
 * their cost reported as for any call.
 */
public final class ToolLoopLimitException extends VectorNodeException {
  private static final long serialVersionUID = 1L;
  private final transient ChatResponse last;
  private final transient List<Message> messages;
  private final int steps;

  ToolLoopLimitException(int steps, ChatResponse last, List<Message> messages) {
    super("the tool loop reached its limit of " + steps + " model turns and the model still"
        + " asks for tools (" + names(last) + "); raise ToolLoop.maxSteps, or continue from"
        + " messages()");
    this.steps = steps;
    this.last = last;
    this.messages = List.copyOf(messages);
  }

  /** The names the model sent, bounded: a hostile reply cannot make the message huge. */
  private static String names(ChatResponse last) {
    List<String> names = last.toolCalls().stream().limit(8)
        .map(c -> Tools.bound(c.name(), 64)).toList();
    int more = last.toolCalls().size() - names.size();
    return String.join(", ", names) + (more > 0 ? " and " + more + " more" : "");
  }

  /** @return the last turn's response, whose tool calls were not run */
  public ChatResponse lastResponse() {
    return last;
  }

  /** @return the conversation sent on the last turn, followed by the last turn's answer */
  public List<Message> messages() {
    return messages;
  }

  /** @return the step limit that was reached: the number of model turns made */
  public int steps() {
    return steps;
  }
}
