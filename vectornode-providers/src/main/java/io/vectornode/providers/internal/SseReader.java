package io.vectornode.providers.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Reads server-sent events from a response body, one at a time, on the caller's thread.
 *
 * <p>Follows the WHATWG event-stream rules: lines end with CRLF, LF or CR; lines starting with
 * {@code :} are comments (keep-alives); several {@code data:} lines join with {@code \n}; a blank
 * line dispatches the event; one space after the colon is dropped; an unfinished event at end of
 * stream is discarded. No size limit, so events larger than any buffer are read whole.
 *
 * <p>Works on bytes: a line's field name is matched in the read buffer, and a {@code data:}
 * value is copied once, into the array the event keeps. No line becomes a {@code String}.
 *
 * <p>Not thread-safe.
 */
public final class SseReader {
  private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");
  private static final byte[] EMPTY = new byte[0];

  private final BufferedSource source;
  private final Buffer buffer;

  /**
   * Reads from a source.
   *
   * @param source the response body
   */
  public SseReader(BufferedSource source) {
    this.source = source;
    this.buffer = source.getBuffer();
  }

  /**
   * Reads the next event, blocking until it is complete.
   *
   * @return the event, or null at end of stream
   * @throws IOException when reading fails
   */
  public @Nullable SseEvent next() throws IOException {
    byte[] data = null;
    ByteArrayOutputStream more = null; // only for events with several data lines
    String event = null;
    while (true) {
      long end = source.indexOfElement(LINE_ENDS);
      if (end == -1) {
        return null; // end of stream; an unterminated last line never dispatches its event
      }
      if (end == 0) {
        skipTerminator();
        if (data != null) {
          return new SseEvent(event, more == null ? data : more.toByteArray());
        }
        event = null;
        continue;
      }
      byte first = buffer.getByte(0);
      if (first == ':') {
        source.skip(end);
        skipTerminator();
        continue;
      }
      long colon = buffer.indexOf((byte) ':', 0, end);
      long nameLength = colon < 0 ? end : colon;
      long valueStart = colon < 0 ? end : colon + 1;
      if (valueStart < end && buffer.getByte(valueStart) == ' ') {
        valueStart++;
      }
      if (isField(nameLength, "data")) {
        source.skip(valueStart);
        byte[] value = end > valueStart ? source.readByteArray(end - valueStart) : EMPTY;
        if (data == null) {
          data = value;
        } else {
          if (more == null) {
            more = new ByteArrayOutputStream(data.length + value.length + 1);
            more.write(data);
          }
          more.write('\n');
          more.write(value);
        }
      } else if (isField(nameLength, "event")) {
        source.skip(valueStart);
        event = source.readUtf8(end - valueStart);
      } else {
        // id and retry carry nothing the providers use; unknown fields are ignored by spec.
        source.skip(end);
      }
      skipTerminator();
    }
  }

  private boolean isField(long length, String name) {
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (buffer.getByte(i) != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Consumes CRLF, LF or CR at the head of the buffer. */
  private void skipTerminator() throws IOException {
    byte terminator = source.readByte();
    if (terminator == '\r' && source.request(1) && buffer.getByte(0) == '\n') {
      source.skip(1);
    }
  }
}
