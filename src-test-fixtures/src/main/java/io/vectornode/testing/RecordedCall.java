package io.vectornode.testing;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request the stub server received.
 *
 * @param method the HTTP method
 * @param path the path and query, for example {@code /v1/chat/completions}
 * @param headers header names in lower case to values
 * @param body the body as UTF-8 text
 */
public record RecordedCall(String method, String path, Map<String, String> headers, String body) {
  /** Copies. */
  public RecordedCall {
    headers = Map.copyOf(headers);
  }

  /**
   * A header's value.
   *
   * @param name the name, any case
   * @return the value, or empty
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }
}
