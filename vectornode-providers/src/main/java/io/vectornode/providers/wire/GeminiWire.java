package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.Message;
import io.vectornode.Secret;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ProviderException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.spi.AbstractChatStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Gemini {@code generateContent} wire format. The key travels in the {@code x-goog-api-key}
 * header, never in the URL, where it would end up in logs and exception messages.
 */
final class GeminiWire implements WireFormat {
  private static final MediaType JSON = MediaType.get("application/json");

  private final String provider;
  private final String type;
  private final HttpUrl modelsUrl;
  private final Secret apiKey;
  private final Map<String, String> headers;
  private final Redactor redactor;
  private final Clock clock;

  /**
   * Creates the format.
   *
   * @param provider the instance name
   * @param type the provider type id
   * @param modelsUrl the {@code .../v1beta/models} URL
   * @param apiKey the key
   * @param headers extra headers
   * @param redactor removes the instance's secrets from provider text
   * @param clock the wall clock
   */
  public GeminiWire(String provider, String type, HttpUrl modelsUrl, Secret apiKey,
      Map<String, String> headers, Redactor redactor, Clock clock) {
    this.provider = provider;
    this.type = type;
    this.modelsUrl = modelsUrl;
    this.apiKey = apiKey;
    this.headers = Map.copyOf(headers);
    this.redactor = redactor;
    this.clock = clock;
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public Request httpRequest(ChatRequest request, String model, boolean stream) {
    String m = model.startsWith("models/") ? model.substring("models/".length()) : model;
    HttpUrl.Builder url = modelsUrl.newBuilder()
        .addPathSegment(m + (stream ? ":streamGenerateContent" : ":generateContent"));
    if (stream) {
      url.addQueryParameter("alt", "sse");
    }
    Request.Builder b = new Request.Builder().url(url.build())
        .header("x-goog-api-key", apiKey.reveal())
        .header("User-Agent", "vectornode/0.1")
        .post(RequestBody.create(GeminiRequestWriter.write(request, provider, type), JSON));
    headers.forEach(b::header);
    return b.build();
  }

  /** What {@link #read} keeps; anything else (inline images, grounding...) is skipped. */
  private static final Shape SHAPE = Shape.of(
      "candidates", Shape.of(
          "content", Shape.of("parts", Shape.of("text", "thought", "thoughtSignature",
              "functionCall")),
          "finishReason"),
      "promptFeedback", Shape.of("blockReason"),
      "usageMetadata", "responseId", "modelVersion");

  @Override
  public ChatResponse read(JsonParser body, Request request, String model,
      Headers headers, Supplier<Duration> took) throws IOException {
    JsonNode root = SHAPE.read(body);
    Duration latency = took.get();
    ContentFilteredException blocked = GeminiResponses.blockedPrompt(root, provider, redactor);
    if (blocked != null) {
      throw blocked;
    }
    JsonNode candidate = root.path("candidates").path(0);
    if (candidate.isMissingNode()) {
      throw new ResponseParseException(provider, "response has no candidates", null);
    }
    GeminiAssembler assembler = new GeminiAssembler(null);
    GeminiResponses.parts(candidate, assembler);
    String reason = Json.text(candidate, "finishReason");
    if (GeminiResponses.filtered(reason)) {
      throw GeminiResponses.filteredCompletion(provider, reason, assembler.textSoFar(),
          redactor);
    }
    String id = Json.text(root, "responseId");
    String version = Json.text(root, "modelVersion");
    return ChatResponse.of(id == null ? "vn-gemini" : redactor.identifier(id), provider,
        version == null ? model : redactor.identifier(version), Message.assistant(assembler.finish()),
        GeminiResponses.finishReason(reason, assembler.hasToolCalls()),
        GeminiResponses.usage(provider, root.get("usageMetadata")), latency, latency);
  }

  @Override
  public ProviderException error(int status, Headers h, String body) {
    return GeminiResponses.error(provider, status, h, body, clock, redactor);
  }

  @Override
  public AbstractChatStream stream(StreamContext context) {
    return new GeminiStream(context);
  }
}
