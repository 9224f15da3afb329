package io.vectornode.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Validation and reading of answers, without a server: what a hostile or sloppy model sends. */
class StructuredOutputTest {
  enum Kind {
    @JsonProperty("bug-fix")
    BUG_FIX,
    FEATURE
  }

  record Item(String name, @Nullable Integer qty) {}

  record Page<T>(List<T> items, boolean more) {}

  record Order(
      Kind kind,
      List<Item> items,
      Set<String> tags,
      double[] weights,
      Map<String, BigDecimal> prices,
      Optional<Item> gift,
      OptionalInt rating,
      Page<Item> page) {}

  record Positive(int n) {
    Positive {
      if (n <= 0) {
        throw new IllegalArgumentException("n must be positive, was " + n);
      }
    }
  }

  private static final StructuredOutput<Order> ORDER =
      StructuredOutput.of(Order.class).strict(false);

  private static final String VALID = """
      {"kind":"bug-fix","items":[{"name":"screw","qty":3},{"name":"nut","qty":null}],
       "tags":["a","b","a"],"weights":[1.5,2],"prices":{"screw":0.10},
       "gift":{"name":"pen","qty":null},"rating":null,
       "page":{"items":[{"name":"x","qty":1}],"more":false}}""";

  private static ChatResponse answer(String text) {
    return answer(text, FinishReason.STOP);
  }

  private static ChatResponse answer(String text, FinishReason finish) {
    return ChatResponse.of("id", "p", "m", Message.assistant(text), finish, Usage.of(10, 5),
        Duration.ofMillis(5), Duration.ofMillis(5));
  }

  private static List<String> errors(StructuredOutput<?> out, String text) {
    return catchThrowableOfType(() -> out.parse(answer(text)),
        StructuredOutputException.class).errors();
  }

  @Test
  void validAnswer_isReadIntoEveryKindOfType() {
    Order o = ORDER.parse(answer(VALID));
    assertThat(o.kind()).isEqualTo(Kind.BUG_FIX);
    assertThat(o.items()).containsExactly(new Item("screw", 3), new Item("nut", null));
    assertThat(o.tags()).containsExactly("a", "b");
    assertThat(o.weights()).containsExactly(1.5, 2.0);
    assertThat(o.prices()).containsEntry("screw", new BigDecimal("0.10"));
    assertThat(o.gift()).contains(new Item("pen", null));
    assertThat(o.rating()).isEmpty();
    assertThat(o.page().items()).containsExactly(new Item("x", 1));
    assertThat(o.items()).isUnmodifiable();
  }

  @Test
  void markdownFence_isTolerated_butTrailingTextIsNot() {
    assertThat(ORDER.parse(answer("```json\n" + VALID + "\n```")).kind())
        .isEqualTo(Kind.BUG_FIX);
    assertThat(errors(ORDER, VALID + " and more")).singleElement().asString()
        .startsWith("$: not valid JSON");
    assertThat(errors(ORDER, "Sure! Here is the JSON.")).singleElement().asString()
        .startsWith("$: not valid JSON");
    assertThat(errors(ORDER, "  ")).containsExactly(
        "$: the answer is empty, expected a JSON object");
    assertThat(StructuredOutput.unfence("```\n{\"a\":1}\n```")).isEqualTo("{\"a\":1}");
    assertThat(StructuredOutput.unfence("```")).isEqualTo("```");
    assertThat(StructuredOutput.unfence("```{\"a\":1}```")).isEqualTo("```{\"a\":1}```");
    // A fence around megabytes of whitespace (quadratic for a backtracking pattern): linear here.
    String hostile = "```json\n" + " \n".repeat(1 << 20) + "x```";
    assertThat(errors(ORDER, hostile)).singleElement().asString()
        .startsWith("$: not valid JSON");
  }

  @Test
  void schemaErrors_nameTheirPaths() {
    String bad = """
        {"kind":"chore","items":[{"name":"screw","qty":"3","color":"red"}],"tags":"a",
         "weights":[1,"x"],"prices":{"screw":"cheap"},"gift":5,"rating":1.5,
         "page":{"items":[],"more":"no"},"extra":true}""";
    assertThat(errors(ORDER, bad)).containsExactly(
        "$.kind: expected one of [\"bug-fix\",\"FEATURE\"], was \"chore\"",
        "$.items[0].qty: expected integer or null, was string \"3\"",
        "$.items[0]: unexpected property 'color'",
        "$.tags: expected array, was string \"a\"",
        "$.weights[1]: expected number, was string \"x\"",
        "$.prices.screw: expected number, was string \"cheap\"",
        "$.gift: expected object, was number 5",
        "$.rating: expected integer or null, was number 1.5",
        "$.page.more: expected boolean, was string \"no\"",
        "$: unexpected property 'extra'");
  }

  @Test
  void hostileAnswers_becomeErrorsNotCrashes() {
    StructuredOutput<Positive> pos = StructuredOutput.of(Positive.class);
    assertThat(errors(pos, "{\"n\":1e30}")).singleElement().asString()
        .isEqualTo("$.n: number 1E+30 does not fit a int");
    assertThat(errors(pos, "{\"n\":-2}")).containsExactly(
        "$: Positive rejected the value: n must be positive, was -2");
    assertThat(pos.parse(answer("{\"n\":2.0}")).n()).isEqualTo(2);
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertThat(errors(pos, deep)).singleElement().asString().startsWith("$: not valid JSON");
    String huge = "{\"n\":\"" + "x".repeat(5 << 20) + "\"}";
    assertThat(errors(pos, huge)).singleElement().asString().contains("longer than");
    String longValue = "{\"n\":\"" + "y".repeat(500) + "\"}";
    assertThat(errors(pos, longValue)).singleElement().asString().hasSizeLessThan(140)
        .endsWith("...");
  }

  @Test
  void manyErrors_areBounded() {
    StringBuilder items = new StringBuilder("{\"items\":[");
    for (int i = 0; i < 100; i++) {
      items.append(i == 0 ? "" : ",").append(i);
    }
    items.append("],\"more\":true}");
    StructuredOutput<Page<Item>> page = StructuredOutput.ofType(Holder.PAGE);
    List<String> errors = errors(page, items.toString());
    assertThat(errors).hasSize(SchemaValidator.MAX_ERRORS + 1);
    assertThat(errors.get(0)).isEqualTo("$.items[0]: expected object, was number 0");
    assertThat(errors.get(errors.size() - 1)).startsWith("... and ");
  }

  /** A {@code Page<Item>} from a field's generic type. */
  static final class Holder {
    Page<Item> page;
    static final java.lang.reflect.Type PAGE;

    static {
      try {
        PAGE = Holder.class.getDeclaredField("page").getGenericType();
      } catch (NoSuchFieldException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void cutOffOrToolCallingAnswers_sayWhy() {
    StructuredOutput<Item> item = StructuredOutput.of(Item.class);
    StructuredOutputException cut = catchThrowableOfType(() -> item.parse(answer(
        "{\"name\":\"scr", FinishReason.LENGTH)), StructuredOutputException.class);
    assertThat(cut.errors().get(0)).contains("cut off").contains("LENGTH");
    assertThat(cut.rawText()).isEqualTo("{\"name\":\"scr");
    ChatResponse tools = ChatResponse.of("id", "p", "m", Message.assistant(List.of(
        new ContentPart.ToolCall("c1", "lookup", "{}"))), FinishReason.TOOL_CALLS,
        Usage.of(1, 1), Duration.ZERO, Duration.ZERO);
    assertThat(catchThrowableOfType(() -> item.parse(tools), StructuredOutputException.class)
        .errors()).containsExactly("$: the model called tools instead of answering with JSON");
  }

  @Test
  void repairTurn_sendsTheAnswerTextAndTheErrors() {
    StructuredOutput<Item> item = StructuredOutput.of(Item.class).repairs(1);
    ChatRequest first = item.apply(ChatRequest.builder().model("m").system("be brief")
        .user("one item").build());
    ChatResponse wrong = ChatResponse.of("id", "p", "m", Message.assistant(List.of(
        new ContentPart.Reasoning("thinking...", "sig", false),
        new ContentPart.Text("{\"name\":1}"))), FinishReason.STOP, Usage.of(1, 1),
        Duration.ZERO, Duration.ZERO);
    List<String> errs = item.check(wrong).errors;
    ChatRequest next = item.repairRequest(first, wrong, errs);
    List<Message> m = next.messages();
    assertThat(m).hasSize(4);
    assertThat(m.get(2)).isEqualTo(Message.assistant("{\"name\":1}"));
    assertThat(m.get(3).text()).contains("- $.name: expected string, was number 1")
        .contains("- $: missing required property 'qty'");
    assertThat(next.responseFormat()).isEqualTo(item.responseFormat());
  }

  @Test
  void options_areValidatedAndCopied() {
    StructuredOutput<Item> item = StructuredOutput.of(Item.class);
    assertThat(item.name()).isEqualTo("Item");
    assertThat(item.repairs()).isZero();
    assertThat(item.strict()).isTrue();
    assertThat(item.responseFormat()).isEqualTo(
        new ResponseFormat.JsonSchema("Item", JsonSchemas.of(Item.class), true));
    assertThat(item.repairs(2).repairs()).isEqualTo(2);
    assertThat(item.repairs()).isZero();
    assertThatThrownBy(() -> item.repairs(StructuredOutput.MAX_REPAIRS + 1))
        .hasMessageContaining("repairs").hasMessageContaining("6");
    assertThatThrownBy(() -> item.name("bad name!"))
        .hasMessageContaining("'bad name!'");
    assertThat(item.toString()).contains(Item.class.getName());
  }
  record Huge(java.math.BigInteger big, double d, float f) {}

  record Counts(OptionalInt n, java.util.OptionalDouble d) {}

  @Test
  void hostileHugeExponents_areErrorsNotAHangNorInfinity() {
    StructuredOutput<Huge> huge = StructuredOutput.of(Huge.class);
    // 1e100000000 is 11 characters of valid JSON; as a BigInteger it has 100 million digits
    // (minutes of CPU to compute).
    List<String> errs = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> huge.check("{\"big\":1e100000000,\"d\":1,\"f\":1}").errors);
    assertThat(errs).singleElement().asString().startsWith("$.big:")
        .contains("does not fit a BigInteger");
    assertThat(huge.check("{\"big\":1,\"d\":1e400,\"f\":1}").errors).singleElement()
        .asString().startsWith("$.d:").contains("does not fit a double");
    assertThat(huge.check("{\"big\":1,\"d\":1,\"f\":1e39}").errors).singleElement()
        .asString().startsWith("$.f:").contains("does not fit a float");
    StructuredOutput<Counts> counts = StructuredOutput.of(Counts.class);
    assertThat(counts.check("{\"n\":1e10,\"d\":null}").errors).singleElement().asString()
        .startsWith("$.n:").contains("does not fit an OptionalInt");
    assertThat(counts.check("{\"n\":null,\"d\":-1e400}").errors).singleElement().asString()
        .startsWith("$.d:").contains("does not fit an OptionalDouble");
    assertThat(counts.check("{\"n\":7,\"d\":null}").value)
        .isEqualTo(new Counts(OptionalInt.of(7), java.util.OptionalDouble.empty()));
    Huge ok = huge.check("{\"big\":12345678901234567890123,\"d\":1.5e300,\"f\":-2.5}").value;
    assertThat(ok).isEqualTo(new Huge(new java.math.BigInteger("12345678901234567890123"),
        1.5e300, -2.5f));
  }
  @Test
  void hostileDuplicateKeys_areInvalidJsonNotLastOneWins() {
    StructuredOutput<Item> item = StructuredOutput.of(Item.class);
    // Parsers disagree on which of two values counts: the answer is ambiguous, not read.
    List<String> errs = item.check("{\"name\":\"tea\",\"qty\":1,\"qty\":1000000}").errors;
    assertThat(errs).singleElement().asString().startsWith("$: not valid JSON")
        .contains("qty");
  }
}
