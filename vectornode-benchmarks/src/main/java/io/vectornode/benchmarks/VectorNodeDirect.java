package io.vectornode.benchmarks;

import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;

/** A VectorNode provider client used directly (no router), as an application would. */
final class VectorNodeDirect extends VectorNodeContestant {
  private final ProviderContext context;

  VectorNodeDirect(String base, String provider) {
    this(base, provider, ProviderContext.builder().maxIdleConnections(128).build());
  }

  /** The pool is sized like the floor's (128 idle connections for 64 callers). */
  private VectorNodeDirect(String base, String provider, ProviderContext context) {
    super(client(base, provider, context), request(provider));
    this.context = context;
  }

  private static ModelClient client(String base, String provider, ProviderContext context) {
    boolean anthropic = provider.equals("anthropic");
    return ProviderRegistry.load().create(ProviderConfig.builder(provider)
        .apiKey("sk-bench").baseUrl(anthropic ? base.replace("/small/v1", "") : base)
        .connectTimeout(Bench.CONNECT_TIMEOUT).readTimeout(Bench.CALL_TIMEOUT)
        .callTimeout(Bench.CALL_TIMEOUT).build(), context);
  }

  private static ChatRequest request(String provider) {
    return ChatRequest.builder()
        .model(provider.equals("anthropic") ? "claude-sonnet-4-5" : "gpt-4o-mini")
        .system(Bench.SYSTEM).user(Bench.PROMPT).maxOutputTokens(100).build();
  }

  @Override
  public void close() {
    super.close();
    context.resources().close();
  }
}
