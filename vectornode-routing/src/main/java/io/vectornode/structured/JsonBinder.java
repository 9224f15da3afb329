package io.vectornode.structured;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a JSON tree, already validated against {@link JsonSchemas}' schema for the type, into
 * that type: records through their canonical constructor, enums by their JSON names, immutable
 * lists, sets and maps, arrays, {@code Optional}s. What validation cannot see (a number too large
 * for an {@code int}, a record constructor that rejects a value) fails with a {@link Failure}
 * naming the path. The shapes mirror the generator's; thread-safe.
 */
final class JsonBinder {
  private static final int MAX_CACHED = 1024;
  /** The most digits of an integer read into a BigInteger. */
  private static final int MAX_INTEGER_DIGITS = 4096;
  private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();
  private static final Map<Class<?>, Map<String, Object>> CONSTANTS = new ConcurrentHashMap<>();

  private JsonBinder() {}

  /** A value that could not be bound; the message starts with the JSON path. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message, Throwable cause) {
      super(message, cause);
    }

    Failure(String message) {
      super(message);
    }
  }

  static Object bind(Type type, JsonNode value) throws Failure {
    return bind(type, value, Map.of(), "$", false);
  }

  private static Object bind(Type declared, JsonNode v, Map<TypeVariable<?>, Type> bindings,
      String path, boolean nullable) throws Failure {
    Type t = JsonSchemas.resolve(declared, bindings);
    Class<?> raw = JsonSchemas.raw(t);
    if (raw == Optional.class) {
      Type inner = ((ParameterizedType) t).getActualTypeArguments()[0];
      return v.isNull() ? Optional.empty() : Optional.of(bind(inner, v, bindings, path, false));
    }
    try {
      if (raw == OptionalInt.class) {
        return v.isNull() ? OptionalInt.empty() : OptionalInt.of(exact(v, path).intValueExact());
      }
      if (raw == OptionalLong.class) {
        return v.isNull() ? OptionalLong.empty()
            : OptionalLong.of(exact(v, path).longValueExact());
      }
      if (raw == OptionalDouble.class) {
        return v.isNull() ? OptionalDouble.empty() : OptionalDouble.of(finite(v.doubleValue()));
      }
    } catch (ArithmeticException e) {
      throw new Failure(path + ": " + SchemaValidator.kind(v) + " does not fit an "
          + raw.getSimpleName(), e);
    }
    if (v.isNull()) {
      if (nullable) {
        return null;
      }
      throw new Failure(path + ": must not be null");
    }
    try {
      return plain(t, raw, v, bindings, path);
    } catch (ArithmeticException e) {
      throw new Failure(path + ": " + SchemaValidator.kind(v) + " does not fit a "
          + raw.getSimpleName(), e);
    }
  }

  /** A finite double; an infinite one (a number past its range) does not fit. */
  private static double finite(double d) {
    if (Double.isInfinite(d)) {
      throw new ArithmeticException("out of range");
    }
    return d;
  }

  private static BigDecimal exact(JsonNode v, String path) throws Failure {
    if (!v.isNumber()) {
      throw new Failure(path + ": expected a number, was " + SchemaValidator.kind(v));
    }
    return v.decimalValue();
  }

  private static Object plain(Type t, Class<?> raw, JsonNode v,
      Map<TypeVariable<?>, Type> bindings, String path) throws Failure {
    if (raw == String.class) {
      return text(v, path);
    }
    if (raw == boolean.class || raw == Boolean.class) {
      if (!v.isBoolean()) {
        throw new Failure(path + ": expected a boolean, was " + SchemaValidator.kind(v));
      }
      return v.booleanValue();
    }
    if (raw == int.class || raw == Integer.class) {
      return exact(v, path).intValueExact();
    }
    if (raw == long.class || raw == Long.class) {
      return exact(v, path).longValueExact();
    }
    if (raw == short.class || raw == Short.class) {
      return exact(v, path).shortValueExact();
    }
    if (raw == byte.class || raw == Byte.class) {
      return exact(v, path).byteValueExact();
    }
    if (raw == BigInteger.class) {
      BigDecimal d = exact(v, path);
      // 1e100000000 is a short text but a huge computation: bound the digits first.
      if (d.signum() != 0 && d.precision() - (long) d.scale() > MAX_INTEGER_DIGITS) {
        throw new ArithmeticException("more than " + MAX_INTEGER_DIGITS + " digits");
      }
      return d.toBigIntegerExact();
    }
    if (raw == double.class || raw == Double.class) {
      return finite(exact(v, path).doubleValue());
    }
    if (raw == float.class || raw == Float.class) {
      float f = exact(v, path).floatValue();
      if (Float.isInfinite(f)) {
        throw new ArithmeticException("out of range");
      }
      return f;
    }
    if (raw == BigDecimal.class) {
      return exact(v, path);
    }
    if (raw.isEnum()) {
      String name = text(v, path);
      Object constant = constants(raw).get(name);
      if (constant != null) {
        return constant;
      }
      throw new Failure(path + ": no constant of " + raw.getSimpleName() + " is named "
          + SchemaValidator.abbreviate(v.toString()));
    }
    if (t instanceof GenericArrayType g) {
      return array(g.getGenericComponentType(), v, bindings, path);
    }
    if (raw.isArray()) {
      return array(raw.getComponentType(), v, bindings, path);
    }
    if (raw == List.class || raw == Set.class || raw == java.util.Collection.class) {
      Type element = ((ParameterizedType) t).getActualTypeArguments()[0];
      List<Object> items = items(element, v, bindings, path);
      if (raw == Set.class) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(items));
      }
      return Collections.unmodifiableList(items);
    }
    if (raw == Map.class) {
      if (!v.isObject()) {
        throw new Failure(path + ": expected an object, was " + SchemaValidator.kind(v));
      }
      Type valueType = ((ParameterizedType) t).getActualTypeArguments()[1];
      Map<String, Object> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), bind(valueType, e.getValue(), bindings,
            path + "." + e.getKey(), false));
      }
      return Collections.unmodifiableMap(out);
    }
    if (raw.isRecord()) {
      return record(t, raw, v, bindings, path);
    }
    throw new Failure(path + ": cannot bind " + JsonSchemas.typeName(t));
  }

  private static String text(JsonNode v, String path) throws Failure {
    if (!v.isTextual()) {
      throw new Failure(path + ": expected a string, was " + SchemaValidator.kind(v));
    }
    return v.textValue();
  }

  private static List<Object> items(Type element, JsonNode v,
      Map<TypeVariable<?>, Type> bindings, String path) throws Failure {
    if (!v.isArray()) {
      throw new Failure(path + ": expected an array, was " + SchemaValidator.kind(v));
    }
    List<Object> out = new ArrayList<>(v.size());
    int i = 0;
    for (JsonNode item : v) {
      Object o = bind(element, item, bindings, path + "[" + i++ + "]", false);
      out.add(o);
    }
    return out;
  }

  private static Object array(Type element, JsonNode v, Map<TypeVariable<?>, Type> bindings,
      String path) throws Failure {
    List<Object> items = items(element, v, bindings, path);
    Class<?> component = JsonSchemas.raw(JsonSchemas.resolve(element, bindings));
    Object out = Array.newInstance(component, items.size());
    for (int i = 0; i < items.size(); i++) {
      Array.set(out, i, items.get(i));
    }
    return out;
  }

  private static Object record(Type t, Class<?> raw, JsonNode v,
      Map<TypeVariable<?>, Type> outer, String path) throws Failure {
    if (!v.isObject()) {
      throw new Failure(path + ": expected an object, was " + SchemaValidator.kind(v));
    }
    Map<TypeVariable<?>, Type> bindings = JsonSchemas.bindings(t, raw, outer);
    Shape shape = shape(raw);
    Object[] args = new Object[shape.components.length];
    for (int i = 0; i < args.length; i++) {
      String name = shape.names[i];
      JsonNode field = v.get(name);
      String at = path + "." + name;
      boolean nullable = shape.nullable[i];
      Type ct = shape.components[i].getGenericType();
      if (field == null || field.isMissingNode()) {
        Class<?> raw2 = JsonSchemas.raw(JsonSchemas.resolve(ct, bindings));
        boolean optional = raw2 == Optional.class || raw2 == OptionalInt.class
            || raw2 == OptionalLong.class || raw2 == OptionalDouble.class;
        if (!nullable && !optional) {
          throw new Failure(path + ": missing required property '" + name + "'");
        }
        field = com.fasterxml.jackson.databind.node.NullNode.getInstance();
      }
      args[i] = bind(ct, field, bindings, at, nullable);
    }
    try {
      return shape.constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new Failure(path + ": " + raw.getSimpleName() + " rejected the value: "
          + SchemaValidator.abbreviate(String.valueOf(cause.getMessage())), cause);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new Failure(path + ": cannot construct " + raw.getName() + ": " + e, e);
    }
  }

  /** What reading a record needs, looked up once per record class. */
  private record Shape(RecordComponent[] components, String[] names, boolean[] nullable,
      Constructor<?> constructor) {}

  private static Shape shape(Class<?> raw) throws Failure {
    Shape cached = SHAPES.get(raw);
    if (cached != null) {
      return cached;
    }
    RecordComponent[] components = raw.getRecordComponents();
    String[] names = new String[components.length];
    boolean[] nullable = new boolean[components.length];
    for (int i = 0; i < components.length; i++) {
      names[i] = JsonSchemas.propertyName(components[i]);
      nullable[i] = JsonSchemas.annotatedNullable(components[i]);
    }
    Shape shape = new Shape(components, names, nullable, constructor(raw, components));
    if (SHAPES.size() < MAX_CACHED) {
      SHAPES.putIfAbsent(raw, shape);
    }
    return shape;
  }

  private static Constructor<?> constructor(Class<?> raw, RecordComponent[] components)
      throws Failure {
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
    }
    try {
      Constructor<?> ctor = raw.getDeclaredConstructor(types);
      try {
        ctor.setAccessible(true);
      } catch (InaccessibleObjectException | SecurityException e) {
        // A public record in an exported package needs no access override.
      }
      return ctor;
    } catch (NoSuchMethodException e) {
      throw new Failure("$: " + raw.getName() + " has no canonical constructor", e);
    }
  }

  /** An enum's constants by their JSON names, looked up once per enum class. */
  private static Map<String, Object> constants(Class<?> raw) {
    Map<String, Object> cached = CONSTANTS.get(raw);
    if (cached != null) {
      return cached;
    }
    Map<String, Object> byName = new java.util.HashMap<>();
    for (Object c : raw.getEnumConstants()) {
      byName.put(JsonSchemas.constantName((Enum<?>) c), c);
    }
    Map<String, Object> made = Map.copyOf(byName);
    if (CONSTANTS.size() < MAX_CACHED) {
      CONSTANTS.putIfAbsent(raw, made);
    }
    return made;
  }
}
