package io.vectornode.testing;

import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Claude on Google Vertex AI, for the {@code vertex-ai} provider: the Anthropic dialect's replies
 * (Claude's answers, streams and own errors come through {@code rawPredict} unchanged), at
 * Vertex's URL ({@code /v1/projects/P/locations/L/publishers/anthropic/models/M:rawPredict}) with
 * a bearer token; Vertex's front end answers authentication, permission, not-found and quota
 * errors in Google's format. {@link #read} fails on a request not in Vertex's form: no {@code
 * model} in the body, {@code anthropic_version: vertex-2023-10-16}, no Anthropic headers.
 */
public final class VertexAnthropicDialect implements WireDialect {
  private final AnthropicDialect anthropic = new AnthropicDialect();

  /** Creates the dialect. */
  public VertexAnthropicDialect() {}

  @Override
  public ProviderConfig config(ProviderStubServer server, String apiKey) {
    return VertexDialects.config(server, apiKey);
  }

  @Override
  public String model() {
    return "claude-sonnet-4-5@20250929";
  }

  @Override
  public StubReply text(String text) {
    return anthropic.text(text);
  }

  @Override
  public StubReply toolCalls(List<ContentPart.ToolCall> calls) {
    return anthropic.toolCalls(calls);
  }

  @Override
  public StubReply streamText(List<String> deltas) {
    return anthropic.streamText(deltas);
  }

  @Override
  public StubReply streamToolCalls(List<ContentPart.ToolCall> calls) {
    return anthropic.streamToolCalls(calls);
  }

  @Override
  public StubReply cutStream(List<String> deltas) {
    return anthropic.cutStream(deltas);
  }

  @Override
  public StubReply idleStream(List<String> deltas) {
    return anthropic.idleStream(deltas);
  }

  @Override
  public StubReply jsonAnswer(String json) {
    return anthropic.jsonAnswer(json);
  }

  @Override
  public UsageCase usageCase() {
    return anthropic.usageCase();
  }

  @Override
  public Optional<StubReply> finish(FinishReason reason) {
    return anthropic.finish(reason);
  }

  @Override
  public Optional<StubReply> error(ErrorCase error) {
    return switch (error) {
      case AUTHENTICATION -> Optional.of(VertexStubs.unauthenticated());
      case PERMISSION -> Optional.of(VertexStubs.permissionDenied("anthropic", model()));
      case NOT_FOUND -> Optional.of(VertexStubs.modelNotFound("anthropic", "claude-9@20990101"));
      case RATE_LIMIT -> Optional.of(VertexStubs.rateLimited(Duration.ofSeconds(2)));
      case QUOTA -> new GeminiDialect().error(ErrorCase.QUOTA);
      default -> anthropic.error(error);
    };
  }

  @Override
  public RequestView read(RecordedCall call) {
    String token = VertexDialects.bearer(call, "anthropic", model(), "rawPredict",
        "streamRawPredict");
    VertexDialects.anthropicBody(call, Dialects.json(call));
    RequestView v = anthropic.read(call);
    return new RequestView(token, v.system(), v.turns(), v.images(), v.tools(),
        v.toolCallsSent(), v.toolResults(), v.stream());
  }
}
