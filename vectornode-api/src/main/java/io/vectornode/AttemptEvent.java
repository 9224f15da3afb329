package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One upstream request of a call ended.
 *
 * @param requestId the logical call's id
 * @param attempt this attempt's number within the call, from 1
 * @param provider the provider instance called
 * @param model the model requested from it
 * @param deployment the deployment name, or {@code null} when called directly
 * @param keyId the short hash id of the key used ({@link Secret#id()}), or {@code null}
 * @param outcome how it ended
 * @param error the failure, or {@code null} on success
 * @param usage tokens the provider reported for this attempt
 * @param cost what this attempt cost
 * @param latency from the attempt's start to its end
 * @param timeToFirstToken from the attempt's start to its first content, or {@code null} when no
 *     content arrived
 * @param reason why the router moved on after this attempt (for example {@code retry} or
 *     {@code fallback}), or {@code null}
 * @param localState whether the fleet's shared state (budgets, limits, key health; see {@code
 *     io.vectornode.state.SharedState}) could not be reached, so that this instance's own limits
 *     and budgets admitted the attempt
 */
public record AttemptEvent(
    String requestId,
    int attempt,
    String provider,
    String model,
    @Nullable String deployment,
    @Nullable String keyId,
    CallOutcome outcome,
    @Nullable Throwable error,
    Usage usage,
    Cost cost,
    Duration latency,
    @Nullable Duration timeToFirstToken,
    @Nullable String reason,
    boolean localState) {

  /**
   * An attempt admitted as usual (not by the local fallback of a shared state).
   *
   * @param requestId the logical call's id
   * @param attempt this attempt's number within the call, from 1
   * @param provider the provider instance called
   * @param model the model requested from it
   * @param deployment the deployment name, or {@code null} when called directly
   * @param keyId the short hash id of the key used, or {@code null}
   * @param outcome how it ended
   * @param error the failure, or {@code null} on success
   * @param usage tokens the provider reported for this attempt
   * @param cost what this attempt cost
   * @param latency from the attempt's start to its end
   * @param timeToFirstToken from the attempt's start to its first content, or {@code null}
   * @param reason why the router moved on after this attempt, or {@code null}
   */
  public AttemptEvent(String requestId, int attempt, String provider, String model,
      @Nullable String deployment, @Nullable String keyId, CallOutcome outcome,
      @Nullable Throwable error, Usage usage, Cost cost, Duration latency,
      @Nullable Duration timeToFirstToken, @Nullable String reason) {
    this(requestId, attempt, provider, model, deployment, keyId, outcome, error, usage, cost,
        latency, timeToFirstToken, reason, false);
  }

  /** Validates. */
  public AttemptEvent {
    requireNonNull(requestId, "requestId");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(outcome, "outcome");
    requireNonNull(usage, "usage");
    requireNonNull(cost, "cost");
    requireNonNull(latency, "latency");
  }

  /** @return the simple class name of the error, or {@code null} on success */
  public @Nullable String errorType() {
    return error == null ? null : error.getClass().getSimpleName();
  }
}
