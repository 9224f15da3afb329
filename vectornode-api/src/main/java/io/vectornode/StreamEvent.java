package io.vectornode;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One event of a {@link ChatStream}. A stream yields deltas in the order the provider sent them,
 * at most one {@link UsageUpdate} per provider report, and ends with exactly one {@link
 * Completed} carrying the assembled response (unless it fails or is closed first).
 */
public sealed interface StreamEvent
    permits StreamEvent.TextDelta,
        StreamEvent.ToolCallDelta,
        StreamEvent.ReasoningDelta,
        StreamEvent.UsageUpdate,
        StreamEvent.Completed {

  /**
   * A piece of the answer's text.
   *
   * @param text the new text, appended to what came before
   */
  record TextDelta(String text) implements StreamEvent {
    /** Validates. */
    public TextDelta {
      requireNonNull(text, "text");
    }
  }

  /**
   * A piece of a tool call. The first delta of a call carries its id and name; later ones append
   * to its arguments. Several calls may interleave; {@code index} tells them apart. The {@link
   * Completed} event carries every call fully assembled.
   *
   * @param index the call's position among this response's tool calls, from 0
   * @param id the call's id, on its first delta only
   * @param name the tool's name, on its first delta only
   * @param argumentsDelta a fragment of the arguments' JSON text, possibly empty
   */
  record ToolCallDelta(int index, @Nullable String id, @Nullable String name, String argumentsDelta)
      implements StreamEvent {
    /** Validates. */
    public ToolCallDelta {
      requireNonNull(argumentsDelta, "argumentsDelta");
      if (index < 0) {
        throw new IllegalArgumentException("tool call index: must be >= 0, was " + index);
      }
    }
  }

  /**
   * A piece of the model's reasoning.
   *
   * @param text the new reasoning text
   */
  record ReasoningDelta(String text) implements StreamEvent {
    /** Validates. */
    public ReasoningDelta {
      requireNonNull(text, "text");
    }
  }

  /**
   * Token usage the provider reported, cumulative for the response so far.
   *
   * @param usage the usage
   */
  record UsageUpdate(Usage usage) implements StreamEvent {
    /** Validates. */
    public UsageUpdate {
      requireNonNull(usage, "usage");
    }
  }

  /**
   * The stream ended normally.
   *
   * @param response the assembled response: all text, complete tool calls, final usage
   */
  record Completed(ChatResponse response) implements StreamEvent {
    /** Validates. */
    public Completed {
      requireNonNull(response, "response");
    }
  }

  /**
   * Whether this event carries model output (text, tool call or reasoning): the first such
   * event marks the time to first token.
   *
   * @return {@code true} for content deltas
   */
  default boolean isContent() {
    return this instanceof TextDelta || this instanceof ToolCallDelta
        || this instanceof ReasoningDelta;
  }
}
