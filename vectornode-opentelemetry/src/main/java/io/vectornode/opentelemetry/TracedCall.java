package io.vectornode.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call in flight: its span, the context its attempts' spans are children of, and the spans
 * of its attempts that are open. An attempt's start and its end are matched by deployment and
 * provider: a call never has two attempts on one deployment in flight at once (retries on a
 * deployment follow each other; a hedge races another deployment). Thread-safe: a hedged
 * attempt starts and ends on a pool thread.
 */
final class TracedCall {
  final Span span;
  /** The caller's context at the call's start, with the call's span in it. */
  final Context context;
  final long startedAt;
  final boolean streaming;
  /** The conventions' operation name: {@code chat} or {@code embeddings}. */
  String operation = Attrs.CHAT;
  private final List<Attempt> open = new ArrayList<>(2);
  /** The attempt that answered: ended with the call, once the response is known. */
  private @Nullable Span won;
  /** Whether the request's settings and content were put on the call span (first attempt). */
  private boolean described;

  /** An attempt's open span. */
  record Attempt(@Nullable String deployment, String provider, Span span) {}

  TracedCall(Span span, Context context, long startedAt, boolean streaming) {
    this.span = span;
    this.context = context;
    this.startedAt = startedAt;
    this.streaming = streaming;
  }

  synchronized void started(Attempt a) {
    open.add(a);
  }

  /** @return whether this is the first time (the caller then describes the request) */
  synchronized boolean describe() {
    if (described) {
      return false;
    }
    described = true;
    return true;
  }

  /**
   * Takes the open attempt on this deployment and provider, or null when none was started. A
   * direct call (no deployment) has one attempt: it is taken whatever name its provider's
   * response gives the instance.
   */
  synchronized @Nullable Span take(@Nullable String deployment, String provider) {
    for (int i = 0; i < open.size(); i++) {
      Attempt a = open.get(i);
      if (Objects.equals(a.deployment(), deployment)
          && (deployment == null || a.provider().equals(provider))) {
        open.remove(i);
        return a.span();
      }
    }
    return null;
  }

  synchronized void won(Span s) {
    won = s;
  }

  synchronized @Nullable Span won() {
    Span s = won;
    won = null;
    return s;
  }

  /** Takes the attempts still open (started and never reported: abandoned). */
  synchronized List<Span> leftovers() {
    List<Span> out = new ArrayList<>(open.size());
    for (Attempt a : open) {
      out.add(a.span());
    }
    open.clear();
    return out;
  }
}
