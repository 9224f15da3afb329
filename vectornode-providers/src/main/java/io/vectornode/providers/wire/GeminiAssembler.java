package io.vectornode.providers.wire;

import io.vectornode.ContentPart;
import io.vectornode.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Assembles a Gemini answer from parts, whole or chunk by chunk: consecutive text pieces join
 * into one text part, thought signatures stay where they were, function calls keep their order.
 * Optionally reports each piece as a stream event. Not thread-safe.
 */
final class GeminiAssembler implements GeminiResponses.PartSink {
  private final List<ContentPart> parts = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder thought = new StringBuilder();
  private final @Nullable Consumer<StreamEvent> events;
  private @Nullable String thoughtSignature;
  private int toolCalls;

  GeminiAssembler(@Nullable Consumer<StreamEvent> events) {
    this.events = events;
  }

  private void flushText() {
    if (text.length() > 0) {
      parts.add(new ContentPart.Text(text.toString()));
      text.setLength(0);
    }
  }

  private void flushThought() {
    if (thought.length() > 0 || thoughtSignature != null) {
      parts.add(new ContentPart.Reasoning(thought.toString(), thoughtSignature, false));
      thought.setLength(0);
      thoughtSignature = null;
    }
  }

  @Override
  public void text(String t) {
    flushThought();
    text.append(t);
    emit(new StreamEvent.TextDelta(t));
  }

  @Override
  public void thought(String t, @Nullable String signature) {
    flushText();
    thought.append(t);
    if (signature != null) {
      thoughtSignature = signature;
    }
    if (!t.isEmpty()) {
      emit(new StreamEvent.ReasoningDelta(t));
    }
  }

  @Override
  public void signature(String signature) {
    flushText();
    flushThought();
    parts.add(new ContentPart.Reasoning("", signature, false));
  }

  @Override
  public void functionCall(ContentPart.ToolCall call) {
    flushText();
    flushThought();
    parts.add(call);
    emit(new StreamEvent.ToolCallDelta(toolCalls++, call.id(), call.name(), call.arguments()));
  }

  private void emit(StreamEvent e) {
    if (events != null) {
      events.accept(e);
    }
  }

  boolean hasToolCalls() {
    return toolCalls > 0;
  }

  /** @return the text so far, for a partial answer */
  String textSoFar() {
    StringBuilder sb = new StringBuilder();
    for (ContentPart p : parts) {
      if (p instanceof ContentPart.Text t) {
        sb.append(t.text());
      }
    }
    return sb.append(text).toString();
  }

  List<ContentPart> finish() {
    flushText();
    flushThought();
    return GeminiResponses.withTextIfEmpty(new ArrayList<>(parts));
  }
}
