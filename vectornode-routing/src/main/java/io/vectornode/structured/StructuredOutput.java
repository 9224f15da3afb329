package io.vectornode.structured;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.FinishReason;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.ResponseFormat;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How to ask a model for an answer of a Java type, and how to read the answer back: the type's
 * JSON Schema (from {@link JsonSchemas}, cached), the response format that sends it, validation
 * of the answer against the schema, and optional repair turns that show the model what was wrong.
 *
 * <pre>{@code
 * record Answer(String title, Mood mood, List<String> tags, Optional<String> note) {}
 *
 * // with the router (typed calls go only to deployments whose model has JSON_SCHEMA;
 * // repair turns are turns of one call):
 * Answer a = ai.chat(request, Answer.class);
 * StructuredResponse<Answer> r = ai.chat(request, StructuredOutput.of(Answer.class).repairs(1));
 * // with any other ModelClient, a direct provider client too (each turn a call of its own):
 * StructuredResponse<Answer> d = StructuredOutput.of(Answer.class).repairs(1).call(client, request);
 * // a stream's final response:
 * try (ChatStream s = client.stream(StructuredOutput.of(Answer.class).apply(request))) {
 *   Answer streamed = StructuredOutput.of(Answer.class).read(s).value();
 * }
 * }</pre>
 *
 * <p>A type that is not a record (an enum, a list, a map) is asked for wrapped in an object,
 * {@code {"value": ...}}, because providers want an object at the root; the wrapper is removed
 * when reading. Immutable and thread-safe; the {@code with} methods return copies.
 *
 * @param <T> the answer's type
 */
public final class StructuredOutput<T> {
  /** The most repair turns one call may take. */
  public static final int MAX_REPAIRS = 5;

  static final String WRAPPER = "value";
  private static final int MAX_ANSWER_CHARS = 4 << 20;
  private static final Pattern NAME_CHARS = Pattern.compile("[^a-zA-Z0-9_-]");
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // A key given twice is ambiguous (parsers disagree on which value counts): not JSON here.
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // Exact decimals for BigDecimal components (doubles are read from them without loss).
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private final Type type;
  private final Class<?> raw;
  private final String name;
  private final int repairs;
  private final boolean strict;
  private final boolean wrapped;
  private final ObjectNode schemaNode;
  private final String schema;

  private StructuredOutput(Type type, String name, int repairs, boolean strict) {
    this.type = type;
    this.raw = JsonSchemas.raw(type);
    this.name = name;
    this.repairs = repairs;
    this.strict = strict;
    this.wrapped = !raw.isRecord();
    ObjectNode inner = JsonSchemas.node(type);
    if (wrapped) {
      ObjectNode s = MAPPER.createObjectNode();
      s.put("type", "object");
      s.putObject("properties").set(WRAPPER, inner);
      s.putArray("required").add(WRAPPER);
      s.put("additionalProperties", false);
      this.schemaNode = s;
      this.schema = s.toString();
    } else {
      this.schemaNode = inner;
      this.schema = JsonSchemas.of(type);
    }
  }

  /**
   * The structured output for a class: strict, named after the class, no repair turns.
   *
   * <pre>{@code
   * StructuredOutput<Answer> out = StructuredOutput.of(Answer.class);
   * }</pre>
   *
   * @param type a record, or another type {@link JsonSchemas} supports
   * @param <T> the type
   * @return the structured output
   * @throws IllegalArgumentException when the type has no schema (see {@link JsonSchemas#of})
   */
  public static <T> StructuredOutput<T> of(Class<T> type) {
    return new StructuredOutput<>(requireNonNull(type, "type"), defaultName(type), 0, true);
  }

  /**
   * The structured output for a generic type, such as {@code List<Answer>} taken from a field or
   * method signature by reflection. The caller asserts that {@code T} matches {@code type}.
   *
   * @param type the type
   * @param <T> the type the caller will read
   * @return the structured output
   * @throws IllegalArgumentException when the type has no schema
   */
  public static <T> StructuredOutput<T> ofType(Type type) {
    requireNonNull(type, "type");
    return new StructuredOutput<>(type, defaultName(JsonSchemas.raw(type)), 0, true);
  }

  private static String defaultName(Class<?> c) {
    String n = NAME_CHARS.matcher(c.getSimpleName()).replaceAll("_");
    if (n.isEmpty()) {
      n = "answer";
    }
    return n.length() > 64 ? n.substring(0, 64) : n;
  }

  /**
   * @param name the schema's name sent to the provider: 1 to 64 letters, digits, {@code _} or
   *     {@code -}
   * @return a copy with that name
   */
  public StructuredOutput<T> name(String name) {
    // The response format validates the name (pattern, length) with a message naming it.
    new ResponseFormat.JsonSchema(requireNonNull(name, "name"), "{}", strict);
    return new StructuredOutput<>(type, name, repairs, strict);
  }

  /**
   * Allows repair turns: when an answer does not match the schema, the model is shown its
   * answer and the validation errors and asked again, at most {@code repairs} times. Each turn
   * is an attempt of the same call. Off (0) by default.
   *
   * @param repairs 0 to {@link #MAX_REPAIRS}
   * @return a copy with that bound
   */
  public StructuredOutput<T> repairs(int repairs) {
    if (repairs < 0 || repairs > MAX_REPAIRS) {
      throw new IllegalArgumentException("repairs: must be 0 to " + MAX_REPAIRS + ", was "
          + repairs);
    }
    return new StructuredOutput<>(type, name, repairs, strict);
  }

  /**
   * @param strict whether providers that can should enforce the schema exactly (the default)
   * @return a copy with that setting
   */
  public StructuredOutput<T> strict(boolean strict) {
    return new StructuredOutput<>(type, name, repairs, strict);
  }

  /** @return the Java type answers are read into */
  public Type type() {
    return type;
  }

  /** @return the schema's name sent to the provider */
  public String name() {
    return name;
  }

  /** @return the most repair turns a call may take */
  public int repairs() {
    return repairs;
  }

  /** @return whether the schema is sent as strict */
  public boolean strict() {
    return strict;
  }

  /** @return the JSON Schema sent to the provider, as JSON text (wrapped for non-records) */
  public String schema() {
    return schema;
  }

  /** @return the response format that asks for this type */
  public ResponseFormat.JsonSchema responseFormat() {
    return new ResponseFormat.JsonSchema(name, schema, strict);
  }

  /**
   * @param request any request
   * @return the request asking for this type (its response format replaced)
   */
  public ChatRequest apply(ChatRequest request) {
    return request.toBuilder().responseFormat(responseFormat()).build();
  }

  /**
   * Reads a response's answer.
   *
   * @param response a response to a request made with {@link #apply}
   * @return the value
   * @throws StructuredOutputException when the answer is not JSON matching the schema
   */
  public T parse(ChatResponse response) {
    Checked<T> c = check(response);
    if (c.value != null) {
      return c.value;
    }
    throw failure(response, c.errors, 1);
  }

  /**
   * Sends the request through any client (a provider's own client, a test fake) and reads the
   * answer, with the repair turns allowed. Each turn is a call of its own (its own call events);
   * the response returned sums their usage and cost. With the router, prefer {@code
   * VectorNodeClient.chat(request, output)}: its repair turns are turns of one call (one start
   * and one end event, every turn an attempt of it), see {@link #session}.
   *
   * @param client the client
   * @param request the request; its response format is replaced
   * @return the typed answer
   * @throws StructuredOutputException when no answer matched within the repair turns
   * @throws io.vectornode.error.VectorNodeException when a call fails
   */
  public StructuredResponse<T> call(ModelClient client, ChatRequest request) {
    requireNonNull(client, "client");
    return run(apply(requireNonNull(request, "request")), client::chat, true);
  }

  /**
   * The repair loop of one typed call, for a client that runs several turns as one call: the
   * router's {@code VectorNodeClient.chat(request, output)} is
   *
   * <pre>{@code
   * StructuredOutput.Session<T> s = output.session(request);
   * return s.result(chat(s.first(), s::next));   // VectorNodeClient.chat(ChatRequest, Turns)
   * }</pre>
   *
   * @param request the request; its response format is replaced
   * @return a session for one call; not thread-safe (it belongs to that call)
   */
  public Session<T> session(ChatRequest request) {
    return new Session<>(this, apply(requireNonNull(request, "request")));
  }

  /**
   * The repair loop of one typed call: {@link #first()} is sent, {@link #next} checks each answer
   * and returns the repair turn's request while repairs are left (null once an answer matched),
   * and {@link #result} gives the typed answer with the call's total response.
   *
   * @param <T> the answer's type
   */
  public static final class Session<T> {
    private final StructuredOutput<T> output;
    private final ChatRequest first;
    private ChatRequest current;
    private int answers;
    private @Nullable T value;

    private Session(StructuredOutput<T> output, ChatRequest first) {
      this.output = output;
      this.first = first;
      this.current = first;
    }

    /** @return the first turn's request (asking for the type) */
    public ChatRequest first() {
      return first;
    }

    /**
     * Checks a turn's answer.
     *
     * @param previous the turn's own response
     * @return the repair turn's request, or null when the answer matched
     * @throws StructuredOutputException when it did not and no repair is left (carrying that
     *     turn's response)
     */
    public @Nullable ChatRequest next(ChatResponse previous) {
      answers++;
      Checked<T> c = output.check(previous);
      if (c.value != null) {
        value = c.value;
        return null;
      }
      if (answers > output.repairs) {
        throw output.failure(previous, c.errors, answers);
      }
      current = output.repairRequest(current, previous, c.errors);
      return current;
    }

    /**
     * @param total the call's response (the last turn's message with the call's totals)
     * @return the typed answer
     * @throws IllegalStateException when no answer has matched yet
     */
    public StructuredResponse<T> result(ChatResponse total) {
      if (value == null) {
        throw new IllegalStateException("no answer has matched the schema yet");
      }
      return new StructuredResponse<>(value, total, answers);
    }
  }

  /**
   * Consumes a stream started with a request made by {@link #apply} and reads its final
   * response. No repair turns: a stream is one answer. Through the router a stream can take
   * repair turns as one call, with a {@link #session} (the caller then sees every turn's deltas,
   * the wrong answer's too):
   *
   * <pre>{@code
   * StructuredOutput.Session<Answer> s = out.repairs(1).session(request);
   * try (ChatStream stream = ai.stream(s.first(), s::next)) {
   *   Answer a = s.result(stream.response()).value();
   * }
   * }</pre>
   *
   * @param stream the stream
   * @return the typed answer
   * @throws StructuredOutputException when the answer does not match the schema
   * @throws io.vectornode.error.VectorNodeException when the stream fails
   */
  public StructuredResponse<T> read(ChatStream stream) {
    ChatResponse r = requireNonNull(stream, "stream").response();
    return new StructuredResponse<>(parse(r), r, 1);
  }

  /** Sends one turn of a structured call. */
  interface Turn {
    ChatResponse send(ChatRequest request);
  }

  /**
   * The loop every caller shares: ask, check, and while answers are wrong and repairs are left,
   * send the repair turn. {@code combine} sums the turns' usage into the returned response (for
   * clients whose turns are separate calls).
   */
  StructuredResponse<T> run(ChatRequest request, Turn turn, boolean combine) {
    ChatRequest current = request;
    ChatResponse total = null;
    for (int answers = 1; ; answers++) {
      ChatResponse r = turn.send(current);
      total = combine ? plus(total, r) : r;
      Checked<T> c = check(r);
      if (c.value != null) {
        return new StructuredResponse<>(c.value, total, answers);
      }
      if (answers > repairs) {
        throw failure(total, c.errors, answers);
      }
      current = repairRequest(current, r, c.errors);
    }
  }

  /**
   * The next turn of a repair: the conversation so far, the wrong answer as the assistant's
   * message (its text only), and a user message listing the errors.
   */
  ChatRequest repairRequest(ChatRequest previous, ChatResponse answer, List<String> errors) {
    StringBuilder b = new StringBuilder(
        "Your answer does not match the required JSON schema:\n");
    for (String e : errors) {
      b.append("- ").append(e).append('\n');
    }
    b.append("Reply again with only the corrected JSON, matching the schema exactly.");
    String text = answer.text();
    return previous.toBuilder()
        .message(Message.assistant(text.isEmpty() ? "(no answer)" : text))
        .message(Message.user(b.toString()))
        .build();
  }

  private static ChatResponse plus(@Nullable ChatResponse total, ChatResponse r) {
    if (total == null) {
      return r;
    }
    return new ChatResponse(r.id(), r.provider(), r.model(), r.message(), r.finishReason(),
        total.usage().plus(r.usage()), total.cost().plus(r.cost()),
        total.attempts() + r.attempts(), total.latency().plus(r.latency()),
        total.timeToFirstToken(), false);
  }

  private StructuredOutputException failure(ChatResponse r, List<String> errors, int answers) {
    return new StructuredOutputException(r.provider(), JsonSchemas.typeName(type), r.text(),
        errors, answers, r);
  }

  /** A checked answer: a value, or the errors. */
  static final class Checked<T> {
    final @Nullable T value;
    final List<String> errors;

    Checked(@Nullable T value, List<String> errors) {
      this.value = value;
      this.errors = errors;
    }
  }

  /** Validates and reads a response's text; never throws for a bad answer. */
  Checked<T> check(ChatResponse r) {
    String text = r.text();
    List<String> errors = new ArrayList<>();
    if (r.finishReason() == FinishReason.LENGTH) {
      errors.add("$: the answer was cut off at the output token limit (finish reason LENGTH)");
    }
    if (text.isBlank() && !r.toolCalls().isEmpty()) {
      errors.add("$: the model called tools instead of answering with JSON");
      return new Checked<>(null, errors);
    }
    Checked<T> c = check(text);
    if (c.value != null && errors.isEmpty()) {
      return c;
    }
    errors.addAll(c.errors);
    return new Checked<>(null, List.copyOf(errors));
  }

  /** Validates and reads an answer's text. */
  @SuppressWarnings("unchecked")
  Checked<T> check(String text) {
    if (text.length() > MAX_ANSWER_CHARS) {
      return new Checked<>(null, List.of("$: the answer is longer than " + MAX_ANSWER_CHARS
          + " characters"));
    }
    String json = unfence(text);
    if (json.isBlank()) {
      return new Checked<>(null, List.of("$: the answer is empty, expected a JSON object"));
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return new Checked<>(null, List.of("$: not valid JSON: "
          + SchemaValidator.abbreviate(String.valueOf(e.getOriginalMessage()))));
    }
    if (tree == null || tree.isMissingNode()) {
      return new Checked<>(null, List.of("$: the answer is empty, expected a JSON object"));
    }
    List<String> errors = SchemaValidator.validate(schemaNode, tree);
    if (!errors.isEmpty()) {
      return new Checked<>(null, errors);
    }
    JsonNode inner = wrapped ? tree.get(WRAPPER) : tree;
    try {
      Object value = JsonBinder.bind(type, inner);
      return new Checked<>((T) value, List.of());
    } catch (JsonBinder.Failure f) {
      String msg = f.getMessage();
      return new Checked<>(null, List.of(wrapped && msg.startsWith("$")
          ? "$." + WRAPPER + msg.substring(1) : msg));
    }
  }

  /**
   * The JSON inside a Markdown code fence (a first line of three backticks and an optional
   * language, a last line of three backticks), for providers that add one; else the text. Linear
   * in the text (no regular expression to backtrack on hostile input).
   */
  static String unfence(String text) {
    String s = text.strip();
    if (!s.startsWith("```") || s.length() < 6 || !s.endsWith("```")) {
      return s;
    }
    int firstLine = s.indexOf('\n');
    if (firstLine < 0 || firstLine > s.length() - 3) {
      return s;
    }
    for (int i = 3; i < firstLine; i++) {
      char c = s.charAt(i);
      if (!Character.isLetter(c) && !Character.isWhitespace(c)) {
        return s;
      }
    }
    return s.substring(firstLine + 1, s.length() - 3).strip();
  }

  @Override
  public String toString() {
    return "StructuredOutput[" + JsonSchemas.typeName(type) + ", name=" + name + ", repairs="
        + repairs + ", strict=" + strict + "]";
  }
}
