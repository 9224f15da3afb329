package io.vectornode.redis;

import io.lettuce.core.RedisURI;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Parses a Redis URI kept as a secret, and shows it without its password. */
final class RedisUris {
  private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
      "[A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?]");

  private RedisUris() {}

  /**
   * Parses a URI; an error names the field and the expected shape, never the value.
   *
   * @param uri {@code redis://[user:password@]host:port[/db]} or {@code rediss://...}
   * @param field the config field, for the error
   */
  static RedisURI parse(Secret uri, String field) {
    String v = uri.reveal().trim();
    String lower = v.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("redis://") && !lower.startsWith("rediss://")) {
      throw new ConfigurationException(field, "must be a redis:// or rediss:// URI"
          + " (redis://[user:password@]host:port[/db]); the value is not shown");
    }
    try {
      RedisURI parsed = RedisURI.create(v);
      // Where java.net.URI cannot split the authority (a port that is not a number, a second
      // port, an unescaped '@' in the password), Lettuce keeps "host:rest" as the host name and
      // would look it up in DNS: a host is a name, an IPv4 address or a bracketed IPv6 one.
      if (parsed.getHost() == null || !HOST.matcher(parsed.getHost()).matches()) {
        throw new IllegalArgumentException("no host");
      }
      return parsed;
    } catch (RuntimeException e) {
      // Lettuce's message may quote the URI, password included: it is not kept.
      throw new ConfigurationException(field, "is not a valid Redis URI"
          + " (redis://[user:password@]host:port[/db], the password's reserved characters"
          + " percent-encoded); the value is not shown");
    }
  }

  /**
   * The URI without its password.
   *
   * @param u the parsed URI
   * @param raw the URI as given, for its user part
   * @return {@code redis://[user:***@]host:port/db}
   */
  static String redacted(RedisURI u, Secret raw) {
    StringBuilder b = new StringBuilder(u.isSsl() ? "rediss://" : "redis://");
    String user = userInfo(raw.reveal());
    if (user != null) {
      int colon = user.indexOf(':');
      b.append(colon >= 0 ? user.substring(0, colon) : "").append(":***@");
    }
    return b.append(u.getHost()).append(':').append(u.getPort()).append('/')
        .append(u.getDatabase()).toString();
  }

  /** @return the password in a URI's user part, or null */
  static @Nullable String password(Secret raw) {
    String user = userInfo(raw.reveal());
    if (user == null) {
      return null;
    }
    int colon = user.indexOf(':');
    String p = colon >= 0 ? user.substring(colon + 1) : user;
    return p.isEmpty() ? null : java.net.URLDecoder.decode(p,
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private static @Nullable String userInfo(String uri) {
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    return scheme < 0 || at < scheme ? null : uri.substring(scheme + 3, at);
  }
}
