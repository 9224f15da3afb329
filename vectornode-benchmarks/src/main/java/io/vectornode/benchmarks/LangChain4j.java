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
        .httpClientBuilder(http11())
        .maxTokens(100).maxRetries(0).timeout(Bench.CALL_TIMEOUT).build();
    streaming = OpenAiStreamingChatModel.builder().baseUrl(base).apiKey("sk-bench")
        .httpClientBuilder(http11())
        .modelName("gpt-4o-mini").maxTokens(100).timeout(Bench.CALL_TIMEOUT).build();
    request = ChatRequest.builder().messages(SystemMessage.from(Bench.SYSTEM),
        UserMessage.from(Bench.PROMPT)).build();
  }

  /**
   * The JDK client on HTTP/1.1. On plain http it would otherwise offer an h2c upgrade on every
   * new connection, which the stub (like any HTTP/1.1 server) declines; under 64 callers the
   * JDK client then fails calls with "header parser received no bytes". Against the real API
   * (https) ALPN picks the protocol, so no upgrade happens there either.
   */
  private static dev.langchain4j.http.client.jdk.JdkHttpClientBuilder http11() {
    return dev.langchain4j.http.client.jdk.JdkHttpClient.builder().httpClientBuilder(
        java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1));
  }

  /**
   * One call. Under 64 callers on Java 17, LangChain4j's JDK client now and then fails a call
   * with "HTTP/1.1 header parser received no bytes" (it reuses a pooled connection it has just
   * closed locally), or hangs on a connection until the 60 s timeout. The harness records such
   * a failure (the report lists them) and retries the call once so that the run can finish;
   * the time lost stays in this contestant's score. Only this contestant needs it.
   */
  @Override
  public String chat() {
    try {
      return model.chat(request).aiMessage().text();
    } catch (RuntimeException e) {
      String what = e instanceof dev.langchain4j.exception.TimeoutException
          ? "call timed out after " + Bench.CALL_TIMEOUT.toSeconds() + " s"
          : String.valueOf(e.getMessage()).contains("header parser received no bytes")
              ? "call failed: \"header parser received no bytes\"" : null;
      if (what == null) {
        throw e;
      }
      Bench.peerFailure("langchain4j", what);
      return model.chat(request).aiMessage().text();
    }
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
