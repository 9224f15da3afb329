package io.vectornode.routing;

import io.vectornode.ChatResponse;
import io.vectornode.spi.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a {@link ResponseCache} keeps its answers: in this JVM's memory by default ({@link
 * #inMemory}), or a store shared by several instances. Keys are opaque digests of the canonical
 * request (never an API key); values are the responses as first made. Implementations must be
 * thread-safe, fast, and must not throw: a failing store should behave as a miss.
 */
public interface ResponseStore {

  /**
   * Looks an answer up.
   *
   * @param key the request's digest
   * @return the answer, or empty when there is none (or it expired)
   */
  Optional<ChatResponse> get(String key);

  /**
   * Keeps an answer.
   *
   * @param key the request's digest
   * @param response a successful response, as the router returned it
   */
  void put(String key, ChatResponse response);

  /**
   * An in-memory store (least recently used evicted): at most {@code maximumSize} answers, each kept for {@code ttl}
   * after it was written, time read from {@code ticker} (a test's manual time).
   *
   * @param maximumSize how many answers at most, at least 1
   * @param ttl how long an answer is kept, positive
   * @param ticker the time source
   * @return the store
   * @throws IllegalArgumentException when the size or the TTL is not positive
   */
  static ResponseStore inMemory(long maximumSize, Duration ttl, Ticker ticker) {
    return new MemoryResponseStore(maximumSize, ttl, ticker);
  }
}
