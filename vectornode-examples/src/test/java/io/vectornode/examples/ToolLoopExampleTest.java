package io.vectornode.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.ContentPart;
import io.vectornode.ModelClient;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordingModelCallListener;
import io.vectornode.testing.StubReply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs {@link ToolLoopExample} on the OpenAI stub server. */
class ToolLoopExampleTest {
  @Test
  void run_theModelCallsBothToolsAtOnce_andAnswersFromTheirResults() throws Exception {
    try (ProviderStubServer s = ProviderStubServer.start()) {
      ContentPart.ToolCall weather =
          new ContentPart.ToolCall("call_w", "weather", "{\"city\":\"Oslo\"}");
      ContentPart.ToolCall convert = new ContentPart.ToolCall("call_c", "convert_currency",
          "{\"amount\":200,\"from\":\"EUR\",\"to\":\"NOK\"}");
      s.enqueue(OpenAiStubs.toolCalls(weather, convert));
      s.enqueue(OpenAiStubs.chat("Snow, -3°C. 200 EUR is 2340.00 NOK."));
      s.enqueue(StubReply.sse(List.of(
          OpenAiStubs.toolCallChunk(0, "call_w2", "weather", "{\"city\":\"Oslo\"}"),
          OpenAiStubs.chunk("{}", "tool_calls"),
          OpenAiStubs.usageChunk(OpenAiStubs.usage(80, 12, 0, 0)),
          OpenAiStubs.done())));
      s.enqueue(OpenAiStubs.stream("Pack ", "a warm coat."));
      RecordingModelCallListener listener = new RecordingModelCallListener();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ModelClient ai = VectorNode.builder().listener(listener)
          .provider(ProviderConfig.builder("openai").apiKey("sk-test-0123456789abcdef")
              .baseUrl(s.baseUrl()).build())
          .model("fast", "openai", "gpt-4o-mini").build()) {
        ToolLoopExample.run(ai, "fast", new PrintStream(bytes, true, StandardCharsets.UTF_8));
      }
      String out = bytes.toString(StandardCharsets.UTF_8);
      assertThat(out).contains("Snow, -3°C. 200 EUR is 2340.00 NOK.")
          .contains("[2 attempts, $")
          .contains("Pack a warm coat.\n[14 output tokens]"); // 12 + 2: both turns

      s.takeRequest();
      JsonNode second = new ObjectMapper().readTree(s.takeRequest().body());
      List<String> results = new ArrayList<>();
      for (JsonNode m : second.get("messages")) {
        if (m.path("role").asText().equals("tool")) {
          results.add(m.get("tool_call_id").asText() + "=" + m.get("content").asText());
        }
      }
      assertThat(results).containsExactly(
          "call_w={\"city\":\"Oslo\",\"celsius\":-3,\"sky\":\"snow\"}", "call_c=2340.00");
      assertThat(listener.ends()).hasSize(2); // one call per loop, whatever its turns
      assertThat(listener.ends().get(0).attempts()).hasSize(2);
    }
  }
}
