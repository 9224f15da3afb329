package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A call ended: fired exactly once per call, whether it succeeded, failed or was cancelled.
 *
 * @param requestId the call's id
 * @param task the request's task, or {@code null}
 * @param tags the request's tags
 * @param provider the provider that served the final attempt, or {@code null} if none was called
 * @param model the model that served the final attempt, or {@code null}
 * @param usage tokens summed over all attempts
 * @param cost cost summed over all attempts
 * @param latency from the call's start to its end
 * @param timeToFirstToken from the call's start to the first content, or {@code null}
 * @param attempts every attempt, in order
 * @param outcome how the call ended
 * @param error the failure, or {@code null} on success
 */
public record CallEndEvent(
    String requestId,
    @Nullable String task,
    Map<String, String> tags,
    @Nullable String provider,
    @Nullable String model,
    Usage usage,
    Cost cost,
    Duration latency,
    @Nullable Duration timeToFirstToken,
    List<AttemptEvent> attempts,
    CallOutcome outcome,
    @Nullable Throwable error) {

  /** Validates and copies. */
  public CallEndEvent {
    requireNonNull(requestId, "requestId");
    tags = Map.copyOf(tags);
    requireNonNull(usage, "usage");
    requireNonNull(cost, "cost");
    requireNonNull(latency, "latency");
    attempts = List.copyOf(attempts);
    requireNonNull(outcome, "outcome");
  }

  /** @return the simple class name of the error, or {@code null} on success */
  public @Nullable String errorType() {
    return error == null ? null : error.getClass().getSimpleName();
  }
}
