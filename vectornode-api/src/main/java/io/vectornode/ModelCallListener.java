package io.vectornode;

import java.util.List;
import java.util.Map;

/**
 * Observes model calls: tokens, cost, latency, outcome. Register one on a client to meter usage,
 * log, or export metrics. Override only the methods you need.
 *
 * <pre>{@code
 * ModelCallListener printer = new ModelCallListener() {
 *   public void onCallEnd(CallEndEvent e) {
 *     System.out.println(e.outcome() + " " + e.provider() + "/" + e.model() + " "
 *         + e.usage().totalTokens() + " tokens, " + e.cost() + ", "
 *         + e.attempts().size() + " attempt(s), " + e.latency().toMillis() + " ms"
 *         + (e.error() == null ? "" : ", " + e.errorType()));
 *   }
 * };
 * // VectorNode is in vectornode-routing; a client calls every listener it was built with
 * ModelClient ai = VectorNode.builderFromEnvironment(System.getenv()).listener(printer).build();
 * }</pre>
 *
 * <p>Methods are called on the calling thread (or the thread that completes an async call or
 * iterates a stream), synchronously: keep them fast and non-blocking. Whatever a listener throws
 * is caught and logged at WARN; it never breaks a call. Events are immutable.
 */
public interface ModelCallListener {

  /**
   * A call started, before any request was sent.
   *
   * @param event the call's request id, task, model and tags
   */
  default void onCallStart(CallStartEvent event) {}

  /**
   * One upstream request is about to be sent (a call has one per retry, fallback or hedge):
   * called on the thread that sends it (a hedged attempt's is a pool thread) after {@link
   * #onCallStart} and before the attempt's {@link #onAttempt}. A listener may return HTTP
   * headers for this attempt's request, such as a W3C {@code traceparent}: they are added to the
   * request ({@link ChatRequest#withHeaders}) unless the request or the provider sets the same
   * header itself. Headers that cannot travel in HTTP are dropped and logged at WARN.
   *
   * <pre>{@code
   * public Map<String, String> onAttemptStart(AttemptStartEvent e) {
   *   return Map.of("x-request-id", e.requestId());
   * }
   * }</pre>
   *
   * @param event the attempt: the call's request id, why it is made, where it goes
   * @return headers to add to this attempt's HTTP request; empty (the default) for none
   */
  default Map<String, String> onAttemptStart(AttemptStartEvent event) {
    return Map.of();
  }

  /**
   * One upstream request ended (a call has one per retry or fallback).
   *
   * @param event the attempt
   */
  default void onAttempt(AttemptEvent event) {}

  /**
   * A call ended. Fired exactly once per call, including when it fails or is cancelled.
   *
   * @param event the call, with all its attempts
   */
  default void onCallEnd(CallEndEvent event) {}

  /**
   * A budget crossed a soft threshold (once per threshold per period).
   *
   * @param event the budget and what it has spent
   */
  default void onBudgetThreshold(BudgetThresholdEvent event) {}

  /**
   * A key was disabled after the provider rejected it.
   *
   * @param event the key's id and why
   */
  default void onKeyDisabled(KeyDisabledEvent event) {}

  /**
   * A provider reported more tokens than the call could have used (more output than its
   * maximum, or more than the model's limits). The attempt was charged its real cost.
   *
   * @param event the attempt's reported usage and the limit it exceeded
   */
  default void onUsageAnomaly(UsageAnomalyEvent event) {}

  /**
   * Combines listeners into one that calls each in order and catches, logs and ignores whatever
   * any of them throws.
   *
   * @param listeners the listeners
   * @return a listener that never throws
   */
  static ModelCallListener guarded(List<? extends ModelCallListener> listeners) {
    return new GuardedListener(listeners);
  }
}
