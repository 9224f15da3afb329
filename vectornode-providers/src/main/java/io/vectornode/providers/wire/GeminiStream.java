package io.vectornode.providers.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.TransportException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A {@code streamGenerateContent?alt=sse} stream: each event is a whole {@code
 * GenerateContentResponse} holding the next parts and the usage so far. Gemini sends no end
 * marker; the stream is complete when a chunk carried a {@code finishReason} and the body then
 * ended. An end without a finish reason is an error.
 */
final class GeminiStream extends SseChatStream {
  private final GeminiAssembler assembler = new GeminiAssembler(this::emit);
  /** The assembler, counting the signatures it keeps (text and calls count as events). */
  private final GeminiResponses.PartSink counting = new GeminiResponses.PartSink() {
    @Override
    public void text(String text) {
      assembler.text(text);
    }

    @Override
    public void thought(String text, @Nullable String signature) {
      retained(signature == null ? 0 : signature.length());
      assembler.thought(text, signature);
    }

    @Override
    public void signature(String signature) {
      retained(signature.length());
      assembler.signature(signature);
    }

    @Override
    public void functionCall(ContentPart.ToolCall call) {
      assembler.functionCall(call);
    }
  };
  private @Nullable String id;
  private @Nullable String model;
  private @Nullable String finishReason;
  private @Nullable Usage usage;

  GeminiStream(StreamContext ctx) {
    super(ctx);
  }

  private void emit(StreamEvent e) {
    firstToken();
    pending.add(e);
  }

  @Override
  protected void onEvent(SseEvent event) {
    JsonNode root = tree(event);
    JsonNode err = root.get("error");
    if (err != null && err.isObject()) {
      finishWithoutCompletion();
      throw GeminiResponses.streamError(ctx.provider(), err, ctx.headers(), ctx.redactor());
    }
    ContentFilteredException blocked = GeminiResponses.blockedPrompt(root, ctx.provider(),
        ctx.redactor());
    if (blocked != null) {
      finishWithoutCompletion();
      throw blocked;
    }
    if (id == null) {
      id = Json.text(root, "responseId");
    }
    if (model == null) {
      model = Json.text(root, "modelVersion");
    }
    JsonNode candidate = root.path("candidates").path(0);
    GeminiResponses.parts(candidate.isMissingNode() ? null : candidate, counting);
    JsonNode u = root.get("usageMetadata");
    if (u != null && u.isObject()) {
      usage = GeminiResponses.usage(ctx.provider(), u);
      pending.add(new StreamEvent.UsageUpdate(usage));
    }
    String reason = Json.text(candidate, "finishReason");
    if (reason != null) {
      finishReason = reason;
    }
  }

  @Override
  protected void onEndOfBody() {
    if (finishReason == null) {
      throw new TransportException(ctx.provider(), TransportException.Kind.INCOMPLETE_STREAM,
          true, "stream ended without a finishReason after " + eventCount() + " events", null);
    }
    if (GeminiResponses.filtered(finishReason)) {
      finishWithoutCompletion();
      throw GeminiResponses.filteredCompletion(ctx.provider(), finishReason,
          assembler.textSoFar(), ctx.redactor());
    }
    FinishReason finish = GeminiResponses.finishReason(finishReason, assembler.hasToolCalls());
    Duration latency = latency();
    complete(new StreamEvent.Completed(ChatResponse.of(
        id == null ? "vn-gemini" : ctx.redactor().identifier(id),
        ctx.provider(), model == null ? ctx.model() : ctx.redactor().identifier(model),
        Message.assistant(assembler.finish()), finish, usage == null ? Usage.ZERO : usage,
        latency, timeToFirstToken(latency))));
  }
}
