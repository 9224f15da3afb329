package io.vectornode.benchmarks;

import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;

/** A VectorNode provider client used directly (no router), as an application would. */
final class VectorNodeDirect implements Contestant {
  /** The pool sized like the floor's (128 idle connections for 64 callers). */
  private final ProviderContext context = ProviderContext.builder().maxIdleConnections(128)
      .build();
  private final ModelClient client;
  private final ChatRequest request;

  VectorNodeDirect(String base, String provider) {
    boolean anthropic = provider.equals("anthropic");
    client = ProviderRegistry.load().create(ProviderConfig.builder(provider)
        .apiKey("sk-bench").baseUrl(anthropic ? base.replace("/small/v1", "") : base)
        .connectTimeout(Bench.CONNECT_TIMEOUT).readTimeout(Bench.CALL_TIMEOUT)
        .callTimeout(Bench.CALL_TIMEOUT).build(), context);
    request = ChatRequest.builder().model(anthropic ? "claude-sonnet-4-5" : "gpt-4o-mini")
        .system(Bench.SYSTEM).user(Bench.PROMPT).maxOutputTokens(100).build();
  }

  @Override
  public String chat() {
    return client.chat(request).text();
  }

  @Override
  public int stream() {
    int n = 0;
    try (ChatStream s = client.stream(request)) {
      for (StreamEvent e : s) {
        if (e instanceof StreamEvent.TextDelta) {
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public AutoCloseable openAndReadFirst() {
    ChatStream s = client.stream(request);
    s.iterator().next();
    return s;
  }

  @Override
  public void close() {
    client.close();
    context.resources().close();
  }
}
