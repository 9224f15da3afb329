package io.vectornode.micrometer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps every tag's values bounded: each tag key takes at most {@code max} distinct values (the
 * first seen), and a value beyond them, or longer than {@value #MAX_LENGTH} characters, is
 * recorded as {@value #OTHER}. Model names come from servers and requests, tasks and allow-listed
 * tags from callers: none of them may grow a registry without bound. Thread-safe.
 */
final class TagValues {
  /** What a value beyond the bound is recorded as (the conventions' fallback value). */
  static final String OTHER = "_OTHER";
  /** What an absent value is recorded as: every series of a meter has the same tag keys. */
  static final String NONE = "none";
  static final int MAX_LENGTH = 128;

  private final int max;
  private final ConcurrentHashMap<String, Set<String>> seen = new ConcurrentHashMap<>();

  TagValues(int max) {
    this.max = max;
  }

  /**
   * The value to record for a tag.
   *
   * @param key the tag key
   * @param value the value, or null when absent
   * @return the value, {@value #NONE} or {@value #OTHER}
   */
  String of(String key, @Nullable String value) {
    if (value == null || value.isEmpty()) {
      return NONE;
    }
    if (value.length() > MAX_LENGTH) {
      return OTHER;
    }
    Set<String> values = seen.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
    if (values.contains(value)) {
      return value;
    }
    synchronized (values) {
      if (values.contains(value)) {
        return value;
      }
      if (values.size() >= max) {
        return OTHER;
      }
      values.add(value);
      return value;
    }
  }
}
