package io.vectornode.config;

import io.vectornode.error.ConfigurationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What each {@code ${scheme:name}} reference of a config resolved to, so that no message can
 * show it: {@link #restore} puts the reference text, as written in the file, back wherever a
 * resolved value appears in a message. This is the one place every config error passes through
 * (the loader's own messages, and those of the builders, parsers and providers it calls), so a
 * field whose message quotes its value cannot leak a secret, whichever field it is.
 *
 * <p>Filled while a config is read (one thread), then only read; safe to share after that.
 */
final class ResolvedReferences {
  /**
   * Shorter values are replaced only where they stand alone (not inside a longer word or
   * number), so that a resolved {@code 0} does not rewrite {@code 100000} in the same message.
   */
  private static final int ANYWHERE = 8;
  /** Messages are cut to this many characters once references are restored. */
  static final int MAX_MESSAGE = 2000;

  /** A resolved value and the text to show instead. */
  private record Entry(String value, String shown) {}

  private final Map<String, String> shownByValue = new HashMap<>();
  /** By first character, longest first; built when first needed after a change. */
  private @Nullable Map<Character, List<Entry>> index;

  /**
   * Records that {@code value} came from {@code written}; the first reference recorded for a
   * value is the one shown.
   *
   * @param value what the reference (or a whole value holding references) resolved to
   * @param written the text as written in the file, for example {@code ${env:OPENAI_API_KEY}}
   */
  void add(String value, String written) {
    if (value.isEmpty() || value.equals(written)) {
      return;
    }
    if (shownByValue.putIfAbsent(value, written) == null) {
      index = null;
    }
    String stripped = value.strip();
    if (!stripped.isEmpty() && shownByValue.putIfAbsent(stripped, written) == null) {
      index = null;
    }
  }

  private Map<Character, List<Entry>> index() {
    Map<Character, List<Entry>> i = index;
    if (i == null) {
      i = new HashMap<>();
      for (Map.Entry<String, String> e : shownByValue.entrySet()) {
        i.computeIfAbsent(e.getKey().charAt(0), c -> new ArrayList<>())
            .add(new Entry(e.getKey(), e.getValue()));
      }
      // Longest first, so that a whole value wins over the references inside it.
      i.values().forEach(l ->
          l.sort(Comparator.comparingInt((Entry e) -> e.value().length()).reversed()));
      index = i;
    }
    return i;
  }

  /** The entry whose value starts at {@code i}, or null. */
  private @Nullable Entry at(Map<Character, List<Entry>> index, String s, int i) {
    List<Entry> candidates = index.get(s.charAt(i));
    if (candidates != null) {
      for (Entry e : candidates) {
        if (matchesAt(s, i, e.value())) {
          return e;
        }
      }
    }
    return null;
  }

  /**
   * The text with every resolved value replaced by the reference it came from, cut to {@value
   * #MAX_MESSAGE} characters.
   *
   * @param text a message
   * @return the message, safe to show
   */
  String restore(@Nullable String text) {
    if (text == null) {
      return "null";
    }
    String s = text;
    if (leaks(s)) {
      Map<Character, List<Entry>> idx = index();
      StringBuilder sb = new StringBuilder(s.length());
      int i = 0;
      while (i < s.length()) {
        Entry e = at(idx, s, i);
        if (e != null) {
          sb.append(e.shown());
          i += e.value().length();
        } else {
          sb.append(s.charAt(i++));
        }
      }
      s = sb.toString();
    }
    return s.length() <= MAX_MESSAGE ? s
        : s.substring(0, MAX_MESSAGE) + "... (" + s.length() + " characters in all)";
  }

  /** Whether a resolved value appears in the text. */
  boolean leaks(@Nullable String text) {
    if (text == null || shownByValue.isEmpty()) {
      return false;
    }
    Map<Character, List<Entry>> idx = index();
    for (int i = 0; i < text.length(); i++) {
      if (at(idx, text, i) != null) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAt(String s, int i, String value) {
    if (!s.startsWith(value, i)) {
      return false;
    }
    if (value.length() >= ANYWHERE) {
      return true;
    }
    int end = i + value.length();
    return (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1))
            || !Character.isLetterOrDigit(value.charAt(0)))
        && (end == s.length() || !Character.isLetterOrDigit(s.charAt(end))
            || !Character.isLetterOrDigit(value.charAt(value.length() - 1)));
  }

  /**
   * The exception to let out: itself when nothing in it (message, causes, suppressed) shows a
   * resolved value; otherwise a {@link ConfigurationException} with the references restored
   * and without the causes that showed it. A configuration error whose message is longer than
   * {@value #MAX_MESSAGE} characters (it quotes a huge value) is cut.
   *
   * @param e what the config's reading or building threw
   * @param file the config file, the field of an exception that named none
   * @return the exception to throw
   */
  RuntimeException scrub(RuntimeException e, String file) {
    boolean leaks = !shownByValue.isEmpty()
        && leaksAnywhere(e, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    String message = String.valueOf(e.getMessage());
    if (e instanceof ConfigurationException ce && (leaks || message.length() > MAX_MESSAGE)) {
      String detail = message.startsWith(ce.field() + ": ")
          ? message.substring(ce.field().length() + 2) : message;
      return new ConfigurationException(restore(ce.field()), restore(detail),
          leaks ? null : ce.getCause());
    }
    if (!leaks) {
      return e;
    }
    return new ConfigurationException(file,
        e.getClass().getSimpleName() + ": " + restore(e.getMessage()));
  }

  private boolean leaksAnywhere(Throwable t, Set<Throwable> seen) {
    if (seen.size() > 32) {
      return true; // a chain this long is not read to its end: treat it as showing a value
    }
    if (!seen.add(t)) {
      return false;
    }
    if (leaks(t.getMessage()) || leaks(t.toString())) {
      return true;
    }
    for (Throwable s : t.getSuppressed()) {
      if (leaksAnywhere(s, seen)) {
        return true;
      }
    }
    return t.getCause() != null && leaksAnywhere(t.getCause(), seen);
  }

  @Override
  public String toString() {
    return "ResolvedReferences[" + shownByValue.size() + " values]";
  }
}
