package io.vectornode.routing;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What to do after a failed attempt, as the {@link RetryPolicy} decided it: a value, so that
 * every rule can be tested without a router.
 *
 * @param step retry the same deployment, move on, or give the failure to the caller
 * @param reason why, in the words the attempt event and the exception carry
 * @param delay how long to wait before retrying ({@link Duration#ZERO} unless {@code RETRY})
 * @param switchTo the only deployment left to try (a content-policy fallback), or null
 * @param dropWindowsUpTo drop every candidate whose context window is at most this many tokens
 *     (a context-length failure), or -1
 */
record Decision(Step step, String reason, Duration delay, @Nullable String switchTo,
    long dropWindowsUpTo) {

  /** The three outcomes. */
  enum Step { RETRY, NEXT, SURFACE }

  static Decision retry(Duration delay, String reason) {
    return new Decision(Step.RETRY, reason, delay, null, -1);
  }

  static Decision next(String reason) {
    return new Decision(Step.NEXT, reason, Duration.ZERO, null, -1);
  }

  static Decision surface(String reason) {
    return new Decision(Step.SURFACE, reason, Duration.ZERO, null, -1);
  }

  static Decision switchTo(String deployment, String reason) {
    return new Decision(Step.NEXT, reason, Duration.ZERO, deployment, -1);
  }

  static Decision largerWindow(long window, String reason) {
    return new Decision(Step.NEXT, reason, Duration.ZERO, null, window);
  }
}
