package io.vectornode.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** The official OpenAI Java SDK, retries off (its builder exposes no connection-pool size). */
final class OpenAiJava implements Contestant {
  private final OpenAIClient client;
  private final ChatCompletionCreateParams params;

  OpenAiJava(String base) {
    client = OpenAIOkHttpClient.builder().apiKey("sk-bench").baseUrl(base).maxRetries(0)
        .maxIdleConnections(128).keepAliveDuration(java.time.Duration.ofMinutes(5)) // as the floor
        .timeout(Bench.CALL_TIMEOUT).build();
    params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
        .addSystemMessage(Bench.SYSTEM).addUserMessage(Bench.PROMPT)
        .maxCompletionTokens(100L).build();
  }

  @Override
  public String chat() {
    return client.chat().completions().create(params).choices().get(0).message().content()
        .orElse("");
  }

  @Override
  public int stream() {
    int[] n = {0};
    try (StreamResponse<ChatCompletionChunk> s =
        client.chat().completions().createStreaming(params)) {
      s.stream().forEach(c -> {
        if (!c.choices().isEmpty() && c.choices().get(0).delta().content().isPresent()
            && !c.choices().get(0).delta().content().get().isEmpty()) {
          n[0]++;
        }
      });
    }
    return n[0];
  }

  @Override
  public AutoCloseable openAndReadFirst() {
    StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params);
    java.util.Iterator<ChatCompletionChunk> it = s.stream().iterator();
    while (it.next().choices().stream()
        .noneMatch(c -> c.delta().content().filter(t -> !t.isEmpty()).isPresent())) {
      // up to the first text delta, as the other contestants
    }
    return s;
  }

  @Override
  public void close() {
    client.close();
  }
}
