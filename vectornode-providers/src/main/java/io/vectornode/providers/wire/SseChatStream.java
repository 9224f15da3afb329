package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.StreamEvent;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.AbstractChatStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The reading loop every SSE-based provider stream shares: pull an event, let the format turn it
 * into zero or more {@link StreamEvent}s, stop after {@link StreamEvent.Completed}, and treat an
 * end of stream before completion as the format decides (an error for most).
 */
abstract class SseChatStream extends AbstractChatStream {
  /** The call's bookkeeping. */
  protected final StreamContext ctx;
  /** Events produced but not yet returned, in order. */
  protected final ArrayDeque<StreamEvent> pending = new ArrayDeque<>(4);

  private final SseReader reader;
  private long firstTokenAt;
  private long content;
  private int events;
  private boolean finished;

  /**
   * Starts reading a response body.
   *
   * @param ctx the call's bookkeeping
   */
  protected SseChatStream(StreamContext ctx) {
    this.ctx = ctx;
    this.reader = new SseReader(ctx.body(), ctx.maxEventBytes());
  }

  /**
   * Handles one event: adds the stream events it yields to {@link #pending}; calls {@link
   * #complete} at the format's end marker.
   *
   * @param event the event
   */
  protected abstract void onEvent(SseEvent event);

  /**
   * The body ended. Formats with an end marker throw (the default); formats without one complete
   * here when the stream is whole.
   */
  protected void onEndOfBody() {
    throw new TransportException(ctx.provider(), TransportException.Kind.INCOMPLETE_STREAM, true,
        "stream ended before its end-of-stream marker after " + events + " events", null);
  }

  /**
   * Ends the stream: queues the completed event and releases the connection.
   *
   * @param completed the final event
   */
  protected final void complete(StreamEvent.Completed completed) {
    finished = true;
    ctx.response().close();
    pending.add(completed);
  }

  /** Marks the stream finished without a completion (the caller throws next). */
  protected final void finishWithoutCompletion() {
    finished = true;
    ctx.response().close();
  }

  /** Counts the content of the events just produced against the stream's bound. */
  private void retain() {
    long n = 0;
    for (StreamEvent e : pending) {
      if (e instanceof StreamEvent.TextDelta t) {
        n += t.text().length();
      } else if (e instanceof StreamEvent.ReasoningDelta r) {
        n += r.text().length();
      } else if (e instanceof StreamEvent.ToolCallDelta c) {
        n += c.argumentsDelta().length();
      }
    }
    retained(n);
  }

  /**
   * Counts content a format keeps without producing an event for it (a signature, say) against
   * the stream's bound: memory grows with what a stream keeps, and a stream of valid events that
   * never ends must not fill the heap.
   *
   * @param chars how much was kept
   * @throws ResponseParseException when the stream keeps more than {@code maxResponseBytes}
   */
  protected final void retained(long chars) {
    content += chars;
    if (content > ctx.maxContent()) {
      finishWithoutCompletion();
      throw new ResponseParseException(ctx.provider(), "the stream's content is larger than "
          + ctx.maxContent() + " characters (maxResponseBytes)", null);
    }
  }

  /** Records the time of the first content, once. */
  protected final void firstToken() {
    if (firstTokenAt == 0) {
      firstTokenAt = ctx.ticker().read();
    }
  }

  /** @return from the call's start until now */
  protected final Duration latency() {
    return Duration.ofNanos(ctx.ticker().read() - ctx.start());
  }

  /**
   * The time to first token.
   *
   * @param latency the total latency, used when no content arrived
   * @return the duration
   */
  protected final Duration timeToFirstToken(Duration latency) {
    return firstTokenAt == 0 ? latency : Duration.ofNanos(firstTokenAt - ctx.start());
  }

  /** @return how many events were read so far */
  protected final int eventCount() {
    return events;
  }

  @Override
  protected final @Nullable StreamEvent nextEvent() {
    while (pending.isEmpty()) {
      if (finished) {
        return null;
      }
      SseEvent event;
      try {
        event = reader.next();
      } catch (IOException e) {
        if (isClosed()) {
          return null;
        }
        throw ProviderErrors.io(ctx.provider(), e, true, ctx.redactor(), ctx.timeouts());
      } catch (IllegalStateException e) {
        // A close from another thread can race okio's timeout bookkeeping of the read it
        // interrupts ("Unbalanced enter/exit"): after a close, that is the end of the stream.
        if (isClosed()) {
          return null;
        }
        throw e;
      }
      try {
        if (event == null) {
          if (isClosed()) {
            return null;
          }
          onEndOfBody();
          if (!finished) {
            throw new IllegalStateException("onEndOfBody must complete or throw");
          }
          continue;
        }
        events++;
        onEvent(event);
      } catch (VectorNodeException e) {
        throw e;
      } catch (RuntimeException e) {
        // A reply that parses but breaks a value's rules is the server's fault: typed.
        throw ProviderErrors.unreadable(ctx.provider(), e, ctx.redactor());
      }
      retain();
    }
    // The caller may now be away for a while (handling the token, or waiting for the next):
    // the bytes read past this event need not hold a segment meanwhile.
    reader.release();
    return pending.poll();
  }

  /**
   * Parses a JSON event payload from its bytes (so that invalid UTF-8 is an error, as on every
   * other path, rather than silently replaced), within {@link Shape#MAX_NODES}. Jackson's message
   * may quote the bad token, so it is scrubbed and the cause not kept.
   *
   * @param event the event
   * @return the tree
   */
  protected final JsonNode tree(SseEvent event) {
    try {
      return Shape.tree(event.bytes(), 0, event.length());
    } catch (IOException e) {
      throw malformed(event, e);
    }
  }

  /**
   * The exception for a payload that is not valid JSON.
   *
   * @param event the event
   * @param e the parser's exception
   * @return the exception, scrubbed
   */
  protected final ResponseParseException malformed(SseEvent event, IOException e) {
    String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
    // Scrubbed before it is cut: a cut first could split a key into a part that no longer
    // matches. At most a few KB are decoded, however large the event.
    String data = new String(event.bytes(), 0, Math.min(event.length(), 4096),
        java.nio.charset.StandardCharsets.UTF_8);
    return new ResponseParseException(ctx.provider(), "malformed stream chunk ("
        + ctx.redactor().excerpt(String.valueOf(why), 300) + "): "
        + ctx.redactor().excerpt(data, 200), null);
  }

  @Override
  protected void cancel() {
    ctx.call().cancel();
    ctx.response().close();
  }
}
