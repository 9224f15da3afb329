package io.vectornode.springai;

import io.vectornode.Cost;
import io.vectornode.FinishReason;
import io.vectornode.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * The keys under which {@link VectorNodeChatModel} puts what VectorNode knows of a call into
 * Spring AI's {@link ChatResponseMetadata}, and typed readers for them.
 *
 * <pre>{@code
 * ChatResponse response = chatClient.prompt().user("Hi").call().chatResponse();
 * Optional<BigDecimal> usd = VectorNodeMetadata.costUsd(response);
 * int attempts = VectorNodeMetadata.attempts(response).orElse(1);
 * // or: response.getMetadata().get(VectorNodeMetadata.ATTEMPTS)
 * }</pre>
 *
 * <p>On a stream, only the last response (the one with the finish reason) carries them.
 * Spring AI's {@code MessageAggregator} (a streaming {@code ChatClient} with tools) keeps the
 * usage of each round but not these entries.
 */
public final class VectorNodeMetadata {
  /** The provider instance that answered (String). */
  public static final String PROVIDER = "vectornode.provider";
  /** The call's {@link Cost}: known, estimated or unknown, with its catalog version. */
  public static final String COST = "vectornode.cost";
  /** The cost in USD ({@link BigDecimal}); absent when the cost is unknown. */
  public static final String COST_USD = "vectornode.cost.usd";
  /** How many upstream requests the call took (Integer): 1 without retries or fallbacks. */
  public static final String ATTEMPTS = "vectornode.attempts";
  /** From the call's start until the answer was complete ({@link Duration}). */
  public static final String LATENCY = "vectornode.latency";
  /** From the call's start until the first content ({@link Duration}). */
  public static final String TIME_TO_FIRST_TOKEN = "vectornode.time-to-first-token";
  /** VectorNode's {@link Usage}, with cached, cache-write and reasoning tokens. */
  public static final String USAGE = "vectornode.usage";
  /** VectorNode's {@link FinishReason}. */
  public static final String FINISH_REASON = "vectornode.finish-reason";

  private VectorNodeMetadata() {}

  /**
   * @param response a response from {@link VectorNodeChatModel}
   * @return the call's cost, or empty when the response carries none (another model, a chunk)
   */
  public static Optional<Cost> cost(ChatResponse response) {
    return get(response, COST, Cost.class);
  }

  /**
   * @param response a response from {@link VectorNodeChatModel}
   * @return the cost in USD, or empty when unknown or absent
   */
  public static Optional<BigDecimal> costUsd(ChatResponse response) {
    return get(response, COST_USD, BigDecimal.class);
  }

  /**
   * @param response a response from {@link VectorNodeChatModel}
   * @return the number of upstream attempts, or empty when absent
   */
  public static Optional<Integer> attempts(ChatResponse response) {
    return get(response, ATTEMPTS, Integer.class);
  }

  /**
   * @param response a response from {@link VectorNodeChatModel}
   * @return the provider instance that answered, or empty when absent
   */
  public static Optional<String> provider(ChatResponse response) {
    return get(response, PROVIDER, String.class);
  }

  private static <T> Optional<T> get(ChatResponse response, String key, Class<T> type) {
    Object value = response.getMetadata().get(key);
    return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
  }
}
