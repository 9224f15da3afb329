package io.vectornode.providers.wire;

import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.Ticker;
import java.time.Duration;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * What a streaming response's reader needs.
 *
 * @param provider the provider instance name
 * @param call the HTTP call, to cancel
 * @param response the response (for its headers; its body is read through {@code body})
 * @param body the response body, through the bound on its size
 * @param headers the kept response headers
 * @param redactor removes secrets from text
 * @param ticker the time source
 * @param start when the call started, by the ticker
 * @param model the model requested
 * @param config the instance's config: its timeouts and bounds
 * @param requestTimeout the request's own deadline, or null
 */
record StreamContext(
    String provider,
    Call call,
    Response response,
    BufferedSource body,
    Map<String, String> headers,
    Redactor redactor,
    Ticker ticker,
    long start,
    String model,
    ProviderConfig config,
    @Nullable Duration requestTimeout) {

  /**
   * A stream may assemble at most this fraction of {@code maxResponseBytes} as content, in
   * characters (8 Mi by default: ~2 M tokens, far above any model's output): what a stream keeps,
   * the caller typically keeps again, so both copies must fit a small heap.
   */
  static final int CONTENT_DIVISOR = 4;

  /** @return the call's timeouts, to name the one that fired (built only on a failure) */
  ProviderErrors.Timeouts timeouts() {
    return ProviderErrors.Timeouts.of(config, requestTimeout);
  }

  /** @return the largest event (and line) the stream may send */
  int maxEventBytes() {
    return config.maxEventBytes();
  }

  /** @return the most content (text, reasoning, tool arguments, signatures) it may assemble */
  long maxContent() {
    return config.maxResponseBytes() / CONTENT_DIVISOR;
  }
}
