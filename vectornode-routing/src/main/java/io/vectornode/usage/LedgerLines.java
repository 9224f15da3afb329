package io.vectornode.usage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines in bounded memory: a 64 KB read buffer plus one line of at most
 * {@code maxLineBytes}. A line longer than that is never held: its bytes are dropped up to the
 * next newline (or the end) and it is reported once as oversized. Not thread-safe.
 */
final class LedgerLines {
  /** Receives the lines. */
  interface Sink {
    /**
     * One line without its {@code \n}; the bytes are only valid during the call.
     *
     * @param buf the bytes
     * @param off where the line starts
     * @param len its length
     */
    void line(byte[] buf, int off, int len);

    /** A line longer than the limit was skipped. */
    void oversized();
  }

  static final int BUFFER = 64 * 1024;

  private final int maxLineBytes;
  private final byte[] buf = new byte[BUFFER];
  private byte[] line;

  /** @param maxLineBytes the longest line delivered, newline excluded */
  LedgerLines(int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be 1 or more, was " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
    this.line = new byte[Math.min(8192, maxLineBytes)];
  }

  /** The size of the line buffer now: never above {@code maxLineBytes}. */
  int lineCapacity() {
    return line.length;
  }

  /**
   * Reads a stream to its end.
   *
   * @param in the stream (not closed here)
   * @param sink the receiver
   * @throws IOException when the stream fails
   */
  void split(InputStream in, Sink sink) throws IOException {
    int lineLen = 0;
    boolean dropping = false;
    int n;
    while ((n = in.read(buf, 0, buf.length)) != -1) {
      int start = 0;
      while (start < n) {
        int nl = indexOf(buf, start, n);
        int end = nl < 0 ? n : nl;
        int len = end - start;
        if (dropping) {
          // Skipping the rest of an oversized line: nothing to keep.
        } else if (nl >= 0 && lineLen == 0 && len <= maxLineBytes) {
          // The whole line is in the buffer: hand it over without copying.
          sink.line(buf, start, len);
          start = nl + 1;
          continue;
        } else if ((long) lineLen + len > maxLineBytes) {
          dropping = true;
          lineLen = 0;
        } else {
          if (lineLen + len > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes,
                Math.max((long) line.length * 2, (long) lineLen + len)));
          }
          System.arraycopy(buf, start, line, lineLen, len);
          lineLen += len;
        }
        if (nl < 0) {
          break;
        }
        if (dropping) {
          sink.oversized();
          dropping = false;
        } else {
          sink.line(line, 0, lineLen);
          lineLen = 0;
        }
        start = nl + 1;
      }
    }
    // The last line may have no newline (a crash cut it short).
    if (dropping) {
      sink.oversized();
    } else if (lineLen > 0) {
      sink.line(line, 0, lineLen);
    }
  }

  private static int indexOf(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
