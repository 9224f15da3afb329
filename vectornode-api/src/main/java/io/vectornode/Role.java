package io.vectornode;

/** Who wrote a {@link Message}. */
public enum Role {
  /** Instructions that frame the conversation. */
  SYSTEM,
  /** The end user, or the application speaking for them. */
  USER,
  /** The model. */
  ASSISTANT,
  /** The result of a tool the model asked to call. */
  TOOL
}
