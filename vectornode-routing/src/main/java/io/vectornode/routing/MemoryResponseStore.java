package io.vectornode.routing;

import io.vectornode.ChatResponse;
import io.vectornode.spi.Ticker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The default {@link ResponseStore}: the least recently used answers beyond {@code maximumSize}
 * are evicted, and an answer older than {@code ttl} since it was written is a miss, on the
 * router's ticker so that expiry is deterministic in tests. One lock: a lookup is a hash probe
 * and a list relink, far below the cost of the call it saves (no third-party cache in the core).
 */
final class MemoryResponseStore implements ResponseStore {
  private final long ttlNanos;
  private final Ticker ticker;
  private final LinkedHashMap<String, Entry> entries;

  private record Entry(ChatResponse response, long writtenAt) {}

  MemoryResponseStore(long maximumSize, Duration ttl, Ticker ticker) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize: must be at least 1, was " + maximumSize);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: must be positive, was " + ttl);
    }
    this.ttlNanos = ttl.toNanos();
    this.ticker = ticker;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maximumSize;
      }
    };
  }

  @Override
  public Optional<ChatResponse> get(String key) {
    long now = ticker.read();
    synchronized (entries) {
      Entry e = entries.get(key);
      if (e == null) {
        return Optional.empty();
      }
      if (now - e.writtenAt() >= ttlNanos) {
        entries.remove(key);
        return Optional.empty();
      }
      return Optional.of(e.response());
    }
  }

  @Override
  public void put(String key, ChatResponse response) {
    Entry e = new Entry(response, ticker.read());
    synchronized (entries) {
      entries.put(key, e);
    }
  }
}
