package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ChatResponse;
import io.vectornode.Cost;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.Usage;
import io.vectornode.testing.ManualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The default response store's two bounds: size (least recently used out) and time. */
class MemoryResponseStoreTest {
  private static ChatResponse answer(String id) {
    return new ChatResponse(id, "p", "m", Message.assistant("ok"), FinishReason.STOP,
        Usage.of(3, 1), Cost.unknown(), 1, Duration.ZERO, Duration.ZERO);
  }

  @Test
  void beyondItsSize_theLeastRecentlyUsedAnswerGoes() {
    ManualTime time = ManualTime.create();
    ResponseStore s = ResponseStore.inMemory(2, Duration.ofHours(1), time);
    s.put("a", answer("a"));
    s.put("b", answer("b"));
    assertThat(s.get("a")).isPresent(); // a is now the more recently used
    s.put("c", answer("c"));
    assertThat(s.get("b")).isEmpty();
    assertThat(s.get("a")).map(ChatResponse::id).contains("a");
    assertThat(s.get("c")).map(ChatResponse::id).contains("c");
  }

  @Test
  void anAnswerOlderThanItsTtl_isAMiss_andARewriteStartsItsTimeAgain() {
    ManualTime time = ManualTime.create();
    ResponseStore s = ResponseStore.inMemory(10, Duration.ofMinutes(1), time);
    s.put("a", answer("a"));
    time.advance(Duration.ofSeconds(59));
    assertThat(s.get("a")).isPresent();
    s.put("a", answer("a2"));
    time.advance(Duration.ofSeconds(30));
    assertThat(s.get("a")).map(ChatResponse::id).contains("a2");
    time.advance(Duration.ofSeconds(30));
    assertThat(s.get("a")).isEmpty();
  }
}
