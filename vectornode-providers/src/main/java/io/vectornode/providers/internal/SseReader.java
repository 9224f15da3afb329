package io.vectornode.providers.internal;

import java.io.IOException;
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
 * <p>Not thread-safe.
 */
public final class SseReader {
  private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");

  private final BufferedSource source;

  /**
   * Reads from a source.
   *
   * @param source the response body
   */
  public SseReader(BufferedSource source) {
    this.source = source;
  }

  /**
   * Reads the next event, blocking until it is complete.
   *
   * @return the event, or null at end of stream
   * @throws IOException when reading fails
   */
  public @Nullable SseEvent next() throws IOException {
    StringBuilder data = null;
    String event = null;
    while (true) {
      String line = readLine();
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        if (data != null) {
          return new SseEvent(event, data.toString());
        }
        event = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = "";
      if (colon >= 0) {
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
          start++;
        }
        value = line.substring(start);
      }
      switch (field) {
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value.length());
          } else {
            data.append('\n');
          }
          data.append(value);
        }
        case "event" -> event = value;
        default -> {
          // id and retry carry nothing the providers use; unknown fields are ignored by spec.
        }
      }
    }
  }

  private @Nullable String readLine() throws IOException {
    long end = source.indexOfElement(LINE_ENDS);
    if (end == -1) {
      if (source.exhausted()) {
        return null;
      }
      return source.readUtf8(); // unterminated last line: its event will not be dispatched
    }
    String line = source.readUtf8(end);
    byte terminator = source.readByte();
    if (terminator == '\r' && source.request(1) && source.getBuffer().getByte(0) == '\n') {
      source.skip(1);
    }
    return line;
  }
}
