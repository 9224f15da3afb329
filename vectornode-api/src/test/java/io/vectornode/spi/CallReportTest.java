package io.vectornode.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.CallStartEvent;
import io.vectornode.ChatRequest;
import io.vectornode.Cost;
import io.vectornode.ModelCallListener;
import io.vectornode.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallReportTest {
  private final List<Object> events = new ArrayList<>();
  private final ModelCallListener listener = new ModelCallListener() {
    @Override
    public void onCallStart(CallStartEvent e) {
      events.add(e);
    }

    @Override
    public void onAttempt(AttemptEvent e) {
      events.add(e);
    }

    @Override
    public void onCallEnd(CallEndEvent e) {
      events.add(e);
    }
  };
  private final ChatRequest request =
      ChatRequest.builder().model("openai/gpt-4o-mini").task("summarize").user("hi").build();

  @Test
  void requestIds_areVnAnd20HexDigits_andDiffer() {
    String a = CallReport.newRequestId();
    String b = CallReport.newRequestId();
    assertThat(a).matches("vn-[0-9a-f]{20}");
    assertThat(b).matches("vn-[0-9a-f]{20}").isNotEqualTo(a);
  }

  @Test
  void attemptsAreNumbered_andTheOneEndSumsThem() {
    CallReport r = new CallReport(listener, request);
    r.start(false, Instant.EPOCH);
    r.attempt("a", "m1", "d1", "k1", CallOutcome.FAILURE, new IllegalStateException("x"),
        Usage.of(10, 0), Cost.of(new BigDecimal("0.001"), "v1"),
        Duration.ofMillis(5), null, "retry in 0 ms");
    r.attempt("b", "m2", "d2", null, CallOutcome.SUCCESS, null, Usage.of(20, 5),
        Cost.of(new BigDecimal("0.002"), "v1"), Duration.ofMillis(7),
        Duration.ofMillis(7), null);
    assertThat(r.end(CallOutcome.SUCCESS, null, "b", "m2", Duration.ofMillis(12), null))
        .isTrue();
    assertThat(r.end(CallOutcome.FAILURE, null, "b", "m2", Duration.ofMillis(13), null))
        .as("a second end is ignored").isFalse();

    assertThat(events).hasSize(4);
    CallStartEvent start = (CallStartEvent) events.get(0);
    assertThat(start.requestId()).isEqualTo(r.requestId());
    assertThat(start.task()).isEqualTo("summarize");
    assertThat(((AttemptEvent) events.get(1)).attempt()).isEqualTo(1);
    assertThat(((AttemptEvent) events.get(2)).attempt()).isEqualTo(2);
    CallEndEvent end = (CallEndEvent) events.get(3);
    assertThat(end.requestId()).isEqualTo(r.requestId());
    assertThat(end.attempts()).hasSize(2);
    assertThat(end.usage()).isEqualTo(Usage.of(30, 5));
    assertThat(end.cost().usd()).contains(new BigDecimal("0.003"));
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.lastAttempt().provider()).isEqualTo("b");
  }

  @Test
  void aCallWithoutAttempts_endsWithZeroUsageAndUnknownCost() {
    CallReport r = new CallReport(listener, request);
    r.end(CallOutcome.FAILURE, new IllegalStateException("no route"), null, null,
        Duration.ZERO, null);
    CallEndEvent end = (CallEndEvent) events.get(0);
    assertThat(end.usage()).isEqualTo(Usage.ZERO);
    assertThat(end.cost().usd()).isEmpty();
    assertThat(end.attempts()).isEmpty();
  }
}
