package io.vectornode.examples.cli;

import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.usage.LedgerReader;
import io.vectornode.usage.LedgerSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The options {@code usage} and {@code report} share: where the ledger is ({@code --ledger} or
 * {@code --jdbc} with its settings), {@code --since} and {@code --zone}. Both commands read only
 * through the {@link LedgerSource} opened here. Not thread-safe (one per command run).
 */
final class LedgerArgs {
  /** The environment variable the database password is read from (never an argument). */
  static final String PASSWORD_ENV = "VN_DB_PASSWORD";

  static final String HELP = """
        --ledger FILE|DIR  a JSON Lines ledger file, or a directory of them; repeat it to
                           read several instances' ledgers as one
        --jdbc URL         a database ledger, e.g. jdbc:postgresql://db:5432/app (needs the
                           vectornode-jdbc module on the class path); the password is read
                           from $VN_DB_PASSWORD
        --jdbc-user USER   the database user
        --jdbc-table NAME  the calls table (default: the module's, vectornode_calls)
        --since WHEN       only calls since 24h or 30d ago, a date (from its midnight in
                           --zone) or an ISO instant
        --zone ZONE        the time zone of days and months (default UTC), e.g. Europe/Paris
      """;

  private final List<String> ledgers = new ArrayList<>();
  private @Nullable String jdbc;
  private @Nullable String jdbcUser;
  private @Nullable String jdbcTable;
  private @Nullable String since;
  private ZoneId zone = ZoneOffset.UTC;

  /**
   * Takes the option at {@code args[i]} if it is one of these.
   *
   * @return the index of its last argument, or -1 when it is not one of these
   */
  int take(String[] args, int i) {
    switch (args[i]) {
      case "--ledger" -> ledgers.add(value(args, i + 1, "--ledger"));
      case "--jdbc" -> jdbc = value(args, i + 1, "--jdbc");
      case "--jdbc-user" -> jdbcUser = value(args, i + 1, "--jdbc-user");
      case "--jdbc-table" -> jdbcTable = value(args, i + 1, "--jdbc-table");
      case "--since" -> since = value(args, i + 1, "--since");
      case "--zone" -> zone = zone(value(args, i + 1, "--zone"));
      default -> {
        return -1;
      }
    }
    return i + 1;
  }

  boolean hasSource() {
    return !ledgers.isEmpty() || jdbc != null;
  }

  ZoneId zone() {
    return zone;
  }

  /**
   * Opens the source named by {@code --ledger} or {@code --jdbc} (exactly one).
   *
   * @throws UsageException when neither or both are given
   * @throws io.vectornode.error.ConfigurationException when no module reads the URL
   */
  LedgerSource open(String command, Map<String, String> env) {
    if (!ledgers.isEmpty() && jdbc != null) {
      throw new UsageException(command + ": give --ledger or --jdbc, not both");
    }
    if (!ledgers.isEmpty()) {
      if (jdbcUser != null || jdbcTable != null) {
        throw new UsageException(command + ": --jdbc-user and --jdbc-table go with --jdbc");
      }
      List<Path> paths = new ArrayList<>();
      for (String l : ledgers) {
        Path p = real(Path.of(l));
        for (Path earlier : paths) {
          if (p.startsWith(earlier) || earlier.startsWith(p)) {
            throw new UsageException(command + ": --ledger " + l + " is or holds a ledger given"
                + " before it; its calls would be counted twice");
          }
        }
        paths.add(p);
      }
      List<LedgerSource> sources = new ArrayList<>();
      ledgers.forEach(l -> sources.add(LedgerSource.jsonl(Path.of(l))));
      return sources.size() == 1 ? sources.get(0) : new Several(sources);
    }
    if (jdbc == null) {
      throw new UsageException(command + " needs --ledger FILE|DIR or --jdbc URL");
    }
    Map<String, String> settings = new LinkedHashMap<>();
    if (jdbcUser != null) {
      settings.put("user", jdbcUser);
    }
    if (jdbcTable != null) {
      settings.put("table", jdbcTable);
    }
    String password = env.get(PASSWORD_ENV);
    if (password != null) {
      settings.put("password", password);
    }
    return LedgerSource.open(jdbc, settings);
  }

  /** The path as the file system knows it (links resolved), or made absolute if missing. */
  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (java.io.IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  /** Several ledgers read one after the other as one source; the pass's counts add up. */
  private record Several(List<LedgerSource> sources) implements LedgerSource {
    @Override
    public LedgerReader.Stats forEach(@Nullable Instant since,
        Consumer<? super LedgerReader.Entry> action) {
      long entries = 0;
      long skipped = 0;
      long oversized = 0;
      for (LedgerSource s : sources) {
        LedgerReader.Stats st = s.forEach(since, action);
        entries += st.entries();
        skipped += st.skippedLines();
        oversized += st.oversizedLines();
      }
      return new LedgerReader.Stats(entries, skipped, oversized);
    }

    @Override
    public String describe() {
      List<String> names = new ArrayList<>();
      sources.forEach(s -> names.add(s.describe()));
      return String.join(", ", names);
    }

    @Override
    public void close() {
      sources.forEach(LedgerSource::close);
    }
  }

  /** {@code --since} as an instant, or null when not given. */
  @Nullable Instant since(Clock clock) {
    String s = since;
    if (s == null) {
      return null;
    }
    try {
      if (s.matches("\\d{1,6}[hd]")) {
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return clock.instant().minus(s.endsWith("h") ? Duration.ofHours(n) : Duration.ofDays(n));
      }
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(zone).toInstant();
      }
      return Instant.parse(s);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new UsageException("--since: expected 24h, 7d, 2026-11-01 or an ISO instant, was '"
          + s + "'");
    }
  }

  private static ZoneId zone(String s) {
    try {
      return ZoneId.of(s);
    } catch (DateTimeException e) {
      throw new UsageException("--zone: expected a time zone such as UTC or Europe/Paris, was '"
          + s + "'");
    }
  }

  static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  static int positive(String s, String option) {
    try {
      int n = Integer.parseInt(s);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(option + ": expected a whole number of 1 or more, was '" + s + "'");
  }
}
