package io.vectornode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatRequestTest {
  private static ChatRequest.Builder valid() {
    return ChatRequest.builder().model("openai/gpt-4o-mini").user("hi");
  }

  @Test
  void build_noMessages_failsNamingTheField() {
    assertThatThrownBy(() -> ChatRequest.builder().model("m").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("messages: must not be empty, was []");
  }

  @Test
  void build_negativeMaxTokens_failsNamingFieldAndValue() {
    assertThatThrownBy(() -> valid().maxOutputTokens(-5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxOutputTokens: must be at least 1, was -5");
    assertThatThrownBy(() -> valid().maxOutputTokens(0).build())
        .hasMessageContaining("was 0");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 2.01, 7.0, Double.NaN})
  void build_temperatureOutOfRange_failsNamingFieldAndValue(double t) {
    assertThatThrownBy(() -> valid().temperature(t).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("temperature: must be between 0.0 and 2.0")
        .hasMessageEndingWith("was " + t);
  }

  @Test
  void build_temperatureBounds_areAccepted() {
    assertThat(valid().temperature(0.0).build().temperature()).hasValue(0.0);
    assertThat(valid().temperature(2.0).build().temperature()).hasValue(2.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t"})
  void build_blankModel_failsNamingFieldAndValue(String model) {
    assertThatThrownBy(() -> valid().model(model).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: must not be blank, was '" + model + "'");
  }

  @Test
  void build_otherInvalidFields_failNamingThem() {
    assertThatThrownBy(() -> valid().topP(0.0).build()).hasMessageStartingWith("topP:");
    assertThatThrownBy(() -> valid().topP(1.5).build()).hasMessageContaining("was 1.5");
    assertThatThrownBy(() -> valid().stop("").build()).hasMessageStartingWith("stop:");
    assertThatThrownBy(() -> valid().timeout(Duration.ZERO).build())
        .hasMessageStartingWith("timeout:");
    assertThatThrownBy(() -> valid().task(" ").build()).hasMessageStartingWith("task:");
    assertThatThrownBy(() -> valid().toolChoice(ToolChoice.tool("missing")).build())
        .hasMessageContaining("'missing'");
    assertThatThrownBy(() -> valid().toolChoice(ToolChoice.required()).build())
        .hasMessageStartingWith("toolChoice:");
  }

  @Test
  void build_toolChoiceNeedingAToolWithoutTools_isRejectedButAutoAndNoneAreKept() {
    assertThatThrownBy(() -> valid().toolChoice(ToolChoice.tool("lookup")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("toolChoice: names tool 'lookup', which is not among the request's tools");
    assertThatThrownBy(() -> valid().toolChoice(ToolChoice.required()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("toolChoice: 'required' needs at least one tool");
    assertThat(valid().toolChoice(ToolChoice.none()).build().toolChoice())
        .contains(ToolChoice.none());
  }

  @Test
  void toBuilder_copiesEverythingAndOriginalStaysImmutable() {
    ChatRequest original = valid().system("sys").temperature(0.3).topP(0.5).maxOutputTokens(9)
        .stop("X").seed(7L).tag("team", "a").timeout(Duration.ofSeconds(3))
        .tool(Tool.of("t", "d", "{}")).toolChoice(ToolChoice.auto()).parallelToolCalls(false)
        .responseFormat(ResponseFormat.jsonObject()).task("cheap")
        .providerOption("openai", "user", "u1").build();

    ChatRequest copy = original.toBuilder().user("more").tag("feature", "f").build();

    assertThat(copy.messages()).hasSize(3);
    assertThat(original.messages()).hasSize(2);
    assertThat(copy.tags()).isEqualTo(Map.of("team", "a", "feature", "f"));
    assertThat(original.tags()).isEqualTo(Map.of("team", "a"));
    assertThat(copy.temperature()).hasValue(0.3);
    assertThat(copy.maxOutputTokens()).hasValue(9);
    assertThat(copy.seed()).hasValue(7L);
    assertThat(copy.task()).contains("cheap");
    assertThat(copy.providerOptions("openai", "openai")).containsEntry("user", "u1");
    assertThat(copy.providerOptions("anthropic", "anthropic")).isEmpty();
    assertThatThrownBy(() -> original.messages().add(Message.user("x")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> original.tags().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toString_doesNotShowPromptText() {
    assertThat(valid().user("my secret diagnosis").build().toString())
        .doesNotContain("diagnosis").contains("messages=2");
  }

  @Test
  void withTarget_changesModelTimeoutAndTask_sharesTheRest() {
    ChatRequest r = ChatRequest.builder().task("reasoning").system("Be brief.").user("Hi")
        .tool(Tool.of("find", "Finds", "{\"type\":\"object\"}")).temperature(0.2)
        .maxOutputTokens(50).tag("team", "search").stop(List.of("END"))
        .timeout(Duration.ofSeconds(30)).build();
    ChatRequest t = r.withTarget("openai/gpt-4o-mini", Duration.ofSeconds(5));
    assertThat(t.model()).contains("openai/gpt-4o-mini");
    assertThat(t.task()).isEmpty();
    assertThat(t.timeout()).contains(Duration.ofSeconds(5));
    assertThat(t.messages()).isSameAs(r.messages());
    assertThat(t.tools()).isSameAs(r.tools());
    assertThat(t.tags()).isSameAs(r.tags());
    assertThat(t.temperature()).isEqualTo(r.temperature());
    assertThat(t.maxOutputTokens()).isEqualTo(r.maxOutputTokens());
    assertThat(t.stop()).isEqualTo(List.of("END"));
    assertThat(r.model()).isEmpty(); // the original is untouched
    assertThat(r.task()).contains("reasoning");
    assertThat(r.withTarget("m", null).timeout()).isEmpty();
  }

  @Test
  void withTarget_badValues_failNamingTheField() {
    ChatRequest r = ChatRequest.builder().user("Hi").build();
    assertThatThrownBy(() -> r.withTarget(" ", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("model:");
    assertThatThrownBy(() -> r.withTarget("m", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout: must be positive, was PT0S");
  }

  @Test
  void everyCopy_answersTheOptionalsOfItsOwnValues() {
    ChatRequest full = valid().model("m1").task("t1").maxOutputTokens(7)
        .timeout(Duration.ofSeconds(3)).build();
    ChatRequest bare = valid().build();
    for (ChatRequest r : List.of(full, bare)) {
      ChatRequest headed = r.withHeaders(Map.of("x-trace", "1"));
      ChatRequest rebuilt = r.toBuilder().build();
      for (ChatRequest c : List.of(headed, rebuilt)) {
        assertThat(c.model()).isEqualTo(r.model());
        assertThat(c.task()).isEqualTo(r.task());
        assertThat(c.maxOutputTokens()).isEqualTo(r.maxOutputTokens());
        assertThat(c.timeout()).isEqualTo(r.timeout());
      }
      ChatRequest retargeted = headed.withTarget("m2", null);
      assertThat(retargeted.model()).contains("m2");
      assertThat(retargeted.task()).isEmpty();
      assertThat(retargeted.timeout()).isEmpty();
      assertThat(retargeted.maxOutputTokens()).isEqualTo(r.maxOutputTokens());
      assertThat(retargeted.headers()).containsEntry("x-trace", "1");
      ChatRequest changed = retargeted.toBuilder().model("m3").task("t3").maxOutputTokens(9)
          .timeout(Duration.ofSeconds(4)).build();
      assertThat(changed.model()).contains("m3");
      assertThat(changed.task()).contains("t3");
      assertThat(changed.maxOutputTokens()).hasValue(9);
      assertThat(changed.timeout()).contains(Duration.ofSeconds(4));
      assertThat(retargeted.model()).contains("m2"); // the copy's own optionals are untouched
    }
    assertThat(full.model()).contains("m1");
    assertThat(full.task()).contains("t1");
    assertThat(full.maxOutputTokens()).hasValue(7);
    assertThat(full.timeout()).contains(Duration.ofSeconds(3));
  }
}
