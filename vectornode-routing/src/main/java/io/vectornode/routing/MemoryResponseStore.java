package io.vectornode.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vectornode.ChatResponse;
import io.vectornode.spi.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * The default {@link ResponseStore}: a Caffeine cache bounded by size and by time since write,
 * on the router's ticker so that expiry is deterministic in tests.
 */
final class MemoryResponseStore implements ResponseStore {
  private final Cache<String, ChatResponse> cache;

  MemoryResponseStore(long maximumSize, Duration ttl, Ticker ticker) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize: must be at least 1, was " + maximumSize);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: must be positive, was " + ttl);
    }
    // Caffeine rather than a hand-rolled LRU: size and TTL bounds together, lock-free reads,
    // an injectable Ticker, and a well-kept eviction policy (W-TinyLFU).
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl)
        .ticker(ticker::read).build();
  }

  @Override
  public Optional<ChatResponse> get(String key) {
    return Optional.ofNullable(cache.getIfPresent(key));
  }

  @Override
  public void put(String key, ChatResponse response) {
    cache.put(key, response);
  }
}
