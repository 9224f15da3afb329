package io.vectornode.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.Tool;
import io.vectornode.structured.JsonSchemas;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One {@link ToolMethod} bound to its object: its definition (the schema generated from the
 * parameters' types by {@link JsonSchemas}), and its invocation (arguments read with Jackson into
 * the parameters' types). Immutable; thread-safe when the method is.
 */
final class BoundTool {
  /** How an argument may be absent. */
  enum Absent { REQUIRED, OPTIONAL, OPTIONAL_INT, OPTIONAL_LONG, OPTIONAL_DOUBLE, NULLABLE }

  /** A parameter: its JSON name, the type Jackson reads, and what an absent value becomes. */
  record Arg(String name, JavaType type, Absent absent, String typeName) {}

  final Tool definition;
  final String where;
  private final @Nullable Object target;
  private final Method method;
  private final List<Arg> args;

  private BoundTool(Tool definition, String where, @Nullable Object target, Method method,
      List<Arg> args) {
    this.definition = definition;
    this.where = where;
    this.target = target;
    this.method = method;
    this.args = args;
  }

  /**
   * Binds a method, checking everything that could fail later.
   *
   * @param target the object (null for a static method)
   * @throws IllegalArgumentException naming the method
   */
  static BoundTool of(@Nullable Object target, Method m, ToolMethod a) {
    String where = m.getDeclaringClass().getName() + "." + m.getName();
    if (!Modifier.isStatic(m.getModifiers()) && target == null) {
      throw new IllegalArgumentException("@ToolMethod " + where + ": an instance method; pass"
          + " an instance of " + m.getDeclaringClass().getName() + " to Tools.from, not its class");
    }
    if (m.getTypeParameters().length > 0) {
      throw new IllegalArgumentException("@ToolMethod " + where + ": a generic method; its"
          + " argument types must be known");
    }
    if (!m.trySetAccessible()) {
      throw new IllegalArgumentException("@ToolMethod " + where + ": not accessible to"
          + " io.vectornode.routing; make it public in a public class of an exported package,"
          + " or open its package to io.vectornode.routing");
    }
    ObjectNode schema = Tools.MAPPER.createObjectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    List<Arg> args = new ArrayList<>();
    Parameter[] params = m.getParameters();
    for (int i = 0; i < params.length; i++) {
      Parameter p = params[i];
      Param ann = p.getAnnotation(Param.class);
      String name = ann != null && !ann.value().isEmpty() ? ann.value() : null;
      if (name == null) {
        if (!p.isNamePresent()) {
          throw new IllegalArgumentException("@ToolMethod " + where + ": parameter " + i + " ("
              + p.getType().getSimpleName() + ") has no name: annotate it @Param(\"name\") or"
              + " compile with javac -parameters");
        }
        name = p.getName();
      }
      if (properties.has(name)) {
        throw new IllegalArgumentException("@ToolMethod " + where + ": two parameters named '"
            + name + "'");
      }
      Type type = p.getParameterizedType();
      Absent absent = absence(p);
      ObjectNode property;
      try {
        noNestedOptional(type, "$", new HashSet<>(), true);
        property = (ObjectNode) Tools.MAPPER.readTree(JsonSchemas.of(type));
      } catch (IllegalArgumentException | JsonProcessingException e) {
        throw new IllegalArgumentException("@ToolMethod " + where + ": parameter '" + name
            + "' (" + type.getTypeName() + ") is not supported: " + e.getMessage(), e);
      }
      if (absent == Absent.NULLABLE) {
        property = nullable(property);
      }
      if (ann != null && !ann.description().isEmpty()) {
        property.put("description", ann.description());
      }
      properties.set(name, property);
      required.add(name); // strict-ready: every property required, absence as null
      args.add(new Arg(name, Tools.MAPPER.getTypeFactory().constructType(valueType(type)),
          absent, p.getType().getSimpleName()));
    }
    schema.put("additionalProperties", false);
    String toolName = a.name().isEmpty() ? m.getName() : a.name();
    Tool definition;
    try {
      definition = new Tool(toolName, a.description(), schema.toString(), a.strict());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("@ToolMethod " + where + ": " + e.getMessage(), e);
    }
    return new BoundTool(definition, where, Modifier.isStatic(m.getModifiers()) ? null : target,
        m, List.copyOf(args));
  }

  private static Absent absence(Parameter p) {
    Class<?> c = p.getType();
    if (c == Optional.class) {
      return Absent.OPTIONAL;
    } else if (c == OptionalInt.class) {
      return Absent.OPTIONAL_INT;
    } else if (c == OptionalLong.class) {
      return Absent.OPTIONAL_LONG;
    } else if (c == OptionalDouble.class) {
      return Absent.OPTIONAL_DOUBLE;
    }
    if (!c.isPrimitive() && (named(p.getAnnotations()) || named(p.getAnnotatedType()))) {
      return Absent.NULLABLE;
    }
    return Absent.REQUIRED;
  }

  private static boolean named(AnnotatedType t) {
    return named(t.getAnnotations());
  }

  private static boolean named(Annotation[] all) {
    for (Annotation x : all) {
      if (x.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  /** The schema made nullable, as JsonSchemas makes a nullable component. */
  private static ObjectNode nullable(ObjectNode s) {
    JsonNode type = s.get("type");
    if (type != null && type.isTextual() && !type.asText().equals("object")) {
      ArrayNode both = Tools.MAPPER.createArrayNode().add(type.asText()).add("null");
      s.set("type", both);
      return s;
    }
    if (type != null && type.isArray()) {
      return s; // already nullable
    }
    ObjectNode wrapped = Tools.MAPPER.createObjectNode();
    wrapped.putArray("anyOf").add(s).addObject().put("type", "null");
    return wrapped;
  }

  /** The type Jackson reads: an Optional's element, else the type itself. */
  private static Type valueType(Type t) {
    if (t instanceof ParameterizedType p && p.getRawType() == Optional.class) {
      return p.getActualTypeArguments()[0];
    }
    if (t == OptionalInt.class) {
      return Integer.class;
    } else if (t == OptionalLong.class) {
      return Long.class;
    } else if (t == OptionalDouble.class) {
      return Double.class;
    }
    return t;
  }

  /**
   * Jackson reads {@code Optional} only with a module VectorNode does not bring: inside a record,
   * a list or a map it is refused here (use {@code @Nullable}); as a parameter it is unwrapped.
   */
  private static void noNestedOptional(Type t, String path, Set<Type> seen, boolean top) {
    Class<?> raw = t instanceof Class<?> c ? c
        : t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
    if (raw == Optional.class || raw == OptionalInt.class || raw == OptionalLong.class
        || raw == OptionalDouble.class) {
      if (!top) {
        throw new IllegalArgumentException(raw.getSimpleName() + " at " + path + ": inside an"
            + " argument, declare the component @Nullable instead (only a parameter itself may"
            + " be Optional)");
      }
      if (t instanceof ParameterizedType p) {
        noNestedOptional(p.getActualTypeArguments()[0], path, seen, false);
      }
      return;
    }
    if (t instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        noNestedOptional(arg, path + "[]", seen, false);
      }
    } else if (t instanceof GenericArrayType g) {
      noNestedOptional(g.getGenericComponentType(), path + "[]", seen, false);
    } else if (raw != null && raw.isArray()) {
      noNestedOptional(raw.getComponentType(), path + "[]", seen, false);
    } else if (raw != null && raw.isRecord() && seen.add(raw)) {
      for (RecordComponent rc : raw.getRecordComponents()) {
        noNestedOptional(rc.getGenericType(), path + "." + rc.getName(), seen, false);
      }
    }
  }

  /** A bad argument from the model: its text goes back to the model. */
  static final class BadArguments extends Exception {
    BadArguments(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads the arguments and invokes the method.
   *
   * @param arguments the model's arguments (a JSON object as text)
   * @return what the method returned
   * @throws BadArguments when the arguments cannot be read into the parameters
   * @throws InvocationTargetException when the method threw
   */
  @Nullable Object invoke(String arguments) throws BadArguments, InvocationTargetException {
    JsonNode tree;
    try {
      tree = arguments.isBlank() ? Tools.MAPPER.createObjectNode()
          : Tools.MAPPER.readTree(arguments);
    } catch (JsonProcessingException e) {
      throw new BadArguments("the arguments are not valid JSON: "
          + Tools.firstLine(e.getOriginalMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new BadArguments("the arguments must be a JSON object");
    }
    Object[] values = new Object[args.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(args.get(i), tree.get(args.get(i).name()));
    }
    try {
      return method.invoke(target, values);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(where + " became inaccessible", e);
    }
  }

  private static @Nullable Object value(Arg a, @Nullable JsonNode node) throws BadArguments {
    if (node == null || node.isNull()) {
      return switch (a.absent()) {
        case REQUIRED -> throw new BadArguments("missing argument '" + a.name() + "' ("
            + a.typeName() + ")");
        case OPTIONAL -> Optional.empty();
        case OPTIONAL_INT -> OptionalInt.empty();
        case OPTIONAL_LONG -> OptionalLong.empty();
        case OPTIONAL_DOUBLE -> OptionalDouble.empty();
        case NULLABLE -> null;
      };
    }
    Object v;
    try {
      v = Tools.MAPPER.treeToValue(node, a.type());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage()
          : e.getMessage();
      throw new BadArguments("invalid argument '" + a.name() + "' (" + a.typeName() + "): "
          + Tools.firstLine(why));
    }
    if (v == null && a.absent() == Absent.REQUIRED) {
      throw new BadArguments("missing argument '" + a.name() + "' (" + a.typeName() + ")");
    }
    return switch (a.absent()) {
      case OPTIONAL -> Optional.ofNullable(v);
      case OPTIONAL_INT -> OptionalInt.of((Integer) v);
      case OPTIONAL_LONG -> OptionalLong.of((Long) v);
      case OPTIONAL_DOUBLE -> OptionalDouble.of((Double) v);
      default -> v;
    };
  }

  /** @return whether the method returns nothing */
  boolean returnsVoid() {
    return method.getReturnType() == void.class || method.getReturnType() == Void.class;
  }
}
