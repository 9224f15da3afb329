package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The model's answer to one {@link ChatRequest}.
 *
 * @param id the provider's response id, or a generated one when the provider sent none
 * @param provider the provider instance that answered
 * @param model the model that actually answered, as the provider named it
 * @param message the assistant message: text, tool calls, reasoning
 * @param finishReason why generation stopped
 * @param usage the tokens consumed
 * @param cost what the call cost
 * @param attempts how many upstream requests this call took (1 without retries)
 * @param latency from the call's start until the response was complete
 * @param timeToFirstToken from the call's start until the first content arrived; for a
 *     non-streaming call, the same as {@code latency}
 * @param cached whether a response cache answered the call (no request was sent: zero attempts,
 *     cost $0; {@code usage} is that of the answer when it was first made)
 */
public record ChatResponse(
    String id,
    String provider,
    String model,
    Message message,
    FinishReason finishReason,
    Usage usage,
    Cost cost,
    int attempts,
    Duration latency,
    Duration timeToFirstToken,
    boolean cached) {

  /**
   * A response that was not answered from a cache.
   *
   * @param id the provider's response id
   * @param provider the provider instance that answered
   * @param model the model that answered
   * @param message the assistant message
   * @param finishReason why generation stopped
   * @param usage the tokens consumed
   * @param cost what the call cost
   * @param attempts how many upstream requests this call took, at least 1
   * @param latency from the call's start until the response was complete
   * @param timeToFirstToken from the call's start until the first content arrived
   */
  public ChatResponse(String id, String provider, String model, Message message,
      FinishReason finishReason, Usage usage, Cost cost, int attempts, Duration latency,
      Duration timeToFirstToken) {
    this(id, provider, model, message, finishReason, usage, cost, attempts, latency,
        timeToFirstToken, false);
  }

  /** Validates. */
  public ChatResponse {
    requireNonNull(id, "id");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(message, "message");
    requireNonNull(finishReason, "finishReason");
    requireNonNull(usage, "usage");
    requireNonNull(cost, "cost");
    requireNonNull(latency, "latency");
    requireNonNull(timeToFirstToken, "timeToFirstToken");
    if (message.role() != Role.ASSISTANT) {
      throw new IllegalArgumentException(
          "response message: role must be ASSISTANT, was " + message.role());
    }
    // A cache hit sent no request: zero attempts; anything else sent at least one.
    if (attempts < (cached ? 0 : 1)) {
      throw new IllegalArgumentException("attempts: must be at least " + (cached ? 0 : 1)
          + ", was " + attempts);
    }
  }

  /**
   * What a provider knows of its answer: the cost is left unknown (a router prices it from its
   * catalog), one attempt, and the wire's timing (the layers above replace it with the call's).
   *
   * <pre>{@code
   * return ChatResponse.of(id, "openai", "gpt-4o-mini", Message.assistant("Hi"),
   *     FinishReason.STOP, Usage.of(12, 3), took, took);
   * }</pre>
   *
   * @param id the provider's response id
   * @param provider the provider instance that answered
   * @param model the model that answered
   * @param message the assistant message
   * @param finishReason why generation stopped
   * @param usage the tokens consumed
   * @param latency how long the wire took
   * @param timeToFirstToken until the wire's first content; {@code latency} when not streamed
   * @return the response
   */
  public static ChatResponse of(String id, String provider, String model, Message message,
      FinishReason finishReason, Usage usage, Duration latency, Duration timeToFirstToken) {
    return new ChatResponse(id, provider, model, message, finishReason, usage, Cost.unknown(), 1,
        latency, timeToFirstToken);
  }

  /** @return the answer's text parts joined; empty when the model only called tools */
  public String text() {
    return message.text();
  }

  /** @return the tool calls the model asked for, in order */
  public List<ContentPart.ToolCall> toolCalls() {
    return message.toolCalls();
  }
}
