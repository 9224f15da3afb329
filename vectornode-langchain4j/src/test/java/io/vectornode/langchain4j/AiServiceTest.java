package io.vectornode.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.vectornode.ContentPart;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.testing.OpenAiStubs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A LangChain4j AI Service (an interface built by {@code AiServices}) answered through VectorNode
 * routing to stub servers: the request the stub received, the answer, usage, cost and attempts.
 */
class AiServiceTest {
  interface Assistant {
    @SystemMessage("You answer support questions in one sentence.")
    Result<String> answer(@UserMessage String question);
  }

  record Ticket(String title, int priority) {}

  interface Triage {
    Ticket triage(@UserMessage String text);
  }

  static final class OrderTools {
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Tool("Looks up the shipping status of an order")
    String orderStatus(@P("the order id, such as A-17") String orderId) {
      asked.add(orderId);
      return "shipped on 2026-01-02";
    }
  }

  private final RoutedStubs stubs = new RoutedStubs();

  @AfterEach
  void close() {
    stubs.close();
  }

  private VectorNodeChatModel model() {
    return VectorNodeChatModel.builder().client(stubs.client).task("support")
        .tag("team", "support-bot")
        .defaultRequestParameters(VectorNodeChatRequestParameters.builder()
            .temperature(0.2).maxOutputTokens(200).stopSequences("END").build())
        .build();
  }

  @Test
  void aiService_retriesThenFallsBack_andReportsCostAndAttemptsInMetadata() {
    stubs.primary.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    stubs.primary.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    stubs.backup.enqueue(OpenAiStubs.chat("Reset it from the account page.", 31, 6, 0, 0));
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model()).build();

    Result<String> result = assistant.answer("How do I reset my password?");

    assertThat(result.content()).isEqualTo("Reset it from the account page.");
    assertThat(result.tokenUsage().inputTokenCount()).isEqualTo(31);
    assertThat(result.tokenUsage().outputTokenCount()).isEqualTo(6);
    assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
    VectorNodeChatResponseMetadata vn =
        VectorNodeChatResponseMetadata.of(result.finalResponse()).orElseThrow();
    assertThat(vn.attempts()).isEqualTo(3); // main, main again (the retry), then spare
    assertThat(vn.provider()).isEqualTo("backup");
    assertThat(vn.modelName()).isEqualTo(OpenAiStubs.MODEL);
    assertThat(vn.costUsd()).hasValueSatisfying(
        usd -> assertThat(usd).isEqualByComparingTo(RoutedStubs.cost(31, 6)));
    assertThat(vn.cost().estimated()).isFalse();
    assertThat(stubs.time.sleeps()).hasSize(1); // one backoff, on virtual time

    // What the fallback received: the AI Service's messages and the default parameters.
    assertThat(stubs.primary.requestCount()).isEqualTo(2);
    JsonNode sent = RoutedStubs.parse(stubs.backup.takeRequest());
    assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/0/content").asText())
        .isEqualTo("You answer support questions in one sentence.");
    assertThat(sent.at("/messages/1/role").asText()).isEqualTo("user");
    assertThat(sent.at("/messages/1/content").asText()).isEqualTo("How do I reset my password?");
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(sent.at("/stop/0").asText()).isEqualTo("END");
    assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(200);

    // The VectorNode listener saw the call, its three attempts and the tag.
    assertThat(stubs.listener.singleEnd().attempts()).hasSize(3);
    assertThat(stubs.listener.singleEnd().tags()).containsEntry("team", "support-bot");
    assertThat(vn.toString()).doesNotContain(RoutedStubs.CANARY);
  }

  @Test
  void aiService_toolRoundTrip_sendsTheToolAndItsResultBack() {
    stubs.primary.enqueue(OpenAiStubs.toolCalls(
        new ContentPart.ToolCall("call_Q1", "orderStatus", "{\"orderId\":\"A-17\"}")));
    stubs.primary.enqueue(OpenAiStubs.chat("Order A-17 shipped on January 2.", 120, 9, 0, 0));
    OrderTools tools = new OrderTools();
    Assistant assistant =
        AiServices.builder(Assistant.class).chatModel(model()).tools(tools).build();

    Result<String> result = assistant.answer("Where is order A-17?");

    assertThat(result.content()).isEqualTo("Order A-17 shipped on January 2.");
    assertThat(tools.asked).containsExactly("A-17");
    assertThat(result.toolExecutions()).hasSize(1);
    assertThat(result.intermediateResponses()).hasSize(1);
    assertThat(result.intermediateResponses().get(0).finishReason())
        .isEqualTo(FinishReason.TOOL_EXECUTION);
    // Usage summed over both rounds: toolCalls() reports 82 + 17, the answer 120 + 9.
    assertThat(result.tokenUsage().inputTokenCount()).isEqualTo(82 + 120);
    assertThat(result.tokenUsage().outputTokenCount()).isEqualTo(17 + 9);
    assertThat(VectorNodeChatResponseMetadata.of(result.intermediateResponses().get(0))
        .orElseThrow().costUsd()).hasValueSatisfying(
            usd -> assertThat(usd).isEqualByComparingTo(RoutedStubs.cost(82, 17)));

    JsonNode first = RoutedStubs.parse(stubs.primary.takeRequest());
    assertThat(first.at("/tools/0/type").asText()).isEqualTo("function");
    assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("orderStatus");
    assertThat(first.at("/tools/0/function/description").asText())
        .isEqualTo("Looks up the shipping status of an order");
    assertThat(first.at("/tools/0/function/parameters/properties/orderId/type").asText())
        .isEqualTo("string");
    assertThat(first.at("/tools/0/function/parameters/properties/orderId/description").asText())
        .isEqualTo("the order id, such as A-17");
    assertThat(first.at("/tools/0/function/parameters/required/0").asText())
        .isEqualTo("orderId");

    JsonNode second = RoutedStubs.parse(stubs.primary.takeRequest());
    JsonNode messages = second.get("messages");
    assertThat(messages).hasSize(4);
    assertThat(messages.at("/2/role").asText()).isEqualTo("assistant");
    assertThat(messages.at("/2/tool_calls/0/id").asText()).isEqualTo("call_Q1");
    assertThat(messages.at("/2/tool_calls/0/function/name").asText()).isEqualTo("orderStatus");
    assertThat(messages.at("/2/tool_calls/0/function/arguments").asText())
        .isEqualTo("{\"orderId\":\"A-17\"}");
    assertThat(messages.at("/3/role").asText()).isEqualTo("tool");
    assertThat(messages.at("/3/tool_call_id").asText()).isEqualTo("call_Q1");
    assertThat(messages.at("/3/content").asText()).isEqualTo("shipped on 2026-01-02");
  }

  @Test
  void aiService_structuredOutput_isAskedForWithAJsonSchema() {
    stubs.primary.enqueue(OpenAiStubs.chat("{\"title\":\"Login loop\",\"priority\":2}"));
    Triage triage = AiServices.builder(Triage.class).chatModel(model()).build();

    Ticket ticket = triage.triage("I keep getting sent back to the login page");

    assertThat(ticket).isEqualTo(new Ticket("Login loop", 2));
    JsonNode sent = RoutedStubs.parse(stubs.primary.takeRequest());
    assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_schema");
    assertThat(sent.at("/response_format/json_schema/name").asText()).isEqualTo("Ticket");
    JsonNode schema = sent.at("/response_format/json_schema/schema");
    assertThat(schema.at("/properties/title/type").asText()).isEqualTo("string");
    assertThat(schema.at("/properties/priority/type").asText()).isEqualTo("integer");
  }

  @Test
  void aiService_overBudget_isRefusedBeforeAnyRequest_asNonRetriable() {
    try (RoutedStubs tight = new RoutedStubs(List.of(Budget.of("support-bot",
        BudgetScope.tag("team", "support-bot"), Budget.Period.DAY, "0.0000001")))) {
      Assistant assistant = AiServices.builder(Assistant.class)
          .chatModel(VectorNodeChatModel.builder().client(tight.client).task("support")
              .tag("team", "support-bot").build())
          .build();

      Throwable t = catchThrowable(() -> assistant.answer("Hello?"));

      assertThat(t).isInstanceOf(NonRetriableException.class)
          .hasCauseInstanceOf(BudgetExceededException.class)
          .hasMessageContaining("budget 'support-bot' exceeded");
      assertThat(tight.primary.requestCount() + tight.backup.requestCount()).isZero();
    }
  }

  @Test
  void aiService_everyDeploymentDown_throwsInternalServerError_withTheAttemptsAttached() {
    for (int i = 0; i < 2; i++) {
      stubs.primary.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
      stubs.backup.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    }
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model()).build();

    Throwable t = catchThrowable(() -> assistant.answer("Anyone there?"));

    assertThat(t).isInstanceOf(dev.langchain4j.exception.InternalServerException.class)
        .hasCauseInstanceOf(ServiceUnavailableException.class);
    assertThat(t.getCause().getSuppressed()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(stubs.primary.requestCount() + stubs.backup.requestCount()).isEqualTo(4);
    assertThat(stubs.time.sleeps()).allMatch(d -> d.compareTo(Duration.ofSeconds(10)) < 0);
  }
}
