package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A provider reported more tokens than the call could have used. The attempt is still charged
 * its real (reported) cost, in budgets too: this event says that it happened, so that it can be
 * counted and investigated. Fired once per kind per attempt, after {@code onAttempt}.
 *
 * @param requestId the logical call's id
 * @param provider the provider instance called
 * @param model the model requested from it
 * @param deployment the deployment name, or {@code null} when called directly
 * @param tags the call's tags
 * @param kind what was exceeded
 * @param usage the tokens the provider reported for the attempt
 * @param limit the most tokens the call could have used: the output cap for {@link
 *     Kind#OUTPUT_ABOVE_MAX_TOKENS}, the model's context window plus its output cap for {@link
 *     Kind#TOTAL_ABOVE_MODEL_LIMIT}
 * @param cost what the attempt was charged
 */
public record UsageAnomalyEvent(String requestId, String provider, String model,
    @Nullable String deployment, Map<String, String> tags, Kind kind, Usage usage, long limit,
    Cost cost) {

  /** What a usage report exceeded. */
  public enum Kind {
    /**
     * More output tokens than the request's maximum (or, when it set none, the model's maximum
     * output in the catalog).
     */
    OUTPUT_ABOVE_MAX_TOKENS,
    /** More input plus output tokens than the model's context window plus its maximum output. */
    TOTAL_ABOVE_MODEL_LIMIT
  }

  /** Validates and copies. */
  public UsageAnomalyEvent {
    requireNonNull(requestId, "requestId");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    tags = Map.copyOf(tags);
    requireNonNull(kind, "kind");
    requireNonNull(usage, "usage");
    requireNonNull(cost, "cost");
  }
}
