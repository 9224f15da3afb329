package io.vectornode.providers.wire;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One AWS event-stream message: its headers and its payload, a slice of the message's bytes.
 *
 * @param headers the headers ({@code :message-type}, {@code :event-type}, {@code
 *     :exception-type}, {@code :content-type}...), values as text
 * @param bytes the whole message
 * @param offset where the payload starts in {@code bytes}
 * @param length the payload's length
 */
record EventStreamMessage(Map<String, String> headers, byte[] bytes, int offset, int length) {

  /** @return {@code :message-type}: {@code event}, {@code exception} or {@code error} */
  @Nullable String messageType() {
    return headers.get(":message-type");
  }

  /** @return {@code :event-type} of an event */
  @Nullable String eventType() {
    return headers.get(":event-type");
  }

  /** @return {@code :exception-type} of an exception */
  @Nullable String exceptionType() {
    return headers.get(":exception-type");
  }

  /** @return the payload as UTF-8 text */
  String payloadText() {
    return new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8);
  }
}
