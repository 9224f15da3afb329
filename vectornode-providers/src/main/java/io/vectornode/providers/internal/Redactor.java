package io.vectornode.providers.internal;

import io.vectornode.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that came from a provider (error bodies may echo the key back) before
 * it reaches an exception message or a log line.
 */
public final class Redactor {
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
  private static final String MASK = "[REDACTED]";

  private final List<String> secrets;

  /**
   * A redactor for the given secrets (API keys, header values).
   *
   * @param secrets the values to remove; short ones (under 6 characters) are ignored
   */
  public Redactor(Collection<String> secrets) {
    List<String> list = new ArrayList<>();
    for (String s : secrets) {
      if (s != null && s.length() >= 6) {
        list.add(s);
      }
    }
    // Longest first, so that a key containing another is removed whole.
    list.sort((a, b) -> b.length() - a.length());
    this.secrets = List.copyOf(list);
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
   * Redacts text.
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
}
