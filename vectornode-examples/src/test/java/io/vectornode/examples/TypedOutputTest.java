package io.vectornode.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.CallEndEvent;
import io.vectornode.ModelCallListener;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Runs the typed-output example against an OpenAI stub server. */
class TypedOutputTest {
  private static final String GOOD = "{\"summary\":\"Checkout returns 502 since the deploy\","
      + "\"priority\":\"URGENT\",\"actions\":[{\"team\":\"platform\",\"task\":\"Roll back\"},"
      + "{\"team\":\"support\",\"task\":\"Call the enterprise customer\"}],"
      + "\"reply\":\"We are rolling back the deploy now.\"}";
  /** A priority the enum lacks, and no reply property. */
  private static final String BAD = "{\"summary\":\"Checkout broken\",\"priority\":\"P0\","
      + "\"actions\":[]}";

  /** The stub's completion tokens: the answer's words. */
  private static int words(String text) {
    return text.split("\\s+").length;
  }

  @Test
  void example_readsRecords_repairsOnce_andReadsAStream() throws Exception {
    List<CallEndEvent> ends = new CopyOnWriteArrayList<>();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (ProviderStubServer server = ProviderStubServer.start()) {
      server.enqueue(OpenAiStubs.chat(GOOD));
      server.enqueue(OpenAiStubs.chat(BAD));
      server.enqueue(OpenAiStubs.chat(GOOD));
      server.enqueue(OpenAiStubs.stream(GOOD.substring(0, 40), GOOD.substring(40)));
      try (VectorNodeClient ai = VectorNode.builder()
          .provider(ProviderConfig.builder("openai").apiKey("sk-typed-0123456789abcdef")
              .baseUrl(server.baseUrl()).build())
          .model("fast", "openai", "gpt-4o-mini")
          .listener(new ModelCallListener() {
            @Override
            public void onCallEnd(CallEndEvent event) {
              ends.add(event);
            }
          })
          .build()) {
        TypedOutput.Triage t = TypedOutput.run(ai, "fast",
            new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(t.priority()).isEqualTo(TypedOutput.Priority.URGENT);
        assertThat(t.actions()).extracting(TypedOutput.Action::team)
            .containsExactly("platform", "support");
      }
      JsonNode schema = new ObjectMapper().readTree(server.takeRequest().body())
          .at("/response_format/json_schema/schema");
      assertThat(schema.at("/properties/priority/enum").toString())
          .isEqualTo("[\"LOW\",\"NORMAL\",\"URGENT\"]");
      assertThat(schema.at("/properties/reply/type").toString())
          .isEqualTo("[\"string\",\"null\"]");
      assertThat(schema.at("/properties/actions/items/description").asText())
          .isEqualTo("A task for one team");
      server.takeRequest();
      String repair = server.takeRequest().body();
      assertThat(repair).contains("$.priority: expected one of")
          .contains("missing required property 'reply'");
    }
    assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "1. URGENT: Checkout returns 502 since the deploy",
        "2. 2 actions after 2 answer(s), 2 attempt(s), " + (12 + words(BAD) + 12 + words(GOOD)) + " tokens",
        "3. reply: We are rolling back the deploy now.");
    // Three calls: the plain one, the repaired one (two attempts), the stream.
    assertThat(ends).hasSize(3);
    assertThat(ends.get(1).attempts()).hasSize(2);
  }
}
