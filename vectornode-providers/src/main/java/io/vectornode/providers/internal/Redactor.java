package io.vectornode.providers.internal;

import io.vectornode.Secret;
import io.vectornode.error.ProviderError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Removes secrets from text that came from a provider (error bodies, codes, headers and ids may
 * echo the key back) before it reaches an exception message, a header map, an event or a log line.
 *
 * <p>Two strengths. {@link #redact} replaces whole secrets and bearer tokens: cheap enough for
 * short strings on the success path (a response's id and model). {@link #scrub} also replaces
 * every fragment of {@value #FRAGMENT} or more characters of a secret, so a key that a server
 * echoes shortened, or that a read bound or a truncation cut in two, cannot leak in part. Text is
 * always redacted <em>before</em> it is truncated ({@link #excerpt}): truncating first is what
 * let 30 of 42 characters of a key through a cut that split it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Redactor {
  /** The shortest run of a secret's characters that {@link #scrub} removes. */
  static final int FRAGMENT = 8;

  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
  private static final String MASK = "[REDACTED]";
  /** A server-sent error code or type is a short identifier; anything longer is cut. */
  static final int MAX_CODE = 128;
  /** A provider's error message, after redaction. */
  static final int MAX_MESSAGE = 1000;
  /** A kept response header's value. */
  static final int MAX_HEADER = 256;

  private final List<String> secrets;
  private final Set<String> fragments;

  /**
   * A redactor for the given secrets (API keys, header values).
   *
   * @param secrets the values to remove; short ones (under 6 characters) are ignored
   */
  public Redactor(Collection<String> secrets) {
    List<String> list = new ArrayList<>();
    Set<String> grams = new HashSet<>();
    for (String s : secrets) {
      if (s != null && s.length() >= 6) {
        list.add(s);
        for (int i = 0; i + FRAGMENT <= s.length(); i++) {
          grams.add(s.substring(i, i + FRAGMENT));
        }
      }
    }
    // Longest first, so that a key containing another is removed whole.
    list.sort((a, b) -> b.length() - a.length());
    this.secrets = List.copyOf(list);
    this.fragments = Set.copyOf(grams);
  }

  /**
   * A redactor for a provider instance's key and extra header values.
   *
   * @param config the provider instance's config
   * @return the redactor
   */
  public static Redactor of(io.vectornode.spi.ProviderConfig config) {
    List<String> values = new ArrayList<>(config.headers().values());
    config.apiKey().map(Secret::reveal).ifPresent(values::add);
    return new Redactor(values);
  }

  /**
   * Replaces every whole secret and bearer token.
   *
   * @param text the text, possibly containing secrets
   * @return the text with every known secret and bearer token replaced by {@code [REDACTED]}
   */
  public String redact(String text) {
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    if (out.indexOf('B') >= 0 || out.indexOf('b') >= 0) {
      out = BEARER.matcher(out).replaceAll("$1" + MASK);
    }
    return out;
  }

  /**
   * {@link #redact} for a short identifier on the success path (a response's id or model): the
   * secrets are looked for with {@code contains}, and the bearer pattern only when the text has
   * a blank (a bearer token needs one), so a clean id costs no allocation.
   *
   * @param text the identifier
   * @return the identifier, or its redacted form
   */
  public String identifier(String text) {
    boolean blank = false;
    for (int i = 0; i < text.length() && !blank; i++) {
      blank = Character.isWhitespace(text.charAt(i));
    }
    if (blank) {
      return redact(text);
    }
    for (String s : secrets) {
      if (text.contains(s)) {
        return redact(text);
      }
    }
    return text;
  }

  /**
   * Replaces every whole secret, bearer token, and every run of {@value #FRAGMENT} or more
   * characters that also occurs in a secret. For text a server controls, on error paths.
   *
   * @param text the text
   * @return the scrubbed text
   */
  public String scrub(String text) {
    String out = redact(text);
    if (fragments.isEmpty() || out.length() < FRAGMENT) {
      return out;
    }
    boolean[] masked = null;
    for (int i = 0; i + FRAGMENT <= out.length(); i++) {
      if (fragments.contains(out.substring(i, i + FRAGMENT))) {
        if (masked == null) {
          masked = new boolean[out.length()];
        }
        for (int j = i; j < i + FRAGMENT; j++) {
          masked[j] = true;
        }
      }
    }
    if (masked == null) {
      return out;
    }
    StringBuilder sb = new StringBuilder(out.length());
    for (int i = 0; i < out.length(); ) {
      if (masked[i]) {
        sb.append(MASK);
        while (i < out.length() && masked[i]) {
          i++;
        }
      } else {
        sb.append(out.charAt(i++));
      }
    }
    return sb.toString();
  }

  /**
   * Scrubs text, then cuts it to a length: in this order, so that no cut can split a secret
   * into a part that no longer matches.
   *
   * @param text the text
   * @param max the longest result, before the {@code ...} that marks a cut
   * @return the excerpt, stripped
   */
  public String excerpt(String text, int max) {
    String s = scrub(text).strip();
    if (s.length() <= max) {
      return s;
    }
    int cut = max;
    if (Character.isHighSurrogate(s.charAt(cut - 1))) {
      cut--; // never leave half a surrogate pair
    }
    return s.substring(0, cut) + "...";
  }

  /**
   * Scrubs and bounds a short identifier a server sent (an error code, type or request id).
   *
   * @param text the identifier, or null
   * @return the scrubbed identifier, or null
   */
  public @Nullable String code(@Nullable String text) {
    return text == null ? null : excerpt(text, MAX_CODE);
  }

  /**
   * Scrubs and bounds the values of kept response headers.
   *
   * @param headers names to values
   * @return a scrubbed copy
   */
  public Map<String, String> headers(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return headers;
    }
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> out.put(k, excerpt(v, MAX_HEADER)));
    return out;
  }

  /**
   * A copy of an error with every server-controlled string scrubbed and bounded: the code, the
   * message, the request id and the header values.
   *
   * @param e the error
   * @return the scrubbed error
   */
  public ProviderError error(ProviderError e) {
    return new ProviderError(e.provider(), e.status(), code(e.code()),
        excerpt(e.message(), MAX_MESSAGE), code(e.requestId()), e.retryable(), e.retryAfter(),
        headers(e.headers()));
  }
}
