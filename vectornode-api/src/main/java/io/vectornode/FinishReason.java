package io.vectornode;

/** Why the model stopped generating, the same for every provider. */
public enum FinishReason {
  /** The model finished its answer or hit a stop sequence. */
  STOP,
  /** The output reached the maximum number of tokens. */
  LENGTH,
  /** The model stopped to have tools called. */
  TOOL_CALLS,
  /** A safety system stopped the output. */
  CONTENT_FILTER,
  /** The model declined to answer. */
  REFUSAL,
  /** The provider paused a long-running turn; send the conversation back to continue. */
  PAUSED,
  /** Anything else, or the provider did not say. */
  OTHER
}
