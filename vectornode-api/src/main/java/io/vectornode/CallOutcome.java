package io.vectornode;

/** How a call or an attempt ended. */
public enum CallOutcome {
  /** A complete response was received. */
  SUCCESS,
  /** It failed with an error. */
  FAILURE,
  /** The caller cancelled it or closed its stream before it completed. */
  CANCELLED
}
