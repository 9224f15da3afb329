package io.vectornode.examples.cli;

import io.vectornode.usage.LedgerReader;
import io.vectornode.usage.LedgerSource;
import io.vectornode.usage.LedgerSourceFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Stands in for the vectornode-jdbc module: registered in this module's test resources for the
 * prefix {@code jdbc:vntest:}, it reads the JSON Lines ledger at the rest of the URL, so that a
 * test can check that {@code --jdbc} reaches a factory found on the class path, with no change
 * to the commands, and gives what {@code --ledger} gives.
 */
public final class TestJdbcLedgerSourceFactory implements LedgerSourceFactory {
  /** The settings of the last {@link #open}. */
  static volatile Map<String, String> lastSettings = Map.of();
  static volatile boolean closed;

  @Override
  public String urlPrefix() {
    return "jdbc:vntest:";
  }

  @Override
  public LedgerSource open(String url, Map<String, String> settings) {
    lastSettings = settings;
    closed = false;
    LedgerSource files = LedgerSource.jsonl(Path.of(url.substring(urlPrefix().length())));
    return new LedgerSource() {
      @Override
      public LedgerReader.Stats forEach(@Nullable Instant since,
          Consumer<? super LedgerReader.Entry> action) {
        return files.forEach(since, action);
      }

      @Override
      public String describe() {
        return "vntest database";
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }
}
