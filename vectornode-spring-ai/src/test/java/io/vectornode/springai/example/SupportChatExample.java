package io.vectornode.springai.example;

import io.vectornode.ContentPart;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.springai.VectorNodeChatModel;
import io.vectornode.springai.VectorNodeChatOptions;
import io.vectornode.springai.VectorNodeMetadata;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.tool.annotation.Tool;

/**
 * A Spring AI {@code ChatClient} on VectorNode, runnable without a key: two local stub servers
 * play OpenAI, the first one overloaded, so each call falls back to the second; the model asks
 * for a tool, Spring AI runs it and asks again, and the answer comes with its cost and attempts.
 * In a Spring application the {@code VectorNodeChatModel} is the {@code ChatModel} bean.
 *
 * <p>Run {@link #main} from the IDE, or {@code ExampleTest}.
 */
public final class SupportChatExample {
  /** A tool the model may call. */
  static final class OrderTools {
    @Tool(description = "Looks up the shipping status of an order")
    String orderStatus(String orderId) {
      return "order " + orderId + " shipped on 2026-01-02";
    }
  }

  private SupportChatExample() {}

  /**
   * Runs the example.
   *
   * @return what it printed
   */
  public static String run() {
    try (ProviderStubServer busy = ProviderStubServer.start();
        ProviderStubServer spare = ProviderStubServer.start()) {
      for (int i = 0; i < 2; i++) {
        busy.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
      }
      spare.enqueue(OpenAiStubs.toolCalls(
          new ContentPart.ToolCall("call_1", "orderStatus", "{\"orderId\":\"A-17\"}")));
      spare.enqueue(OpenAiStubs.chat("Order A-17 shipped on January 2."));

      try (VectorNodeClient ai = VectorNode.builder()
          .provider(ProviderConfig.builder("busy").type("openai").apiKey("sk-example-busy")
              .baseUrl(busy.baseUrl()).build())
          .provider(ProviderConfig.builder("spare").type("openai").apiKey("sk-example-spare")
              .baseUrl(spare.baseUrl()).build())
          .model("primary", "busy", "gpt-4o-mini")
          .model("fallback", "spare", "gpt-4o-mini")
          .route(Route.fallback("support", "primary", "fallback"))
          // One attempt per deployment, so the example does not wait out retry backoffs.
          .resilience(Resilience.custom().maxAttemptsPerDeployment(1).build())
          .build()) {
        // The one bean to swap: this was an OpenAiChatModel.
        VectorNodeChatModel model = VectorNodeChatModel.builder().client(ai).task("support")
            .defaultOptions(VectorNodeChatOptions.builder().tag("feature", "order-help").build())
            .build();
        ChatResponse response = ChatClient.create(model).prompt()
            .system("You answer questions about orders in one sentence.")
            .user("Where is order A-17?")
            .tools(new OrderTools())
            .call().chatResponse();

        String out = response.getResult().getOutput().getText() + "\n"
            + "last round: " + VectorNodeMetadata.attempts(response).orElse(0)
            + " attempts, answered by " + VectorNodeMetadata.provider(response).orElse("?")
            + ", " + VectorNodeMetadata.cost(response).map(Object::toString).orElse("no cost")
            + "\n"
            + "tokens, both rounds: " + response.getMetadata().getUsage().getTotalTokens() + "\n";
        System.out.print(out);
        return out;
      }
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run();
  }
}
