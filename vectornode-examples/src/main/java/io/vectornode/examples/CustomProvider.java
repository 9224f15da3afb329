package io.vectornode.examples;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.AbstractChatStream;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * A minimal model provider, id {@code shout}: it answers with the last message upper-cased. A
 * real provider does the same with an HTTP call in {@code chat} and {@code stream}.
 *
 * <p>To ship one, list the class in {@code META-INF/services/io.vectornode.spi.ModelProvider} of
 * your jar and put the jar on the class path: {@code type: shout} then works in configs and
 * {@code shout/any-model} in requests. This module does <em>not</em> list it there, so that
 * {@code vectornode providers} shows only real providers; {@link #main} passes it explicitly
 * instead, through {@link ProviderRegistry#of}.
 *
 * <p>The client needs no retries, listener calls or cost: {@link ProviderRegistry#create} and
 * the router add them around it. Thread-safe: it holds no mutable state.
 */
public final class CustomProvider implements ModelProvider {
  /** For {@link java.util.ServiceLoader}: a public no-argument constructor. */
  public CustomProvider() {}

  @Override
  public String id() {
    return "shout";
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    // Check the config when the client is built, naming the field, not on the first call.
    String suffix = config.option("suffix").orElse("!");
    if (suffix.length() > 8) {
      throw new ConfigurationException("providers." + config.name() + ".options.suffix",
          "at most 8 characters, was '" + suffix + "'");
    }
    return new ShoutClient(config, suffix);
  }

  /** The client: one per provider instance, shared by every call. */
  private static final class ShoutClient implements ModelClient {
    private final ProviderConfig config;
    private final String suffix;

    ShoutClient(ProviderConfig config, String suffix) {
      this.config = config;
      this.suffix = suffix;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      List<Message> messages = request.messages();
      String text = messages.get(messages.size() - 1).text().toUpperCase(Locale.ROOT) + suffix;
      Duration took = Duration.ofMillis(1);
      return ChatResponse.of("shout-" + text.hashCode(), config.name(), config.modelFor(request),
          Message.assistant(text), FinishReason.STOP, Usage.of(text.length(), text.length()),
          took, took);
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
      // chat() does not block here; a provider doing I/O would complete the future from its
      // HTTP client's callback instead.
      try {
        return CompletableFuture.completedFuture(chat(request));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public ChatStream stream(ChatRequest request) {
      ChatResponse response = chat(request);
      // Concurrent: cancel() may run on another thread than the one iterating.
      Queue<StreamEvent> events = new ConcurrentLinkedQueue<>();
      for (String word : response.text().split("(?<= )")) {
        events.add(new StreamEvent.TextDelta(word));
      }
      events.add(new StreamEvent.UsageUpdate(response.usage()));
      events.add(new StreamEvent.Completed(response));
      // AbstractChatStream brings iteration, response() and the Flow.Publisher view.
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

  /**
   * Makes one call through the provider, passed explicitly. No key, no network.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (ModelClient ai = VectorNode.builder()
        .registry(ProviderRegistry.of(List.of(new CustomProvider())))
        .provider(ProviderConfig.builder("shout").build())
        .build()) {
      System.out.println(ai.chat("shout/loud-1", "hello from a custom provider").text());
    }
  }
}
