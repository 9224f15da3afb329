package io.vectornode.routing;

import io.vectornode.ChatRequest;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How long a call may take: {@link Resilience}'s total and first-token timeouts.
 *
 * @param total the longest a call may take, every attempt and backoff included
 * @param firstToken the longest a stream may wait for its first content before the attempt is
 *     abandoned (and retried elsewhere), or null for no limit
 */
record TimeoutPolicy(Duration total, @Nullable Duration firstToken) {

  static TimeoutPolicy of(Resilience r) {
    return new TimeoutPolicy(r.totalTimeout(), r.firstTokenTimeout());
  }

  /** @return the call's budget: the request's own timeout when shorter than the total */
  Duration forCall(ChatRequest request) {
    Duration asked = request.timeout().orElse(null);
    return asked != null && asked.compareTo(total) < 0 ? asked : total;
  }
}
