package io.vectornode.structured;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * JSON Schemas generated from Java types, for structured output and tool parameters.
 *
 * <p>The schema is strict-ready: every object schema has {@code "additionalProperties": false}
 * and lists every property in {@code required}; a property that may have no value is required
 * but nullable ({@code "type": ["string", "null"]} for a scalar or an array, {@code "anyOf":
 * [..., {"type": "null"}]} for an object or an enum), which is the form OpenAI's strict mode
 * demands and which the other providers accept (Gemini's writer turns it into {@code nullable}).
 * Nested records are written inline (no {@code $ref}), so the schema also fits Gemini's subset.
 *
 * <p>Supported types:
 *
 * <ul>
 *   <li>records (also generic ones, with their type arguments given as a {@link
 *       ParameterizedType}): an object with one property per component, in declaration order;
 *   <li>enums: a string with the constants' names as {@code enum};
 *   <li>{@code String}; {@code boolean}/{@code Boolean}; {@code byte}, {@code short}, {@code
 *       int}, {@code long}, their boxes and {@code BigInteger} as {@code integer}; {@code float},
 *       {@code double}, their boxes and {@code BigDecimal} as {@code number};
 *   <li>{@code List}, {@code Set}, {@code Collection} and arrays: an array of their element;
 *   <li>{@code Map<String, X>}: an object whose {@code additionalProperties} is X's schema
 *       (OpenAI's strict mode cannot express it and rejects it before sending);
 *   <li>{@code Optional<X>}, {@code OptionalInt}, {@code OptionalLong}, {@code OptionalDouble},
 *       and any component annotated {@code @Nullable} (JSpecify, or any annotation so named):
 *       X made nullable.
 * </ul>
 *
 * <p>Jackson's annotations are honoured: {@code @JsonProperty("name")} on a record component or
 * an enum constant renames it, {@code @JsonPropertyDescription} on a component and {@code
 * @JsonClassDescription} on a record or enum become {@code description}s. Anything else ({@code
 * Object}, wildcards, raw collections, interfaces, plain classes, cyclic records, nested {@code
 * Optional}) fails with an {@link IllegalArgumentException} naming the type and the JSON path
 * where it was met. Schemas are cached per type; this class is thread-safe.
 *
 * <pre>{@code
 * record Answer(String title, Mood mood, List<String> tags, Optional<String> note) {}
 * String schema = JsonSchemas.of(Answer.class);
 * }</pre>
 */
public final class JsonSchemas {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_CACHED = 1024;
  private static final Map<Type, Cached> CACHE = new ConcurrentHashMap<>();

  private record Cached(ObjectNode node, String text) {}

  private JsonSchemas() {}

  /**
   * The JSON Schema for a type, as compact JSON text.
   *
   * <pre>{@code
   * String schema = JsonSchemas.of(Answer.class);
   * // {"type":"object","properties":{"title":{"type":"string"},...},"required":[...],
   * //  "additionalProperties":false}
   * }</pre>
   *
   * @param type a supported type (see the class description), such as a record class
   * @return the schema as JSON text (an object); the same text for the same type
   * @throws IllegalArgumentException when the type, or a type it contains, is not supported:
   *     the message names that type and its JSON path (such as {@code $.steps[].meta})
   */
  public static String of(Type type) {
    return cached(type).text();
  }

  /** The cached schema tree; callers must not change it. */
  static ObjectNode node(Type type) {
    return cached(type).node();
  }

  private static Cached cached(Type type) {
    requireNonNull(type, "type");
    Cached cached = CACHE.get(type);
    if (cached != null) {
      return cached;
    }
    ObjectNode node = new Generator(type).schema(type, Map.of(), "$", false);
    Cached made;
    try {
      made = new Cached(node, MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a schema tree", e);
    }
    if (CACHE.size() < MAX_CACHED) {
      Cached raced = CACHE.putIfAbsent(type, made);
      return raced != null ? raced : made;
    }
    return made;
  }

  /** The JSON name of a record component: its {@code @JsonProperty} value, or its name. */
  static String propertyName(RecordComponent c) {
    JsonProperty p = annotation(c, JsonProperty.class);
    return p != null && !p.value().isEmpty() ? p.value() : c.getName();
  }

  /** The JSON name of an enum constant: its {@code @JsonProperty} value, or its name. */
  static String constantName(Enum<?> constant) {
    try {
      JsonProperty p = constant.getDeclaringClass().getField(constant.name())
          .getAnnotation(JsonProperty.class);
      return p != null && !p.value().isEmpty() ? p.value() : constant.name();
    } catch (NoSuchFieldException e) {
      return constant.name();
    }
  }

  /** Whether a record component is nullable by annotation ({@code @Nullable} of any origin). */
  static boolean annotatedNullable(RecordComponent c) {
    return hasNullable(c.getAnnotatedType().getAnnotations())
        || hasNullable(c.getAccessor().getAnnotations())
        || hasNullable(c.getAnnotations());
  }

  private static boolean hasNullable(Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  private static <A extends Annotation> @Nullable A annotation(RecordComponent c, Class<A> kind) {
    A a = c.getAnnotation(kind);
    if (a == null) {
      a = c.getAccessor().getAnnotation(kind);
    }
    if (a == null) {
      try {
        a = ((AnnotatedElement) c.getDeclaringRecord().getDeclaredField(c.getName()))
            .getAnnotation(kind);
      } catch (NoSuchFieldException e) {
        return null;
      }
    }
    return a;
  }

  /** Resolves type variables of generic records against the bindings met on the way. */
  static Type resolve(Type t, Map<TypeVariable<?>, Type> bindings) {
    if (t instanceof TypeVariable<?> v && bindings.containsKey(v)) {
      return bindings.get(v);
    }
    return t;
  }

  /** The bindings of a record's type variables for a (possibly parameterized) record type. */
  static Map<TypeVariable<?>, Type> bindings(Type type, Class<?> raw,
      Map<TypeVariable<?>, Type> outer) {
    TypeVariable<?>[] vars = raw.getTypeParameters();
    if (vars.length == 0) {
      return Map.of();
    }
    Map<TypeVariable<?>, Type> out = new HashMap<>();
    if (type instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < vars.length && i < args.length; i++) {
        out.put(vars[i], resolve(args[i], outer));
      }
    }
    return out;
  }

  static Class<?> raw(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (t instanceof GenericArrayType) {
      return Object[].class;
    }
    return Object.class;
  }

  static String typeName(Type t) {
    return t instanceof Class<?> c ? c.getName() : t.getTypeName();
  }

  private static final class Generator {
    private final Type root;
    private final Deque<Class<?>> records = new ArrayDeque<>();

    Generator(Type root) {
      this.root = root;
    }

    private IllegalArgumentException unsupported(Type t, String path, String why) {
      return new IllegalArgumentException("JsonSchemas: cannot map " + typeName(t) + " at "
          + path + " (in " + typeName(root) + "): " + why);
    }

    ObjectNode schema(Type declared, Map<TypeVariable<?>, Type> bindings, String path,
        boolean nullable) {
      Type t = resolve(declared, bindings);
      if (t instanceof TypeVariable<?>) {
        throw unsupported(t, path, "an unbound type variable; pass a ParameterizedType");
      }
      if (t instanceof WildcardType) {
        throw unsupported(t, path, "a wildcard; use a concrete type");
      }
      Class<?> raw = raw(t);
      if (raw == Optional.class) {
        if (nullable) {
          throw unsupported(t, path, "a nested or @Nullable Optional");
        }
        if (!(t instanceof ParameterizedType p)) {
          throw unsupported(t, path, "a raw Optional; give its type argument");
        }
        return schema(p.getActualTypeArguments()[0], bindings, path, true);
      }
      if (raw == OptionalInt.class || raw == OptionalLong.class) {
        return nullable(scalar("integer"), true, t, path);
      }
      if (raw == OptionalDouble.class) {
        return nullable(scalar("number"), true, t, path);
      }
      ObjectNode s = plain(t, raw, bindings, path);
      return nullable ? nullable(s, true, t, path) : s;
    }

    private ObjectNode nullable(ObjectNode s, boolean nullable, Type t, String path) {
      if (!nullable) {
        return s;
      }
      if (raw(t).isPrimitive()) {
        throw unsupported(t, path, "a primitive cannot be null; use its box");
      }
      JsonNode type = s.get("type");
      if (type != null && type.isTextual() && !s.has("enum")
          && !type.asText().equals("object")) {
        ObjectNode out = NODES.objectNode();
        ArrayNode types = out.putArray("type");
        types.add(type.asText()).add("null");
        s.fields().forEachRemaining(e -> {
          if (!e.getKey().equals("type")) {
            out.set(e.getKey(), e.getValue());
          }
        });
        return out;
      }
      ObjectNode out = NODES.objectNode();
      JsonNode description = s.remove("description");
      ArrayNode any = out.putArray("anyOf");
      any.add(s);
      any.addObject().put("type", "null");
      if (description != null) {
        out.set("description", description);
      }
      return out;
    }

    private ObjectNode plain(Type t, Class<?> raw, Map<TypeVariable<?>, Type> bindings,
        String path) {
      if (raw == String.class) {
        return scalar("string");
      }
      if (raw == boolean.class || raw == Boolean.class) {
        return scalar("boolean");
      }
      if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
          || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class
          || raw == BigInteger.class) {
        return scalar("integer");
      }
      if (raw == double.class || raw == Double.class || raw == float.class
          || raw == Float.class || raw == BigDecimal.class) {
        return scalar("number");
      }
      if (raw.isEnum()) {
        ObjectNode s = scalar("string");
        describe(s, raw);
        ArrayNode values = s.putArray("enum");
        for (Object c : raw.getEnumConstants()) {
          values.add(constantName((Enum<?>) c));
        }
        return s;
      }
      if (t instanceof GenericArrayType g) {
        return array(g.getGenericComponentType(), bindings, path);
      }
      if (raw.isArray()) {
        return array(raw.getComponentType(), bindings, path);
      }
      if (Collection.class.isAssignableFrom(raw)) {
        if (!(raw == List.class || raw == Set.class || raw == Collection.class)) {
          throw unsupported(t, path, "declare the collection as List, Set or Collection");
        }
        if (!(t instanceof ParameterizedType p)) {
          throw unsupported(t, path, "a raw collection; give its element type");
        }
        return array(p.getActualTypeArguments()[0], bindings, path);
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (raw != Map.class || !(t instanceof ParameterizedType p)) {
          throw unsupported(t, path, "declare a map as Map<String, X>");
        }
        Type key = resolve(p.getActualTypeArguments()[0], bindings);
        if (key != String.class) {
          throw unsupported(t, path, "map keys must be String, were " + typeName(key));
        }
        ObjectNode s = scalar("object");
        s.set("additionalProperties",
            schema(p.getActualTypeArguments()[1], bindings, path + ".*", false));
        return s;
      }
      if (raw.isRecord()) {
        return record(t, raw, bindings, path);
      }
      if (raw == Object.class) {
        throw unsupported(t, path, "Object has no schema; use a record, enum or value type");
      }
      if (raw == char.class || raw == Character.class) {
        throw unsupported(t, path, "use String for text");
      }
      throw unsupported(t, path, "only records, enums, String, numbers, booleans, "
          + "List/Set/arrays, Map<String, X> and Optional are supported");
    }

    private ObjectNode array(Type element, Map<TypeVariable<?>, Type> bindings, String path) {
      ObjectNode s = scalar("array");
      s.set("items", schema(element, bindings, path + "[]", false));
      return s;
    }

    private ObjectNode record(Type t, Class<?> raw, Map<TypeVariable<?>, Type> outer,
        String path) {
      if (records.contains(raw)) {
        throw unsupported(t, path, "a cyclic type (" + raw.getSimpleName()
            + " contains itself); JSON schemas here are inline and finite");
      }
      records.push(raw);
      try {
        Map<TypeVariable<?>, Type> bindings = bindings(t, raw, outer);
        ObjectNode s = scalar("object");
        describe(s, raw);
        ObjectNode props = s.putObject("properties");
        ArrayNode required = s.putArray("required");
        for (RecordComponent c : raw.getRecordComponents()) {
          String name = propertyName(c);
          if (props.has(name)) {
            throw unsupported(t, path, "two components are named '" + name + "'");
          }
          String at = path + "." + name;
          Type ct = c.getGenericType();
          boolean nullable = annotatedNullable(c);
          ObjectNode p = schema(ct, bindings, at, nullable);
          JsonPropertyDescription d = annotation(c, JsonPropertyDescription.class);
          if (d != null && !d.value().isEmpty()) {
            p = p.deepCopy();
            p.put("description", d.value());
          }
          props.set(name, p);
          required.add(name);
        }
        s.put("additionalProperties", false);
        return s;
      } finally {
        records.pop();
      }
    }

    private static void describe(ObjectNode s, Class<?> raw) {
      JsonClassDescription d = raw.getAnnotation(JsonClassDescription.class);
      if (d != null && !d.value().isEmpty()) {
        s.put("description", d.value());
      }
    }

    private static ObjectNode scalar(String type) {
      ObjectNode s = NODES.objectNode();
      s.put("type", type);
      return s;
    }
  }
}
