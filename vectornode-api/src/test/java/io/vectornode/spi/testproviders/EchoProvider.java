package io.vectornode.spi.testproviders;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.Cost;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.ProviderError;
import io.vectornode.spi.AbstractChatStream;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Registered only through src/test/resources/META-INF/services. Echoes the last message. */
public final class EchoProvider implements ModelProvider {
  @Override
  public String id() {
    return "echo";
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    return new ModelClient() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        String text = request.messages().get(request.messages().size() - 1).text();
        if (text.equals("crash")) {
          throw new IllegalStateException("a bug in the provider, not a typed error");
        }
        if (text.equals("fail")) {
          throw new ServiceUnavailableException(new ProviderError(config.name(), 503, null,
              "down", null, true, null, Map.of()));
        }
        return new ChatResponse("echo-1", config.name(), config.modelFor(request),
            Message.assistant(text), FinishReason.STOP, Usage.of(3, 3), Cost.unknown(), 1,
            Duration.ofMillis(1), Duration.ofMillis(1));
      }

      @Override
      public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        return CompletableFuture.supplyAsync(() -> chat(request));
      }

      @Override
      public ChatStream stream(ChatRequest request) {
        ChatResponse r = chat(request);
        Deque<StreamEvent> events = new ArrayDeque<>(List.of(
            new StreamEvent.TextDelta(r.text()), new StreamEvent.UsageUpdate(r.usage()),
            new StreamEvent.Completed(r)));
        return new AbstractChatStream() {
          @Override
          protected StreamEvent nextEvent() {
            return events.poll();
          }

          @Override
          protected void cancel() {
            events.clear();
          }
        };
      }

      /** One vector per input: {@code [length of the input]}; "fail" fails as chat does. */
      @Override
      public io.vectornode.EmbeddingResponse embed(io.vectornode.EmbeddingRequest request) {
        if (request.inputs().contains("fail")) {
          throw new ServiceUnavailableException(new ProviderError(config.name(), 503, null,
              "down", null, true, null, Map.of()));
        }
        List<float[]> vectors = new java.util.ArrayList<>();
        for (String s : request.inputs()) {
          vectors.add(new float[] {s.length()});
        }
        return io.vectornode.EmbeddingResponse.of(config.name(), request.model().orElse("echo"),
            vectors, Usage.of(request.inputs().size(), 0), false, Duration.ofMillis(1));
      }

      @Override
      public int maxEmbeddingInputs() {
        return 16;
      }

      @Override
      public void close() {}
    };
  }
}
