package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One JSON parser for all the events of a stream: each event's bytes are fed to the same
 * non-blocking Jackson parser, so its contexts, buffers and symbol table are made once per
 * stream: made per event, they would outweigh the token the event carries.
 *
 * <p>Usage per event: {@link #begin}, read one object with the returned parser, {@link #end}.
 * Because the whole event is fed before reading, the parser never runs out of input inside a
 * well-formed object; running out is reported as a truncated payload.
 *
 * <p>The parser is released once after the stream's first event: its symbol table then hands
 * the names that event brought to the factory's shared table. A parser copies the shared table
 * (2 KiB and more) the first time it meets a name the table lacks, and keeps the copy until it
 * is released; so without this, every stream opened before any had finished would hold its own
 * copy for as long as it stays open.
 *
 * <p>Not thread-safe (a stream is read by one thread at a time).
 */
final class EventParser {
  private @Nullable JsonParser parser;
  private boolean namesShared;

  /**
   * Feeds an event's payload.
   *
   * @param event the event
   * @return the parser, positioned before the payload's first token
   * @throws IOException when the parser refuses the input
   */
  public JsonParser begin(SseEvent event) throws IOException {
    JsonParser p = parser;
    if (p == null || !((ByteArrayFeeder) p.getNonBlockingInputFeeder()).needMoreInput()) {
      reset();
      p = Json.FACTORY.createNonBlockingByteArrayParser();
      parser = p;
    }
    ((ByteArrayFeeder) p.getNonBlockingInputFeeder()).feedInput(event.bytes(), 0,
        event.length());
    return p;
  }

  /**
   * Checks that the payload was one whole JSON object and nothing more, and consumes any
   * trailing whitespace.
   *
   * @throws IOException when the object is unfinished or another value follows it
   */
  public void end() throws IOException {
    JsonParser p = parser;
    if (p == null) {
      return;
    }
    if (p.currentToken() != JsonToken.END_OBJECT || !p.getParsingContext().inRoot()) {
      reset();
      throw new JsonParseException(null, "the payload ends inside a JSON value");
    }
    JsonToken next = p.nextToken();
    if (next != JsonToken.NOT_AVAILABLE && next != null) {
      reset();
      throw new JsonParseException(null, "more than one JSON value in one event");
    }
    if (!namesShared) {
      namesShared = true;
      reset(); // the first event's names go to the shared table (see the class comment)
    }
  }

  /** Drops the parser (after an error or a partial read); the next event gets a fresh one. */
  public void reset() {
    JsonParser p = parser;
    parser = null;
    if (p != null) {
      try {
        p.close();
      } catch (IOException ignored) {
        // nothing to release but buffers
      }
    }
  }
}
