package io.vectornode.testing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request as the provider received it, read back into one shape for every API.
 *
 * @param apiKey the key sent, or null
 * @param system the system prompt, or null
 * @param turns the conversation turns, in order, as {@code role: text} ({@code user} or
 *     {@code assistant})
 * @param images how many images were sent
 * @param tools the names of the tools offered
 * @param toolCallsSent how many tool calls were sent back in assistant turns
 * @param toolResults how many tool results were sent
 * @param stream whether a stream was asked for
 */
public record RequestView(
    @Nullable String apiKey,
    @Nullable String system,
    List<String> turns,
    int images,
    List<String> tools,
    int toolCallsSent,
    int toolResults,
    boolean stream) {

  /** Copies. */
  public RequestView {
    turns = List.copyOf(turns);
    tools = List.copyOf(tools);
  }
}
