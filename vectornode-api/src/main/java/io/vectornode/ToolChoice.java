package io.vectornode;

import static java.util.Objects.requireNonNull;

/** Whether and which tool the model must call. */
public sealed interface ToolChoice
    permits ToolChoice.Auto, ToolChoice.None, ToolChoice.Required, ToolChoice.Specific {

  /** The model decides (the default when tools are given). */
  record Auto() implements ToolChoice {}

  /** The model must not call a tool. */
  record None() implements ToolChoice {}

  /** The model must call at least one tool. */
  record Required() implements ToolChoice {}

  /**
   * The model must call this tool.
   *
   * @param name the tool's name
   */
  record Specific(String name) implements ToolChoice {
    /** Validates. */
    public Specific {
      requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("toolChoice name: must not be blank");
      }
    }
  }

  /**
   * The model decides.
   *
   * @return the choice
   */
  static ToolChoice auto() {
    return new Auto();
  }

  /**
   * No tool call.
   *
   * @return the choice
   */
  static ToolChoice none() {
    return new None();
  }

  /**
   * At least one tool call.
   *
   * @return the choice
   */
  static ToolChoice required() {
    return new Required();
  }

  /**
   * A call to the named tool.
   *
   * @param name the tool's name
   * @return the choice
   */
  static ToolChoice tool(String name) {
    return new Specific(name);
  }
}
