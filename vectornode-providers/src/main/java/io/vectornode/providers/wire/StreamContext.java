package io.vectornode.providers.wire;

import io.vectornode.spi.Ticker;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;

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
 * @param timeouts the call's timeouts, to name the one that fires
 * @param maxEventBytes the largest event (and line) the stream may send
 * @param maxContent the most content (text, reasoning, tool arguments, signatures) the stream
 *     may assemble, in characters
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
    ProviderErrors.Timeouts timeouts,
    int maxEventBytes,
    long maxContent) {}
