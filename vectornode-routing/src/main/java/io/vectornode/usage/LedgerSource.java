package io.vectornode.usage;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where usage records are read from: the JSON Lines files of a {@link UsageLedger} ({@link
 * #jsonl}), or a database that another module reads ({@link #open} finds it through a {@link
 * LedgerSourceFactory}). {@code vectornode usage} and {@code vectornode report}, and {@link
 * LedgerReader#summarize(LedgerSource, Instant, java.util.function.Function, int)} and {@link
 * UsageReport#build}, read through this type only, so every source gives the same totals.
 *
 * <p>An implementation streams: {@link #forEach} hands records over one at a time and keeps none,
 * so that memory does not grow with the ledger. Records are untrusted (a file may be corrupt, a
 * table edited by hand): what cannot be a record is skipped and counted in {@link
 * LedgerReader.Stats}, never thrown. Implementations are thread-safe; each {@link #forEach} is
 * a pass of its own.
 */
public interface LedgerSource extends AutoCloseable {
  /**
   * Hands every record at or after {@code since} to an action, one at a time; a file source in
   * file order, a database in the order it returns (the totals do not depend on it).
   *
   * @param since only records at or after this instant, or null for all
   * @param action receives each record; what it throws ends the pass and propagates
   * @return what the pass saw
   * @throws io.vectornode.error.ConfigurationException when the source cannot be read (a path
   *     that does not exist, a database that refuses the connection)
   */
  LedgerReader.Stats forEach(@Nullable Instant since, Consumer<? super LedgerReader.Entry> action);

  /**
   * What is read, for messages and report headers: a path, or a URL without its password.
   *
   * @return the description
   */
  String describe();

  /** Releases what the source holds (a connection pool); reading after this fails. */
  @Override
  void close();

  /**
   * The JSON Lines ledger at a path.
   *
   * @param path a ledger file, or a directory whose {@code vectornode-usage-*.jsonl} files are read
   *     in name order
   * @return the source; nothing is opened until {@link #forEach}
   */
  static LedgerSource jsonl(Path path) {
    return new JsonlLedgerSource(requireNonNull(path, "path"), LedgerReader.DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * A source for a URL, from the {@link LedgerSourceFactory} on the class path whose {@link
   * LedgerSourceFactory#urlPrefix()} is the longest prefix of it ({@code jdbc:postgresql:} is
   * read by {@code vectornode-jdbc}). A factory that fails to load is logged and skipped.
   *
   * @param url where the records are, such as {@code jdbc:postgresql://db:5432/app}
   * @param settings what the factory needs beside the URL ({@code user}, {@code password},
   *     {@code table}); never logged
   * @return the source
   * @throws io.vectornode.error.ConfigurationException when no factory reads that URL (the
   *     message names the module to add and the prefixes that are readable) or the factory
   *     rejects it
   */
  static LedgerSource open(String url, Map<String, String> settings) {
    return LedgerSources.open(requireNonNull(url, "url"), Map.copyOf(settings),
        LedgerSources.factories());
  }
}
