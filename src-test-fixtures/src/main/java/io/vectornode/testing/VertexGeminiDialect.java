package io.vectornode.testing;

import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.spi.ProviderConfig;
import java.util.List;
import java.util.Optional;

/**
 * Gemini on Google Vertex AI, for the {@code vertex-ai} provider: the Gemini dialect's replies
 * and body, at Vertex's URL ({@code /v1/projects/P/locations/L/publishers/google/models/
 * M:generateContent}) with a bearer token, and Vertex's own authentication, permission and
 * not-found errors. {@link #read} fails on a request not in that form.
 */
public final class VertexGeminiDialect implements WireDialect {
  private final GeminiDialect gemini = new GeminiDialect();

  /** Creates the dialect. */
  public VertexGeminiDialect() {}

  @Override
  public ProviderConfig config(ProviderStubServer server, String apiKey) {
    return VertexDialects.config(server, apiKey);
  }

  @Override
  public String model() {
    return "gemini-2.5-flash";
  }

  @Override
  public StubReply text(String text) {
    return gemini.text(text);
  }

  @Override
  public StubReply toolCalls(List<ContentPart.ToolCall> calls) {
    return gemini.toolCalls(calls);
  }

  @Override
  public StubReply streamText(List<String> deltas) {
    return gemini.streamText(deltas);
  }

  @Override
  public StubReply streamToolCalls(List<ContentPart.ToolCall> calls) {
    return gemini.streamToolCalls(calls);
  }

  @Override
  public StubReply cutStream(List<String> deltas) {
    return gemini.cutStream(deltas);
  }

  @Override
  public StubReply idleStream(List<String> deltas) {
    return gemini.idleStream(deltas);
  }

  @Override
  public StubReply jsonAnswer(String json) {
    return gemini.jsonAnswer(json);
  }

  @Override
  public UsageCase usageCase() {
    return gemini.usageCase();
  }

  @Override
  public Optional<StubReply> finish(FinishReason reason) {
    return gemini.finish(reason);
  }

  @Override
  public Optional<StubReply> error(ErrorCase error) {
    return switch (error) {
      case AUTHENTICATION -> Optional.of(VertexStubs.unauthenticated());
      case PERMISSION -> Optional.of(VertexStubs.permissionDenied("google", model()));
      case NOT_FOUND -> Optional.of(VertexStubs.modelNotFound("google", "gemini-9"));
      default -> gemini.error(error);
    };
  }

  @Override
  public RequestView read(RecordedCall call) {
    String token = VertexDialects.bearer(call, "google", model(), "generateContent",
        "streamGenerateContent");
    RequestView v = gemini.read(call);
    return new RequestView(token, v.system(), v.turns(), v.images(), v.tools(),
        v.toolCallsSent(), v.toolResults(), v.stream());
  }
}
