package io.vectornode.providers.internal;

import io.vectornode.spi.Ticker;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Response;

/**
 * What a streaming response's reader needs.
 *
 * @param provider the provider instance name
 * @param call the HTTP call, to cancel
 * @param response the response whose body is the stream
 * @param headers the kept response headers
 * @param redactor removes secrets from text
 * @param ticker the time source
 * @param start when the call started, by the ticker
 * @param model the model requested
 */
public record StreamContext(
    String provider,
    Call call,
    Response response,
    Map<String, String> headers,
    Redactor redactor,
    Ticker ticker,
    long start,
    String model) {}
