package io.vectornode.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.AttemptEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.StreamEvent;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.RecordingModelCallListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that follows a config file runs a multi-turn call as one call on one config. */
class ReloadingTurnsTest {
  @TempDir Path dir;

  @Test
  void chatAndStreamWithTurns_areOneCallEach() throws Exception {
    Path f = dir.resolve("live.yaml");
    Files.writeString(f, """
        providers:
          a: { type: fake, options: { reply: "A" } }
        models:
          m: { provider: a, model: x }
        """);
    RecordingModelCallListener listener = new RecordingModelCallListener();
    try (ReloadingClient c = new ReloadingClient(f, List.of(listener),
        Map.<String, String>of()::get, ManualTime.create(), Duration.ofMillis(500),
        Duration.ofSeconds(5))) {
      ChatRequest r = ChatRequest.builder().model("m").user("hi").build();
      int[] turns = {0};
      ChatResponse answer = c.chat(r, previous -> ++turns[0] < 3 ? r : null);
      assertThat(answer.attempts()).isEqualTo(3);
      assertThat(listener.singleEnd().attempts()).extracting(AttemptEvent::attempt)
          .containsExactly(1, 2, 3);
      listener.clear();
      StringBuilder text = new StringBuilder();
      int[] streamed = {0};
      try (ChatStream s = c.stream(r, previous -> ++streamed[0] < 2 ? r : null)) {
        for (StreamEvent e : s) {
          if (e instanceof StreamEvent.TextDelta d) {
            text.append(d.text());
          }
        }
      }
      assertThat(text.toString()).isEqualTo("AA");
      assertThat(listener.singleEnd().attempts()).hasSize(2);
    }
  }
}
