package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A call started.
 *
 * @param requestId VectorNode's id for this logical call, shared by all its events
 * @param task the request's task, or {@code null}
 * @param model the request's model reference, or {@code null}
 * @param tags the request's tags
 * @param streaming whether this is a streaming call
 * @param startedAt when it started, by the client's clock
 * @param operation what kind of call it is (chat unless it is an {@link Operation#EMBEDDING})
 */
public record CallStartEvent(
    String requestId,
    @Nullable String task,
    @Nullable String model,
    Map<String, String> tags,
    boolean streaming,
    Instant startedAt,
    Operation operation) {

  /**
   * A chat call started.
   *
   * @param requestId VectorNode's id for this logical call
   * @param task the request's task, or {@code null}
   * @param model the request's model reference, or {@code null}
   * @param tags the request's tags
   * @param streaming whether this is a streaming call
   * @param startedAt when it started, by the client's clock
   */
  public CallStartEvent(String requestId, @Nullable String task, @Nullable String model,
      Map<String, String> tags, boolean streaming, Instant startedAt) {
    this(requestId, task, model, tags, streaming, startedAt, Operation.CHAT);
  }

  /** Validates and copies. */
  public CallStartEvent {
    requireNonNull(requestId, "requestId");
    tags = Map.copyOf(tags);
    requireNonNull(startedAt, "startedAt");
    requireNonNull(operation, "operation");
  }
}
