package io.vectornode.providers.wire;

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
 * stream is discarded.
 *
 * <p>Bounded: a line, and an event's joined data, may hold at most {@code maxEventBytes} bytes.
 * A longer one (a 50 MB {@code data:} line, or a line that never ends) fails with an {@link
 * IOException} as soon as the bound is passed, having buffered no more than the bound and one
 * read's worth of bytes.
 *
 * <p>Works on bytes: a line's field name is matched in the read buffer, a {@code data:} value
 * is copied once, into a buffer this reader reuses for every event (so an event's bytes are
 * valid until the next call), and the few distinct {@code event:} names are decoded once each.
 * No line becomes a {@code String}.
 *
 * <p>Holds little while its caller is away: {@link #release} moves the few bytes left after the
 * last event (the start of the next one, when a chunk ends mid-event) out of okio's 8 KiB
 * segment into the reader's own small buffer, and {@link #next} puts them back. An open stream
 * that waits for its caller or its server then keeps one right-sized array, not a segment.
 *
 * <p>Not thread-safe.
 */
final class SseReader {
  private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");
  private static final int EVENT_NAMES = 16;

  /**
   * The most bytes {@link #release} moves out of the read buffer. Below okio's sharing threshold
   * (1 KiB), the bytes a chunk left sit in a segment of their own: an 8 KiB array for a few
   * hundred bytes. A longer rest fills more of its segment (or shares the connection's), and is
   * left where it is, so that a burst of events is never copied more than once per event.
   */
  static final int MAX_RELEASED = 1024;

  private final BufferedSource source;
  private final Buffer buffer;
  private final int maxEventBytes;
  private byte[] data = new byte[512];
  /** How many bytes at the start of {@link #data} are the read buffer's, moved by release. */
  private int released;
  /** Event names seen, decoded once each; made at the first {@code event:} line. */
  private ByteString @Nullable [] nameBytes;
  private String @Nullable [] names;

  /**
   * Reads from a source.
   *
   * @param source the response body
   * @param maxEventBytes the longest line, and the largest event, in bytes
   */
  public SseReader(BufferedSource source, int maxEventBytes) {
    this.source = source;
    this.buffer = source.getBuffer();
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Where the next line ends (the index of its CR or LF in the buffer), reading only as far as
   * needed and never past the bound: okio's own search would buffer a line that never ends until
   * the heap is gone.
   *
   * @return the index, or -1 at end of stream
   */
  private long lineEnd() throws IOException {
    long from = 0;
    while (true) {
      long end = buffer.indexOfElement(LINE_ENDS, from);
      if (end != -1) {
        if (end > maxEventBytes) {
          throw tooLarge("line");
        }
        return end;
      }
      from = buffer.size();
      if (from > maxEventBytes) {
        throw tooLarge("line");
      }
      if (!source.request(from + 1)) {
        return -1;
      }
    }
  }

  private IOException tooLarge(String what) {
    return new BoundedSource.LimitExceeded("a server-sent " + what + " is longer than "
        + maxEventBytes + " bytes (maxEventBytes)");
  }

  /**
   * Reads the next event, blocking until it is complete.
   *
   * @return the event, or null at end of stream
   * @throws IOException when reading fails
   */
  public @Nullable SseEvent next() throws IOException {
    if (released > 0) {
      // Back in front of whatever the source reads next; the buffer was emptied by release.
      buffer.write(data, 0, released);
      released = 0;
    }
    int length = -1; // no data line yet
    String event = null;
    while (true) {
      long end = lineEnd();
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
        if ((long) at + n > maxEventBytes) {
          throw tooLarge("event");
        }
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

  /**
   * Called when the caller is done with the last event (its bytes are then invalid) and may
   * not read again for a while: moves a short rest of the read buffer into this reader's own
   * array, so that no 8 KiB segment is held for it. Costs one copy of at most {@value
   * #MAX_RELEASED} bytes, and nothing when the buffer is empty (events that end with their
   * chunk) or holds more.
   */
  public void release() {
    long n = buffer.size();
    if (n == 0 || n > MAX_RELEASED || released > 0) {
      return;
    }
    int size = (int) n;
    ensure(size);
    for (int read = 0; read < size; ) {
      read += buffer.read(data, read, size - read);
    }
    released = size;
  }

  private void ensure(int capacity) {
    if (capacity > data.length) {
      data = java.util.Arrays.copyOf(data,
          Math.max(capacity, (int) Math.min((long) data.length * 2, maxEventBytes)));
    }
  }

  /** Longer event names are no provider's: read as one unknown name, neither kept nor cached. */
  static final int MAX_EVENT_NAME = 64;

  /** Reads an event name, decoding each distinct name once (a stream uses a handful). */
  private String name(long length) throws IOException {
    if (length > MAX_EVENT_NAME) {
      source.skip(length);
      return "(an event name over " + MAX_EVENT_NAME + " bytes)";
    }
    if (nameBytes == null) {
      nameBytes = new ByteString[EVENT_NAMES];
      names = new String[EVENT_NAMES];
    }
    ByteString[] nameBytes = this.nameBytes;
    String[] names = java.util.Objects.requireNonNull(this.names);
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
