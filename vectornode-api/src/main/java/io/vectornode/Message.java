package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One turn of a conversation: who wrote it and what it contains.
 *
 * <p>Rules, checked at construction: a message has at least one part; a system message holds
 * only text; only an assistant message holds tool calls or reasoning; a tool message holds only
 * tool results, and tool results appear only in tool messages; images appear only in user
 * messages.
 *
 * @param role who wrote it
 * @param content its parts, in order
 */
public record Message(Role role, List<ContentPart> content) {

  /** Validates and copies. */
  public Message {
    requireNonNull(role, "role");
    content = List.copyOf(requireNonNull(content, "content"));
    if (content.isEmpty()) {
      throw new IllegalArgumentException("message content: must not be empty (role " + role + ")");
    }
    for (ContentPart part : content) {
      String problem = check(role, part);
      if (problem != null) {
        throw new IllegalArgumentException(
            "message content: a " + role + " message cannot hold " + problem);
      }
    }
  }

  private static @Nullable String check(Role role, ContentPart part) {
    if (part instanceof ContentPart.Text) {
      return role == Role.TOOL ? "text (use ToolResult)" : null;
    }
    if (part instanceof ContentPart.ImageUrl || part instanceof ContentPart.ImageData) {
      return role == Role.USER ? null : "an image";
    }
    if (part instanceof ContentPart.ToolCall || part instanceof ContentPart.Reasoning) {
      return role == Role.ASSISTANT ? null : part.getClass().getSimpleName();
    }
    return role == Role.TOOL ? null : "a ToolResult";
  }

  /**
   * A system message.
   *
   * @param text the instructions
   * @return the message
   */
  public static Message system(String text) {
    return new Message(Role.SYSTEM, List.of(new ContentPart.Text(text)));
  }

  /**
   * A user message of plain text.
   *
   * @param text what the user says
   * @return the message
   */
  public static Message user(String text) {
    return new Message(Role.USER, List.of(new ContentPart.Text(text)));
  }

  /**
   * A user message of several parts, for example text and images.
   *
   * @param parts the parts, in order
   * @return the message
   */
  public static Message user(ContentPart... parts) {
    return new Message(Role.USER, List.of(parts));
  }

  /**
   * An assistant message of plain text, for replaying a conversation.
   *
   * @param text what the model said
   * @return the message
   */
  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(new ContentPart.Text(text)));
  }

  /**
   * An assistant message of several parts (text, tool calls, reasoning).
   *
   * @param parts the parts, in order
   * @return the message
   */
  public static Message assistant(List<? extends ContentPart> parts) {
    return new Message(Role.ASSISTANT, List.copyOf(parts));
  }

  /**
   * A tool message answering one tool call.
   *
   * @param toolCallId the id of the call it answers
   * @param content the result
   * @return the message
   */
  public static Message toolResult(String toolCallId, String content) {
    return new Message(Role.TOOL, List.of(new ContentPart.ToolResult(toolCallId, content, false)));
  }

  /**
   * The text parts joined, without separators.
   *
   * @return the text, empty when there is none
   */
  public String text() {
    if (content.size() == 1 && content.get(0) instanceof ContentPart.Text t) {
      return t.text();
    }
    StringBuilder sb = new StringBuilder();
    for (ContentPart part : content) {
      if (part instanceof ContentPart.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /**
   * The tool calls, in order.
   *
   * @return an immutable list, empty when there are none
   */
  public List<ContentPart.ToolCall> toolCalls() {
    List<ContentPart.ToolCall> calls = new ArrayList<>(2);
    for (ContentPart part : content) {
      if (part instanceof ContentPart.ToolCall c) {
        calls.add(c);
      }
    }
    return List.copyOf(calls);
  }
}
