package io.vectornode.testing;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.spi.AbstractChatStream;
import io.vectornode.spi.ProviderConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * An in-process model that answers from a {@link FakeScript}: no network, no key, instant.
 * Usage is estimated as one token per four characters. Streams yield one text delta per word.
 *
 * <p>Thread-safe.
 */
public final class FakeModelClient implements ModelClient {
  private final ProviderConfig config;
  private final FakeScript script;
  private final AtomicLong ids = new AtomicLong();

  /**
   * Creates a fake.
   *
   * @param config the instance's config (its name is reported as the provider)
   * @param script what to answer
   */
  public FakeModelClient(ProviderConfig config, FakeScript script) {
    this.config = config;
    this.script = script;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    String model = config.modelFor(request);
    FakeScript.Step step = script.next(request);
    if (step instanceof FakeScript.Failure f) {
      throw f.error();
    }
    long input = 0;
    for (Message m : request.messages()) {
      input += m.text().length() / 4 + 1;
    }
    Message message;
    FinishReason finish;
    long output;
    if (step instanceof FakeScript.ToolCall t) {
      message = Message.assistant(List.of(new ContentPart.ToolCall(
          "call_fake_" + ids.incrementAndGet(), t.name(), t.arguments())));
      finish = FinishReason.TOOL_CALLS;
      output = t.arguments().length() / 4 + 1;
    } else {
      String text = ((FakeScript.Reply) step).text();
      message = Message.assistant(text);
      finish = FinishReason.STOP;
      output = text.length() / 4 + 1;
    }
    return ChatResponse.of("fake-" + ids.incrementAndGet(), config.name(), model, message,
        finish, Usage.of(input, output), Duration.ZERO, Duration.ZERO);
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    try {
      return CompletableFuture.completedFuture(chat(request));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    ChatResponse response = chat(request);
    Deque<StreamEvent> events = new ArrayDeque<>();
    String text = response.text();
    int from = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        events.add(new StreamEvent.TextDelta(text.substring(from, i)));
        from = i;
      }
    }
    List<ContentPart.ToolCall> calls = response.toolCalls();
    for (int i = 0; i < calls.size(); i++) {
      events.add(new StreamEvent.ToolCallDelta(i, calls.get(i).id(), calls.get(i).name(),
          calls.get(i).arguments()));
    }
    events.add(new StreamEvent.UsageUpdate(response.usage()));
    events.add(new StreamEvent.Completed(response));
    return new AbstractChatStream() {
      @Override
      protected @Nullable StreamEvent nextEvent() {
        return events.poll();
      }

      @Override
      protected void cancel() {
        events.clear();
      }
    };
  }

  @Override
  public void close() {}
}
