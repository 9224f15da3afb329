package io.vectornode.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the database password out of everything shown: JDBC URLs without their password
 * parameters, and messages (the driver's, the server's) with every form of the password
 * replaced, control characters removed and their length bounded. Thread-safe (immutable).
 */
final class Redaction {
  /** Any parameter whose name holds "password" ({@code password}, {@code sslpassword}). */
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("([?&;][^=&;#]*(?i:password)[^=&;#]*=)([^&;#]*)");
  /** A user-info password, which pgjdbc does not read but a user may write. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:]*:)([^/?#@]*)@");
  private static final int MAX_MESSAGE = 300;

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    this.secrets = secrets;
  }

  /**
   * A redaction of these secrets (the password given, and the one a URL carries, raw and
   * decoded).
   */
  static Redaction of(@Nullable String password, String url) {
    List<String> s = new ArrayList<>();
    if (password != null && !password.isEmpty()) {
      s.add(password);
    }
    Matcher m = PASSWORD_PARAM.matcher(url);
    while (m.find()) {
      addWithDecoded(s, m.group(2));
    }
    Matcher u = USER_INFO.matcher(url);
    if (u.find()) {
      addWithDecoded(s, u.group(2));
    }
    // Longest first, so that a secret containing another is replaced whole.
    s.sort((a, b) -> b.length() - a.length());
    return new Redaction(List.copyOf(s));
  }

  private static void addWithDecoded(List<String> s, String raw) {
    if (raw.isEmpty()) {
      return;
    }
    s.add(raw);
    try {
      String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
      if (!decoded.equals(raw) && !decoded.isEmpty()) {
        s.add(decoded);
      }
    } catch (IllegalArgumentException e) {
      // a malformed escape: the raw form is replaced
    }
  }

  /**
   * A URL fit to show: every password parameter's value and a user-info password as
   * {@code ***}.
   */
  static String url(String url) {
    String r = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    r = USER_INFO.matcher(r).replaceAll("$1***@");
    return printable(r);
  }

  /**
   * The URL without its {@code password} parameter (it is given to the pool as a property
   * instead, so that no driver or pool message that quotes the URL can show it).
   */
  static String withoutPassword(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return url;
    }
    StringBuilder b = new StringBuilder(url.substring(0, q));
    char sep = '?';
    for (String p : url.substring(q + 1).split("&", -1)) {
      if (p.startsWith("password=") || p.equals("password")) {
        continue;
      }
      b.append(sep).append(p);
      sep = '&';
    }
    return b.toString();
  }

  /** @return the {@code password} parameter's value, decoded as pgjdbc decodes it, or null */
  static @Nullable String passwordParameter(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return null;
    }
    String found = null;
    for (String p : url.substring(q + 1).split("&", -1)) {
      if (p.startsWith("password=")) {
        try {
          found = URLDecoder.decode(p.substring("password=".length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          found = p.substring("password=".length());
        }
      }
    }
    return found;
  }

  /**
   * A message fit to show (a driver's or server's, untrusted): the secrets and password
   * parameters replaced, control characters as {@code ?}, at most 300 characters.
   */
  String scrub(@Nullable String message) {
    if (message == null) {
      return "";
    }
    String m = message;
    for (String s : secrets) {
      m = m.replace(s, "***");
    }
    m = PASSWORD_PARAM.matcher(m).replaceAll("$1***");
    m = printable(m);
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
  }

  /** @return the text with control characters as {@code ?} */
  static String printable(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (b == null) {
          b = new StringBuilder(s.length()).append(s, 0, i);
        }
        b.append('?');
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }
}
