package io.vectornode.usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LedgerSourceFactory} found with {@code ServiceLoader} from this module's test
 * resources: {@code test-ledger:N} yields N records dated from 2026-11-20 on, one a minute.
 */
public final class TestLedgerSourceFactory implements LedgerSourceFactory {
  /** The settings of the last {@link #open}, for the test to inspect. */
  static volatile Map<String, String> lastSettings = Map.of();

  @Override
  public String urlPrefix() {
    return "test-ledger:";
  }

  @Override
  public LedgerSource open(String url, Map<String, String> settings) {
    lastSettings = settings;
    int n = Integer.parseInt(url.substring(urlPrefix().length()));
    return new LedgerSource() {
      @Override
      public LedgerReader.Stats forEach(@Nullable Instant since,
          Consumer<? super LedgerReader.Entry> action) {
        long delivered = 0;
        for (int i = 0; i < n; i++) {
          Instant ts = Instant.parse("2026-11-20T00:00:00Z").plusSeconds(60L * i);
          if (since == null || !ts.isBefore(since)) {
            delivered++;
            action.accept(new LedgerReader.Entry(ts, "vn-" + i, null, Map.of("team", "t" + i % 2),
                "p", "m", "d", "SUCCESS", 0, 10, 1, null, 5, null, null, 0, 0, 0, false, null,
                List.of()));
          }
        }
        return new LedgerReader.Stats(delivered, 0, 0);
      }

      @Override
      public String describe() {
        return url;
      }

      @Override
      public void close() {}
    };
  }
}
