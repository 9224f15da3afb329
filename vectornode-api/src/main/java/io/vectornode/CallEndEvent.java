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
 * @param response what the caller got on success (for a stream, the response assembled when it
 *     completed), or {@code null} when the call failed or was cancelled
 * @param cacheHit whether a response cache answered the call: no attempts, zero usage, cost $0
 *     (the response, marked {@link ChatResponse#cached()}, carries the cached answer's usage)
 * @param operation what kind of call it was; an {@link Operation#EMBEDDING} call has no {@code
 *     response} (its vectors went to the caller only), its usage is input tokens only
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
    @Nullable Throwable error,
    @Nullable ChatResponse response,
    boolean cacheHit,
    Operation operation) {

  /**
   * A chat call's end.
   *
   * @param requestId the call's id
   * @param task the request's task, or {@code null}
   * @param tags the request's tags
   * @param provider the provider that served the final attempt, or {@code null}
   * @param model the model that served the final attempt, or {@code null}
   * @param usage tokens summed over all attempts
   * @param cost cost summed over all attempts
   * @param latency from the call's start to its end
   * @param timeToFirstToken from the call's start to the first content, or {@code null}
   * @param attempts every attempt, in order
   * @param outcome how the call ended
   * @param error the failure, or {@code null} on success
   * @param response what the caller got on success, or {@code null}
   * @param cacheHit whether a response cache answered the call
   */
  public CallEndEvent(String requestId, @Nullable String task, Map<String, String> tags,
      @Nullable String provider, @Nullable String model, Usage usage, Cost cost,
      Duration latency, @Nullable Duration timeToFirstToken, List<AttemptEvent> attempts,
      CallOutcome outcome, @Nullable Throwable error, @Nullable ChatResponse response,
      boolean cacheHit) {
    this(requestId, task, tags, provider, model, usage, cost, latency, timeToFirstToken,
        attempts, outcome, error, response, cacheHit, Operation.CHAT);
  }

  /**
   * A call's end that no cache answered.
   *
   * @param requestId the call's id
   * @param task the request's task, or {@code null}
   * @param tags the request's tags
   * @param provider the provider that served the final attempt, or {@code null}
   * @param model the model that served the final attempt, or {@code null}
   * @param usage tokens summed over all attempts
   * @param cost cost summed over all attempts
   * @param latency from the call's start to its end
   * @param timeToFirstToken from the call's start to the first content, or {@code null}
   * @param attempts every attempt, in order
   * @param outcome how the call ended
   * @param error the failure, or {@code null} on success
   * @param response what the caller got on success, or {@code null}
   */
  public CallEndEvent(String requestId, @Nullable String task, Map<String, String> tags,
      @Nullable String provider, @Nullable String model, Usage usage, Cost cost,
      Duration latency, @Nullable Duration timeToFirstToken, List<AttemptEvent> attempts,
      CallOutcome outcome, @Nullable Throwable error, @Nullable ChatResponse response) {
    this(requestId, task, tags, provider, model, usage, cost, latency, timeToFirstToken,
        attempts, outcome, error, response, false);
  }

  /**
   * A call's end without its response (as events were before they carried it).
   *
   * @param requestId the call's id
   * @param task the request's task, or {@code null}
   * @param tags the request's tags
   * @param provider the provider that served the final attempt, or {@code null}
   * @param model the model that served the final attempt, or {@code null}
   * @param usage tokens summed over all attempts
   * @param cost cost summed over all attempts
   * @param latency from the call's start to its end
   * @param timeToFirstToken from the call's start to the first content, or {@code null}
   * @param attempts every attempt, in order
   * @param outcome how the call ended
   * @param error the failure, or {@code null} on success
   */
  public CallEndEvent(String requestId, @Nullable String task, Map<String, String> tags,
      @Nullable String provider, @Nullable String model, Usage usage, Cost cost,
      Duration latency, @Nullable Duration timeToFirstToken, List<AttemptEvent> attempts,
      CallOutcome outcome, @Nullable Throwable error) {
    this(requestId, task, tags, provider, model, usage, cost, latency, timeToFirstToken,
        attempts, outcome, error, null, false);
  }

  /** Validates and copies. */
  public CallEndEvent {
    requireNonNull(requestId, "requestId");
    tags = Map.copyOf(tags);
    requireNonNull(usage, "usage");
    requireNonNull(cost, "cost");
    requireNonNull(latency, "latency");
    attempts = List.copyOf(attempts);
    requireNonNull(outcome, "outcome");
    requireNonNull(operation, "operation");
  }

  /** Shows the response by its id and model only: its text may be sensitive. */
  @Override
  public String toString() {
    return "CallEndEvent[requestId=" + requestId + ", task=" + task + ", tags=" + tags
        + ", provider=" + provider + ", model=" + model + ", usage=" + usage + ", cost=" + cost
        + ", latency=" + latency + ", timeToFirstToken=" + timeToFirstToken + ", attempts="
        + attempts + ", outcome=" + outcome + ", error=" + error + ", response="
        + (response == null ? null : "ChatResponse[id=" + response.id() + ", model="
            + response.model() + "]")
        + (cacheHit ? ", cacheHit=true" : "")
        + (operation == Operation.CHAT ? "" : ", operation=" + operation) + "]";
  }

  /** @return the simple class name of the error, or {@code null} on success */
  public @Nullable String errorType() {
    return error == null ? null : error.getClass().getSimpleName();
  }
}
