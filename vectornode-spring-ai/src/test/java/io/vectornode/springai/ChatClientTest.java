package io.vectornode.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ContentPart;
import io.vectornode.Cost;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.testing.OpenAiStubs;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * A Spring AI {@code ChatClient} answered through VectorNode routing to stub servers: the request
 * the stub received, the answer, usage, cost and attempts.
 */
class ChatClientTest {
  record Ticket(String title, int priority) {}

  static final class OrderTools {
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Tool(description = "Looks up the shipping status of an order")
    String orderStatus(@ToolParam(description = "the order id, such as A-17") String orderId) {
      asked.add(orderId);
      return "shipped on 2026-01-02";
    }
  }

  private final RoutedStubs stubs = new RoutedStubs();

  @AfterEach
  void close() {
    stubs.close();
  }

  private ChatClient client() {
    return ChatClient.builder(VectorNodeChatModel.builder().client(stubs.client).task("support")
            .defaultOptions(VectorNodeChatOptions.builder().tag("team", "support-bot")
                .temperature(0.2).maxTokens(200).build())
            .build())
        .build();
  }

  @Test
  void chatClient_retriesThenFallsBack_andReportsCostAndAttemptsInMetadata() {
    stubs.primary.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    stubs.primary.enqueue(OpenAiStubs.error(503, "server_error", null, "overloaded"));
    stubs.backup.enqueue(OpenAiStubs.chat("Reset it from the account page.", 31, 6, 0, 0));

    ChatResponse response = client().prompt()
        .system("You answer support questions in one sentence.")
        .user("How do I reset my password?")
        .call().chatResponse();

    assertThat(response).isNotNull();
    assertThat(response.getResult().getOutput().getText())
        .isEqualTo("Reset it from the account page.");
    assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
    assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(31);
    assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(6);
    assertThat(response.getMetadata().getModel()).isEqualTo(OpenAiStubs.MODEL);
    assertThat(VectorNodeMetadata.attempts(response)).contains(3);
    assertThat(VectorNodeMetadata.provider(response)).contains("backup");
    assertThat(VectorNodeMetadata.costUsd(response)).hasValueSatisfying(
        usd -> assertThat(usd).isEqualByComparingTo(RoutedStubs.cost(31, 6)));
    assertThat(VectorNodeMetadata.cost(response)).get().extracting(Cost::estimated)
        .isEqualTo(false);
    assertThat(stubs.time.sleeps()).hasSize(1);

    assertThat(stubs.primary.requestCount()).isEqualTo(2);
    JsonNode sent = RoutedStubs.parse(stubs.backup.takeRequest());
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/0/content").asText())
        .isEqualTo("You answer support questions in one sentence.");
    assertThat(sent.at("/messages/1/content").asText()).isEqualTo("How do I reset my password?");
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(200);
    assertThat(stubs.listener.singleEnd().tags()).containsEntry("team", "support-bot");
    assertThat(stubs.listener.singleEnd().attempts()).hasSize(3);
    response.getMetadata().entrySet().forEach(e ->
        assertThat(String.valueOf(e.getValue())).doesNotContain(RoutedStubs.CANARY));
  }

  @Test
  void chatClient_toolRoundTrip_sendsTheToolAndItsResultBack() {
    stubs.primary.enqueue(OpenAiStubs.toolCalls(
        new ContentPart.ToolCall("call_Q1", "orderStatus", "{\"orderId\":\"A-17\"}")));
    stubs.primary.enqueue(OpenAiStubs.chat("Order A-17 shipped on January 2.", 120, 9, 0, 0));
    OrderTools tools = new OrderTools();

    ChatResponse response = client().prompt().user("Where is order A-17?").tools(tools)
        .call().chatResponse();

    assertThat(response.getResult().getOutput().getText())
        .isEqualTo("Order A-17 shipped on January 2.");
    assertThat(tools.asked).containsExactly("A-17");
    // Spring AI's tool loop adds up the rounds' usage: 82 + 17, then 120 + 9.
    assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(82 + 120);
    assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(17 + 9);

    JsonNode first = RoutedStubs.parse(stubs.primary.takeRequest());
    assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("orderStatus");
    assertThat(first.at("/tools/0/function/description").asText())
        .isEqualTo("Looks up the shipping status of an order");
    assertThat(first.at("/tools/0/function/parameters/properties/orderId/description").asText())
        .isEqualTo("the order id, such as A-17");
    JsonNode messages = RoutedStubs.parse(stubs.primary.takeRequest()).get("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.at("/1/tool_calls/0/id").asText()).isEqualTo("call_Q1");
    assertThat(messages.at("/1/tool_calls/0/function/arguments").asText())
        .isEqualTo("{\"orderId\":\"A-17\"}");
    assertThat(messages.at("/2/role").asText()).isEqualTo("tool");
    assertThat(messages.at("/2/tool_call_id").asText()).isEqualTo("call_Q1");
    assertThat(messages.at("/2/content").asText()).contains("shipped on 2026-01-02");
  }

  @Test
  void chatClient_entity_withNativeStructuredOutput_sendsAStrictJsonSchema() {
    stubs.primary.enqueue(OpenAiStubs.chat("{\"title\":\"Login loop\",\"priority\":2}"));

    Ticket ticket = client().prompt().user("I keep getting sent back to the login page")
        .call().entity(Ticket.class, spec -> spec.useProviderStructuredOutput());

    assertThat(ticket).isEqualTo(new Ticket("Login loop", 2));
    JsonNode sent = RoutedStubs.parse(stubs.primary.takeRequest());
    assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_schema");
    assertThat(sent.at("/response_format/json_schema/strict").asBoolean()).isTrue();
    JsonNode schema = sent.at("/response_format/json_schema/schema");
    assertThat(schema.at("/properties/title/type").asText()).isEqualTo("string");
    assertThat(schema.at("/properties/priority/type").asText()).isEqualTo("integer");
    // Native structured output: no format instructions appended to the user's text.
    assertThat(sent.at("/messages/0/content").asText())
        .isEqualTo("I keep getting sent back to the login page");
  }

  @Test
  void chatClient_overBudget_isRefusedBeforeAnyRequest() {
    try (RoutedStubs tight = new RoutedStubs(List.of(Budget.of("support-bot",
        BudgetScope.tag("team", "support-bot"), Budget.Period.DAY, "0.0000001")))) {
      ChatClient chat = ChatClient.create(VectorNodeChatModel.builder().client(tight.client)
          .task("support").build());

      Throwable t = catchThrowable(() -> chat.prompt().user("Hello?")
          .options(VectorNodeChatOptions.builder().tag("team", "support-bot"))
          .call().content());

      assertThat(t).isInstanceOf(BudgetExceededException.class)
          .hasMessageContaining("budget 'support-bot' exceeded");
      assertThat(tight.primary.requestCount() + tight.backup.requestCount()).isZero();
    }
  }
}
