package io.vectornode.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.Tool;
import io.vectornode.Usage;
import io.vectornode.testing.ResponsesStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tool call across two turns with a reasoning model and {@code store: false}: the encrypted
 * reasoning item of the first answer is kept on the assistant message and sent back, in order,
 * before the {@code function_call} it led to, and the {@code function_call_output} pairs with it
 * by {@code call_id}.
 */
class ResponsesTurnsTest extends OpenAiTestSupport {
  private static final String ENCRYPTED = "gAAAAABpPDIVOKrsHNZ0GwsoEKA_IGfuJ5f8Ma_6-EojH4yZFL50ql"
      + "fUzM7FREdQlpkqlnIHLRx2YJxZfzvbnc0E3J_yvIuoeoGQp2hYUfiV5XWs5d0XfqJps9ZgtUBRR1dq==";
  private static final Tool CALC = Tool.of("calculator", "Arithmetic", "{\"type\":\"object\","
      + "\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}}}");

  @BeforeEach
  void responsesMode() {
    client.close();
    client = client(b -> b.option("api", "responses"));
  }

  @Test
  void encryptedReasoning_andTheCallPairing_carryToTheNextTurn() {
    server.enqueue(ResponsesStubs.completed(ResponsesStubs.usage(120, 64, 90, 64),
        ResponsesStubs.reasoning("rs_01830d662ab38565", "**Calculating** 12 plus 7.", ENCRYPTED),
        ResponsesStubs.functionCall("fc_01830d662ab38566", "call_AB6AaRZ1FYZB2RwS",
            "calculator", "{\"a\":12,\"b\":7}")));
    ChatRequest first = ChatRequest.builder().model("gpt-5.1-codex-max").user("12 + 7?")
        .tool(CALC).build();

    ChatResponse r1 = client.chat(first);

    assertThat(r1.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r1.usage()).isEqualTo(new Usage(120, 90, 64, 0, 64));
    assertThat(r1.message().content()).hasSize(2);
    ContentPart.Reasoning reasoning = (ContentPart.Reasoning) r1.message().content().get(0);
    assertThat(reasoning.id()).isEqualTo("rs_01830d662ab38565");
    assertThat(reasoning.signature()).isEqualTo(ENCRYPTED);
    assertThat(reasoning.text()).isEqualTo("**Calculating** 12 plus 7.");
    assertThat(reasoning.toString()).doesNotContain(ENCRYPTED.substring(0, 20))
        .contains(ENCRYPTED.length() + " chars");
    assertThat(r1.toolCalls()).containsExactly(
        new ContentPart.ToolCall("call_AB6AaRZ1FYZB2RwS", "calculator", "{\"a\":12,\"b\":7}"));
    server.takeRequest();

    server.enqueue(ResponsesStubs.text("19"));
    ChatResponse r2 = client.chat(first.toBuilder().message(r1.message())
        .message(Message.toolResult("call_AB6AaRZ1FYZB2RwS", "19")).build());

    assertThat(r2.text()).isEqualTo("19");
    JsonNode input = json(server.takeRequest()).get("input");
    assertThat(input).hasSize(4);
    assertThat(input.get(0).get("role").asText()).isEqualTo("user");
    JsonNode item = input.get(1);
    assertThat(item.get("type").asText()).isEqualTo("reasoning");
    assertThat(item.get("id").asText()).isEqualTo("rs_01830d662ab38565");
    assertThat(item.get("encrypted_content").asText()).isEqualTo(ENCRYPTED);
    assertThat(item.get("summary").toString()).isEqualTo(
        "[{\"type\":\"summary_text\",\"text\":\"**Calculating** 12 plus 7.\"}]");
    assertThat(input.get(2).toString()).isEqualTo("{\"type\":\"function_call\","
        + "\"call_id\":\"call_AB6AaRZ1FYZB2RwS\",\"name\":\"calculator\","
        + "\"arguments\":\"{\\\"a\\\":12,\\\"b\\\":7}\"}");
    assertThat(input.get(3).toString()).isEqualTo("{\"type\":\"function_call_output\","
        + "\"call_id\":\"call_AB6AaRZ1FYZB2RwS\",\"output\":\"19\"}");
  }

  @Test
  void reasoningFromAnotherProvider_isNotSentAsAResponsesItem() {
    server.enqueue(ResponsesStubs.text("ok"));
    client.chat(ChatRequest.builder().model("gpt-5").user("hi")
        .message(Message.assistant(java.util.List.of(
            new ContentPart.Reasoning("thinking...", "anthropic-signature", false),
            new ContentPart.Text("Hello."))))
        .user("again").build());
    JsonNode input = json(server.takeRequest()).get("input");
    assertThat(input).hasSize(3);
    assertThat(input.toString()).doesNotContain("anthropic-signature")
        .doesNotContain("\"reasoning\"");
  }
}
