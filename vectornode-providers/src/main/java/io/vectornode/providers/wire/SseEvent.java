package io.vectornode.providers.wire;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event. The payload is kept as the UTF-8 bytes read from the wire, so a format
 * can hand them straight to a byte-based JSON parser; {@link #data()} decodes them once, on
 * demand.
 *
 * <p>An event from {@link SseReader} shares the reader's buffer: its bytes are valid until the
 * reader's next call (or its release), so a format reads (or decodes) them while handling the
 * event.
 *
 * <p>Not thread-safe (an event belongs to the stream reading it).
 */
final class SseEvent {
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  private final @Nullable String event;
  private final byte[] bytes;
  private final int length;
  private @Nullable String text;

  /**
   * An event.
   *
   * @param event the {@code event:} field, or null when absent
   * @param bytes holds the {@code data:} lines joined by {@code \n}, UTF-8, from index 0; not
   *     copied
   * @param length how many of the bytes are the payload
   */
  public SseEvent(@Nullable String event, byte[] bytes, int length) {
    this.event = event;
    this.bytes = bytes;
    this.length = length;
  }

  /** @return the {@code event:} field, or null when absent */
  public @Nullable String event() {
    return event;
  }

  /** @return the array holding the payload from index 0; the caller must not modify it */
  public byte[] bytes() {
    return bytes;
  }

  /** @return the payload's length in bytes */
  public int length() {
    return length;
  }

  /** @return the payload as text */
  public String data() {
    String t = text;
    if (t == null) {
      t = new String(bytes, 0, length, StandardCharsets.UTF_8);
      text = t;
    }
    return t;
  }

  /** @return whether the payload is empty */
  public boolean isEmpty() {
    return length == 0;
  }

  /** @return whether the payload is exactly {@code [DONE]} */
  public boolean isDone() {
    return java.util.Arrays.equals(bytes, 0, length, DONE, 0, DONE.length);
  }

  @Override
  public String toString() {
    return "SseEvent[event=" + event + ", " + length + " bytes]";
  }
}
