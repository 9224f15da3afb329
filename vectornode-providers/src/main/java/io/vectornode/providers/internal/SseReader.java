package io.vectornode.providers.internal;

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
 * <p>Works on bytes: a line's field name is matched in the read buffer, a {@code data:} value
 * is copied once, into a buffer this reader reuses for every event (so an event's bytes are
 * valid until the next call), and the few distinct {@code event:} names are decoded once each.
 * No line becomes a {@code String}.
 *
 * <p>Not thread-safe.
 */
public final class SseReader {
  private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");
  private static final int EVENT_NAMES = 16;

  private final BufferedSource source;
  private final Buffer buffer;
  private byte[] data = new byte[512];
  private final ByteString[] nameBytes = new ByteString[EVENT_NAMES];
  private final String[] names = new String[EVENT_NAMES];

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
    int length = -1; // no data line yet
    String event = null;
    while (true) {
      long end = source.indexOfElement(LINE_ENDS);
      if (end == -1) {
        return null; // end of stream; an unterminated last line never dispatches its event
      }
      if (end == 0) {
        skipTerminator();
        if (length >= 0) {
          return new SseEvent(event, data, length);
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
        int n = Math.toIntExact(end - valueStart);
        int at = length < 0 ? 0 : length + 1; // several data lines join with \n
        ensure(at + n);
        if (length >= 0) {
          data[length] = '\n';
        }
        for (int read = 0; read < n; ) {
          read += buffer.read(data, at + read, n - read);
        }
        length = at + n;
      } else if (isField(nameLength, "event")) {
        source.skip(valueStart);
        event = name(end - valueStart);
      } else {
        // id and retry carry nothing the providers use; unknown fields are ignored by spec.
        source.skip(end);
      }
      skipTerminator();
    }
  }

  private void ensure(int capacity) {
    if (capacity > data.length) {
      data = java.util.Arrays.copyOf(data, Math.max(capacity, data.length * 2));
    }
  }

  /** Reads an event name, decoding each distinct name once (a stream uses a handful). */
  private String name(long length) throws IOException {
    for (int i = 0; i < EVENT_NAMES && nameBytes[i] != null; i++) {
      if (nameBytes[i].size() == length && buffer.rangeEquals(0, nameBytes[i])) {
        source.skip(length);
        return names[i];
      }
    }
    ByteString bytes = source.readByteString(length);
    String name = bytes.utf8();
    for (int i = 0; i < EVENT_NAMES; i++) {
      if (nameBytes[i] == null) {
        nameBytes[i] = bytes;
        names[i] = name;
        break;
      }
    }
    return name;
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
