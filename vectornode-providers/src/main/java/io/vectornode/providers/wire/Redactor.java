package io.vectornode.providers.wire;

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
 * always redacted <em>before</em> it is truncated ({@link #excerpt}): a cut first could split a
 * key into a part that no longer matches.
 *
 * <p>Immutable and thread-safe.
 */
final class Redactor {
  /** The shortest run of a secret's characters that {@link #scrub} removes. */
  static final int FRAGMENT = 8;

  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
  private static final String MASK = "[REDACTED]";
  private static final Pattern SECRET_PARAM =
      Pattern.compile("key|token|secret|sig|auth|pass|code|credential");
  /** A server-sent error code or type is a short identifier; anything longer is cut. */
  static final int MAX_CODE = 128;
  /** A provider's error message, after redaction. */
  static final int MAX_MESSAGE = 1000;
  /** A kept response header's value. */
  static final int MAX_HEADER = 256;

  /** A response's id or model, on the success path: longer is cut. */
  static final int MAX_ID = 256;

  private final List<String> secrets;
  /** Secrets too short to hold a fragment, found with {@code contains} only. */
  private final List<String> shortSecrets;
  /**
   * Every run of {@value #FRAGMENT} characters of every secret, lower-cased and packed into a
   * long (8 ASCII characters, 8 bits each), sorted: a window of text is looked up without
   * allocating, in any letter case (a server may fold a key's case, as a host name does).
   */
  private final long[] fragments;

  /**
   * A redactor for the given secrets (API keys, header values).
   *
   * @param secrets the values to remove; short ones (under 6 characters) are ignored
   */
  public Redactor(Collection<String> secrets) {
    List<String> list = new ArrayList<>();
    List<String> shorts = new ArrayList<>();
    Set<Long> grams = new HashSet<>();
    for (String s : secrets) {
      if (s != null && s.length() >= 6) {
        list.add(s);
        if (s.length() < FRAGMENT) {
          shorts.add(s);
        }
        long packed = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (c >= 0x80) {
            run = 0; // a fragment is ASCII: keys and header values are (ProviderConfig checks)
            continue;
          }
          packed = (packed << 8) | lower(c);
          if (++run >= FRAGMENT) {
            grams.add(packed);
          }
        }
      }
    }
    // Longest first, so that a key containing another is removed whole.
    list.sort((a, b) -> b.length() - a.length());
    this.secrets = List.copyOf(list);
    this.shortSecrets = List.copyOf(shorts);
    this.fragments = grams.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static long lower(char c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  /**
   * A redactor for a provider instance's key, extra header values, and the values of its base
   * URL's query parameters named like credentials ({@code key}, {@code token}, {@code sig}...: a
   * gateway may take one there).
   *
   * @param config the provider instance's config
   * @return the redactor
   */
  public static Redactor of(io.vectornode.spi.ProviderConfig config) {
    return of(config, List.of());
  }

  /**
   * A redactor for a provider instance's secrets (as {@link #of(io.vectornode.spi.ProviderConfig)})
   * and more: credentials a provider reads or mints itself (Vertex AI's private key, refresh
   * token and access tokens).
   *
   * @param config the provider instance's config
   * @param more further secrets
   * @return the redactor
   */
  static Redactor of(io.vectornode.spi.ProviderConfig config, Collection<String> more) {
    List<String> values = new ArrayList<>(config.headers().values());
    values.addAll(more);
    config.apiKey().map(Secret::reveal).ifPresent(values::add);
    config.baseUrl().map(java.net.URI::getRawQuery).ifPresent(q -> {
      for (String pair : q.split("&")) {
        int eq = pair.indexOf('=');
        String name = (eq < 0 ? "" : pair.substring(0, eq)).toLowerCase(java.util.Locale.ROOT);
        // Only parameters named like credentials: an api-version is not a secret, and masking
        // it would mask model names that carry the same date.
        if (SECRET_PARAM.matcher(name).find()) {
          String v = pair.substring(eq + 1);
          values.add(v);
          values.add(java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    });
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
   * A response's id or model, as it may reach events, logs and the ledger: cut to {@value
   * #MAX_ID} characters, control characters replaced by {@code ?} (no forged log lines), and
   * scrubbed when it holds a secret or a fragment of one. A clean, short id costs one pass over
   * its characters and no allocation.
   *
   * @param text the identifier
   * @return the identifier, or its cleaned form
   */
  public String identifier(String text) {
    String t = text;
    if (t.length() > MAX_ID) {
      t = t.substring(0, Character.isHighSurrogate(t.charAt(MAX_ID - 1)) ? MAX_ID - 1 : MAX_ID);
    }
    boolean blank = false;
    boolean control = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      blank |= Character.isWhitespace(c);
      control |= c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }
    if (control) {
      StringBuilder sb = new StringBuilder(t.length());
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        sb.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? '?' : c);
      }
      t = sb.toString();
    }
    if (blank || firstFragment(t) >= 0) {
      return scrub(t);
    }
    for (String s : shortSecrets) {
      if (t.contains(s)) {
        return redact(t);
      }
    }
    return t;
  }

  /** The index where the first run of a secret's characters ends, or -1. No allocation. */
  private int firstFragment(String text) {
    if (fragments.length == 0) {
      return -1;
    }
    long packed = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        run = 0;
        continue;
      }
      packed = (packed << 8) | lower(c);
      if (++run >= FRAGMENT && java.util.Arrays.binarySearch(fragments, packed) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Replaces every whole secret, bearer token, and every run of {@value #FRAGMENT} or more
   * characters that also occurs in a secret, in any letter case. For text a server controls.
   *
   * @param text the text
   * @return the scrubbed text
   */
  public String scrub(String text) {
    String out = redact(text);
    if (fragments.length == 0 || out.length() < FRAGMENT || firstFragment(out) < 0) {
      return out;
    }
    boolean[] masked = new boolean[out.length()];
    long packed = 0;
    int run = 0;
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (c >= 0x80) {
        run = 0;
        continue;
      }
      packed = (packed << 8) | lower(c);
      if (++run >= FRAGMENT && java.util.Arrays.binarySearch(fragments, packed) >= 0) {
        for (int j = i - FRAGMENT + 1; j <= i; j++) {
          masked[j] = true;
        }
      }
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
   * Scrubs and bounds kept response headers: a header whose name holds a fragment of a secret
   * is dropped, every value is scrubbed and cut to {@value #MAX_HEADER} characters.
   *
   * @param headers names to values
   * @return a scrubbed copy
   */
  public Map<String, String> headers(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return headers;
    }
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> {
      if (firstFragment(k) < 0 && k.equals(redact(k))) {
        out.put(k, excerpt(v, MAX_HEADER));
      }
    });
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
