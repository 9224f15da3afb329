package io.vectornode.usage;

import io.vectornode.error.ConfigurationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the {@link LedgerSourceFactory} for a URL. Thread-safe (no state). */
final class LedgerSources {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerSources.class);
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?#]*):[^/@?#]*@");
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)(password=)[^&;]*");

  private LedgerSources() {}

  /** The factories on the class path; one that fails to load is logged and skipped. */
  static List<LedgerSourceFactory> factories() {
    List<LedgerSourceFactory> found = new ArrayList<>();
    Iterator<LedgerSourceFactory> it =
        ServiceLoader.load(LedgerSourceFactory.class, LedgerSources.class.getClassLoader())
            .iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        LOG.warn("skipping a ledger source that failed to load: {}", e.toString());
      }
    }
    return found;
  }

  static LedgerSource open(String url, Map<String, String> settings,
      List<LedgerSourceFactory> factories) {
    LedgerSourceFactory best = null;
    List<String> prefixes = new ArrayList<>();
    for (LedgerSourceFactory f : factories) {
      String prefix = prefix(f);
      if (prefix == null) {
        continue;
      }
      prefixes.add(prefix);
      if (url.startsWith(prefix) && (best == null || prefix.length() > prefix(best).length())) {
        best = f;
      }
    }
    if (best == null) {
      throw new ConfigurationException("ledger", "nothing on the class path reads '"
          + redact(url) + "'" + (!url.startsWith("jdbc:") ? ""
              : prefixes.contains("jdbc:postgresql:")
                  ? ": vectornode-jdbc reads PostgreSQL ledgers (jdbc:postgresql:) only"
                  : ": a database ledger needs the vectornode-jdbc module (io.vectornode:"
                      + "vectornode-jdbc and its driver) on the class path")
          + "; readable URL prefixes: " + prefixes);
    }
    return best.open(url, settings);
  }

  private static @Nullable String prefix(LedgerSourceFactory f) {
    try {
      String p = f.urlPrefix();
      return p == null || p.isEmpty() ? null : p;
    } catch (RuntimeException e) {
      LOG.warn("skipping ledger source {}: urlPrefix() failed ({})", f.getClass().getName(),
          e.toString());
      return null;
    }
  }

  /** A URL for a message: without the password of its user info or its query. */
  static String redact(String url) {
    String s = USER_INFO.matcher(url).replaceAll("$1:***@");
    return PASSWORD_PARAM.matcher(s).replaceAll("$1***");
  }
}
