package io.vectornode.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import io.vectornode.ContentPart;
import io.vectornode.Cost;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.Role;
import io.vectornode.Usage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reasoning item comes back into the next turn whole: its text, its signature (Anthropic's, or
 * the Responses API's encrypted content) and its id (the Responses API's {@code rs_...}, without
 * which the encrypted reasoning cannot be sent back).
 */
class ReasoningRoundTripTest {

  @Test
  void reasoningWithAnId_survivesTheLangChain4jMessage() {
    io.vectornode.ChatResponse r = new io.vectornode.ChatResponse("resp_1", "openai", "o4-mini",
        new Message(Role.ASSISTANT, List.of(
            new ContentPart.Reasoning("weighed both", "gAAAA-encrypted", false, "rs_42"),
            new ContentPart.Text("42"))),
        FinishReason.STOP, Usage.of(10, 5), Cost.unknown(), 1, Duration.ZERO, Duration.ZERO);
    AiMessage ai = Responses.aiMessage(r);
    Message back = Requests.message(ai);
    assertThat(back.content().get(0)).isEqualTo(
        new ContentPart.Reasoning("weighed both", "gAAAA-encrypted", false, "rs_42"));
  }

  @Test
  void reasoningWithoutAnId_staysWithoutOne() {
    io.vectornode.ChatResponse r = new io.vectornode.ChatResponse("m_1", "anthropic", "claude",
        new Message(Role.ASSISTANT, List.of(new ContentPart.Reasoning("hmm", "sig", false),
            new ContentPart.Text("ok"))),
        FinishReason.STOP, Usage.of(10, 5), Cost.unknown(), 1, Duration.ZERO, Duration.ZERO);
    Message back = Requests.message(Responses.aiMessage(r));
    assertThat(back.content().get(0)).isEqualTo(new ContentPart.Reasoning("hmm", "sig", false));
  }
}
