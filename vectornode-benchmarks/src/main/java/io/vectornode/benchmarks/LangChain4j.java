package io.vectornode.benchmarks;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** LangChain4j's OpenAI chat model (on its default JDK HTTP client), retries off. */
final class LangChain4j implements Contestant {
  private final OpenAiChatModel model;
  private final OpenAiStreamingChatModel streaming;
  private final ChatRequest request;
  private final java.util.concurrent.ExecutorService callers =
      java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lc4j-caller");
        t.setDaemon(true);
        return t;
      });

  LangChain4j(String base) {
    model = OpenAiChatModel.builder().baseUrl(base).apiKey("sk-bench").modelName("gpt-4o-mini")
        .maxTokens(100).maxRetries(0).timeout(Bench.CALL_TIMEOUT).build();
    streaming = OpenAiStreamingChatModel.builder().baseUrl(base).apiKey("sk-bench")
        .modelName("gpt-4o-mini").maxTokens(100).timeout(Bench.CALL_TIMEOUT).build();
    request = ChatRequest.builder().messages(SystemMessage.from(Bench.SYSTEM),
        UserMessage.from(Bench.PROMPT)).build();
  }

  @Override
  public String chat() {
    return model.chat(request).aiMessage().text();
  }

  @Override
  public int stream() {
    AtomicInteger n = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    streaming.chat(request, new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        if (!partial.isEmpty()) {
          n.incrementAndGet();
        }
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(null);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    done.join();
    return n.get();
  }

  @Override
  public AutoCloseable openAndReadFirst() {
    CompletableFuture<StreamingHandle> first = new CompletableFuture<>();
    // LangChain4j's JDK client may read the whole stream on the calling thread (when the
    // response future is already complete), so each held stream needs a thread of its own.
    callers.execute(() -> streaming.chat(request, new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        first.complete(context.streamingHandle());
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        first.completeExceptionally(new IllegalStateException("completed early"));
      }

      @Override
      public void onError(Throwable error) {
        first.completeExceptionally(error);
      }
    }));
    StreamingHandle handle = first.join();
    return handle::cancel;
  }

  @Override
  public void close() {
    callers.shutdownNow();
  }
}
