package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.error.ProviderException;
import io.vectornode.spi.AbstractChatStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Bedrock Converse wire format: {@code POST /model/{modelId}/converse} (JSON) and {@code
 * /converse-stream} (AWS event-stream), the model id percent-encoded as one path segment (an
 * inference profile such as {@code us.anthropic.claude-3-5-sonnet-20241022-v2:0} or an ARN with
 * its {@code /}), signed with SigV4 or sent with a Bedrock API key.
 */
final class BedrockWire implements WireFormat {
  static final String CONTENT_TYPE = "application/json";
  private static final MediaType JSON = MediaType.get(CONTENT_TYPE);

  private final BedrockSettings settings;
  private final Clock clock;

  /**
   * Creates the format.
   *
   * @param settings the instance's settings
   * @param clock the wall clock: the signature's time, and Retry-After dates
   */
  BedrockWire(BedrockSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String provider() {
    return settings.provider();
  }

  /** The URL of a model's Converse (or ConverseStream) operation. */
  HttpUrl url(String model, boolean stream) {
    HttpUrl.Builder b = settings.endpoint().newBuilder();
    // The id is one segment, every reserved character escaped (':' of a version, '/' of an
    // ARN), as the AWS SDKs send it; SigV4 then escapes the escapes (SigV4.canonicalPath).
    b.addEncodedPathSegment("model").addEncodedPathSegment(SigV4.encode(model))
        .addEncodedPathSegment(stream ? "converse-stream" : "converse");
    return b.build();
  }

  @Override
  public Request httpRequest(ChatRequest request, String model, boolean stream) {
    byte[] body = BedrockRequestWriter.write(request, settings);
    HttpUrl url = url(model, stream);
    Request.Builder b = new Request.Builder()
        .url(url)
        .header("User-Agent", "vectornode/0.1")
        .header("Accept", stream ? "application/vnd.amazon.eventstream" : CONTENT_TYPE)
        .post(RequestBody.create(body, JSON));
    settings.headers().forEach(b::header);
    // Signed last, over the exact body and content type that go on the wire.
    settings.auth().apply(b, url, body, CONTENT_TYPE, clock.instant());
    String jsonTool = BedrockRequestWriter.jsonTool(request);
    if (jsonTool != null) {
      b.tag(JsonTool.class, new JsonTool(jsonTool));
    }
    return b.build();
  }

  /** Carried on the HTTP request as an OkHttp tag, read back with the response. */
  record JsonTool(String name) {}

  /** What {@link BedrockResponses#parse} reads; anything else is skipped unread. */
  private static final Shape SHAPE = Shape.of("stopReason", "usage",
      "output", Shape.of("message", Shape.of("content", Shape.ALL)));

  @Override
  public ChatResponse read(JsonParser body, Request request, String model, Headers headers,
      Supplier<Duration> latency) throws IOException {
    JsonNode root = SHAPE.read(body);
    JsonTool tool = request.tag(JsonTool.class);
    return BedrockResponses.parse(root, settings.provider(), model,
        headers.get("x-amzn-RequestId"), tool == null ? null : tool.name(), latency.get(),
        settings.auth().redactor());
  }

  @Override
  public ProviderException error(int status, Headers headers, String body) {
    return BedrockResponses.error(settings.provider(), status, headers, body, clock,
        settings.auth().redactor());
  }

  @Override
  public AbstractChatStream stream(StreamContext context) {
    JsonTool tool = context.call().request().tag(JsonTool.class);
    return new BedrockStream(context, tool == null ? null : tool.name());
  }

  @Override
  public String toString() {
    return "BedrockWire[" + settings + "]";
  }
}
