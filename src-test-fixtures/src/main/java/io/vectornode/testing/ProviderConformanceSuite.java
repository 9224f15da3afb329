package io.vectornode.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.ResponseFormat;
import io.vectornode.StreamEvent;
import io.vectornode.Tool;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ContextLengthExceededException;
import io.vectornode.error.InvalidRequestException;
import io.vectornode.error.NotFoundException;
import io.vectornode.error.PermissionDeniedException;
import io.vectornode.error.ProviderException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.WireDialect.ErrorCase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The provider contract: one suite every provider passes, built-in or a user's own. Subclass it
 * in a test, return the provider's {@link WireDialect}, and run it:
 *
 * <pre>{@code
 * class MyProviderConformanceTest extends ProviderConformanceSuite {
 *   @Override protected WireDialect dialect() { return new MyDialect(); }
 * }
 * }</pre>
 *
 * <p>It drives the provider (found through {@link ProviderRegistry}, so the {@code
 * META-INF/services} entry is checked too) against a {@link ProviderStubServer} and checks the
 * same behaviour everywhere: text, system prompt, multi-turn, images, a tool round trip, streamed
 * tool calls, JSON-schema output, typed output (the schema VectorNode generates for a nested
 * record with an enum, a list and an optional field, and the answer back whole), normalized usage, every finish reason, every error class with
 * {@code retryable()} and {@code retryAfter()}, early close and a cut stream, and that the key
 * never leaks. Embeddings: split into the provider's batches and joined in input order, a reply
 * with a vector missing or an input answered twice refused, a rate limit typed, the key never
 * in a message; a provider whose client declares none ({@code maxEmbeddingInputs() == 0}) must
 * refuse them before sending anything, and a dialect without an {@link
 * WireDialect#embeddingModel()} skips these checks.
 */
public abstract class ProviderConformanceSuite {
  /** The canary key: it must never appear anywhere but the request's auth header. */
  protected static final String CANARY = "canary-KEY-9f86d081884c7d659a2feaa0c55ad015";
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":"
      + "{\"type\":\"string\"},\"population\":{\"type\":\"integer\"}},"
      + "\"required\":[\"city\",\"population\"]}";

  private ProviderStubServer server;
  private ProviderContext context;
  private RecordingModelCallListener listener;
  private ModelClient client;
  private WireDialect dialect;

  /** For subclasses. */
  protected ProviderConformanceSuite() {}

  /** @return the wire dialect of the provider under test */
  protected abstract WireDialect dialect();

  @BeforeEach
  void startConformance() {
    dialect = dialect();
    server = ProviderStubServer.start();
    listener = new RecordingModelCallListener();
    context = ProviderContext.builder().listener(listener).build();
    client = ProviderRegistry.load().create(dialect.config(server, CANARY), context);
  }

  @AfterEach
  void stopConformance() {
    client.close();
    context.resources().close();
    server.close();
  }

  private ChatRequest.Builder request() {
    return ChatRequest.builder().model(dialect.model());
  }

  private RequestView sent() {
    return dialect.read(server.takeRequest());
  }

  @Test
  void plainText_returnsTextAndSendsTheKey() {
    server.enqueue(dialect.text("Hello from the stub."));
    ChatResponse r = client.chat(request().user("Hi").build());
    assertThat(r.text()).isEqualTo("Hello from the stub.");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage().inputTokens()).isPositive();
    assertThat(r.usage().outputTokens()).isPositive();
    RequestView view = sent();
    assertThat(view.apiKey()).isEqualTo(CANARY);
    assertThat(view.turns()).containsExactly("user: Hi");
    assertThat(view.stream()).isFalse();
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
  }

  @Test
  void systemPrompt_isSentTheApisWay() {
    server.enqueue(dialect.text("ok"));
    client.chat(request().system("You are terse.").user("Hi").build());
    RequestView view = sent();
    assertThat(view.system()).isEqualTo("You are terse.");
    assertThat(view.turns()).containsExactly("user: Hi");
  }

  @Test
  void multiTurn_keepsOrderAndRoles() {
    server.enqueue(dialect.text("Paris."));
    client.chat(request().user("Capital of Italy?").message(Message.assistant("Rome."))
        .user("And France?").build());
    assertThat(sent().turns()).containsExactly(
        "user: Capital of Italy?", "assistant: Rome.", "user: And France?");
  }

  @Test
  void imageInput_isSent() {
    server.enqueue(dialect.text("A red pixel."));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assertThat(client.chat(request().message(Message.user(new ContentPart.Text("What is it?"),
        new ContentPart.ImageData(png, "image/png"))).build()).text()).isEqualTo("A red pixel.");
    RequestView view = sent();
    assertThat(view.images()).isEqualTo(1);
    assertThat(view.turns()).containsExactly("user: What is it?");
  }

  @Test
  void toolRoundTrip_callsComeBackAndResultsGoOut() {
    Tool weather = Tool.of("get_weather", "Current weather", "{\"type\":\"object\","
        + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    server.enqueue(dialect.toolCalls(List.of(
        new ContentPart.ToolCall("call_paris", "get_weather", "{\"city\":\"Paris\"}"),
        new ContentPart.ToolCall("call_rome", "get_weather", "{\"city\":\"Rome\"}"))));
    ChatRequest ask = request().user("Weather in Paris and Rome?").tool(weather).build();
    ChatResponse r = client.chat(ask);
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.toolCalls()).extracting(ContentPart.ToolCall::name)
        .containsExactly("get_weather", "get_weather");
    assertThat(r.toolCalls()).extracting(ContentPart.ToolCall::arguments)
        .containsExactly("{\"city\":\"Paris\"}", "{\"city\":\"Rome\"}");
    assertThat(sent().tools()).containsExactly("get_weather");

    server.enqueue(dialect.text("Paris 18C, Rome 24C."));
    ChatRequest.Builder next = ask.toBuilder().message(r.message());
    for (ContentPart.ToolCall c : r.toolCalls()) {
      next.message(Message.toolResult(c.id(), "{\"tempC\":20}"));
    }
    assertThat(client.chat(next.build()).text()).isEqualTo("Paris 18C, Rome 24C.");
    RequestView view = sent();
    assertThat(view.toolCallsSent()).isEqualTo(2);
    assertThat(view.toolResults()).isEqualTo(2);
  }

  @Test
  void streamedToolCalls_areAssembledIntoCompleteCalls() {
    server.enqueue(dialect.streamToolCalls(List.of(
        new ContentPart.ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
        new ContentPart.ToolCall("call_b", "get_time", "{\"zone\":\"Europe/Rome\"}"))));
    List<StreamEvent> events = drain(client.stream(request().user("x")
        .tool(Tool.of("get_weather", "", "{\"type\":\"object\",\"properties\":{\"city\":"
            + "{\"type\":\"string\"}}}"))
        .tool(Tool.of("get_time", "", "{\"type\":\"object\",\"properties\":{\"zone\":"
            + "{\"type\":\"string\"}}}")).build()));
    assertThat(events).filteredOn(e -> e instanceof StreamEvent.ToolCallDelta).isNotEmpty();
    ChatResponse r = completed(events);
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.toolCalls()).extracting(ContentPart.ToolCall::name)
        .containsExactly("get_weather", "get_time");
    assertThat(r.toolCalls()).extracting(ContentPart.ToolCall::arguments)
        .containsExactly("{\"city\":\"Paris\"}", "{\"zone\":\"Europe/Rome\"}");
    StringBuilder first = new StringBuilder();
    events.stream().filter(e -> e instanceof StreamEvent.ToolCallDelta d && d.index() == 0)
        .forEach(e -> first.append(((StreamEvent.ToolCallDelta) e).argumentsDelta()));
    assertThat(first.toString()).isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void streamText_yieldsDeltasThenCompleted() {
    server.enqueue(dialect.streamText(List.of("Hel", "lo ", "world")));
    List<StreamEvent> events = drain(client.stream(request().user("x").build()));
    assertThat(events.stream().filter(e -> e instanceof StreamEvent.TextDelta)
        .map(e -> ((StreamEvent.TextDelta) e).text())).containsExactly("Hel", "lo ", "world");
    ChatResponse r = completed(events);
    assertThat(r.text()).isEqualTo("Hello world");
    assertThat(r.usage().outputTokens()).isPositive();
    assertThat(sent().stream()).isTrue();
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
  }

  @Test
  void jsonSchemaOutput_returnsTheJsonAsText() {
    server.enqueue(dialect.jsonAnswer("{\"city\":\"Paris\",\"population\":2102650}"));
    ChatResponse r = client.chat(request().user("Largest city of France, as JSON.")
        .responseFormat(ResponseFormat.jsonSchema("answer", SCHEMA)).build());
    assertThat(r.text().replace(" ", ""))
        .isEqualTo("{\"city\":\"Paris\",\"population\":2102650}");
    assertThat(r.toolCalls()).isEmpty();
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void typedOutput_nestedRecordSchemaIsSentInTheApisFormAndTheAnswerComesBackWhole()
      throws Exception {
    server.enqueue(dialect.jsonAnswer(TypedOutputFixtures.ANSWER));
    ChatResponse r = client.chat(request().user("Plan a trip to Tuscany.")
        .responseFormat(ResponseFormat.jsonSchema("answer", TypedOutputFixtures.SCHEMA))
        .build());
    assertThat(Dialects.JSON.readTree(r.text()))
        .isEqualTo(Dialects.JSON.readTree(TypedOutputFixtures.ANSWER));
    assertThat(r.toolCalls()).isEmpty();
    Optional<String> sent = dialect.responseSchema(server.takeRequest());
    if (sent.isEmpty()) {
      return; // the dialect does not say where the schema goes
    }
    JsonNode s = Dialects.JSON.readTree(sent.get());
    JsonNode props = s.get("properties");
    assertThat(props).as("properties of %s", s).isNotNull();
    assertThat(names(s.get("required"))).as("required of %s", s)
        .containsExactlyInAnyOrder("title", "pace", "stops", "travel_note", "highlight");
    assertThat(names(props.path("pace").get("enum"))).containsExactly("RELAXED", "BUSY");
    assertThat(props.path("stops").path("type").asText()).isEqualToIgnoringCase("array");
    assertThat(names(props.path("stops").path("items").get("required")))
        .containsExactlyInAnyOrder("city", "nights");
    assertThat(props.path("stops").path("items").path("properties").path("nights")
        .path("type").asText()).isEqualToIgnoringCase("integer");
    assertThat(nullable(props.get("travel_note"))).as("travel_note nullable in %s", s).isTrue();
    assertThat(nullable(props.get("title"))).as("title not nullable in %s", s).isFalse();
    assertThat(nullable(props.get("highlight"))).as("highlight nullable in %s", s).isTrue();
    assertThat(sent.get()).doesNotContain("\"additionalProperties\":true");
  }

  @Test
  void typedOutput_anAnswerThatBreaksTheSchemaReachesTheCallerUnchanged() throws Exception {
    server.enqueue(dialect.jsonAnswer(TypedOutputFixtures.INVALID_ANSWER));
    ChatResponse r = client.chat(request().user("Plan a trip to Tuscany.")
        .responseFormat(ResponseFormat.jsonSchema("answer", TypedOutputFixtures.SCHEMA))
        .build());
    // The provider neither fixes nor hides a wrong answer: validation and repair are the
    // caller's (vectornode-routing's StructuredOutput), and they need the raw text.
    assertThat(Dialects.JSON.readTree(r.text()))
        .isEqualTo(Dialects.JSON.readTree(TypedOutputFixtures.INVALID_ANSWER));
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /** Nullable in any of the forms APIs use: a type union, {@code nullable}, an anyOf branch. */
  private static boolean nullable(JsonNode schema) {
    if (schema == null) {
      return false;
    }
    if (schema.path("nullable").asBoolean(false)) {
      return true;
    }
    for (JsonNode t : schema.path("type")) {
      if (t.asText().equals("null")) {
        return true;
      }
    }
    for (JsonNode branch : schema.path("anyOf")) {
      if (branch.path("type").asText().equals("null")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void usage_isNormalizedFromTheApisOwnNumbers() {
    WireDialect.UsageCase u = dialect.usageCase();
    server.enqueue(u.reply());
    ChatResponse r = client.chat(request().user("x").build());
    assertThat(r.usage()).isEqualTo(u.expected());
    assertThat(r.usage().cachedInputTokens()).isLessThanOrEqualTo(r.usage().inputTokens());
    assertThat(r.usage().reasoningTokens()).isLessThanOrEqualTo(r.usage().outputTokens());
    assertThat(listener.singleEnd().usage()).isEqualTo(u.expected());
  }

  @TestFactory
  Stream<DynamicTest> finishReasons_areMapped() {
    return Stream.of(FinishReason.values()).map(reason -> DynamicTest.dynamicTest(
        reason.name(), () -> {
          Optional<StubReply> reply = dialect().finish(reason);
          if (reply.isEmpty()) {
            return; // the API has no such finish reason
          }
          restart();
          server.enqueue(reply.get());
          if (reason == FinishReason.CONTENT_FILTER) {
            assertThat(catchThrowable(() -> client.chat(request().user("x").build())))
                .isInstanceOfSatisfying(ContentFilteredException.class,
                    e -> assertThat(e.retryable()).isFalse());
          } else {
            assertThat(client.chat(request().user("x").build()).finishReason())
                .isEqualTo(reason);
          }
        }));
  }

  @TestFactory
  Stream<DynamicTest> errors_mapToTheSameClassesEverywhere() {
    return Stream.of(ErrorCase.values()).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Optional<StubReply> reply = dialect().error(c);
      if (reply.isEmpty()) {
        return;
      }
      restart();
      server.enqueue(reply.get());
      Throwable t = catchThrowable(() -> client.chat(request().user("x").build()));
      assertThat(t).isInstanceOf(ProviderException.class);
      ProviderException e = (ProviderException) t;
      switch (c) {
        case INVALID_REQUEST -> expect(e, InvalidRequestException.class, false);
        case CONTEXT_LENGTH -> expect(e, ContextLengthExceededException.class, false);
        case AUTHENTICATION -> expect(e, AuthenticationException.class, false);
        case PERMISSION -> expect(e, PermissionDeniedException.class, false);
        case NOT_FOUND -> expect(e, NotFoundException.class, false);
        case RATE_LIMIT -> {
          expect(e, RateLimitException.class, true);
          assertThat(((RateLimitException) e).quotaExceeded()).isFalse();
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        }
        case QUOTA -> {
          expect(e, RateLimitException.class, false);
          assertThat(((RateLimitException) e).quotaExceeded()).isTrue();
        }
        case SERVER_ERROR, OVERLOADED -> expect(e, ServiceUnavailableException.class, true);
      }
      assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
    }));
  }

  private static void expect(ProviderException e, Class<?> type, boolean retryable) {
    assertThat(e).isExactlyInstanceOf(type);
    assertThat(e.retryable()).as("retryable of %s", e).isEqualTo(retryable);
    if (!(e instanceof RateLimitException)) {
      assertThat(e.retryAfter()).isEmpty();
    }
  }

  @Test
  void earlyClose_cancelsTheHttpCallAndReportsCancelled() {
    server.enqueue(dialect.idleStream(List.of("first", "second", "third")));
    ChatStream s = client.stream(request().user("x").build());
    Iterator<StreamEvent> it = s.iterator();
    StreamEvent firstText = null;
    while (firstText == null && it.hasNext()) {
      StreamEvent e = it.next();
      firstText = e instanceof StreamEvent.TextDelta ? e : null;
    }
    assertThat(firstText).isEqualTo(new StreamEvent.TextDelta("first"));
    s.close();
    assertThat(it.hasNext()).isFalse();
    assertThat(server.awaitClientDisconnect(Duration.ofSeconds(5))).isTrue();
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.CANCELLED);
  }

  @Test
  void cutStream_failsAsTransportErrorAfterThePartialOutput() {
    server.enqueue(dialect.cutStream(List.of("one ", "two ", "three ", "four")));
    List<StreamEvent> seen = new ArrayList<>();
    Throwable t = catchThrowable(() -> {
      try (ChatStream s = client.stream(request().user("x").build())) {
        s.forEach(seen::add);
      }
    });
    assertThat(t).isInstanceOf(TransportException.class);
    assertThat(((VectorNodeException) t).retryable()).isTrue();
    assertThat(seen).noneMatch(e -> e instanceof StreamEvent.Completed);
    assertThat(text(seen)).isEqualTo("one two ");
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  @Test
  void canaryKey_neverLeaks_evenWhenEchoedBack() {
    StringBuilder seen = new StringBuilder();
    for (ErrorCase c : ErrorCase.values()) {
      Optional<StubReply> reply = dialect.error(c);
      if (reply.isEmpty()) {
        continue;
      }
      StubReply echo = StubReply.json(reply.get().status(), reply.get().body()
          .replace("\"message\": \"", "\"message\": \"key " + CANARY + " / Bearer " + CANARY
              + " - ")
          .replace("\"message\":\"", "\"message\":\"key " + CANARY + " - "));
      server.enqueue(echo);
      Throwable t = catchThrowable(() -> client.chat(request().user("x").build()));
      assertThat(t).isNotNull();
      StringWriter sw = new StringWriter();
      t.printStackTrace(new PrintWriter(sw));
      seen.append(sw).append(t);
    }
    server.enqueue(StubReply.json(200, "{\"broken\": " + CANARY));
    seen.append(catchThrowable(() -> client.chat(request().user("x").build())));
    seen.append(LogCapture.text()).append(listener.dump()).append(client).append(context)
        .append(dialect.config(server, CANARY));
    assertThat(seen.toString()).contains("[REDACTED]")
        .doesNotContain(CANARY).doesNotContain(CANARY.substring(0, 20));
  }

  private io.vectornode.EmbeddingRequest.Builder embedding(int inputs) {
    List<String> in = new ArrayList<>(inputs);
    for (int i = 0; i < inputs; i++) {
      in.add("input " + i);
    }
    return io.vectornode.EmbeddingRequest.builder()
        .model(dialect.embeddingModel().orElse(dialect.model())).inputs(in);
  }

  /**
   * True when the client declares no embeddings (its refusal is checked instead). A client that
   * declares them is checked in full, so its dialect must describe the embeddings wire: nothing
   * is skipped.
   */
  private boolean declaresNoEmbeddings() {
    if (client.maxEmbeddingInputs() == 0) {
      return true;
    }
    assertThat(dialect.embeddingModel()).as("the client declares embeddings (at most %d inputs"
        + " a request): its dialect must give embeddingModel(), embeddings() and"
        + " embeddingInputs()", client.maxEmbeddingInputs()).isPresent();
    return false;
  }

  @Test
  void embeddings_areBatchedByTheProvidersLimitAndJoinedInInputOrder() {
    if (declaresNoEmbeddings()) {
      Throwable e = catchThrowable(() -> client.embed(embedding(3).build()));
      assertThat(e).isInstanceOf(io.vectornode.error.UnsupportedFeatureException.class)
          .hasMessageContaining("embeddings");
      assertThat(server.requestCount()).as("refused before sending").isZero();
      return;
    }
    int max = client.maxEmbeddingInputs();
    int n = 2 * max + 3;
    for (int from = 0; from < n; from += max) {
      int count = Math.min(max, n - from);
      server.enqueue(dialect.embeddings(EmbeddingStubs.markers(from, count), 5L * count));
    }
    io.vectornode.EmbeddingResponse r = client.embed(embedding(n).build());
    assertThat(r.size()).isEqualTo(n);
    for (int i = 0; i < n; i += 97) {
      assertThat(r.vector(i)).as("vector %d", i).containsExactly(EmbeddingStubs.marker(i));
    }
    assertThat(r.vector(n - 1)).containsExactly(EmbeddingStubs.marker(n - 1));
    assertThat(r.usage().inputTokens()).isPositive();
    assertThat(r.usage().outputTokens()).isZero();
    List<Integer> sizes = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      RecordedCall call = server.takeRequest();
      assertThat(dialect.read(call).apiKey()).isEqualTo(CANARY);
      List<String> inputs = dialect.embeddingInputs(call);
      sizes.add(inputs.size());
      sent.addAll(inputs);
    }
    assertThat(sizes).containsExactly(max, max, 3);
    assertThat(sent).isEqualTo(embedding(n).build().inputs());
    assertThat(listener.singleEnd().operation()).isEqualTo(io.vectornode.Operation.EMBEDDING);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
  }

  @Test
  void embeddings_aReplyMissingAVector_isATypedError() {
    if (declaresNoEmbeddings()) {
      return; // the refusal is checked above
    }
    server.enqueue(dialect.embeddings(EmbeddingStubs.markers(0, 2), 6));
    Throwable e = catchThrowable(() -> client.embed(embedding(3).build()));
    assertThat(e).isInstanceOf(io.vectornode.error.ResponseParseException.class)
        .hasMessageContaining("2 vectors for 3 inputs");
  }

  @Test
  void embeddings_rateLimit_isRetryableAndTheKeyNeverLeaks() {
    if (declaresNoEmbeddings()) {
      return;
    }
    server.enqueue(dialect.error(ErrorCase.RATE_LIMIT).orElseThrow());
    Throwable e = catchThrowable(() -> client.embed(embedding(2).build()));
    expect((ProviderException) e, RateLimitException.class, true);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(CANARY);
    assertThat(listener.singleEnd().toString()).doesNotContain(CANARY);
  }

  private void restart() {
    stopConformance();
    startConformance();
  }

  private static List<StreamEvent> drain(ChatStream stream) {
    List<StreamEvent> events = new ArrayList<>();
    try (stream) {
      stream.forEach(events::add);
    }
    return events;
  }

  private static ChatResponse completed(List<StreamEvent> events) {
    assertThat(events).last().isInstanceOf(StreamEvent.Completed.class);
    return ((StreamEvent.Completed) events.get(events.size() - 1)).response();
  }

  private static String text(List<StreamEvent> events) {
    StringBuilder sb = new StringBuilder();
    events.stream().filter(e -> e instanceof StreamEvent.TextDelta)
        .forEach(e -> sb.append(((StreamEvent.TextDelta) e).text()));
    return sb.toString();
  }
}
