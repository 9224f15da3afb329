package io.vectornode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-call HTTP headers ({@link ChatRequest#headers()}) and what listeners add per attempt. */
class RequestHeadersTest {
  private static ChatRequest.Builder valid() {
    return ChatRequest.builder().model("openai/gpt-4o-mini").user("hi");
  }

  @Test
  void header_keptInOrder_replacedByNameInAnyCase_andShownByNameOnly() {
    ChatRequest r = valid().header("X-Team", "search").header("traceparent", "00-a")
        .header("x-team", "ads").build();
    assertThat(r.headers()).containsExactly(Map.entry("traceparent", "00-a"),
        Map.entry("x-team", "ads"));
    assertThat(r.toString()).contains("headers=[traceparent, x-team]").doesNotContain("ads");
    assertThat(r.toBuilder().build().headers()).isEqualTo(r.headers());
    assertThat(valid().build().headers()).isEmpty();
  }

  @Test
  void header_thatCannotTravelInHttp_isRefusedNamingItButNeverEchoingTheValue() {
    assertThatThrownBy(() -> valid().header("x-evil", "a\r\nHost: other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header x-evil: value has a character that cannot travel in HTTP"
            + " (control or non-ASCII) at position 1");
    assertThatThrownBy(() -> valid().header("bad name", "v"))
        .hasMessageContaining("not allowed in a header name at position 3");
    assertThatThrownBy(() -> valid().header("", "v")).hasMessage("header name: must not be empty");
    assertThatThrownBy(() -> valid().header("x-long", "v".repeat(8193)))
        .hasMessageContaining("at most 8192 characters, was 8193");
    ChatRequest.Builder many = valid();
    for (int i = 0; i < ChatRequest.MAX_HEADERS; i++) {
      many.header("x-" + i, "v");
    }
    assertThatThrownBy(() -> many.header("x-one-more", "v")).hasMessageContaining("at most 32");
  }

  @Test
  void withHeaders_addsToACopy_theRequestsOwnWin_andNothingAddedIsTheSameRequest() {
    ChatRequest r = valid().header("traceparent", "mine").tag("team", "t").build();
    assertThat(r.withHeaders(Map.of())).isSameAs(r);
    assertThat(r.withHeaders(Map.of("TraceParent", "theirs"))).isSameAs(r);
    ChatRequest sent = r.withHeaders(Map.of("tracestate", "k=v", "TRACEPARENT", "theirs"));
    assertThat(sent.headers()).containsEntry("traceparent", "mine")
        .containsEntry("tracestate", "k=v").hasSize(2);
    assertThat(sent.messages()).isSameAs(r.messages());
    assertThat(sent.tags()).isEqualTo(r.tags());
    assertThat(sent.model()).isEqualTo(r.model());
    assertThat(r.withTarget("openai/x", null).headers()).isEqualTo(r.headers());
    assertThatThrownBy(() -> r.withHeaders(Map.of("x", "\n")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void guardedListeners_mergeTheirHeaders_firstWins_dropWhatCannotTravel_andSurviveAThrow() {
    List<String> called = new ArrayList<>();
    ModelCallListener throwing = new ModelCallListener() {
      @Override
      public Map<String, String> onAttemptStart(AttemptStartEvent e) {
        called.add("throwing");
        throw new IllegalStateException("listener bug");
      }
    };
    ModelCallListener first = new ModelCallListener() {
      @Override
      public Map<String, String> onAttemptStart(AttemptStartEvent e) {
        called.add("first");
        return Map.of("traceparent", "00-first");
      }
    };
    ModelCallListener second = new ModelCallListener() {
      @Override
      public Map<String, String> onAttemptStart(AttemptStartEvent e) {
        called.add("second");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Traceparent", "00-second"); // names are case-insensitive: the first still wins
        h.put("x-bad", "line\nbreak");
        h.put("baggage", "k=v");
        return h;
      }
    };
    ModelCallListener silent = new ModelCallListener() {};
    AttemptStartEvent e = new AttemptStartEvent("vn-1", AttemptStartEvent.Kind.FIRST, "openai",
        "openai", "gpt-4o-mini", null, false, valid().build());
    Map<String, String> merged = ModelCallListener.guarded(List.of(throwing, first, second,
        silent)).onAttemptStart(e);
    assertThat(called).containsExactly("throwing", "first", "second");
    assertThat(merged).containsExactly(Map.entry("traceparent", "00-first"),
        Map.entry("baggage", "k=v"));
    assertThat(silent.onAttemptStart(e)).isEmpty();
    // clients build attempt start events only when a listener overrides onAttemptStart
    assertThat(io.vectornode.spi.CallReport.wantsAttemptStarts(List.of(silent))).isFalse();
    assertThat(io.vectornode.spi.CallReport.wantsAttemptStarts(List.of(silent, first))).isTrue();
    assertThat(io.vectornode.spi.CallReport.wantsAttemptStarts(List.of())).isFalse();
  }
}
