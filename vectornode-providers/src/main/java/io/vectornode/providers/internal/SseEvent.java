package io.vectornode.providers.internal;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event. The payload is kept as the UTF-8 bytes read from the wire, so a format
 * can hand them straight to a byte-based JSON parser; {@link #data()} decodes them once, on
 * demand.
 *
 * <p>Not thread-safe (an event belongs to the stream reading it).
 */
public final class SseEvent {
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  private final @Nullable String event;
  private final byte[] bytes;
  private @Nullable String text;

  /**
   * An event.
   *
   * @param event the {@code event:} field, or null when absent
   * @param bytes the {@code data:} lines joined by {@code \n}, UTF-8; not copied
   */
  public SseEvent(@Nullable String event, byte[] bytes) {
    this.event = event;
    this.bytes = bytes;
  }

  /**
   * An event from text (for tests and formats that build events).
   *
   * @param event the {@code event:} field, or null when absent
   * @param data the payload
   */
  public SseEvent(@Nullable String event, String data) {
    this(event, data.getBytes(StandardCharsets.UTF_8));
    this.text = data;
  }

  /** @return the {@code event:} field, or null when absent */
  public @Nullable String event() {
    return event;
  }

  /** @return the payload as UTF-8 bytes; the caller must not modify them */
  public byte[] bytes() {
    return bytes;
  }

  /** @return the payload as text */
  public String data() {
    String t = text;
    if (t == null) {
      t = new String(bytes, StandardCharsets.UTF_8);
      text = t;
    }
    return t;
  }

  /** @return whether the payload is empty */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** @return whether the payload is exactly {@code [DONE]} */
  public boolean isDone() {
    return java.util.Arrays.equals(bytes, DONE);
  }

  /**
   * Whether the payload contains a byte sequence, without decoding it.
   *
   * @param needle the bytes to find (ASCII)
   * @return true when found
   */
  public boolean contains(byte[] needle) {
    outer:
    for (int i = 0, last = bytes.length - needle.length; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "SseEvent[event=" + event + ", " + bytes.length + " bytes]";
  }
}
