package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.catalog.Capability;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.catalog.Prices;
import io.vectornode.error.RoutingException;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.structured.JsonSchemas;
import io.vectornode.structured.StructuredOutput;
import io.vectornode.structured.StructuredOutputException;
import io.vectornode.structured.StructuredResponse;
import io.vectornode.testing.AnthropicDialect;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.GeminiDialect;
import io.vectornode.testing.OpenAiDialect;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.RequestView;
import io.vectornode.testing.StubReply;
import io.vectornode.testing.TypedOutputFixtures;
import io.vectornode.testing.TypedOutputFixtures.Trip;
import io.vectornode.testing.WireDialect;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Typed structured output through the router and through providers' own clients, on the stub
 * server of every built-in wire format: the schema each API receives, the record read back, a
 * wrong answer repaired once inside one call, the typed error, streams, and the router sending
 * typed calls only to deployments that can take a JSON schema.
 */
class TypedOutputRoutingTest extends RouterTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "canary-typed-KEY-0123456789abcdef";
  /** Anthropic's dialect answers through the forced tool named {@code answer}. */
  private static final StructuredOutput<Trip> TRIP =
      StructuredOutput.of(Trip.class).name("answer");

  static Stream<Arguments> dialects() {
    return Stream.of(
        Arguments.of("openai", OpenAiDialect.of("openai")),
        Arguments.of("azure-openai", OpenAiDialect.azure()),
        Arguments.of("openai-compatible", OpenAiDialect.of("openai-compatible")),
        Arguments.of("groq", OpenAiDialect.of("groq")),
        Arguments.of("anthropic", new AnthropicDialect()),
        Arguments.of("gemini", new GeminiDialect()));
  }

  private ProviderStubServer s;

  private VectorNodeClient router(WireDialect d) {
    s = server();
    return (VectorNodeClient) build(builder().provider(d.config(s, KEY)).model("d",
        d.config(s, KEY).name(), d.model()));
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().model("d").user("Plan two days in Tuscany.").build();
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(json, e);
    }
  }

  /** Checks the request body carries the generated schema in the API's own form. */
  private static void assertWireSchema(String provider, RecordedCall call) {
    JsonNode body = tree(call.body());
    JsonNode generated = tree(JsonSchemas.of(Trip.class));
    switch (provider) {
      case "anthropic" -> {
        // Emulated: one forced tool whose input schema is the generated schema, unchanged.
        assertThat(body.get("tools")).hasSize(1);
        assertThat(body.at("/tools/0/name").asText()).isEqualTo("answer");
        assertThat(body.at("/tools/0/input_schema")).isEqualTo(generated);
        assertThat(body.at("/tool_choice/type").asText()).isEqualTo("tool");
        assertThat(body.at("/tool_choice/name").asText()).isEqualTo("answer");
      }
      case "gemini" -> {
        // Gemini's OpenAPI subset: upper-case types, nullable instead of null types and anyOf,
        // no additionalProperties.
        assertThat(body.at("/generationConfig/responseMimeType").asText())
            .isEqualTo("application/json");
        String stop = "{\"type\":\"OBJECT\",\"properties\":{\"city\":{\"type\":\"STRING\"},"
            + "\"nights\":{\"type\":\"INTEGER\"}},\"required\":[\"city\",\"nights\"]";
        assertThat(body.at("/generationConfig/responseSchema")).isEqualTo(tree(
            "{\"type\":\"OBJECT\",\"properties\":{"
                + "\"title\":{\"type\":\"STRING\",\"description\":\"A short title\"},"
                + "\"pace\":{\"type\":\"STRING\",\"enum\":[\"RELAXED\",\"BUSY\"]},"
                + "\"stops\":{\"type\":\"ARRAY\",\"items\":" + stop
                + ",\"description\":\"One stop of the trip\"}},"
                + "\"travel_note\":{\"type\":\"STRING\",\"nullable\":true},"
                + "\"highlight\":" + stop + ",\"nullable\":true,"
                + "\"description\":\"One stop of the trip\"}},"
                + "\"required\":[\"title\",\"pace\",\"stops\",\"travel_note\",\"highlight\"]}"));
      }
      default -> {
        // OpenAI's strict mode: already strict-ready, so sent exactly as generated.
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(body.at("/response_format/json_schema/name").asText()).isEqualTo("answer");
        assertThat(body.at("/response_format/json_schema/strict").asBoolean()).isTrue();
        assertThat(body.at("/response_format/json_schema/schema")).isEqualTo(generated);
      }
    }
  }

  @Test
  void fixtureSchema_isWhatTheGeneratorWrites() {
    // The conformance suite every provider runs checks this exact schema.
    assertThat(tree(JsonSchemas.of(Trip.class))).isEqualTo(tree(TypedOutputFixtures.SCHEMA));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void typedCall_readsTheRecord_andTheApiGetsTheSchemaInItsForm(String provider, WireDialect d) {
    VectorNodeClient ai = router(d);
    s.enqueue(d.jsonAnswer(TypedOutputFixtures.ANSWER));

    StructuredResponse<Trip> r = ai.chat(ask(), TRIP);

    assertThat(r.value()).isEqualTo(TypedOutputFixtures.TRIP);
    assertThat(r.answers()).isEqualTo(1);
    assertWireSchema(provider, s.takeRequest());
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void wrongAnswer_isRepairedOnce_asTwoAttemptsOfOneCall(String provider, WireDialect d) {
    VectorNodeClient ai = router(d);
    s.enqueue(d.jsonAnswer(TypedOutputFixtures.INVALID_ANSWER));
    s.enqueue(d.jsonAnswer(TypedOutputFixtures.ANSWER));

    StructuredResponse<Trip> r = ai.chat(ask(), TRIP.repairs(1));

    assertThat(r.value()).isEqualTo(TypedOutputFixtures.TRIP);
    assertThat(r.answers()).isEqualTo(2);
    assertThat(r.repairs()).isEqualTo(1);
    assertThat(r.response().attempts()).isEqualTo(2);
    RecordedCall first = s.takeRequest();
    RecordedCall second = s.takeRequest();
    assertWireSchema(provider, second);
    RequestView view = d.read(second);
    assertThat(view.turns()).hasSize(3);
    assertThat(view.turns().get(0)).isEqualTo("user: Plan two days in Tuscany.");
    assertThat(tree(view.turns().get(1).substring("assistant: ".length())))
        .isEqualTo(tree(TypedOutputFixtures.INVALID_ANSWER));
    assertThat(view.turns().get(2)).startsWith("user: Your answer does not match")
        .contains("$.pace: expected one of [\"RELAXED\",\"BUSY\"], was \"FAST\"")
        .contains("$.stops[1].nights: expected integer, was string \"two\"")
        .contains("$: missing required property 'travel_note'");
    assertThat(d.read(first).turns()).hasSize(1);
    // One call: one start, one end with both turns as attempts and their usage summed.
    assertThat(listener.starts()).hasSize(1);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.attempts()).hasSize(2);
    assertThat(end.attempts()).extracting(AttemptEvent::attempt).containsExactly(1, 2);
    assertThat(end.usage()).isEqualTo(r.response().usage());
    assertThat(r.response().usage().inputTokens()).isGreaterThan(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void stillWrongAfterTheRepairs_failsTypedWithTheRawText_oneFailedCall(String provider,
      WireDialect d) {
    VectorNodeClient ai = router(d);
    s.enqueue(d.jsonAnswer(TypedOutputFixtures.INVALID_ANSWER));
    s.enqueue(d.jsonAnswer(TypedOutputFixtures.INVALID_ANSWER));

    Throwable t = catchThrowable(() -> ai.chat(ask(), TRIP.repairs(1)));

    assertThat(t).isInstanceOf(StructuredOutputException.class);
    StructuredOutputException e = (StructuredOutputException) t;
    assertThat(tree(e.rawText())).isEqualTo(tree(TypedOutputFixtures.INVALID_ANSWER));
    assertThat(e.errors()).containsExactly(
        "$: missing required property 'travel_note'",
        "$.pace: expected one of [\"RELAXED\",\"BUSY\"], was \"FAST\"",
        "$.stops[1].nights: expected integer, was string \"two\"");
    assertThat(e.answers()).isEqualTo(2);
    assertThat(e.typeName()).isEqualTo(Trip.class.getName());
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("2 answers").contains("$.pace").doesNotContain(KEY);
    assertThat(s.requestCount()).isEqualTo(2);
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(end.attempts()).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void directProviderClient_repairsWithSeparateCalls_andSumsTheirUsage(String provider,
      WireDialect d) {
    s = server();
    RecordingListener calls = new RecordingListener();
    ProviderContext context = ProviderContext.builder().listener(calls).build();
    try (ModelClient direct = ProviderRegistry.load().create(d.config(s, KEY), context)) {
      s.enqueue(d.jsonAnswer(TypedOutputFixtures.INVALID_ANSWER));
      s.enqueue(d.jsonAnswer(TypedOutputFixtures.ANSWER));
      StructuredResponse<Trip> r = TRIP.repairs(2).call(direct,
          ChatRequest.builder().model(d.model()).user("Plan two days in Tuscany.").build());
      assertThat(r.value()).isEqualTo(TypedOutputFixtures.TRIP);
      assertThat(r.answers()).isEqualTo(2);
      assertThat(calls.ends).hasSize(2);
      assertThat(r.response().usage()).isEqualTo(
          calls.ends.get(0).usage().plus(calls.ends.get(1).usage()));
      assertThat(r.response().attempts()).isEqualTo(2);
      s.takeRequest();
      assertWireSchema(provider, s.takeRequest());
    } finally {
      context.resources().close();
    }
  }

  /** A listener for the direct client (the router's listener sees only routed calls). */
  private static final class RecordingListener implements io.vectornode.ModelCallListener {
    final List<CallEndEvent> ends = new ArrayList<>();

    @Override
    public void onCallEnd(CallEndEvent event) {
      ends.add(event);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void streamedAnswer_isReadFromTheFinalResponse(String provider, WireDialect d) {
    VectorNodeClient ai = router(d);
    String json = TypedOutputFixtures.ANSWER;
    List<String> pieces = List.of(json.substring(0, 20), json.substring(20, 61),
        json.substring(61));
    if (provider.equals("anthropic")) {
      // The forced tool's input arrives as input_json_delta fragments.
      List<String> events = new ArrayList<>();
      events.add(AnthropicStubs.messageStart(AnthropicStubs.usage(40, 1, 0, 0)));
      events.add(AnthropicStubs.blockStart(0, "{\"type\":\"tool_use\",\"id\":\"toolu_01A\","
          + "\"name\":\"answer\",\"input\":{}}"));
      pieces.forEach(p -> events.add(AnthropicStubs.jsonDelta(0, p)));
      events.add(AnthropicStubs.blockStop(0));
      events.add(AnthropicStubs.messageDelta("tool_use", "{\"output_tokens\":30}"));
      events.add(AnthropicStubs.messageStop());
      s.enqueue(StubReply.sse(events));
    } else {
      s.enqueue(d.streamText(pieces));
    }

    try (ChatStream stream = ai.stream(TRIP.apply(ask()))) {
      StructuredResponse<Trip> r = TRIP.read(stream);
      assertThat(r.value()).isEqualTo(TypedOutputFixtures.TRIP);
      assertThat(r.response().finishReason()).isEqualTo(io.vectornode.FinishReason.STOP);
    }
    assertWireSchema(provider, s.takeRequest());
  }

  @Test
  void streamedAnswer_withARepairTurn_isOneStreamedCall() {
    VectorNodeClient ai = router(OpenAiDialect.of("openai"));
    String bad = TypedOutputFixtures.INVALID_ANSWER;
    String good = TypedOutputFixtures.ANSWER;
    s.enqueue(OpenAiStubs.stream(bad.substring(0, 30), bad.substring(30)));
    s.enqueue(OpenAiStubs.stream(good.substring(0, 30), good.substring(30)));
    StructuredOutput.Session<Trip> session = TRIP.repairs(1).session(ask());

    StructuredResponse<Trip> r;
    try (ChatStream stream = ai.stream(session.first(), session::next)) {
      r = session.result(stream.response());
    }

    assertThat(r.value()).isEqualTo(TypedOutputFixtures.TRIP);
    assertThat(r.answers()).isEqualTo(2);
    assertThat(s.requestCount()).isEqualTo(2);
    s.takeRequest();
    assertThat(s.takeRequest().body()).contains("$.pace: expected one of");
    CallEndEvent end = listener.singleEnd();
    assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(end.attempts()).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void typedCall_skipsTheDeploymentWithoutJsonSchema_onEveryProvider(String provider,
      WireDialect d) {
    s = server();
    String instance = d.config(s, KEY).name();
    ModelInfo noSchema = new ModelInfo(d.config(s, KEY).type(), "plain-model", List.of(),
        128_000, 8_192, EnumSet.of(Capability.TOOLS), Prices.of("0.1", "0.4"));
    VectorNodeClient ai = (VectorNodeClient) build(builder().provider(d.config(s, KEY))
        .deployment(new Deployment("plain", instance, "plain-model", DeploymentLimits.NONE,
            noSchema))
        .model("schema", instance, d.model())
        .route(Route.fallback("typed", "plain", "schema")));
    s.enqueue(d.jsonAnswer(TypedOutputFixtures.ANSWER));
    ChatRequest typed = ChatRequest.builder().task("typed").user("trip?").build();

    assertThat(ai.chat(typed, TRIP).value()).isEqualTo(TypedOutputFixtures.TRIP);

    assertThat(s.requestCount()).isEqualTo(1);
    assertThat(listener.singleEnd().attempts()).extracting(AttemptEvent::deployment)
        .containsExactly("schema");
    assertThat(ai.plan(TRIP.apply(typed))).containsExactly("schema");
    assertThat(ai.plan(typed)).containsExactly("plain", "schema");
  }

  private ModelCatalog catalogWithoutSchema() {
    ModelInfo plain = new ModelInfo("openai", "plain-model", List.of(), 128_000, 16_384,
        EnumSet.of(Capability.TOOLS), Prices.of("0.1", "0.4"));
    return ModelCatalog.bundled().with(plain);
  }

  @Test
  void typedCall_skipsADeploymentWithoutJsonSchema_whilePlainCallsStillUseIt() {
    ProviderStubServer plain = server();
    ProviderStubServer schema = server();
    ModelClient c = build(builder().catalog(catalogWithoutSchema())
        .provider(openai("p", plain)).provider(openai("q", schema))
        .model("plain", "p", "plain-model").model("schema", "q", "gpt-4o-mini")
        .route(Route.fallback("typed", "plain", "schema"))
        .route(Route.fallback("plainOnly", "plain")));
    VectorNodeClient ai = (VectorNodeClient) c;
    schema.enqueue(OpenAiStubs.chat(TypedOutputFixtures.ANSWER));
    ChatRequest typed = ChatRequest.builder().task("typed").user("trip?").build();

    assertThat(ai.chat(typed, Trip.class)).isEqualTo(TypedOutputFixtures.TRIP);
    assertThat(plain.requestCount()).isZero();
    assertThat(listener.singleEnd().attempts()).extracting(AttemptEvent::deployment)
        .containsExactly("schema");
    assertThat(ai.plan(TRIP.apply(typed))).containsExactly("schema");
    assertThat(ai.plan(typed)).containsExactly("plain", "schema");

    Throwable t = catchThrowable(() -> ai.chat(typed.toBuilder().task("plainOnly").build(),
        Trip.class));
    assertThat(t).isInstanceOf(RoutingException.class)
        .hasMessageContaining("plain lacks json_schema");
    assertThat(plain.requestCount()).isZero();
  }

  @Test
  void fallback_keepsTheSchema_andTheTypedAnswerComesFromTheNextDeployment() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    ModelClient c = build(builder().provider(openai("p", a)).provider(openai("q", b))
        .model("a", "p", "gpt-4o-mini").model("b", "q", "gpt-4o")
        .route(Route.fallback("typed", "a", "b")));
    for (int i = 0; i < 3; i++) {
      a.enqueue(OpenAiStubs.error(503, "server_error", null, "The server is overloaded"));
    }
    b.enqueue(OpenAiStubs.chat(TypedOutputFixtures.ANSWER));

    Trip trip = ((VectorNodeClient) c).chat(ChatRequest.builder().task("typed").user("trip?")
        .build(), Trip.class);

    assertThat(trip).isEqualTo(TypedOutputFixtures.TRIP);
    assertThat(a.requestCount()).isEqualTo(3);
    JsonNode sent = tree(b.takeRequest().body());
    assertThat(sent.at("/response_format/json_schema/name").asText()).isEqualTo("Trip");
    assertThat(sent.at("/response_format/json_schema/schema"))
        .isEqualTo(tree(JsonSchemas.of(Trip.class)));
    assertThat(listener.singleEnd().attempts()).extracting(AttemptEvent::deployment)
        .containsExactly("a", "a", "a", "b");
  }

  @Test
  void unsupportedType_failsBeforeAnythingIsSent() {
    VectorNodeClient ai = router(OpenAiDialect.of("openai"));
    record Loose(Object anything) {}
    Throwable t = catchThrowable(() -> ai.chat(ask(), Loose.class));
    assertThat(t).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object at $.anything");
    assertThat(s.requestCount()).isZero();
    assertThat(listener.starts()).isEmpty();
  }

  @Test
  void mapTypedOutput_isRejectedByOpenAisStrictModeWithAClearError() {
    VectorNodeClient ai = router(OpenAiDialect.of("openai"));
    record Prices(java.util.Map<String, Double> byCity) {}
    Throwable t = catchThrowable(() -> ai.chat(ask(), Prices.class));
    assertThat(t).isInstanceOf(io.vectornode.error.ConfigurationException.class)
        .hasMessageContaining("responseFormat.schema")
        .hasMessageContaining("#/properties/byCity/additionalProperties");
    assertThat(s.requestCount()).isZero();

    // Not strict: sent as generated, and the map read back.
    s.enqueue(OpenAiStubs.chat("{\"byCity\":{\"Rome\":1.5,\"Oslo\":2}}"));
    Prices p = ai.chat(ask(), StructuredOutput.of(Prices.class).strict(false)).value();
    assertThat(p.byCity()).containsEntry("Rome", 1.5).containsEntry("Oslo", 2.0);
    JsonNode sent = tree(s.takeRequest().body()).at("/response_format/json_schema");
    assertThat(sent.get("strict").asBoolean()).isFalse();
    assertThat(sent.at("/schema/properties/byCity/additionalProperties/type").asText())
        .isEqualTo("number");
  }

  @Test
  void mapTypedOutput_isRejectedByGeminiWithAClearError() {
    VectorNodeClient ai = router(new GeminiDialect());
    record Prices(java.util.Map<String, Double> byCity) {}
    Throwable t = catchThrowable(() -> ai.chat(ask(), Prices.class));
    assertThat(t).isInstanceOf(io.vectornode.error.ConfigurationException.class)
        .hasMessageContaining("responseFormat.schema")
        .hasMessageContaining("additionalProperties with a schema (a map)")
        .hasMessageContaining("#/properties/byCity/additionalProperties");
    assertThat(s.requestCount()).isZero();
  }

  @Test
  void nonRecordTypes_areWrappedInAValueObject() {
    VectorNodeClient ai = router(OpenAiDialect.of("openai"));
    s.enqueue(OpenAiStubs.chat("{\"value\":[\"BUSY\",\"RELAXED\"]}"));
    StructuredOutput<List<TypedOutputFixtures.Pace>> paces = StructuredOutput.ofType(
        new ListOfPace().type());
    StructuredResponse<List<TypedOutputFixtures.Pace>> r = ai.chat(ask(), paces);
    assertThat(r.value()).containsExactly(TypedOutputFixtures.Pace.BUSY,
        TypedOutputFixtures.Pace.RELAXED);
    JsonNode sent = tree(s.takeRequest().body()).at("/response_format/json_schema");
    assertThat(sent.get("name").asText()).isEqualTo("List");
    assertThat(sent.get("schema")).isEqualTo(tree("{\"type\":\"object\",\"properties\":"
        + "{\"value\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
        + "\"enum\":[\"RELAXED\",\"BUSY\"]}}},\"required\":[\"value\"],"
        + "\"additionalProperties\":false}"));
  }

  /** A {@code List<Pace>} type, taken from a method signature. */
  private static final class ListOfPace {
    @SuppressWarnings("unused")
    List<TypedOutputFixtures.Pace> paces() {
      return List.of();
    }

    java.lang.reflect.Type type() {
      try {
        return ListOfPace.class.getDeclaredMethod("paces").getGenericReturnType();
      } catch (NoSuchMethodException e) {
        throw new AssertionError(e);
      }
    }
  }
}
