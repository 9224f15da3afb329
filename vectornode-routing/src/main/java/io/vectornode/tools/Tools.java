package io.vectornode.tools;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.ContentPart;
import io.vectornode.Tool;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Tools bound to Java methods: the definitions to send ({@link #definitions()}), and the calls
 * the model asks for, run ({@link #call}). Made by {@link #from} from methods annotated {@link
 * ToolMethod}; the argument schema of each is generated from its parameters' types (records,
 * enums, strings, numbers, booleans, lists, sets, arrays, {@code Map<String, X>}, and {@code
 * Optional} or {@code @Nullable} for an argument that may be absent), and the model's arguments
 * are read into those types with Jackson.
 *
 * <pre>{@code
 * class Travel {
 *   @ToolMethod(description = "The weather in a city now")
 *   Weather weather(@Param("city") String city) { ... }
 *
 *   @ToolMethod(description = "Books a table")
 *   Booking book(@Param("restaurant") String restaurant, @Param("when") Slot when) { ... }
 * }
 * Tools tools = Tools.from(new Travel());
 * ChatResponse answer = ToolLoop.of(tools).chat(client, request);
 * }</pre>
 *
 * <p>What the model reads back: a {@code String} result as it is, any other value as JSON,
 * {@code "ok"} for a {@code void} method; at most {@link #maxResultChars()} characters (the
 * rest cut, saying how much). A call never throws: an unknown tool, arguments that cannot be
 * read (naming the argument), or an exception of the method (its type and message) become an
 * error result the model sees and may act on. Exception messages reach the model and the
 * provider: a method should not put secrets in them. Only {@link Error}s propagate.
 *
 * <p>Immutable and thread-safe (the methods are called concurrently when the model asks for
 * several tools at once: they must be thread-safe too).
 */
public final class Tools {
  /** Reads arguments and writes results; tolerant of arguments the schema does not name. */
  static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
      .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
      // The arguments must have the schema's JSON types: 99.9 is not the integer 99, "3" is not
      // 3, and 0 is not an enum's first constant.
      .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
      // An argument given twice is ambiguous: the arguments are not valid JSON.
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true)
      .configure(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
      .build();
  /** The default bound on a result's length, in characters. */
  public static final int DEFAULT_MAX_RESULT_CHARS = 32_768;
  /** The longest arguments text read (longer ones are an error result). */
  static final int MAX_ARGUMENT_CHARS = 1 << 20;
  /** The longest error text sent back (an exception's message may be long). */
  static final int MAX_ERROR_CHARS = 2_000;

  private final Map<String, BoundTool> byName;
  private final List<Tool> definitions;
  private final int maxResultChars;

  private Tools(Map<String, BoundTool> byName, int maxResultChars) {
    this.byName = byName;
    this.definitions = byName.values().stream().map(t -> t.definition).toList();
    this.maxResultChars = maxResultChars;
  }

  /**
   * Binds every {@link ToolMethod} of the given objects (an object's public and non-public
   * methods, its superclasses' included). A {@link Class} binds its static tool methods.
   *
   * @param targets the objects whose methods become tools
   * @return the tools, in the order of the targets, and by name within each
   * @throws IllegalArgumentException naming the method: an object without tool methods, two
   *     tools with one name, a parameter type the schema generator does not support, a
   *     parameter without a name, a method that cannot be made accessible
   */
  public static Tools from(Object... targets) {
    requireNonNull(targets, "targets");
    Map<String, BoundTool> all = new LinkedHashMap<>();
    for (Object target : targets) {
      requireNonNull(target, "target");
      Class<?> type = target instanceof Class<?> c ? c : target.getClass();
      Object instance = target instanceof Class<?> ? null : target;
      List<Method> methods = new ArrayList<>();
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Method m : c.getDeclaredMethods()) {
          if (m.isAnnotationPresent(ToolMethod.class) && !m.isBridge() && !overridden(m, methods)) {
            methods.add(m);
          }
        }
      }
      if (methods.isEmpty()) {
        throw new IllegalArgumentException("Tools.from: " + type.getName() + " has no method"
            + " annotated @ToolMethod" + (instance == null ? " (a Class binds static methods;"
            + " pass an instance for instance methods)" : ""));
      }
      methods.sort(Comparator.comparing(Method::getName)
          .thenComparing(m -> Arrays.toString(m.getParameterTypes())));
      for (Method m : methods) {
        if (instance == null && !Modifier.isStatic(m.getModifiers())) {
          continue; // a Class binds only its static methods
        }
        add(all, BoundTool.of(instance, m, m.getAnnotation(ToolMethod.class)));
      }
    }
    return new Tools(all, DEFAULT_MAX_RESULT_CHARS);
  }

  private static boolean overridden(Method m, List<Method> subclassMethods) {
    for (Method s : subclassMethods) {
      if (s.getName().equals(m.getName())
          && Arrays.equals(s.getParameterTypes(), m.getParameterTypes())) {
        return true;
      }
    }
    return false;
  }

  private static void add(Map<String, BoundTool> all, BoundTool t) {
    BoundTool before = all.putIfAbsent(t.definition.name(), t);
    if (before != null) {
      throw new IllegalArgumentException("Tools.from: two tools named '" + t.definition.name()
          + "': " + before.where + " and " + t.where + " (rename one with @ToolMethod(name = ...))");
    }
  }

  /**
   * These tools and others.
   *
   * @param other more tools
   * @return both sets, this one's first
   * @throws IllegalArgumentException when a name is in both
   */
  public Tools and(Tools other) {
    requireNonNull(other, "other");
    Map<String, BoundTool> all = new LinkedHashMap<>(byName);
    for (BoundTool t : other.byName.values()) {
      add(all, t);
    }
    return new Tools(all, maxResultChars);
  }

  /**
   * The same tools with another bound on each result.
   *
   * @param max the most characters of a result the model reads, at least 100
   * @return the tools
   * @throws IllegalArgumentException when {@code max} is below 100
   */
  public Tools maxResultChars(int max) {
    if (max < 100) {
      throw new IllegalArgumentException("maxResultChars: must be at least 100, was " + max);
    }
    return new Tools(byName, max);
  }

  /** @return the most characters of a result the model reads */
  public int maxResultChars() {
    return maxResultChars;
  }

  /** @return the definitions to send in {@link io.vectornode.ChatRequest#tools()}, in order */
  public List<Tool> definitions() {
    return definitions;
  }

  /**
   * Runs one call the model asked for, on this thread.
   *
   * @param call the model's tool call
   * @return its result for the model: the method's value, or an error result ({@link
   *     ContentPart.ToolResult#error()}) saying what went wrong
   * @throws Error only what the method threw as an {@link Error}
   */
  public ContentPart.ToolResult call(ContentPart.ToolCall call) {
    requireNonNull(call, "call");
    BoundTool t = byName.get(call.name());
    if (t == null) {
      return error(call, "unknown tool '" + bound(call.name(), 64) + "'; the tools are "
          + byName.keySet());
    }
    if (call.arguments().length() > MAX_ARGUMENT_CHARS) {
      return error(call, "the arguments of tool '" + call.name() + "' are too long ("
          + call.arguments().length() + " characters)");
    }
    Object value;
    try {
      value = t.invoke(call.arguments());
    } catch (BoundTool.BadArguments e) {
      return error(call, "tool '" + call.name() + "': " + e.getMessage());
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt(); // the tool swallowed nothing: keep the interrupt
      }
      return error(call, "tool '" + call.name() + "' failed: " + describe(cause));
    }
    String text;
    if (t.returnsVoid()) {
      text = "ok";
    } else if (value instanceof String s) {
      text = s;
    } else {
      try {
        text = MAPPER.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        return error(call, "tool '" + call.name() + "' returned a value that cannot be written"
            + " as JSON: " + firstLine(e.getOriginalMessage()));
      }
    }
    return new ContentPart.ToolResult(call.id(), bound(text, maxResultChars), false);
  }

  private static ContentPart.ToolResult error(ContentPart.ToolCall call, String message) {
    return new ContentPart.ToolResult(call.id(), bound("Error: " + message, MAX_ERROR_CHARS),
        true);
  }

  /** The exception's type and message, as the model reads it. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  static String firstLine(@Nullable String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return bound(nl < 0 ? s : s.substring(0, nl), 300);
  }

  /** The text cut to {@code max} characters, saying how many more there were. */
  static String bound(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    String cut = s.substring(0, max);
    if (Character.isHighSurrogate(cut.charAt(cut.length() - 1))) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "\n[truncated: " + (s.length() - cut.length()) + " more characters]";
  }

  @Override
  public String toString() {
    return "Tools" + byName.keySet();
  }
}
