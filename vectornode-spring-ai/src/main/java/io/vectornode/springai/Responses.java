package io.vectornode.springai;

import io.vectornode.ContentPart;
import io.vectornode.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/** Turns VectorNode responses and stream events into Spring AI responses. Stateless. */
final class Responses {
  /** The assistant message property holding the model's reasoning text, where it gave one. */
  static final String REASONING = "reasoningContent";

  private Responses() {}

  static ChatResponse map(io.vectornode.ChatResponse r) {
    return map(r, r.text());
  }

  /**
   * The final response of a call.
   *
   * @param r VectorNode's response
   * @param text the text to carry: all of it for a call, none for a stream's last chunk (its
   *     text went out in the chunks before)
   */
  static ChatResponse map(io.vectornode.ChatResponse r, String text) {
    List<AssistantMessage.ToolCall> calls = new ArrayList<>(2);
    for (ContentPart.ToolCall c : r.toolCalls()) {
      calls.add(new AssistantMessage.ToolCall(c.id(), "function", c.name(), c.arguments()));
    }
    StringBuilder reasoning = new StringBuilder();
    for (ContentPart p : r.message().content()) {
      if (p instanceof ContentPart.Reasoning rs && !rs.redacted()) {
        reasoning.append(rs.text());
      }
    }
    AssistantMessage message = AssistantMessage.builder().content(text).toolCalls(calls)
        .properties(reasoning.isEmpty() ? Map.of() : Map.of(REASONING, reasoning.toString()))
        .build();
    Generation generation = new Generation(message,
        ChatGenerationMetadata.builder().finishReason(r.finishReason().name()).build());
    ChatResponseMetadata.Builder md = ChatResponseMetadata.builder()
        .id(r.id()).model(r.model()).usage(usage(r.usage()))
        .keyValue(VectorNodeMetadata.PROVIDER, r.provider())
        .keyValue(VectorNodeMetadata.COST, r.cost())
        .keyValue(VectorNodeMetadata.ATTEMPTS, r.attempts())
        .keyValue(VectorNodeMetadata.LATENCY, r.latency())
        .keyValue(VectorNodeMetadata.TIME_TO_FIRST_TOKEN, r.timeToFirstToken())
        .keyValue(VectorNodeMetadata.USAGE, r.usage())
        .keyValue(VectorNodeMetadata.FINISH_REASON, r.finishReason());
    r.cost().usd().ifPresent(usd -> md.keyValue(VectorNodeMetadata.COST_USD, usd));
    return new ChatResponse(List.of(generation), md.build());
  }

  /** A streamed piece of text: no finish reason, no metadata. */
  static ChatResponse textChunk(String text) {
    return new ChatResponse(List.of(new Generation(new AssistantMessage(text))));
  }

  static DefaultUsage usage(Usage u) {
    return new DefaultUsage(toInt(u.inputTokens()), toInt(u.outputTokens()),
        toInt(u.totalTokens()), u, u.cachedInputTokens(), u.cacheWriteTokens());
  }

  /** Spring AI counts in ints: saturate rather than wrap an absurd count. */
  private static int toInt(long n) {
    return (int) Math.min(n, Integer.MAX_VALUE);
  }
}
