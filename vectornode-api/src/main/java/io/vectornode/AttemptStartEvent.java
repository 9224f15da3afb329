package io.vectornode;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One upstream request of a call is about to be sent: it passed the router's permit, key and
 * budget steps, and nothing of it has been written yet. Its end is the {@link AttemptEvent} of
 * the same request id and deployment (a call never has two attempts on one deployment in flight
 * at once: retries on a deployment follow each other, and a hedge races two deployments).
 *
 * @param requestId the logical call's id
 * @param kind why this attempt is made
 * @param provider the provider instance called
 * @param providerType the provider type of that instance ({@code openai}, {@code anthropic},
 *     {@code gemini}, {@code azure-openai}, ...), as registered with the provider SPI
 * @param model the model requested from it
 * @param deployment the deployment name, or {@code null} when called directly
 * @param streaming whether it is a streaming call
 * @param request the request as this attempt sends it (its messages, settings and model)
 */
public record AttemptStartEvent(
    String requestId,
    Kind kind,
    String provider,
    String providerType,
    String model,
    @Nullable String deployment,
    boolean streaming,
    ChatRequest request) {

  /** Why an attempt is made. */
  public enum Kind {
    /** The call's first attempt. */
    FIRST,
    /** Another attempt on the deployment the previous one failed on. */
    RETRY,
    /** An attempt on another deployment after an earlier attempt of the call failed. */
    FALLBACK,
    /** A second deployment raced against a slow first one (hedging). */
    HEDGE
  }

  /** Validates. */
  public AttemptStartEvent {
    requireNonNull(requestId, "requestId");
    requireNonNull(kind, "kind");
    requireNonNull(provider, "provider");
    requireNonNull(providerType, "providerType");
    requireNonNull(model, "model");
    requireNonNull(request, "request");
  }
}
