package io.vectornode;

/**
 * What kind of call an event belongs to: listeners, metrics and ledgers that count chat calls
 * tell embedding calls apart by it ({@link CallStartEvent#operation()}, {@link
 * CallEndEvent#operation()}).
 */
public enum Operation {
  /** {@link ModelClient#chat}, {@link ModelClient#chatAsync} or {@link ModelClient#stream}. */
  CHAT,
  /** {@link ModelClient#embed}: vectors for a batch of inputs, no generated tokens. */
  EMBEDDING
}
