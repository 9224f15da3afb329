package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The budget bound of {@link TokenEstimate}: never below the real count for any script, by bytes
 * for every family and, for OpenAI with jtokkit, by the exact count; and the same bytes bound
 * when jtokkit is not on the class path.
 */
class TokenEstimateTest {
  private static final Encoding O200K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  private static final Encoding CL100K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  /** CJK prose and rare ideographs, ZWJ emoji, dense code, mixed scripts, special tokens. */
  private static final List<String> TEXTS = List.of(
      "人工智能正在改变我们的工作方式。许多公司使用大型语言模型来回答客户的问题。".repeat(40),
      rare(3000),
      "👨‍👩‍👧‍👦🏳️‍🌈👩🏽‍💻🇯🇵😀".repeat(100),
      "for(int i=0;i<n;i++){a[i]+=b[j]*c[k]>>>3;if(x!=y&&z<=w){q^=~r|s;}}\n".repeat(30),
      "Summarize 预算 👩🏽‍💻 бюджет الميزانية बजट `x->x*2`; ".repeat(40),
      "<|endoftext|><|im_start|>system\n".repeat(50),
      " ".repeat(500) + "\t\n".repeat(200));

  private static String rare(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) (0x4E00 + i * 7));
    }
    return sb.toString();
  }

  /** OpenAI's documented chat count: 3 per message, 3 to prime the reply, and the text. */
  private static long openAiReal(Encoding enc, ChatRequest r) {
    long n = 3;
    for (Message m : r.messages()) {
      n += 3 + enc.countTokensOrdinary(m.text());
    }
    return n;
  }

  private static ChatRequest req(String text) {
    return ChatRequest.builder().system("Be brief.").user(text).build();
  }

  @Test
  void utf8Bytes_isTheEncodedLengthForBmpText_andNeverLessForAnyString() {
    for (String s : List.of("", "plain ascii", "café", "预算", "\uFFFF", "€uro")) {
      assertThat(TokenEstimate.utf8Bytes(s)).as(s)
          .isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
    assertThat(TokenEstimate.utf8Bytes("😀")).isEqualTo(6); // 4 on the wire: never less
    assertThat(TokenEstimate.utf8Bytes("\uD800")).isEqualTo(3); // sent as U+FFFD, 3 bytes
    for (String s : TEXTS) {
      assertThat(TokenEstimate.utf8Bytes(s))
          .isGreaterThanOrEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void byteBound_coversOpenAisExactCount_forEveryScript_withoutATokenizer() {
    for (int i = 0; i < TEXTS.size(); i++) {
      String text = TEXTS.get(i);
      ChatRequest r = req(text);
      TokenEstimate.Bound b = new TokenEstimate.Bound(r, false);
      assertThat(b.bytes("gpt-4o")).as(text.substring(0, 12))
          .isGreaterThanOrEqualTo(openAiReal(O200K, r))
          .isGreaterThanOrEqualTo(openAiReal(CL100K, r))
          .isGreaterThanOrEqualTo(3 + 2 * 3 + r.messages().stream()
              .mapToLong(m -> m.text().getBytes(StandardCharsets.UTF_8).length).sum());
      // Without a tokenizer there is nothing to tighten.
      assertThat(b.tightened("openai", "gpt-4o")).isEqualTo(b.bytes("gpt-4o"));
      // The old estimate (characters / 4) is below it for rare CJK, emoji, code and mixed text.
      if (i >= 1 && i <= 4) {
        assertThat(TokenEstimate.input(r)).isLessThan(openAiReal(O200K, r));
      }
    }
  }

  @Test
  void tightenedBound_isTheExactCountPlusOverheads_forOpenAiEncodings() {
    for (String text : TEXTS) {
      ChatRequest r = req(text);
      TokenEstimate.Bound b = new TokenEstimate.Bound(r, true);
      long o200k = b.tightened("openai", "gpt-4o");
      long cl100k = b.tightened("azure-openai", "gpt-4-turbo");
      assertThat(o200k).isGreaterThanOrEqualTo(openAiReal(O200K, r))
          .isLessThanOrEqualTo(b.bytes("gpt-4o"));
      assertThat(cl100k).isGreaterThanOrEqualTo(openAiReal(CL100K, r));
      long overheads = TokenEstimate.REQUEST_OVERHEAD + 2 * TokenEstimate.MESSAGE_OVERHEAD
          + 2 * TokenEstimate.PART_OVERHEAD;
      assertThat(o200k - overheads).isEqualTo(O200K.countTokensOrdinary("Be brief.")
          + O200K.countTokensOrdinary(text));
      // Other families never use OpenAI's tokenizer, even for an OpenAI model's name.
      assertThat(b.tightened("openai-compatible", "gpt-4o")).isEqualTo(b.bytes("gpt-4o"));
      assertThat(b.tightened("anthropic", "claude-sonnet-4-5"))
          .isEqualTo(b.bytes("claude-sonnet-4-5"));
    }
  }

  @Test
  void tightening_skipsTextsAboveTheTokenizerCap() {
    ChatRequest r = req("x".repeat((int) TokenEstimate.MAX_TOKENIZED_BYTES + 1));
    TokenEstimate.Bound b = new TokenEstimate.Bound(r, true);
    assertThat(b.tightened("openai", "gpt-4o")).isEqualTo(b.bytes("gpt-4o"));
  }

  @Test
  void images_toolsAndSchemas_areBoundedToo() {
    ChatRequest r = ChatRequest.builder()
        .message(Message.user(new ContentPart.Text("look"),
            new ContentPart.ImageUrl("https://example.invalid/a.png")))
        .tool(Tool.of("lookup", "Finds a record 🔎", "{\"type\":\"object\",\"properties\":"
            + "{\"id\":{\"type\":\"string\",\"description\":\"記録の識別子\"}}}"))
        .build();
    TokenEstimate.Bound b = new TokenEstimate.Bound(r, true);
    assertThat(b.bytes("gpt-4o-mini")).isGreaterThan(48_169); // 2,833 + 8 tiles x 5,667
    assertThat(b.bytes("claude-sonnet-4-5")).isGreaterThan(TokenEstimate.IMAGE_BOUND
        + TokenEstimate.TOOLS_OVERHEAD + 100);
    assertThat(b.tightened("openai", "gpt-4o")).isGreaterThan(TokenEstimate.IMAGE_BOUND
        + TokenEstimate.TOOLS_OVERHEAD + 100);
  }

  @Test
  void withoutJtokkitOnTheClassPath_budgetsKeepTheByteBound_andNothingFails() throws Exception {
    ClassLoader hidden = new WithoutJtokkit(getClass().getClassLoader());
    @SuppressWarnings("unchecked")
    Supplier<String> probe = (Supplier<String>) hidden.loadClass(
        "io.vectornode.routing.TokenizerAbsentProbe").getDeclaredConstructor()
        .newInstance();
    assertThat(probe.getClass().getClassLoader()).isSameAs(hidden);
    assertThat(probe.get()).isEqualTo("available=false tightened=bytes refused=true");
  }

  /**
   * Defines VectorNode's own classes afresh (so that their jtokkit lookups go through it) and
   * hides jtokkit; everything else comes from the parent.
   */
  private static final class WithoutJtokkit extends ClassLoader {
    WithoutJtokkit(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("com.knuddels.") || name.startsWith("io.vectornode.jtokkit.")) {
        throw new ClassNotFoundException(name);
      }
      if (!name.startsWith("io.vectornode.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          String path = name.replace('.', '/') + ".class";
          try (InputStream in = getParent().getResourceAsStream(path)) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            c = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        return c;
      }
    }
  }
}
