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
  private static final Map<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

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
    if (raw == OptionalInt.class) {
      return v.isNull() ? OptionalInt.empty() : OptionalInt.of(exact(v, path).intValueExact());
    }
    if (raw == OptionalLong.class) {
      return v.isNull() ? OptionalLong.empty() : OptionalLong.of(exact(v, path).longValueExact());
    }
    if (raw == OptionalDouble.class) {
      return v.isNull() ? OptionalDouble.empty() : OptionalDouble.of(v.doubleValue());
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
      return exact(v, path).toBigIntegerExact();
    }
    if (raw == double.class || raw == Double.class) {
      return exact(v, path).doubleValue();
    }
    if (raw == float.class || raw == Float.class) {
      return exact(v, path).floatValue();
    }
    if (raw == BigDecimal.class) {
      return exact(v, path);
    }
    if (raw.isEnum()) {
      String name = text(v, path);
      for (Object c : raw.getEnumConstants()) {
        if (JsonSchemas.constantName((Enum<?>) c).equals(name)) {
          return c;
        }
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
    RecordComponent[] components = raw.getRecordComponents();
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      String name = JsonSchemas.propertyName(c);
      JsonNode field = v.get(name);
      String at = path + "." + name;
      boolean nullable = JsonSchemas.annotatedNullable(c);
      if (field == null || field.isMissingNode()) {
        Class<?> ct = JsonSchemas.raw(JsonSchemas.resolve(c.getGenericType(), bindings));
        boolean optional = ct == Optional.class || ct == OptionalInt.class
            || ct == OptionalLong.class || ct == OptionalDouble.class;
        if (!nullable && !optional) {
          throw new Failure(path + ": missing required property '" + name + "'");
        }
        field = com.fasterxml.jackson.databind.node.NullNode.getInstance();
      }
      args[i] = bind(c.getGenericType(), field, bindings, at, nullable);
    }
    Constructor<?> ctor = constructor(raw, components);
    try {
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new Failure(path + ": " + raw.getSimpleName() + " rejected the value: "
          + SchemaValidator.abbreviate(String.valueOf(cause.getMessage())), cause);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new Failure(path + ": cannot construct " + raw.getName() + ": " + e, e);
    }
  }

  private static Constructor<?> constructor(Class<?> raw, RecordComponent[] components)
      throws Failure {
    Constructor<?> cached = CONSTRUCTORS.get(raw);
    if (cached != null) {
      return cached;
    }
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
      if (CONSTRUCTORS.size() < 1024) {
        CONSTRUCTORS.put(raw, ctor);
      }
      return ctor;
    } catch (NoSuchMethodException e) {
      throw new Failure("$: " + raw.getName() + " has no canonical constructor", e);
    }
  }
}
