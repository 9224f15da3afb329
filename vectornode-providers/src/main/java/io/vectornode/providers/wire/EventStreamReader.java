package io.vectornode.providers.wire;

import io.vectornode.error.ResponseParseException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads AWS event-stream messages ({@code application/vnd.amazon.eventstream}, the framing of
 * Bedrock's ConverseStream) one at a time from a body, however the bytes are split across reads.
 *
 * <p>A message: a 12-byte prelude (total length, headers length, both big-endian uint32, and the
 * CRC32 of those 8 bytes), the headers (each: a 1-byte name length, the name, a type byte and
 * the value), the payload, and the CRC32 of everything before it. Both CRCs are checked; a
 * mismatch, a length outside the bounds or a malformed header is a {@link
 * ResponseParseException} naming what was wrong (the stream is unusable after it: a frame
 * boundary can no longer be trusted). The prelude is checked before the rest is buffered, so a
 * lying length never makes the reader wait for, or hold, more than {@code maxMessageBytes}.
 *
 * <p>Not thread-safe: one stream's reading thread uses it.
 */
final class EventStreamReader {
  /** Prelude (12) and message CRC (4): the smallest message has no headers and no payload. */
  static final int MIN_MESSAGE = 16;
  /** AWS's own bound on a message (16 MiB). */
  static final int MAX_MESSAGE = 16 * 1024 * 1024;
  /** AWS's own bound on a message's headers (128 KiB). */
  static final int MAX_HEADERS = 128 * 1024;

  private final BufferedSource source;
  private final String provider;
  private final int maxMessageBytes;
  private long messages;

  /**
   * Creates a reader.
   *
   * @param source the body
   * @param provider the provider instance, for errors
   * @param maxMessageBytes the largest message accepted (at most {@value #MAX_MESSAGE})
   */
  EventStreamReader(BufferedSource source, String provider, int maxMessageBytes) {
    this.source = source;
    this.provider = provider;
    this.maxMessageBytes = Math.min(Math.max(maxMessageBytes, MIN_MESSAGE), MAX_MESSAGE);
  }

  /**
   * Reads the next message.
   *
   * @return the message, or null when the body ended cleanly between messages
   * @throws EOFException when the body ended inside a message (a cut connection)
   * @throws ResponseParseException when a CRC, a length or a header is wrong
   * @throws IOException when reading fails
   */
  @Nullable EventStreamMessage next() throws IOException {
    if (!source.request(1)) {
      return null;
    }
    if (!source.request(12)) {
      throw new EOFException("event stream ended inside a message prelude after " + messages
          + " messages");
    }
    Buffer b = source.getBuffer();
    long total = b.getByte(0) & 0xffL;
    total = (total << 8) | (b.getByte(1) & 0xff);
    total = (total << 8) | (b.getByte(2) & 0xff);
    total = (total << 8) | (b.getByte(3) & 0xff);
    long headers = b.getByte(4) & 0xffL;
    headers = (headers << 8) | (b.getByte(5) & 0xff);
    headers = (headers << 8) | (b.getByte(6) & 0xff);
    headers = (headers << 8) | (b.getByte(7) & 0xff);
    long preludeCrc = uint32(b, 8);
    CRC32 crc = new CRC32();
    for (int i = 0; i < 8; i++) {
      crc.update(b.getByte(i));
    }
    if (crc.getValue() != preludeCrc) {
      throw bad("prelude CRC mismatch (expected " + hex(preludeCrc) + ", computed "
          + hex(crc.getValue()) + ")");
    }
    if (total < MIN_MESSAGE || total > maxMessageBytes) {
      throw bad("message length " + total + " is outside " + MIN_MESSAGE + ".." + maxMessageBytes);
    }
    if (headers > MAX_HEADERS || headers > total - MIN_MESSAGE) {
      throw bad("headers length " + headers + " does not fit a message of " + total + " bytes");
    }
    if (!source.request(total)) {
      throw new EOFException("event stream ended inside a message of " + total + " bytes after "
          + messages + " messages");
    }
    byte[] msg = source.readByteArray(total);
    crc.reset();
    crc.update(msg, 0, msg.length - 4);
    long messageCrc = uint32(msg, msg.length - 4);
    if (crc.getValue() != messageCrc) {
      throw bad("message CRC mismatch (expected " + hex(messageCrc) + ", computed "
          + hex(crc.getValue()) + ")");
    }
    Map<String, String> parsed = headers(msg, 12, 12 + (int) headers);
    messages++;
    int payloadStart = 12 + (int) headers;
    return new EventStreamMessage(parsed, msg, payloadStart, msg.length - 4 - payloadStart);
  }

  /**
   * Parses the headers. Values of every type are read (so that the walk stays aligned); strings
   * are kept as text, booleans as {@code true}/{@code false}, integers and timestamps in
   * decimal, byte arrays and UUIDs in hex.
   */
  private Map<String, String> headers(byte[] m, int from, int to) {
    Map<String, String> out = new LinkedHashMap<>(4);
    int i = from;
    while (i < to) {
      int nameLength = m[i++] & 0xff;
      if (nameLength == 0 || i + nameLength + 1 > to) {
        throw bad("malformed header at byte " + (i - 1));
      }
      String name = new String(m, i, nameLength, StandardCharsets.UTF_8);
      i += nameLength;
      int type = m[i++] & 0xff;
      int size = switch (type) {
        case 0, 1 -> 0;
        case 2 -> 1;
        case 3 -> 2;
        case 4 -> 4;
        case 5, 8 -> 8;
        case 9 -> 16;
        case 6, 7 -> {
          if (i + 2 > to) {
            throw bad("malformed header '" + name + "'");
          }
          int n = ((m[i] & 0xff) << 8) | (m[i + 1] & 0xff);
          i += 2;
          yield n;
        }
        default -> throw bad("unknown header value type " + type + " for '" + name + "'");
      };
      if (i + size > to) {
        throw bad("header '" + name + "' runs past the headers");
      }
      String value = switch (type) {
        case 0 -> "true";
        case 1 -> "false";
        case 7 -> new String(m, i, size, StandardCharsets.UTF_8);
        default -> {
          long v = 0;
          if (type != 6 && type != 9) {
            for (int k = 0; k < size; k++) {
              v = (v << 8) | (m[i + k] & 0xff);
            }
            yield Long.toString(v);
          }
          StringBuilder sb = new StringBuilder(size * 2);
          for (int k = 0; k < size; k++) {
            sb.append(Character.forDigit((m[i + k] >> 4) & 0xf, 16))
                .append(Character.forDigit(m[i + k] & 0xf, 16));
          }
          yield sb.toString();
        }
      };
      i += size;
      out.put(name, value);
    }
    return out;
  }

  private static long uint32(Buffer b, long at) {
    return ((b.getByte(at) & 0xffL) << 24) | ((b.getByte(at + 1) & 0xffL) << 16)
        | ((b.getByte(at + 2) & 0xffL) << 8) | (b.getByte(at + 3) & 0xffL);
  }

  private static long uint32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8)
        | (b[at + 3] & 0xffL);
  }

  private static String hex(long v) {
    return String.format("%08x", v);
  }

  private ResponseParseException bad(String what) {
    return new ResponseParseException(provider, "malformed event stream after " + messages
        + " messages: " + what, null);
  }
}
