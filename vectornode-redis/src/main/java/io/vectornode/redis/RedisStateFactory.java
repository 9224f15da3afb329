package io.vectornode.redis;

import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.state.SharedState;
import io.vectornode.state.SharedStateFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates a {@link RedisState} from a config's {@code state.redis} block:
 *
 * <pre>{@code
 * state:
 *   redis:
 *     uri: ${env:REDIS_URL}      # redis://[user:password@]host:port[/db], rediss:// for TLS
 *     keyPrefix: "vectornode:"   # one prefix per application or fleet
 *     timeout: 50ms              # the longest a call waits on Redis
 *     onUnavailable: local       # or reject
 *     reconnectEvery: 1s         # how often an unavailable Redis is probed
 *     shareBreakers: false       # true: a breaker opening on one instance is skipped by all
 *     leaseShare: 0.01           # optional: admit locally from 1% slices (see below)
 *     leaseTtl: 1s               # how long a slice lives (default 1s)
 * }</pre>
 *
 * <p>Without {@code leaseShare} every attempt asks Redis (one round trip); with it, see {@link
 * RedisState.Builder#leases} for what the slices cost in accuracy.
 *
 * Found by {@link java.util.ServiceLoader}; public only for it.
 */
public final class RedisStateFactory implements SharedStateFactory {
  private static final Set<String> FIELDS =
      Set.of("uri", "keyPrefix", "timeout", "onUnavailable", "reconnectEvery", "shareBreakers",
          "leaseShare", "leaseTtl");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

  /** For the ServiceLoader. */
  public RedisStateFactory() {}

  @Override
  public String type() {
    return "redis";
  }

  @Override
  public SharedState create(Map<String, String> settings) {
    for (String k : settings.keySet()) {
      if (!FIELDS.contains(k)) {
        throw new ConfigurationException("state.redis." + k, "is not a field of state.redis;"
            + " fields: " + new java.util.TreeSet<>(FIELDS));
      }
    }
    String uri = settings.get("uri");
    if (uri == null || uri.isBlank()) {
      throw new ConfigurationException("state.redis.uri", "is required"
          + " (redis://[user:password@]host:port[/db])");
    }
    RedisState.Builder b = RedisState.builder().uri(Secret.of(uri));
    try {
      String prefix = settings.get("keyPrefix");
      if (prefix != null) {
        b.keyPrefix(prefix);
      }
      String timeout = settings.get("timeout");
      if (timeout != null) {
        b.timeout(duration("timeout", timeout));
      }
      String every = settings.get("reconnectEvery");
      if (every != null) {
        b.reconnectEvery(duration("reconnectEvery", every));
      }
      String share = settings.get("shareBreakers");
      if (share != null) {
        if (!share.equalsIgnoreCase("true") && !share.equalsIgnoreCase("false")) {
          throw new ConfigurationException("state.redis.shareBreakers", "must be true or false,"
              + " was '" + share + "'");
        }
        b.shareBreakers(Boolean.parseBoolean(share));
      }
      String leaseShare = settings.get("leaseShare");
      String leaseTtl = settings.get("leaseTtl");
      if (leaseShare != null) {
        double v;
        try {
          v = Double.parseDouble(leaseShare.trim());
        } catch (NumberFormatException e) {
          throw new ConfigurationException("state.redis.leaseShare", "must be a fraction such as"
              + " 0.01, was '" + leaseShare + "'");
        }
        b.leases(v, leaseTtl == null ? Duration.ofSeconds(1) : duration("leaseTtl", leaseTtl));
      } else if (leaseTtl != null) {
        throw new ConfigurationException("state.redis.leaseTtl", "is set without"
            + " state.redis.leaseShare, which turns leases on");
      }
      String on = settings.get("onUnavailable");
      if (on != null) {
        b.onUnavailable(switch (on.trim().toLowerCase(Locale.ROOT)) {
          case "local" -> RedisState.OnUnavailable.LOCAL;
          case "reject" -> RedisState.OnUnavailable.REJECT;
          default -> throw new ConfigurationException("state.redis.onUnavailable",
              "must be local or reject, was '" + on + "'");
        });
      }
    } catch (IllegalArgumentException e) {
      String m = e.getMessage() == null ? "is invalid" : e.getMessage();
      int colon = m.indexOf(": ");
      throw new ConfigurationException(colon > 0 ? m.substring(0, colon) : "state.redis",
          colon > 0 ? m.substring(colon + 2) : m);
    }
    return b.build();
  }

  private static Duration duration(String field, String v) {
    Matcher m = DURATION.matcher(v.trim());
    if (!m.matches()) {
      throw new ConfigurationException("state.redis." + field, "must be a duration such as"
          + " 50ms, 2s or 1m, was '" + v + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
