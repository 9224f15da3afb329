package io.vectornode.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.vectornode.ContentPart;
import io.vectornode.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a VectorNode response into a LangChain4j one. Stateless. */
final class Responses {
  /**
   * The {@link AiMessage} attribute holding the signature of the model's reasoning, under the
   * key LangChain4j's Anthropic model uses, so that a signed reasoning goes back with the next
   * turn.
   */
  static final String THINKING_SIGNATURE = "thinking_signature";
  /**
   * The attribute holding a reasoning item's id (OpenAI's Responses API: {@code rs_...}), which
   * must go back with its encrypted content (the signature) for the model to reuse it.
   */
  static final String REASONING_ID = "vectornode_reasoning_id";

  private Responses() {}

  static ChatResponse map(io.vectornode.ChatResponse r) {
    return ChatResponse.builder().aiMessage(aiMessage(r)).metadata(metadata(r)).build();
  }

  static AiMessage aiMessage(io.vectornode.ChatResponse r) {
    List<ToolExecutionRequest> calls = new ArrayList<>(2);
    for (ContentPart.ToolCall c : r.toolCalls()) {
      calls.add(toolRequest(c));
    }
    StringBuilder thinking = new StringBuilder();
    String signature = null;
    String reasoningId = null;
    int reasonings = 0;
    for (ContentPart p : r.message().content()) {
      if (p instanceof ContentPart.Reasoning rs && !rs.redacted()) {
        thinking.append(rs.text());
        signature = rs.signature();
        reasoningId = rs.id();
        reasonings++;
      }
    }
    String text = r.text();
    AiMessage.Builder b = AiMessage.builder()
        // LangChain4j's models give no text (null) when the model only called tools.
        .text(text.isEmpty() && !calls.isEmpty() ? null : text)
        .toolExecutionRequests(calls);
    if (reasonings > 0) {
      b.thinking(thinking.toString());
      // A signature covers one block: joined blocks cannot be signed.
      if (reasonings == 1 && signature != null) {
        b.attributes(reasoningId == null ? Map.of(THINKING_SIGNATURE, signature)
            : Map.of(THINKING_SIGNATURE, signature, REASONING_ID, reasoningId));
      }
    }
    return b.build();
  }

  static ToolExecutionRequest toolRequest(ContentPart.ToolCall c) {
    return ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.arguments())
        .build();
  }

  static VectorNodeChatResponseMetadata metadata(io.vectornode.ChatResponse r) {
    return VectorNodeChatResponseMetadata.builder()
        .id(r.id())
        .modelName(r.model())
        .tokenUsage(tokenUsage(r.usage()))
        .finishReason(finishReason(r.finishReason()))
        .provider(r.provider())
        .cost(r.cost())
        .attempts(r.attempts())
        .latency(r.latency())
        .timeToFirstToken(r.timeToFirstToken())
        .usage(r.usage())
        .vectorNodeFinishReason(r.finishReason())
        .build();
  }

  static TokenUsage tokenUsage(Usage u) {
    return new TokenUsage(toInt(u.inputTokens()), toInt(u.outputTokens()),
        toInt(u.totalTokens()));
  }

  /** LangChain4j counts in ints: saturate rather than wrap an absurd count. */
  private static int toInt(long n) {
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  static FinishReason finishReason(io.vectornode.FinishReason f) {
    return switch (f) {
      case STOP -> FinishReason.STOP;
      case LENGTH -> FinishReason.LENGTH;
      case TOOL_CALLS -> FinishReason.TOOL_EXECUTION;
      case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
      case REFUSAL, PAUSED, OTHER -> FinishReason.OTHER;
    };
  }
}
