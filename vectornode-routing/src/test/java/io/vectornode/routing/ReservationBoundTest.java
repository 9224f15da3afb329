package io.vectornode.routing;

import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.catalog.ModelInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.Usage;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.catalog.Costs;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, item 14: a budget reservation is never below the real input, whatever the script,
 * for every provider family.
 *
 * <p>The ground truth for "real": for OpenAI, jtokkit's exact {@code o200k_base} count of each
 * message's text plus the 3 tokens per message and 3 for the reply that OpenAI's cookbook
 * documents ({@code num_tokens_from_messages}). For the others no tokenizer is available in Java,
 * so the test uses the worst case their tokenizers can reach: Claude's published tokenizer and
 * Llama 3's are byte-level BPE, Gemini's (like Gemma's) is SentencePiece with byte fallback, and
 * in both every token covers at least one UTF-8 byte, so no text has more tokens than bytes. The
 * old estimate (characters / 4) is below both for CJK, emoji and dense code.
 */
class ReservationBoundTest extends RouterTestSupport {
  private static final Encoding O200K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  /** Ordinary Chinese prose, repeated to 2,000 characters (o200k: about 0.64 token each). */
  static final String CJK = repeat("人工智能正在改变我们的工作方式。许多公司使用大型语言模型来回答客户的问题、"
      + "编写代码和总结文件。为了控制成本，团队需要为每个项目设定预算，并在调用模型之前估计需要多少个词元。"
      + "如果估计过低，并发请求可能会超出限额。", 2000);
  /** 2,000 consecutive ideographs from U+4E00, most of them rare (o200k: about 1.8 each). */
  static final String RARE_CJK = rareCjk(2000);
  /** ZWJ families, a rainbow flag, skin tones, regional-indicator flags. */
  static final String EMOJI = repeat("👨‍👩‍👧‍👦 🏳️‍🌈 👩🏽‍💻🧑🏿‍🚀 🇯🇵🇫🇷🇧🇷 😀😃😄😁 ", 1200);
  /** Symbol-dense code: about one token per two characters. */
  static final String CODE = repeat("for(int i=0;i<n;i++){a[i]+=b[j]*c[k]>>>3;if(x!=y&&z<=w){q^=~r|s;}}"
      + "\n", 2000);
  /** English, CJK, emoji, Cyrillic, Arabic, Devanagari and code in one prompt. */
  static final String MIXED = repeat("Summarize 预算 👩🏽‍💻 бюджет الميزانية बजट `x->x*2`; ", 2000);

  enum Family {
    OPENAI("openai", "gpt-4o"),
    ANTHROPIC("anthropic", "claude-sonnet-4-5"),
    GEMINI("gemini", "gemini-2.5-pro"),
    /** groq is an openai-compatible preset; Llama 3's tokenizer is byte-level BPE. */
    OPENAI_COMPATIBLE("groq", "llama-3.3-70b-versatile");

    final String type;
    final String model;

    Family(String type, String model) {
      this.type = type;
      this.model = model;
    }

    ModelInfo info() {
      return ModelCatalog.bundled().find(type, model).orElseThrow();
    }
  }

  static Stream<Arguments> scriptsByFamily() {
    List<Arguments> all = new ArrayList<>();
    for (Family f : Family.values()) {
      all.add(Arguments.of(f, "cjk", CJK));
      all.add(Arguments.of(f, "rare cjk", RARE_CJK));
      all.add(Arguments.of(f, "emoji", EMOJI));
      all.add(Arguments.of(f, "code", CODE));
      all.add(Arguments.of(f, "mixed", MIXED));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("scriptsByFamily")
  void reservation_isAtLeastTheRealInputCost_forEveryScriptAndFamily(Family f, String script,
      String text) {
    ReportingProvider provider = new ReportingProvider(f.type, r -> Usage.of(1, 1), null);
    ModelClient c = build(builder().registry(ProviderRegistry.of(List.of(provider)))
        .provider(ProviderConfig.builder("p").type(f.type).apiKey("k-0123456789").build())
        .model("m", "p", f.model).logCalls(false)
        // Nothing fits: the refusal reports what the attempt would have reserved.
        .budget(Budget.of("tiny", BudgetScope.global(), Budget.Period.DAY, "0.000000001")));
    ChatRequest r = ChatRequest.builder().model("m").system("Answer briefly.").user(text)
        .maxOutputTokens(16).build();

    BudgetExceededException refused =
        catchThrowableOfType(BudgetExceededException.class, () -> c.chat(r));

    long real = worstRealInput(f, r);
    BigDecimal realCost = Costs.of(Usage.of(real, 16), f.info(), "test").usd().orElseThrow();
    assertThat(refused.requestedUsd())
        .as("%s %s: %d chars, real input %d tokens", f, script, text.length(), real)
        .isGreaterThanOrEqualTo(realCost);
    assertThat(provider.calls).hasValue(0);
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void sixtyFourCallers_withA2000CharacterCjkPrompt_neverOverspendAHardBudget(Family f)
      throws Exception {
    int callers = 64;
    ReportingProvider.Gate gate = new ReportingProvider.Gate(callers);
    // The provider reports what the model really bills: the exact count for OpenAI, one token
    // per character elsewhere (as the report measured), and the whole output cap.
    ReportingProvider provider = new ReportingProvider(f.type,
        r -> Usage.of(reportedInput(f, r), 256), gate);
    ModelClient c = build(builder().registry(ProviderRegistry.of(List.of(provider)))
        .provider(ProviderConfig.builder("p").type(f.type).apiKey("k-0123456789").build())
        .model("m", "p", f.model).logCalls(false)
        .budget(Budget.of("hard", BudgetScope.global(), Budget.Period.DAY, "0.05")));
    ChatRequest r = ChatRequest.builder().model("m").user(CJK).maxOutputTokens(256).build();

    int[] outcome = race(c, r, callers, gate, null);

    BudgetStatus ledger = budget(c, "hard");
    BigDecimal spent = ledger.spent();
    BigDecimal perCall = Costs.of(Usage.of(reportedInput(f, r), 256), f.info(), "test").usd()
        .orElseThrow();
    assertThat(outcome[0]).as("admitted").isPositive().isEqualTo(provider.calls.get());
    assertThat(outcome[0] + outcome[1]).isEqualTo(callers);
    assertThat(spent).isEqualByComparingTo(perCall.multiply(BigDecimal.valueOf(outcome[0])));
    assertThat(spent).as("%s: %d admitted of %d, spent %s", f, outcome[0], callers,
        spent.toPlainString()).isLessThanOrEqualTo(new BigDecimal("0.05"));
    assertThat(ledger.reserved()).isEqualByComparingTo("0");
  }

  @org.junit.jupiter.api.Test
  void callsToAnOpenAiModel_thatDoNotFitByBytes_areRecountedWithJtokkit_andFillTheBudget() {
    Family f = Family.OPENAI;
    ReportingProvider provider = new ReportingProvider(f.type,
        r -> Usage.of(reportedInput(f, r), 256), null);
    ModelClient c = build(builder().registry(ProviderRegistry.of(List.of(provider)))
        .provider(ProviderConfig.builder("p").type(f.type).apiKey("k-0123456789").build())
        .model("m", "p", f.model).logCalls(false)
        .budget(Budget.of("hard", BudgetScope.global(), Budget.Period.DAY, "0.05")));
    ChatRequest r = ChatRequest.builder().model("m").user(CJK).maxOutputTokens(256).build();
    int admitted = 0;
    while (admitted < 20) {
      try {
        c.chat(r);
        admitted++;
      } catch (BudgetExceededException e) {
        break;
      }
    }
    BigDecimal perCall = Costs.of(Usage.of(reportedInput(f, r), 256), f.info(), "test").usd()
        .orElseThrow();
    BigDecimal spent = perCall.multiply(BigDecimal.valueOf(admitted));
    // By bytes (about 4.7x this text's tokens) only 6 would fit; counted exactly, 8 of the 8
    // that the real cost allows.
    assertThat(admitted).isEqualTo(new BigDecimal("0.05").divide(perCall, 0,
        java.math.RoundingMode.FLOOR).intValue()).isEqualTo(8);
    assertThat(spent).isLessThanOrEqualTo(new BigDecimal("0.05"));
  }

  /**
   * Runs callers at once; each admitted call waits at the gate until every caller is in flight
   * or refused.
   *
   * @return {admitted, refused}
   */
  static int[] race(ModelClient c, ChatRequest r, int callers, ReportingProvider.Gate gate,
      @Nullable Function<Integer, ChatRequest> perCaller) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        ChatRequest mine = perCaller == null ? r : perCaller.apply(i);
        fs.add(pool.submit(() -> {
          try {
            c.chat(mine);
            admitted.incrementAndGet();
          } catch (BudgetExceededException e) {
            refused.incrementAndGet();
            gate.refused();
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return new int[] {admitted.get(), refused.get()};
  }

  /** The most input tokens the request can really have on the family (see the class doc). */
  static long worstRealInput(Family f, ChatRequest r) {
    long n = 3;
    for (Message m : r.messages()) {
      n += 3;
      for (ContentPart p : m.content()) {
        String t = ((ContentPart.Text) p).text();
        n += f == Family.OPENAI ? O200K.countTokensOrdinary(t)
            : t.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return n;
  }

  /** What the stub provider reports: exact for OpenAI, one token per character elsewhere. */
  static long reportedInput(Family f, ChatRequest r) {
    if (f == Family.OPENAI) {
      return worstRealInput(f, r);
    }
    long n = 3;
    for (Message m : r.messages()) {
      n += 3 + m.text().codePointCount(0, m.text().length());
    }
    return n;
  }

  static String repeat(String unit, int length) {
    StringBuilder sb = new StringBuilder(length + unit.length());
    while (sb.length() < length) {
      sb.append(unit);
    }
    return sb.toString();
  }

  private static String rareCjk(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) (0x4E00 + i * 7));
    }
    return sb.toString();
  }
}
