package io.vectornode.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.ContentPart;
import io.vectornode.Tool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Tools from methods: definitions, argument reading, results, and what fails at bind time. */
class ToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Unit { CELSIUS, FAHRENHEIT }

  record Place(String city, @Nullable String country) {}

  record Forecast(String city, int temperature, Unit unit) {}

  /** The methods the tests bind. */
  static final class Weather {
    final AtomicReference<Object> seen = new AtomicReference<>();

    @ToolMethod(description = "The weather now")
    public Forecast forecast(@Param(value = "place", description = "where") Place place,
        @Param("unit") Unit unit, @Param("days") OptionalInt days,
        @Param("tags") Optional<List<String>> tags) {
      seen.set(List.of(place, unit, days, tags));
      return new Forecast(place.city(), 21, unit);
    }

    @ToolMethod(name = "notes_add", description = "Adds a note", strict = true)
    void addNote(@Param("text") String text, @Param("pinned") boolean pinned,
        @Param("note") @Nullable String note) {
      seen.set(List.of(text, pinned, String.valueOf(note)));
    }

    @ToolMethod(description = "Echoes")
    public String echo(@Param("text") String text) {
      return text;
    }

    @ToolMethod(description = "Fails")
    public String fail(@Param("why") String why) {
      throw new IllegalStateException(why);
    }

    @ToolMethod(description = "A lookup")
    public Map<String, Integer> counts() {
      return Map.of("a", 1);
    }

    public String notATool() {
      return "";
    }
  }

  private static ContentPart.ToolResult call(Tools t, String name, String args) {
    return t.call(new ContentPart.ToolCall("call_1", name, args));
  }

  private static Tool definition(Tools t, String name) {
    return t.definitions().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void from_annotatedMethods_becomeDefinitionsWithGeneratedStrictReadySchemas() throws Exception {
    Tools t = Tools.from(new Weather());
    assertThat(t.definitions()).extracting(Tool::name)
        .containsExactly("notes_add", "counts", "echo", "fail", "forecast");
    Tool forecast = definition(t, "forecast");
    assertThat(forecast.description()).isEqualTo("The weather now");
    assertThat(forecast.strict()).isFalse();
    JsonNode s = JSON.readTree(forecast.parameters());
    assertThat(s.get("type").asText()).isEqualTo("object");
    assertThat(s.get("additionalProperties").asBoolean()).isFalse();
    assertThat(s.get("required")).extracting(JsonNode::asText)
        .containsExactly("place", "unit", "days", "tags");
    JsonNode place = s.get("properties").get("place");
    assertThat(place.get("description").asText()).isEqualTo("where");
    assertThat(place.get("properties").get("city").get("type").asText()).isEqualTo("string");
    assertThat(s.get("properties").get("unit").get("enum")).extracting(JsonNode::asText)
        .containsExactly("CELSIUS", "FAHRENHEIT");
    assertThat(s.get("properties").get("days").toString()).contains("integer").contains("null");
    assertThat(s.get("properties").get("tags").toString()).contains("array").contains("null");
    Tool note = definition(t, "notes_add");
    assertThat(note.strict()).isTrue();
    JsonNode n = JSON.readTree(note.parameters());
    assertThat(n.get("properties").get("pinned").get("type").asText()).isEqualTo("boolean");
    assertThat(n.get("properties").get("note").get("type")).extracting(JsonNode::asText)
        .containsExactly("string", "null");
  }

  @Test
  void call_readsArgumentsIntoTheParameterTypes_andWritesTheResultAsJson() throws Exception {
    Weather w = new Weather();
    Tools t = Tools.from(w);
    ContentPart.ToolResult r = call(t, "forecast",
        "{\"place\":{\"city\":\"Paris\",\"country\":null},\"unit\":\"CELSIUS\",\"days\":3,"
            + "\"tags\":[\"a\",\"b\"],\"extra\":true}");
    assertThat(r.error()).as(r.content()).isFalse();
    assertThat(r.toolCallId()).isEqualTo("call_1");
    assertThat(JSON.readTree(r.content())).isEqualTo(
        JSON.readTree("{\"city\":\"Paris\",\"temperature\":21,\"unit\":\"CELSIUS\"}"));
    assertThat(w.seen.get()).isEqualTo(List.of(new Place("Paris", null), Unit.CELSIUS,
        OptionalInt.of(3), Optional.of(List.of("a", "b"))));

    call(t, "forecast", "{\"place\":{\"city\":\"Oslo\"},\"unit\":\"FAHRENHEIT\",\"days\":null}");
    assertThat(w.seen.get()).isEqualTo(List.of(new Place("Oslo", null), Unit.FAHRENHEIT,
        OptionalInt.empty(), Optional.empty()));
  }

  @Test
  void call_voidIsOk_stringAsIs_nullableAbsentIsNull() {
    Weather w = new Weather();
    Tools t = Tools.from(w);
    assertThat(call(t, "notes_add", "{\"text\":\"hi\",\"pinned\":true}").content())
        .isEqualTo("ok");
    assertThat(w.seen.get()).isEqualTo(List.of("hi", true, "null"));
    assertThat(call(t, "echo", "{\"text\":\"\\\"quoted\\\"\"}").content())
        .isEqualTo("\"quoted\"");
    assertThat(call(t, "counts", "").content()).isEqualTo("{\"a\":1}");
  }

  @Test
  void call_badArguments_areErrorResultsNamingTheArgument() {
    Tools t = Tools.from(new Weather());
    ContentPart.ToolResult wrongType = call(t, "notes_add", "{\"text\":\"x\",\"pinned\":\"yes\"}");
    assertThat(wrongType.error()).isTrue();
    assertThat(wrongType.content()).startsWith("Error: tool 'notes_add': invalid argument"
        + " 'pinned' (boolean)");
    ContentPart.ToolResult missing = call(t, "notes_add", "{\"text\":\"x\"}");
    assertThat(missing.error()).isTrue();
    assertThat(missing.content()).contains("missing argument 'pinned'");
    ContentPart.ToolResult badEnum = call(t, "forecast",
        "{\"place\":{\"city\":\"x\"},\"unit\":\"KELVIN\"}");
    assertThat(badEnum.content()).contains("invalid argument 'unit'").contains("KELVIN");
    assertThat(call(t, "echo", "{\"text\":").content()).contains("not valid JSON");
    assertThat(call(t, "echo", "[1]").content()).contains("must be a JSON object");
    assertThat(call(t, "echo", "{\"text\":\"" + "x".repeat(Tools.MAX_ARGUMENT_CHARS) + "\"}")
        .content()).contains("too long");
  }

  @Test
  void call_unknownToolAndThrowingTool_areErrorResults() {
    Tools t = Tools.from(new Weather());
    ContentPart.ToolResult unknown = call(t, "nope", "{}");
    assertThat(unknown.error()).isTrue();
    assertThat(unknown.content()).contains("unknown tool 'nope'").contains("forecast");
    ContentPart.ToolResult failed = call(t, "fail", "{\"why\":\"the service is down\"}");
    assertThat(failed.error()).isTrue();
    assertThat(failed.content())
        .isEqualTo("Error: tool 'fail' failed: IllegalStateException: the service is down");
    ContentPart.ToolResult huge = call(t, "fail", "{\"why\":\"" + "y".repeat(50_000) + "\"}");
    assertThat(huge.content().length()).isLessThan(Tools.MAX_ERROR_CHARS + 60);
    assertThat(huge.content()).endsWith("more characters]");
  }

  @Test
  void call_resultIsBounded() {
    Tools t = Tools.from(new Weather()).maxResultChars(100);
    String r = call(t, "echo", "{\"text\":\"" + "z".repeat(1000) + "\"}").content();
    assertThat(r).startsWith("z".repeat(100)).endsWith("[truncated: 900 more characters]");
    assertThatThrownBy(() -> t.maxResultChars(10)).hasMessageContaining("maxResultChars")
        .hasMessageContaining("10");
  }

  static final class Dup1 {
    @ToolMethod
    public String lookup(@Param("q") String q) {
      return q;
    }
  }

  static final class Dup2 {
    @ToolMethod(name = "lookup")
    public String find(@Param("q") String q) {
      return q;
    }
  }

  static final class Unsupported {
    @ToolMethod
    public String run(@Param("what") Object what) {
      return "";
    }
  }

  static final class NestedOptional {
    record Query(Optional<String> text) {}

    @ToolMethod
    public String run(@Param("q") Query q) {
      return "";
    }
  }

  static final class Unnamed {
    @ToolMethod
    public String run(String q) {
      return q;
    }
  }

  static final class BadName {
    @ToolMethod(name = "has space")
    public String run() {
      return "";
    }
  }

  static final class Statics {
    @ToolMethod(description = "Adds")
    public static int add(@Param("a") int a, @Param("b") int b) {
      return a + b;
    }
  }

  @Test
  void from_invalidDeclarations_failNamingTheMethod() {
    assertThatThrownBy(() -> Tools.from(new Dup1(), new Dup2()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two tools named 'lookup'")
        .hasMessageContaining("Dup1.lookup").hasMessageContaining("Dup2.find");
    assertThatThrownBy(() -> Tools.from(new Unsupported()))
        .hasMessageContaining("Unsupported.run").hasMessageContaining("parameter 'what'")
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> Tools.from(new NestedOptional()))
        .hasMessageContaining("NestedOptional.run").hasMessageContaining("@Nullable");
    assertThatThrownBy(() -> Tools.from(new Unnamed()))
        .hasMessageContaining("Unnamed.run").hasMessageContaining("-parameters");
    assertThatThrownBy(() -> Tools.from(new BadName()))
        .hasMessageContaining("BadName.run").hasMessageContaining("has space");
    assertThatThrownBy(() -> Tools.from("no tools here"))
        .hasMessageContaining("java.lang.String has no method annotated @ToolMethod");
    assertThatThrownBy(() -> Tools.from(new Dup1()).and(Tools.from(new Dup2())))
        .hasMessageContaining("two tools named 'lookup'");
  }

  @Test
  void from_aClass_bindsItsStaticMethods() {
    Tools t = Tools.from(Statics.class);
    assertThat(call(t, "add", "{\"a\":2,\"b\":3}").content()).isEqualTo("5");
    assertThat(call(t, "add", "{\"a\":2,\"b\":null}").content())
        .contains("missing argument 'b' (int)");
  }

  @Test
  void toolRun_aCallWithoutAnId_isAResponseParseException_notACrash() {
    ToolRun run = new ToolRun(Tools.from(new Weather()), 8, Runnable::run,
        io.vectornode.ChatRequest.builder().model("m").user("hi").build());
    io.vectornode.ChatResponse hostile = io.vectornode.ChatResponse.of("id", "p", "m",
        io.vectornode.Message.assistant(List.of(new ContentPart.ToolCall(" ", "echo", "{}"))),
        io.vectornode.FinishReason.TOOL_CALLS, io.vectornode.Usage.of(1, 1),
        java.time.Duration.ZERO, java.time.Duration.ZERO);
    assertThatThrownBy(() -> run.next(hostile))
        .isInstanceOf(io.vectornode.error.ResponseParseException.class)
        .hasMessageContaining("without a call id");
    assertThat(run.first().tools()).extracting(Tool::name).contains("echo", "forecast");
  }
  static final class Payments {
    final AtomicReference<Object> seen = new AtomicReference<>();

    @ToolMethod(description = "Pays")
    public String pay(@Param("cents") long cents, @Param("times") int times,
        @Param("unit") Unit unit) {
      seen.set(List.of(cents, times, unit));
      return "paid";
    }
  }

  @Test
  void call_argumentsOfTheWrongJsonType_areErrorsNotCoerced() {
    Payments p = new Payments();
    Tools t = Tools.from(p);
    // The schema says integer: 99.9 cents is not 99, "3" is not 3, and 0 is not CELSIUS.
    ContentPart.ToolResult fraction = call(t, "pay", "{\"cents\":99.9,\"times\":1,"
        + "\"unit\":\"CELSIUS\"}");
    ContentPart.ToolResult text = call(t, "pay", "{\"cents\":1,\"times\":\"3\","
        + "\"unit\":\"CELSIUS\"}");
    ContentPart.ToolResult index = call(t, "pay", "{\"cents\":1,\"times\":1,\"unit\":0}");
    assertThat(p.seen.get()).isNull();
    assertThat(fraction.error()).isTrue();
    assertThat(fraction.content()).contains("invalid argument 'cents' (long)");
    assertThat(text.error()).isTrue();
    assertThat(text.content()).contains("invalid argument 'times' (int)");
    assertThat(index.error()).isTrue();
    assertThat(index.content()).contains("invalid argument 'unit' (Unit)");
    ContentPart.ToolResult ok = call(t, "pay", "{\"cents\":100,\"times\":2,"
        + "\"unit\":\"FAHRENHEIT\"}");
    assertThat(ok.content()).isEqualTo("paid");
    assertThat(p.seen.get()).isEqualTo(List.of(100L, 2, Unit.FAHRENHEIT));
  }
  @Test
  void toolRun_twoCallsWithOneId_isAResponseParseException_beforeAnyToolRuns() {
    Payments p = new Payments();
    ToolRun run = new ToolRun(Tools.from(p), 8, Runnable::run,
        io.vectornode.ChatRequest.builder().model("m").user("pay twice").build());
    String args = "{\"cents\":100,\"times\":1,\"unit\":\"CELSIUS\"}";
    io.vectornode.ChatResponse hostile = io.vectornode.ChatResponse.of("id", "p", "m",
        io.vectornode.Message.assistant(List.of(new ContentPart.ToolCall("call_1", "pay", args),
            new ContentPart.ToolCall("call_1", "pay", args))),
        io.vectornode.FinishReason.TOOL_CALLS, io.vectornode.Usage.of(1, 1),
        java.time.Duration.ZERO, java.time.Duration.ZERO);
    // Two results naming one call cannot be told apart (and the provider refuses the next
    // request): the reply is unusable, and no tool with side effects runs for it.
    assertThatThrownBy(() -> run.next(hostile))
        .isInstanceOf(io.vectornode.error.ResponseParseException.class)
        .hasMessageContaining("call_1").hasMessageContaining("twice");
    assertThat(p.seen.get()).isNull();
  }
  @Test
  void call_duplicateArgumentKeys_areAnErrorNotLastOneWins() {
    Payments p = new Payments();
    ContentPart.ToolResult r = call(Tools.from(p), "pay",
        "{\"cents\":1,\"times\":1,\"unit\":\"CELSIUS\",\"cents\":100000}");
    assertThat(r.error()).isTrue();
    assertThat(r.content()).contains("not valid JSON").contains("cents");
    assertThat(p.seen.get()).isNull();
  }
  static final class Waiting {
    @ToolMethod(description = "Waits")
    public String await() throws InterruptedException {
      throw new InterruptedException("interrupted while waiting");
    }
  }

  @Test
  void call_aToolInterrupted_keepsTheThreadsInterruptStatus() {
    ContentPart.ToolResult r;
    boolean interrupted;
    try {
      r = call(Tools.from(new Waiting()), "await", "{}");
    } finally {
      interrupted = Thread.interrupted(); // read and clear: the test thread goes on
    }
    assertThat(r.error()).isTrue();
    assertThat(r.content()).contains("InterruptedException");
    // Swallowed, the interrupt would not stop the loop: the next turn would be sent.
    assertThat(interrupted).isTrue();
  }
}
