package io.vectornode.jdbc;

import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.usage.UsageSink;
import io.vectornode.usage.UsageSinkFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates a {@link JdbcLedger} from a config's {@code ledger.jdbc} block:
 *
 * <pre>{@code
 * ledger:
 *   directory: usage/                    # optional: the JSONL files too (each record goes to both)
 *   jdbc:
 *     url: jdbc:postgresql://db:5432/app
 *     user: vectornode
 *     password: ${env:VN_DB_PASSWORD}
 *     table: vectornode_calls            # attempts in vectornode_attempts
 *     spool: usage-spool/                # default; relative to the config file's directory
 *     spoolLimit: 256MB                  # the spool's cap (KB, MB or GB)
 *     queueCapacity: 10000               # records waiting in memory for the writer
 * }</pre>
 *
 * Found by {@link java.util.ServiceLoader}; public only for it.
 */
public final class JdbcLedgerFactory implements UsageSinkFactory {
  private static final Set<String> FIELDS =
      Set.of("url", "user", "password", "table", "spool", "spoolLimit", "queueCapacity");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*(KB|MB|GB)",
      Pattern.CASE_INSENSITIVE);

  /** For the ServiceLoader. */
  public JdbcLedgerFactory() {}

  @Override
  public String type() {
    return "jdbc";
  }

  /**
   * The ledgers configs opened and that are not closed, by spool directory. A config reloaded
   * ({@code VectorNode.watch}) is loaded while the old one still serves calls: with the same
   * {@code ledger.jdbc} settings the new config shares the open ledger (closed when the last
   * config using it is), since a second ledger on the same spool directory is refused.
   */
  private static final Map<Path, Shared> OPEN = new HashMap<>();

  /** An open ledger and the configs using it; guarded by {@link #OPEN}. */
  private static final class Shared {
    final JdbcLedger ledger;
    final Map<String, String> settings;
    int handles;

    Shared(JdbcLedger ledger, Map<String, String> settings) {
      this.ledger = ledger;
      this.settings = settings;
    }
  }

  /** One config's use of a shared ledger. */
  private static final class Handle implements UsageSink {
    private final Path key;
    private final Shared shared;
    private boolean closed;

    Handle(Path key, Shared shared) {
      this.key = key;
      this.shared = shared;
    }

    @Override
    public void onCallEnd(io.vectornode.CallEndEvent event) {
      shared.ledger.onCallEnd(event);
    }

    @Override
    public void close() {
      boolean last;
      synchronized (OPEN) {
        if (closed) {
          return;
        }
        closed = true;
        last = --shared.handles == 0;
        if (last) {
          OPEN.remove(key);
        }
      }
      if (last) {
        shared.ledger.close();
      }
    }

    @Override
    public String toString() {
      return shared.ledger.toString();
    }
  }

  @Override
  public UsageSink create(Map<String, String> settings, Path directory) {
    Map<String, String> copy = Map.copyOf(settings);
    Path spool = directory.resolve(settings.getOrDefault("spool", "usage-spool").strip())
        .toAbsolutePath().normalize();
    synchronized (OPEN) {
      Shared open = OPEN.get(spool);
      if (open != null) {
        if (!open.settings.equals(copy)) {
          throw new ConfigurationException("ledger.jdbc", "differs from the ledger already open"
              + " on the spool '" + spool + "' (the config in use, during a reload); a reload"
              + " cannot change ledger.jdbc and keep its spool directory: give it another spool"
              + " directory, or restart");
        }
        open.handles++;
        return new Handle(spool, open);
      }
      Shared created = new Shared(build(copy, directory), copy);
      created.handles = 1;
      OPEN.put(spool, created);
      return new Handle(spool, created);
    }
  }

  private static JdbcLedger build(Map<String, String> settings, Path directory) {
    for (String k : settings.keySet()) {
      if (!FIELDS.contains(k)) {
        throw new ConfigurationException("ledger.jdbc." + k, "is not a field of ledger.jdbc;"
            + " fields: " + new TreeSet<>(FIELDS));
      }
    }
    String url = settings.get("url");
    if (url == null || url.isBlank()) {
      throw new ConfigurationException("ledger.jdbc.url", "is required"
          + " (jdbc:postgresql://host:port/database)");
    }
    JdbcLedger.Builder b = JdbcLedger.builder().url(url);
    String user = settings.get("user");
    if (user != null) {
      b.user(user);
    }
    String password = settings.get("password");
    if (password != null) {
      if (password.isBlank()) {
        throw new ConfigurationException("ledger.jdbc.password", "is blank");
      }
      b.password(Secret.of(password));
    }
    String table = settings.get("table");
    if (table != null) {
      b.table(table.strip());
    }
    String spool = settings.getOrDefault("spool", "usage-spool");
    if (spool.isBlank()) {
      throw new ConfigurationException("ledger.jdbc.spool", "is blank");
    }
    b.spool(directory.resolve(spool.strip()));
    String limit = settings.get("spoolLimit");
    if (limit != null) {
      b.spoolLimitBytes(size(limit));
    }
    String queue = settings.get("queueCapacity");
    if (queue != null) {
      try {
        b.queueCapacity(Integer.parseInt(queue.strip()));
      } catch (NumberFormatException e) {
        throw new ConfigurationException("ledger.jdbc.queueCapacity", "must be a number of records,"
            + " was '"
            + Redaction.printable(queue) + "'");
      }
    }
    return b.build();
  }

  private static long size(String v) {
    Matcher m = SIZE.matcher(v.strip());
    if (!m.matches()) {
      throw new ConfigurationException("ledger.jdbc.spoolLimit", "must be a size such as 512MB"
          + " or 2GB, was '" + Redaction.printable(v) + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
      case "KB" -> n << 10;
      case "MB" -> n << 20;
      default -> n << 30;
    };
  }
}
