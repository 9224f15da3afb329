package io.vectornode.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.GeminiStubs;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordingModelCallListener;
import io.vectornode.testing.StubReply;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tool loop through the router on each API's stub server: two tools called in parallel, a
 * tool that throws, the final answer; one call in the listeners with every turn's attempts and
 * their summed cost; the step limit; a streamed loop.
 */
class ToolLoopTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One API: its provider config, its wire fixtures, and where its requests carry results. */
  enum Api {
    OPENAI("openai", "gpt-4o-mini", "call_"),
    /** An openai-compatible preset. */
    GROQ("groq", "llama-3.3-70b-versatile", "call_"),
    ANTHROPIC("anthropic", "claude-sonnet-4-5", "toolu_01"),
    /** Gemini sends no call ids: the provider makes them up and matches results by name. */
    GEMINI("gemini", "gemini-2.5-flash", "vn-");

    final String type;
    final String model;
    final String idPrefix;

    Api(String type, String model, String idPrefix) {
      this.type = type;
      this.model = model;
      this.idPrefix = idPrefix;
    }

    ProviderConfig config(ProviderStubServer s) {
      boolean openAiStyle = this == OPENAI || this == GROQ;
      return ProviderConfig.builder("p").type(type).apiKey("canary-key-0123456789abcdef")
          .baseUrl(openAiStyle ? s.baseUrl() : s.rootUrl()).readTimeout(Duration.ofSeconds(10))
          .build();
    }

    ContentPart.ToolCall call(String id, String name, String args) {
      return new ContentPart.ToolCall(idPrefix + id, name, args);
    }

    StubReply toolCalls(ContentPart.ToolCall... calls) {
      return switch (this) {
        case OPENAI, GROQ -> OpenAiStubs.toolCalls(calls);
        case ANTHROPIC -> AnthropicStubs.toolUse(calls);
        case GEMINI -> GeminiStubs.functionCalls(calls);
      };
    }

    StubReply answer(String text) {
      return switch (this) {
        case OPENAI, GROQ -> OpenAiStubs.chat(text);
        case ANTHROPIC -> AnthropicStubs.message(text);
        case GEMINI -> GeminiStubs.response(text);
      };
    }

    /** A streamed turn: some text, then one tool call whose arguments come in two pieces. */
    StubReply streamedToolCall(String text, ContentPart.ToolCall c) {
      String args = c.arguments();
      String head = args.substring(0, args.length() / 2);
      String tail = args.substring(args.length() / 2);
      return switch (this) {
        case OPENAI, GROQ -> StubReply.sse(List.of(
            OpenAiStubs.chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
            OpenAiStubs.chunk("{\"content\":" + JSON.valueToTree(text) + "}", null),
            OpenAiStubs.toolCallChunk(0, c.id(), c.name(), ""),
            OpenAiStubs.toolCallChunk(0, null, null, head),
            OpenAiStubs.toolCallChunk(0, null, null, tail),
            OpenAiStubs.chunk("{}", "tool_calls"),
            OpenAiStubs.usageChunk(OpenAiStubs.usage(90, 25, 0, 0)),
            OpenAiStubs.done()));
        case ANTHROPIC -> StubReply.sse(List.of(
            AnthropicStubs.messageStart(AnthropicStubs.usage(400, 1, 0, 0)),
            AnthropicStubs.blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
            AnthropicStubs.textDelta(0, text),
            AnthropicStubs.blockStop(0),
            AnthropicStubs.blockStart(1, "{\"type\":\"tool_use\",\"id\":\"" + c.id()
                + "\",\"name\":\"" + c.name() + "\",\"input\":{}}"),
            AnthropicStubs.jsonDelta(1, ""),
            AnthropicStubs.jsonDelta(1, head),
            AnthropicStubs.jsonDelta(1, tail),
            AnthropicStubs.blockStop(1),
            AnthropicStubs.messageDelta("tool_use", "{\"output_tokens\":48}"),
            AnthropicStubs.messageStop()));
        case GEMINI -> StubReply.sse(List.of(
            GeminiStubs.chunk("[{\"text\":" + JSON.valueToTree(text) + "}]", null,
                GeminiStubs.usage(70, 3, 0, 0)),
            // Gemini streams a function call whole, in one chunk.
            GeminiStubs.chunk("[" + GeminiStubs.functionCallPart(c) + "]", "STOP",
                GeminiStubs.usage(70, 19, 0, 0))));
      };
    }

    StubReply streamedAnswer(String... pieces) {
      return switch (this) {
        case OPENAI, GROQ -> OpenAiStubs.stream(pieces);
        case ANTHROPIC -> AnthropicStubs.stream(pieces);
        case GEMINI -> GeminiStubs.stream(pieces);
      };
    }

    /**
     * The tool results a request body carries, each as "key=content" ("key!=content" for an
     * error where the API marks errors): the call id, or for Gemini the function name.
     */
    List<String> results(String body) throws Exception {
      JsonNode root = JSON.readTree(body);
      List<String> out = new ArrayList<>();
      switch (this) {
        case OPENAI, GROQ -> {
          for (JsonNode m : root.get("messages")) {
            if (m.path("role").asText().equals("tool")) {
              out.add(m.get("tool_call_id").asText() + "=" + m.get("content").asText());
            }
          }
        }
        case ANTHROPIC -> {
          for (JsonNode m : root.get("messages")) {
            for (JsonNode b : m.path("content")) {
              if (b.path("type").asText().equals("tool_result")) {
                out.add(b.get("tool_use_id").asText()
                    + (b.path("is_error").asBoolean() ? "!=" : "=") + b.get("content").asText());
              }
            }
          }
        }
        case GEMINI -> {
          for (JsonNode c : root.get("contents")) {
            for (JsonNode p : c.path("parts")) {
              JsonNode fr = p.get("functionResponse");
              if (fr != null) {
                JsonNode r = fr.get("response");
                boolean error = r.has("error") && r.size() == 1;
                JsonNode v = error ? r.get("error") : r.has("result") && r.size() == 1
                    ? r.get("result") : r;
                out.add(fr.get("name").asText() + (error ? "!=" : "=")
                    + (v.isTextual() ? v.asText() : v.toString()));
              }
            }
          }
        }
      }
      return out;
    }

    /** The key {@link #results} uses for a call. */
    String key(ContentPart.ToolCall c) {
      return this == GEMINI ? c.name() : c.id();
    }

    /** How an error result appears in {@link #results} (OpenAI has no error flag). */
    String errorSep() {
      return this == OPENAI || this == GROQ ? "=" : "!=";
    }
  }

  static final String TIME = "5 past 2 in the afternoon (14:05)";

  /** The tools: two that must run at once (each waits for the other), and one that throws. */
  public static final class Travel {
    final CountDownLatch both = new CountDownLatch(2);
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    public record Weather(String city, int celsius, String sky) {}

    @ToolMethod(description = "The weather in a city now")
    public Weather weather(@Param(value = "city", description = "a city name") String city)
        throws InterruptedException {
      arrive();
      return new Weather(city, 21, "sunny");
    }

    @ToolMethod(name = "local_time", description = "The local time in a city")
    public String localTime(@Param("city") String city) throws InterruptedException {
      arrive();
      // Text that starts like a number: Gemini's writer must send it as text, not as 5.
      return TIME;
    }

    @ToolMethod(description = "Books a table")
    public String book(@Param("restaurant") String restaurant, @Param("people") int people) {
      throw new IllegalStateException("the booking service is down");
    }

    /** Returns only when both parallel tools are running: proof that they run at once. */
    private void arrive() throws InterruptedException {
      threads.add(Thread.currentThread().getName());
      both.countDown();
      if (!both.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the two tool calls did not run at the same time");
      }
    }
  }

  private ProviderStubServer s;
  private ManualTime time;
  private RecordingModelCallListener listener;
  private VectorNodeClient client;

  @BeforeEach
  void setUp() {
    s = ProviderStubServer.start();
    time = ManualTime.create();
    listener = new RecordingModelCallListener();
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    s.close();
  }

  private VectorNodeClient client(Api api) {
    client = VectorNode.builder().ticker(time).clock(time.clock()).sleeper(time).seed(7)
        .listener(listener).provider(api.config(s)).model("m", "p", api.model).build();
    return client;
  }

  private static ChatRequest request() {
    return ChatRequest.builder().model("m").system("You are a travel assistant.")
        .user("What's the weather and time in Paris? Then book Chez Nous for 2.").build();
  }

  private static BigDecimal usd(io.vectornode.Cost c) {
    return c.usd().orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void chat_twoParallelCallsThenAThrowingTool_resultsGoBackAndTheCallIsOne(Api api)
      throws Exception {
    VectorNodeClient c = client(api);
    Travel travel = new Travel();
    ContentPart.ToolCall weather = api.call("w1", "weather", "{\"city\":\"Paris\"}");
    ContentPart.ToolCall clock = api.call("t1", "local_time", "{\"city\":\"Paris\"}");
    ContentPart.ToolCall book = api.call("b1", "book", "{\"restaurant\":\"Chez Nous\",\"people\":2}");
    s.enqueue(api.toolCalls(weather, clock));
    s.enqueue(api.toolCalls(book));
    s.enqueue(api.answer("It is sunny, 21°C and 14:05 in Paris; the booking service is down."));

    ChatResponse r = ToolLoop.of(Tools.from(travel)).chat(c, request());

    assertThat(r.text()).startsWith("It is sunny");
    assertThat(travel.both.getCount()).isZero();
    assertThat(travel.threads).hasSize(2);
    assertThat(s.requestCount()).isEqualTo(3);
    String first = s.takeRequest().body();
    assertThat(JSON.readTree(first).toString()).contains("weather").contains("local_time")
        .contains("a city name"); // the definitions were sent
    assertThat(api.results(first)).isEmpty();
    List<String> second = api.results(s.takeRequest().body());
    assertThat(second).hasSize(2);
    assertThat(second.get(0)).startsWith(api.key(weather) + "=");
    assertThat(JSON.readTree(second.get(0).substring(second.get(0).indexOf('=') + 1)))
        .isEqualTo(JSON.readTree("{\"city\":\"Paris\",\"celsius\":21,\"sky\":\"sunny\"}"));
    assertThat(second.get(1)).isEqualTo(api.key(clock) + "=" + TIME);
    List<String> third = api.results(s.takeRequest().body());
    assertThat(third).hasSize(3).startsWith(second.get(0), second.get(1));
    assertThat(third.get(2)).isEqualTo(api.key(book) + api.errorSep()
        + "Error: tool 'book' failed: IllegalStateException: the booking service is down");

    assertThat(listener.starts()).hasSize(1);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.attempts()).extracting(AttemptEvent::attempt).containsExactly(1, 2, 3);
    assertThat(end.attempts()).extracting(AttemptEvent::outcome).containsOnly(CallOutcome.SUCCESS);
    BigDecimal sum = end.attempts().stream().map(a -> usd(a.cost()))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(sum).isPositive();
    assertThat(usd(end.cost())).isEqualByComparingTo(sum);
    assertThat(usd(r.cost())).isEqualByComparingTo(sum);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.usage()).isEqualTo(end.usage());
    assertThat(end.toString() + r + listener.dump()).doesNotContain("canary-key");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void chat_modelStillCallsToolsAtTheStepLimit_throwsWithTheConversation_oneFailedCall(Api api) {
    VectorNodeClient c = client(api);
    ContentPart.ToolCall clock = api.call("t1", "local_time", "{\"city\":\"Paris\"}");
    s.enqueue(api.toolCalls(clock));
    s.enqueue(api.toolCalls(clock));
    Travel travel = new Travel();
    travel.both.countDown(); // one call per turn here: nobody to wait for

    ToolLoopLimitException e = catchThrowableOfType(ToolLoopLimitException.class,
        () -> ToolLoop.of(Tools.from(travel)).maxSteps(2).chat(c, request()));

    assertThat(e.steps()).isEqualTo(2);
    assertThat(e).hasMessageContaining("limit of 2 model turns").hasMessageContaining("local_time");
    assertThat(e.lastResponse().toolCalls()).hasSize(1);
    // system + user, the first answer and its result, then the last answer
    assertThat(e.messages()).hasSize(5);
    assertThat(s.requestCount()).isEqualTo(2);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(end.error()).isSameAs(e);
    assertThat(end.attempts()).hasSize(2);
    assertThat(usd(end.cost())).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void stream_toolCallThenAnswer_deliversEveryTurnsTextAndEndsOnce(Api api) throws Exception {
    VectorNodeClient c = client(api);
    Travel travel = new Travel();
    travel.both.countDown();
    ContentPart.ToolCall clock = api.call("t1", "local_time", "{\"city\":\"Paris\"}");
    s.enqueue(api.streamedToolCall("Let me look. ", clock));
    s.enqueue(api.streamedAnswer("It is ", "14:05."));
    StringBuilder text = new StringBuilder();
    List<ChatResponse> completed = new ArrayList<>();
    int toolDeltas = 0;
    try (ChatStream st = ToolLoop.of(Tools.from(travel)).stream(c, request())) {
      for (StreamEvent e : st) {
        if (e instanceof StreamEvent.TextDelta d) {
          text.append(d.text());
        } else if (e instanceof StreamEvent.ToolCallDelta) {
          toolDeltas++;
        } else if (e instanceof StreamEvent.Completed done) {
          completed.add(done.response());
        }
      }
    }
    assertThat(text.toString()).isEqualTo("Let me look. It is 14:05.");
    assertThat(toolDeltas).isPositive();
    assertThat(completed).singleElement().satisfies(r -> {
      assertThat(r.text()).isEqualTo("It is 14:05.");
      assertThat(r.attempts()).isEqualTo(2);
    });
    s.takeRequest();
    assertThat(api.results(s.takeRequest().body())).containsExactly(api.key(clock) + "=" + TIME);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.attempts()).extracting(AttemptEvent::attempt).containsExactly(1, 2);
    assertThat(usd(end.cost())).isEqualByComparingTo(usd(completed.get(0).cost())).isPositive();
  }

  @ParameterizedTest
  @EnumSource(value = Api.class, names = {"OPENAI", "ANTHROPIC"})
  void chat_onADirectProviderClient_eachTurnIsItsOwnCall_totalsSummed(Api api) {
    ModelClient direct = io.vectornode.spi.ProviderRegistry.load()
        .create(api.config(s), List.of(listener));
    try {
      Travel travel = new Travel();
      travel.both.countDown();
      s.enqueue(api.toolCalls(api.call("t1", "local_time", "{\"city\":\"Paris\"}")));
      s.enqueue(api.answer("14:05"));
      ChatResponse r = ToolLoop.of(Tools.from(travel)).chat(direct,
          request().toBuilder().model(api.model).build());
      assertThat(r.text()).isEqualTo("14:05");
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(listener.ends()).hasSize(2);
      assertThat(r.usage()).isEqualTo(listener.ends().get(0).usage()
          .plus(listener.ends().get(1).usage()));
    } finally {
      direct.close();
    }
  }

  @org.junit.jupiter.api.Test
  void stream_twoInterleavedToolCallDeltas_areAssembledAndRunInParallel() throws Exception {
    VectorNodeClient c = client(Api.OPENAI);
    Travel travel = new Travel();
    s.enqueue(StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"role\":\"assistant\",\"content\":null}", null),
        OpenAiStubs.toolCallChunk(0, "call_w", "weather", ""),
        OpenAiStubs.toolCallChunk(1, "call_t", "local_time", ""),
        OpenAiStubs.toolCallChunk(0, null, null, "{\"city\":"),
        OpenAiStubs.toolCallChunk(1, null, null, "{\"city\":\"Paris\"}"),
        OpenAiStubs.toolCallChunk(0, null, null, "\"Paris\"}"),
        OpenAiStubs.chunk("{}", "tool_calls"),
        OpenAiStubs.usageChunk(OpenAiStubs.usage(90, 40, 0, 0)),
        OpenAiStubs.done())));
    s.enqueue(OpenAiStubs.stream("Sunny, ", "14:05."));
    ChatResponse r;
    try (ChatStream st = ToolLoop.of(Tools.from(travel)).stream(c, request())) {
      r = st.response();
    }
    assertThat(r.text()).isEqualTo("Sunny, 14:05.");
    assertThat(travel.threads).hasSize(2);
    s.takeRequest();
    List<String> results = Api.OPENAI.results(s.takeRequest().body());
    assertThat(results).hasSize(2);
    assertThat(results.get(0)).startsWith("call_w={");
    assertThat(results.get(1)).isEqualTo("call_t=" + TIME);
    assertThat(listener.singleEnd().attempts()).hasSize(2);
  }

  @org.junit.jupiter.api.Test
  void chat_unknownToolAndBadArguments_areErrorResultsTheModelSees() throws Exception {
    VectorNodeClient c = client(Api.OPENAI);
    Travel travel = new Travel();
    s.enqueue(OpenAiStubs.toolCalls(
        new ContentPart.ToolCall("call_x", "delete_everything", "{}"),
        new ContentPart.ToolCall("call_b", "book", "{\"restaurant\":\"x\",\"people\":\"two\"}")));
    s.enqueue(OpenAiStubs.chat("Sorry."));
    ChatResponse r = ToolLoop.of(Tools.from(travel)).chat(c, request());
    assertThat(r.text()).isEqualTo("Sorry.");
    s.takeRequest();
    List<String> results = Api.OPENAI.results(s.takeRequest().body());
    assertThat(results.get(0)).startsWith("call_x=Error: unknown tool 'delete_everything'")
        .contains("weather");
    assertThat(results.get(1)).startsWith("call_b=Error: tool 'book': invalid argument"
        + " 'people' (int)");
  }

  @org.junit.jupiter.api.Test
  void chat_aHostileTurnWithSeventyCalls_runsAtMostSixtyFour_everyCallGetsAResult()
      throws Exception {
    VectorNodeClient c = client(Api.OPENAI);
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    Object counter = new Object() {
      @ToolMethod(description = "Counts")
      public int count() {
        return runs.incrementAndGet();
      }
    };
    ContentPart.ToolCall[] calls = new ContentPart.ToolCall[70];
    for (int i = 0; i < calls.length; i++) {
      calls[i] = new ContentPart.ToolCall("call_" + i, "count", "{}");
    }
    s.enqueue(OpenAiStubs.toolCalls(calls));
    s.enqueue(OpenAiStubs.chat("done"));
    ToolLoop.of(Tools.from(counter)).chat(c, request());
    assertThat(runs).hasValue(ToolRun.MAX_CALLS_PER_TURN);
    s.takeRequest();
    List<String> results = Api.OPENAI.results(s.takeRequest().body());
    assertThat(results).hasSize(70);
    assertThat(results.get(69)).isEqualTo("call_69=Error: not run: at most 64 tool calls of one"
        + " turn run");
  }

  @org.junit.jupiter.api.Test
  void maxSteps_belowOne_isRefusedNamingTheValue() {
    Tools tools = Tools.from(new Travel());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ToolLoop.of(tools).maxSteps(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSteps: must be at least 1,"
            + " was 0");
  }

  /** Tools whose schemas use every shape the generator makes: nested, nullable, optional. */
  public static final class Planner {
    public enum Mode { TRAIN, PLANE }

    public record Stop(String city, @org.jspecify.annotations.Nullable Integer nights) {}

    public record Trip(List<Stop> stops, Mode mode) {}

    @ToolMethod(description = "Plans a trip")
    public String plan(@Param("trip") Trip trip, @Param("budget") java.util.Optional<Mode> budget,
        @Param("flexible") @org.jspecify.annotations.Nullable Boolean flexible,
        @Param("party") java.util.OptionalInt party) {
      return trip.stops().size() + " stops by " + trip.mode() + ", budget " + budget
          + ", flexible " + flexible + ", party " + party;
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void definitions_withNestedNullableAndOptionalTypes_areWrittenAndReadByEveryApi(Api api)
      throws Exception {
    VectorNodeClient c = client(api);
    s.enqueue(api.toolCalls(api.call("p1", "plan", "{\"trip\":{\"stops\":[{\"city\":\"Oslo\","
        + "\"nights\":null},{\"city\":\"Bergen\",\"nights\":2}],\"mode\":\"TRAIN\""
        + "},\"budget\":null,\"flexible\":true,\"party\":3}")));
    s.enqueue(api.answer("Planned."));
    ToolLoop.of(Tools.from(new Planner())).chat(c, request());
    JsonNode first = JSON.readTree(s.takeRequest().body());
    assertThat(first.toString()).contains("\"plan\"").contains("stops");
    if (api == Api.GEMINI) {
      assertThat(first.toString()).contains("\"nullable\":true");
    }
    assertThat(api.results(s.takeRequest().body())).containsExactly(
        (api == Api.GEMINI ? "plan" : api.idPrefix + "p1")
            + "=2 stops by TRAIN, budget Optional.empty, flexible true, party OptionalInt[3]");
  }

  /** A map argument: JSON Schema's additionalProperties, which Gemini cannot express. */
  public static final class Tagger {
    @ToolMethod(description = "Tags")
    public String tag(@Param("tags") java.util.Map<String, String> tags) {
      return tags.toString();
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void mapArgument_isSentWhereTheApiCanExpressIt_andRefusedBeforeSendingOnGemini(Api api) {
    VectorNodeClient c = client(api);
    s.enqueue(api.toolCalls(api.call("g1", "tag", "{\"tags\":{\"a\":\"b\"}}")));
    s.enqueue(api.answer("Tagged."));
    ToolLoop loop = ToolLoop.of(Tools.from(new Tagger()));
    if (api == Api.GEMINI) {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> loop.chat(c, request())))
          .isInstanceOf(io.vectornode.error.ConfigurationException.class)
          .hasMessageContaining("tools[0].parameters").hasMessageContaining("additionalProperties");
      assertThat(s.requestCount()).isZero();
    } else {
      assertThat(loop.chat(c, request()).text()).isEqualTo("Tagged.");
    }
  }
  public static final class Interrupted {
    @ToolMethod(description = "Waits for a slot")
    public String slot() throws InterruptedException {
      throw new InterruptedException("interrupted while waiting for a slot");
    }
  }

  @org.junit.jupiter.api.Test
  void chat_aToolInterruptsTheThread_noFurtherTurnIsSent_theCallEndsOnceCancelled() {
    VectorNodeClient c = client(Api.OPENAI);
    s.enqueue(OpenAiStubs.toolCalls(new ContentPart.ToolCall("call_1", "slot", "{}")));
    s.enqueue(OpenAiStubs.chat("never asked"));
    Throwable t;
    boolean interrupted;
    try {
      t = org.assertj.core.api.Assertions.catchThrowable(
          () -> ToolLoop.of(Tools.from(new Interrupted())).chat(c, request()));
    } finally {
      interrupted = Thread.interrupted();
    }
    assertThat(interrupted).isTrue();
    assertThat(t).isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(s.requestCount()).isEqualTo(1);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.CANCELLED);
  }
}
