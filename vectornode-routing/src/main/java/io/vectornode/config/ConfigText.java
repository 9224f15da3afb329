package io.vectornode.config;

import com.fasterxml.jackson.core.JsonLocation;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.SecretResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
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
 * column, found when an error needs it), suggestions for misspelled keys, and the resolution of
 * {@code ${scheme:name}} references ({@code env}, {@code sysprop}, {@code file}, and {@link
 * SecretResolver}s found on the class path). Every resolution is recorded, and every message
 * made here shows the reference as written instead of what it resolved to.
 */
final class ConfigText {
  private static final Pattern REF = Pattern.compile("\\$\\{([a-z][a-z0-9-]*):([^}]+)}");
  /** The most a {@code ${file:}} reference may read: a secret, not a document. */
  static final int MAX_SECRET_FILE_BYTES = 64 * 1024;
  /** The longest a value may become once its references are resolved. */
  static final int MAX_RESOLVED_VALUE = 64 * 1024;
  /**
   * The most all references of a config may resolve to together: a small file must not become a
   * huge one by naming the same large secret again and again.
   */
  static final int MAX_RESOLVED_TOTAL = 1 << 20;

  private final String file;
  private final @Nullable Path dir;
  private final Function<String, @Nullable String> env;
  private final String text;
  private final ResolvedReferences references;
  private @Nullable Map<String, SecretResolver> resolvers;
  private long resolvedTotal;
  private final Map<Path, String> filesRead = new HashMap<>();
  /** Whether messages point at a line and column: not in a text generated from elsewhere. */
  private final boolean locate;

  ConfigText(String file, @Nullable Path dir, Function<String, @Nullable String> env,
      String text, ResolvedReferences references) {
    this(file, dir, env, text, references, true);
  }

  /**
   * @param locate whether messages name the line and column of a field: false for a config
   *     given as text generated from another source (Spring properties), whose lines mean
   *     nothing to the user
   */
  ConfigText(String file, @Nullable Path dir, Function<String, @Nullable String> env,
      String text, ResolvedReferences references, boolean locate) {
    this.file = file;
    this.dir = dir;
    this.env = env;
    this.text = text;
    this.references = references;
    this.locate = locate;
  }

  /**
   * The exception for a field, prefixed with {@code file:line:column} when known. A resolved
   * value anywhere in the message is replaced by its reference.
   */
  ConfigurationException error(String field, String message) {
    JsonLocation loc = locate ? ConfigParser.locate(text, field) : null;
    String where = loc == null ? file : file + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    return new ConfigurationException(where + ": " + references.restore(field),
        references.restore(message));
  }

  /** The exception for the file as a whole (no field to point at). */
  ConfigurationException fileError(String message) {
    return new ConfigurationException(file, references.restore(message));
  }

  /**
   * Whether an exception already names its place in this file (it was made by {@link #error} or
   * {@link #fileError}): code that moves a builder's error under a section's path passes such
   * an exception through unchanged, so that a message never shows two locations.
   */
  boolean isLocated(ConfigurationException e) {
    return e.field().equals(file) || e.field().startsWith(file + ":");
  }

  /** What to write instead of an unset reference: the key for a key's field, else the value. */
  private static String what(String field) {
    return field.endsWith("apiKey") || field.endsWith(".key")
        || (field.endsWith("]") && field.contains(".apiKeys[")) ? "key" : "value";
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
    // Checked on the text as written: a resolved value may itself hold "${".
    if (m.replaceAll("").contains("${")) {
      throw error(field, "malformed reference; use ${env:NAME}, ${sysprop:NAME},"
          + " ${file:PATH} or ${scheme:NAME} of a SecretResolver");
    }
    m.reset();
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String scheme = m.group(1);
      String name = m.group(2);
      String v = switch (scheme) {
        case "env" -> {
          String x = env.apply(name);
          if (x == null) {
            throw error(field, "${env:" + name + "} is not set; set environment variable " + name
                + " or write the " + what(field) + " in the file");
          }
          yield x;
        }
        case "sysprop" -> {
          String x = System.getProperty(name);
          if (x == null) {
            throw error(field, "${sysprop:" + name + "} is not set; set system property " + name
                + " (-D" + name + "=...) or write the " + what(field) + " in the file");
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
          java.util.Optional<String> x;
          try {
            x = r.resolve(name);
          } catch (RuntimeException e) {
            throw error(field, "${" + scheme + ":" + name + "} failed in "
                + r.getClass().getName() + " (" + e.getClass().getSimpleName() + ")");
          }
          yield x.orElseThrow(() -> error(field, "${" + scheme + ":" + name
              + "} did not resolve (" + r.getClass().getName() + " returned nothing)"));
        }
      };
      references.add(v, m.group());
      resolvedTotal += v.length();
      if (sb.length() + v.length() > MAX_RESOLVED_VALUE) {
        throw error(field, "resolves to more than " + MAX_RESOLVED_VALUE + " characters, the"
            + " limit for one value");
      }
      if (resolvedTotal > MAX_RESOLVED_TOTAL) {
        throw error(field, "the config's references resolve to more than " + MAX_RESOLVED_TOTAL
            + " characters in all, the limit for a config");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    String resolved = sb.toString();
    references.add(resolved, value);
    return resolved;
  }

  private String readFile(String name, String field) {
    Path p = dir == null ? Path.of(name) : dir.resolve(name);
    String known = filesRead.get(p);
    if (known != null) {
      return known; // named again: read once per load
    }
    try {
      String v = BoundedFiles.readUtf8(p, MAX_SECRET_FILE_BYTES).strip();
      filesRead.put(p, v);
      return v;
    } catch (BoundedFiles.Refused e) {
      throw error(field, "${file:" + name + "} " + e.getMessage() + " (the limit for a"
          + " referenced file is " + BoundedFiles.describe(MAX_SECRET_FILE_BYTES) + ")");
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
