package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.error.ProviderException;
import io.vectornode.spi.AbstractChatStream;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.Request;

/**
 * One provider API's wire format: how a request is written and how responses, errors and streams
 * are read. {@link HttpModelClient} does the HTTP around it, the same for every provider.
 * Implementations are immutable and thread-safe.
 */
interface WireFormat {

  /** @return the provider instance name, for responses and errors */
  String provider();

  /**
   * Builds the HTTP request: URL, authentication and other headers, body.
   *
   * @param request the request
   * @param model the model id to send
   * @param stream whether to ask for a stream
   * @return the request
   * @throws io.vectornode.error.ConfigurationException when the request cannot be expressed
   */
  Request httpRequest(ChatRequest request, String model, boolean stream);

  /**
   * Reads a successful non-streaming response, the one way each format has: OpenAI's reads the
   * tokens directly (the hot path); the others read a {@link Shape}-filtered tree of the fields
   * they use, so that a field nobody asked for costs parsing time, not heap.
   *
   * @param body the body's parser, on its opening {@code START_OBJECT}
   * @param request the HTTP request it answers (with the tags {@link #httpRequest} set)
   * @param model the model requested
   * @param headers the response headers, read only to build an exception (a success never
   *     copies them)
   * @param latency the call's latency, asked once the body is read
   * @return the response
   * @throws IOException when reading or parsing fails
   */
  ChatResponse read(JsonParser body, Request request, String model,
      Headers headers, Supplier<Duration> latency) throws IOException;

  /**
   * Maps an error status.
   *
   * @param status the HTTP status
   * @param headers the response headers
   * @param body the body as text
   * @return the exception
   */
  ProviderException error(int status, Headers headers, String body);

  /**
   * Reads a successful streaming response.
   *
   * @param context the call, response and bookkeeping
   * @return the stream
   */
  AbstractChatStream stream(StreamContext context);
}
