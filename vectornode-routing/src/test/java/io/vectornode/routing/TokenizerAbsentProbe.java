package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Run by {@link TokenEstimateTest} in a class loader without jtokkit: the estimate and a budgeted
 * call to an OpenAI model must work on the byte bound alone.
 */
public final class TokenizerAbsentProbe implements Supplier<String> {
  /** Used reflectively. */
  public TokenizerAbsentProbe() {}

  @Override
  public String get() {
    ChatRequest r = ChatRequest.builder().model("m").user("预算".repeat(500))
        .maxOutputTokens(10).build();
    TokenEstimate.Bound b = new TokenEstimate.Bound(r, true);
    String tightened = b.tightened("openai", "gpt-4o") == b.bytes("gpt-4o") ? "bytes" : "exact";
    ModelProvider never = new ModelProvider() {
      @Override
      public String id() {
        return "openai";
      }

      @Override
      public ModelClient create(ProviderConfig config, ProviderContext context) {
        return new ModelClient() {
          @Override
          public ChatResponse chat(ChatRequest request) {
            throw new IllegalStateException("the budget refuses before any request");
          }

          @Override
          public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
            throw new IllegalStateException("the budget refuses before any request");
          }

          @Override
          public ChatStream stream(ChatRequest request) {
            throw new IllegalStateException("the budget refuses before any request");
          }

          @Override
          public void close() {}
        };
      }
    };
    boolean refused;
    try (ModelClient c = VectorNode.builder().registry(ProviderRegistry.of(List.of(never)))
        .provider(ProviderConfig.builder("p").type("openai").apiKey("k-0123456789").build())
        .model("m", "p", "gpt-4o").logCalls(false)
        .budget(Budget.of("tiny", BudgetScope.global(), Budget.Period.DAY, "0.000000001"))
        .build()) {
      c.chat(r);
      refused = false;
    } catch (BudgetExceededException e) {
      refused = true;
    }
    return "available=" + Tokenizers.AVAILABLE + " tightened=" + tightened + " refused="
        + refused;
  }
}
