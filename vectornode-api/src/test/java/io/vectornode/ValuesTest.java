package io.vectornode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void message_rolesOnlyHoldTheirParts() {
    assertThatThrownBy(() -> new Message(Role.SYSTEM,
        List.of(new ContentPart.ImageUrl("https://x/y.png"))))
        .hasMessageContaining("SYSTEM message cannot hold an image");
    assertThatThrownBy(() -> new Message(Role.USER,
        List.of(new ContentPart.ToolCall("c", "f", "{}"))))
        .hasMessageContaining("USER message cannot hold ToolCall");
    assertThatThrownBy(() -> new Message(Role.ASSISTANT,
        List.of(new ContentPart.ToolResult("c", "r", false))))
        .hasMessageContaining("cannot hold a ToolResult");
    assertThatThrownBy(() -> new Message(Role.USER, List.of()))
        .hasMessageContaining("must not be empty");
  }

  @Test
  void message_textAndToolCalls_areExtracted() {
    Message m = Message.assistant(List.of(new ContentPart.Reasoning("think", "sig", false),
        new ContentPart.Text("a"), new ContentPart.ToolCall("c1", "f", "{}"),
        new ContentPart.Text("b")));
    assertThat(m.text()).isEqualTo("ab");
    assertThat(m.toolCalls()).containsExactly(new ContentPart.ToolCall("c1", "f", "{}"));
  }

  @Test
  void imageData_copiesBytesAndValidatesMediaType() {
    byte[] bytes = {1, 2, 3};
    ContentPart.ImageData img = new ContentPart.ImageData(bytes, "image/png");
    bytes[0] = 9;
    assertThat(img.data()[0]).isEqualTo((byte) 1);
    img.data()[1] = 9;
    assertThat(img.data()[1]).isEqualTo((byte) 2);
    assertThat(img).isEqualTo(new ContentPart.ImageData(new byte[] {1, 2, 3}, "image/png"));
    assertThat(img.base64()).isEqualTo("AQID");
    assertThat(img.toString()).contains("3 bytes");
    assertThatThrownBy(() -> new ContentPart.ImageData(bytes, "image/bmp"))
        .hasMessageContaining("'image/bmp'");
    assertThatThrownBy(() -> new ContentPart.ImageUrl(URI.create("file:///etc/passwd"),
        ImageDetail.AUTO)).hasMessageContaining("'file'");
  }

  @Test
  void tool_invalidNameOrSchema_failsNamingIt() {
    assertThatThrownBy(() -> Tool.of("has space", "", "{}")).hasMessageContaining("'has space'");
    assertThatThrownBy(() -> Tool.of("ok", "", "[1]")).hasMessageContaining("tool parameters");
    assertThatThrownBy(() -> ResponseFormat.jsonSchema("s", "true"))
        .hasMessageContaining("responseFormat schema");
  }

  @Test
  void secret_neverShowsItsValueAndHasAStableId() {
    Secret s = Secret.of("sk-live-abcdef123456");
    assertThat(s.toString()).doesNotContain("abcdef").startsWith("Secret[key-");
    assertThat(s.id()).matches("key-[0-9a-f]{8}").isEqualTo(Secret.of("sk-live-abcdef123456").id());
    assertThat(s.id()).isNotEqualTo(Secret.of("sk-live-abcdef123457").id());
    assertThat(s.reveal()).isEqualTo("sk-live-abcdef123456");
    assertThatThrownBy(() -> Secret.of(" ")).hasMessage("secret: must not be blank");
  }

  @Test
  void cost_unknownIsNotZeroAndPoisonsSums() {
    Cost known = Cost.of(new BigDecimal("0.0012"), "2026-11");
    assertThat(Cost.unknown().usd()).isEmpty();
    assertThat(Cost.unknown().known()).isFalse();
    assertThat(known.plus(Cost.unknown())).isEqualTo(Cost.unknown());
    assertThat(known.plus(Cost.estimated(new BigDecimal("0.0008"), "2026-11")))
        .satisfies(c -> {
          assertThat(c.usd()).contains(new BigDecimal("0.0020"));
          assertThat(c.estimated()).isTrue();
        });
    assertThatThrownBy(() -> Cost.of(new BigDecimal("-1"), "v")).hasMessageContaining("-1");
  }

  @Test
  void usage_sumsAndRejectsNegatives() {
    assertThat(new Usage(10, 5, 4, 1, 2).plus(Usage.of(1, 1)))
        .isEqualTo(new Usage(11, 6, 4, 1, 2));
    assertThat(Usage.of(3, 4).totalTokens()).isEqualTo(7);
    assertThatThrownBy(() -> Usage.of(-1, 0)).hasMessageContaining("input=-1");
  }

  @Test
  void usageSums_beyondALong_saturateInsteadOfWrappingNegative() {
    long absurd = Long.MAX_VALUE / 4; // a count a parser lets through
    Usage u = new Usage(absurd, absurd, absurd, absurd, absurd);
    Usage total = u;
    for (int i = 0; i < 4; i++) { // 5 x (MAX / 4): wraps in plain long arithmetic
      total = total.plus(u);
    }
    assertThat(total).isEqualTo(new Usage(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
        Long.MAX_VALUE, Long.MAX_VALUE));
    assertThat(Usage.of(Long.MAX_VALUE, Long.MAX_VALUE).totalTokens()).isEqualTo(Long.MAX_VALUE);
    assertThat(u.plus(u)).isEqualTo(new Usage(2 * absurd, 2 * absurd, 2 * absurd, 2 * absurd,
        2 * absurd)); // below the saturation: exact
  }

  @Test
  void chatResponse_zeroAttempts_onlyWhenCached() {
    java.time.Duration d = java.time.Duration.ofMillis(3);
    assertThatThrownBy(() -> new ChatResponse("id", "p", "m", Message.assistant("a"),
        FinishReason.STOP, Usage.ZERO, Cost.unknown(), 0, d, d))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    ChatResponse hit = new ChatResponse("id", "p", "m", Message.assistant("a"), FinishReason.STOP,
        Usage.ZERO, Cost.unknown(), 0, d, d, true);
    assertThat(hit.cached()).isTrue();
    assertThat(new ChatResponse("id", "p", "m", Message.assistant("a"), FinishReason.STOP,
        Usage.ZERO, Cost.unknown(), 1, d, d).cached()).isFalse();
  }
}
