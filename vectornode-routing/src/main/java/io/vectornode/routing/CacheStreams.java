package io.vectornode.routing;

import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.StreamEvent;
import io.vectornode.spi.AbstractChatStream;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Queue;
import org.jspecify.annotations.Nullable;

/** The response cache's streams: one that keeps what it streamed, one that replays a hit. */
final class CacheStreams {
  private CacheStreams() {}

  /** A routed stream that hands its completed answer to the cache (nothing when it fails). */
  static final class Storing extends AbstractChatStream {
    private final ChatStream inner;
    private final Iterator<StreamEvent> events;
    private final Caching caching;
    private final String key;

    Storing(ChatStream inner, Caching caching, String key) {
      this.inner = inner;
      this.events = inner.iterator();
      this.caching = caching;
      this.key = key;
    }

    @Override
    protected @Nullable StreamEvent nextEvent() {
      if (!events.hasNext()) {
        return null;
      }
      StreamEvent e = events.next();
      if (e instanceof StreamEvent.Completed c) {
        caching.put(key, c.response());
      }
      return e;
    }

    @Override
    protected void cancel() {
      inner.close();
    }
  }

  /**
   * A hit replayed as a stream: the reasoning, the text and each tool call as one delta, then
   * the completed response (already reported: the call ended when the hit was found).
   */
  static final class Replay extends AbstractChatStream {
    private final Queue<StreamEvent> events = new ArrayDeque<>();

    Replay(ChatResponse hit) {
      int index = 0;
      for (ContentPart p : hit.message().content()) {
        if (p instanceof ContentPart.Reasoning r && !r.text().isEmpty()) {
          events.add(new StreamEvent.ReasoningDelta(r.text()));
        } else if (p instanceof ContentPart.Text t && !t.text().isEmpty()) {
          events.add(new StreamEvent.TextDelta(t.text()));
        } else if (p instanceof ContentPart.ToolCall c) {
          events.add(new StreamEvent.ToolCallDelta(index++, c.id(), c.name(), c.arguments()));
        }
      }
      events.add(new StreamEvent.Completed(hit));
    }

    @Override
    protected @Nullable StreamEvent nextEvent() {
      return events.poll();
    }

    @Override
    protected void cancel() {
      events.clear();
    }
  }
}
