package io.vectornode.routing.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the config loader needs beyond the tree: where each field is in the file (line and
 * column), suggestions for misspelled keys, and the resolution of {@code ${scheme:name}}
 * references ({@code env}, {@code sysprop}, {@code file}, and {@link SecretResolver}s found on
 * the class path). Resolved values never appear in error messages.
 */
final class ConfigText {
  private static final Pattern REF = Pattern.compile("\\$\\{([a-z][a-z0-9-]*):([^}]+)}");

  private final String file;
  private final @Nullable Path dir;
  private final Function<String, @Nullable String> env;
  private final Map<String, JsonLocation> locations;
  private @Nullable Map<String, SecretResolver> resolvers;

  ConfigText(String file, @Nullable Path dir, Function<String, @Nullable String> env,
      String text) {
    this.file = file;
    this.dir = dir;
    this.env = env;
    this.locations = locate(text);
  }

  /** One open object or array while walking the file. */
  private static final class Frame {
    final String path;
    final boolean array;
    int index;
    String field = "";

    Frame(String path, boolean array) {
      this.path = path;
      this.array = array;
    }

    String child(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }
  }

  /** Maps each field's dotted path ({@code routes.r.targets[0]}) to where it starts. */
  private static Map<String, JsonLocation> locate(String text) {
    Map<String, JsonLocation> map = new HashMap<>();
    try (JsonParser p = new YAMLFactory().createParser(text)) {
      Deque<Frame> stack = new ArrayDeque<>();
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        Frame top = stack.peek();
        if (t == JsonToken.FIELD_NAME) {
          top.field = p.currentName();
          map.put(top.child(top.field), p.currentTokenLocation());
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          stack.pop();
        } else {
          String path = "";
          if (top != null) {
            if (top.array) {
              path = top.path + "[" + top.index++ + "]";
              map.put(path, p.currentTokenLocation());
            } else {
              path = top.child(top.field);
            }
          }
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            stack.push(new Frame(path, t == JsonToken.START_ARRAY));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Locations are a convenience: a file that parses as a tree always gets its errors.
    }
    return map;
  }

  /** The exception for a field, prefixed with {@code file:line:column} when known. */
  ConfigurationException error(String field, String message) {
    JsonLocation loc = null;
    String f = field;
    while (loc == null && !f.isEmpty()) {
      loc = locations.get(f);
      int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
      f = cut < 0 ? "" : f.substring(0, cut);
    }
    String where = loc == null ? file : file + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    return new ConfigurationException(where + ": " + field, message);
  }

  /** The closest allowed key to a misspelled one, or null when none is close. */
  static @Nullable String suggest(String key, Collection<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String a : allowed) {
      int d = distance(key.toLowerCase(java.util.Locale.ROOT), a.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = a;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** Replaces every {@code ${scheme:name}}; an unset or unreadable one is an error. */
  String resolve(String value, String field) {
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = REF.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String scheme = m.group(1);
      String name = m.group(2);
      String v = switch (scheme) {
        case "env" -> {
          String x = env.apply(name);
          if (x == null) {
            throw error(field, "${env:" + name + "} is not set (environment variable " + name
                + ")");
          }
          yield x;
        }
        case "sysprop" -> {
          String x = System.getProperty(name);
          if (x == null) {
            throw error(field, "${sysprop:" + name + "} is not set (system property " + name
                + ")");
          }
          yield x;
        }
        case "file" -> readFile(name, field);
        default -> {
          SecretResolver r = resolvers().get(scheme);
          if (r == null) {
            throw error(field, "unknown reference scheme '" + scheme + "'; built in: env,"
                + " sysprop, file; SecretResolvers on the class path: "
                + new TreeSet<>(resolvers().keySet()));
          }
          yield r.resolve(name).orElseThrow(() -> error(field, "${" + scheme + ":" + name
              + "} did not resolve (" + r.getClass().getName() + " returned nothing)"));
        }
      };
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    if (sb.indexOf("${") >= 0) {
      throw error(field, "malformed reference; use ${env:NAME}, ${sysprop:NAME},"
          + " ${file:PATH} or ${scheme:NAME} of a SecretResolver");
    }
    return sb.toString();
  }

  private String readFile(String name, String field) {
    Path p = dir == null ? Path.of(name) : dir.resolve(name);
    try {
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw error(field, "${file:" + name + "} cannot be read (" + e.getClass().getSimpleName()
          + " for " + p + ")");
    }
  }

  private Map<String, SecretResolver> resolvers() {
    if (resolvers == null) {
      Map<String, SecretResolver> map = new HashMap<>();
      for (SecretResolver r : ServiceLoader.load(SecretResolver.class)) {
        map.putIfAbsent(r.scheme(), r);
      }
      resolvers = map;
    }
    return resolvers;
  }
}
