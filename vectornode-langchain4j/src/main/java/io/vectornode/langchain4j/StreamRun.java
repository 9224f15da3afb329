package io.vectornode.langchain4j;

import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed call, run on the model's executor: opens the VectorNode stream (retries and
 * fallbacks happen before its first content), hands each event to the LangChain4j handler, and
 * is the {@link StreamingHandle} that cancels it.
 *
 * <p>Handler contract, as LangChain4j's own models keep it: partial text, thinking and tool-call
 * fragments in order; then one {@code onCompleteToolCall} per tool call, in order; then one
 * {@code onCompleteResponse}; or one {@code onError} instead of the completion. An exception
 * thrown by a handler method is passed to {@code onError} and the stream goes on. After {@link
 * #cancel()}, the handler hears nothing more.
 */
final class StreamRun implements Runnable, StreamingHandle {
  private static final Logger log = LoggerFactory.getLogger(StreamRun.class);

  private final ModelClient client;
  private final ChatRequest request;
  private final StreamingChatResponseHandler handler;
  /** A tool call's id and name by index: VectorNode sends them on its first fragment only. */
  private final Map<Integer, String[]> calls = new HashMap<>();
  private volatile boolean cancelled;
  private volatile @Nullable ChatStream stream;

  StreamRun(ModelClient client, ChatRequest request, StreamingChatResponseHandler handler) {
    this.client = client;
    this.request = request;
    this.handler = handler;
  }

  @Override
  public void run() {
    ChatStream s;
    try {
      s = client.stream(request);
    } catch (RuntimeException e) {
      if (!cancelled) {
        error(Errors.mapAny(e));
      }
      return;
    }
    stream = s;
    // cancel() sets the flag before it reads the stream, this sets the stream before it reads
    // the flag: one of the two closes it.
    if (cancelled) {
      s.close();
      return;
    }
    try (s) {
      for (StreamEvent event : s) {
        if (cancelled) {
          return;
        }
        deliver(event);
      }
    } catch (RuntimeException e) {
      // Only the stream throws here: handler calls are guarded one by one.
      if (!cancelled) {
        error(Errors.mapAny(e));
      }
    }
  }

  private void deliver(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta t) {
      if (!t.text().isEmpty()) {
        guarded(() -> handler.onPartialResponse(new PartialResponse(t.text()),
            new PartialResponseContext(this)));
      }
    } else if (event instanceof StreamEvent.ReasoningDelta r) {
      if (!r.text().isEmpty()) {
        guarded(() -> handler.onPartialThinking(new PartialThinking(r.text()),
            new PartialThinkingContext(this)));
      }
    } else if (event instanceof StreamEvent.ToolCallDelta d) {
      partialToolCall(d);
    } else if (event instanceof StreamEvent.Completed c) {
      List<ContentPart.ToolCall> toolCalls = c.response().toolCalls();
      for (int i = 0; i < toolCalls.size(); i++) {
        CompleteToolCall call = new CompleteToolCall(i, Responses.toolRequest(toolCalls.get(i)));
        guarded(() -> handler.onCompleteToolCall(call));
      }
      guarded(() -> handler.onCompleteResponse(Responses.map(c.response())));
    }
    // UsageUpdate: the completed response carries the final usage.
  }

  private void partialToolCall(StreamEvent.ToolCallDelta d) {
    String[] idName = calls.computeIfAbsent(d.index(), i -> new String[2]);
    if (d.id() != null) {
      idName[0] = d.id();
    }
    if (d.name() != null) {
      idName[1] = d.name();
    }
    // LangChain4j's PartialToolCall needs a name and a non-empty fragment.
    if (idName[1] == null || d.argumentsDelta().isEmpty()) {
      return;
    }
    PartialToolCall partial = PartialToolCall.builder().index(d.index()).id(idName[0])
        .name(idName[1]).partialArguments(d.argumentsDelta()).build();
    guarded(() -> handler.onPartialToolCall(partial, new PartialToolCallContext(this)));
  }

  private void guarded(Runnable handlerCall) {
    try {
      handlerCall.run();
    } catch (RuntimeException e) {
      error(e);
    }
  }

  private void error(Throwable t) {
    try {
      handler.onError(t);
    } catch (RuntimeException e) {
      log.warn("StreamingChatResponseHandler.onError threw; ignored", e);
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    ChatStream s = stream;
    if (s != null) {
      s.close();
    }
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }
}
