package io.vectornode.jdbc;

import static java.util.Objects.requireNonNull;

import io.vectornode.error.ConfigurationException;
import io.vectornode.usage.LedgerSource;
import io.vectornode.usage.LedgerSourceFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the ledger that {@link JdbcLedger} writes, for {@code vectornode usage --jdbc URL} and
 * {@code vectornode report --jdbc URL} (and {@link LedgerSource#open}): URLs starting with
 * {@code jdbc:postgresql:}. Settings: {@code user}, {@code password}, {@code table} (the calls
 * table, validated as {@code ledger.jdbc.table} is; default {@code vectornode_calls}). The source
 * streams the rows (a server-side portal, a bounded batch of calls at a time); it connects on
 * each pass, not here. Found by {@link java.util.ServiceLoader}; public only for it.
 */
public final class JdbcLedgerSourceFactory implements LedgerSourceFactory {
  private static final Set<String> SETTINGS = Set.of("user", "password", "table");

  /** For the ServiceLoader. */
  public JdbcLedgerSourceFactory() {}

  @Override
  public String urlPrefix() {
    return "jdbc:postgresql:";
  }

  @Override
  public LedgerSource open(String url, Map<String, String> settings) {
    requireNonNull(url, "url");
    for (String k : settings.keySet()) {
      if (!SETTINGS.contains(k)) {
        throw new ConfigurationException("ledger.jdbc." + Redaction.printable(k), "is not a"
            + " setting of the database ledger reader; settings: " + new TreeSet<>(SETTINGS));
      }
    }
    String user = settings.get("user");
    if (user != null && user.isBlank()) {
      throw new ConfigurationException("ledger.jdbc.user", "must not be blank");
    }
    String password = settings.get("password");
    if (password != null && password.isEmpty()) {
      password = null;
    }
    String table = settings.getOrDefault("table", Schema.DEFAULT_TABLE).strip();
    return new JdbcLedgerSource(url, user, password, table);
  }
}
