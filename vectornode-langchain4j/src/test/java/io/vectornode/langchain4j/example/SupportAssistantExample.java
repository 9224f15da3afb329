package io.vectornode.langchain4j.example;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import io.vectornode.ContentPart;
import io.vectornode.langchain4j.VectorNodeChatModel;
import io.vectornode.langchain4j.VectorNodeChatResponseMetadata;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;

/**
 * A LangChain4j AI Service on VectorNode, runnable without a key: two local stub servers play
 * OpenAI, the first one overloaded, so each call falls back to the second; the model asks for a
 * tool, the AI Service runs it and asks again, and each round comes with its cost and attempts. In an
 * application, the router comes from {@code VectorNode.fromConfig(...)} and the rest is the same.
 *
 * <p>Run {@link #main} from the IDE, or {@code ExampleTest}.
 */
public final class SupportAssistantExample {
  /** The AI Service: LangChain4j implements it. */
  interface SupportAssistant {
    @SystemMessage("You answer questions about orders in one sentence.")
    Result<String> answer(String question);
  }

  /** A tool the model may call. */
  static final class OrderTools {
    @Tool("Looks up the shipping status of an order")
    String orderStatus(String orderId) {
      return "order " + orderId + " shipped on 2026-01-02";
    }
  }

  private SupportAssistantExample() {}

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
        // The one bean to swap: this was OpenAiChatModel.builder()...build().
        VectorNodeChatModel model = VectorNodeChatModel.builder().client(ai).task("support")
            .tag("feature", "order-help").build();
        SupportAssistant assistant = AiServices.builder(SupportAssistant.class)
            .chatModel(model).tools(new OrderTools()).build();

        Result<String> result = assistant.answer("Where is order A-17?");
        VectorNodeChatResponseMetadata last =
            VectorNodeChatResponseMetadata.of(result.finalResponse()).orElseThrow();
        VectorNodeChatResponseMetadata first =
            VectorNodeChatResponseMetadata.of(result.intermediateResponses().get(0)).orElseThrow();
        String out = result.content() + "\n"
            + "tool round: " + first.attempts() + " attempts, answered by " + first.provider()
            + ", " + first.cost() + "\n"
            + "answer:     " + last.attempts() + " attempts, answered by " + last.provider()
            + ", " + last.cost() + "\n"
            + "tokens:     " + result.tokenUsage().totalTokenCount() + "\n";
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
