package io.vectornode.usage;

import static java.util.Objects.requireNonNull;

import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The JSON Lines ledger of a {@link UsageLedger}: one file, or every {@code
 * vectornode-usage-*.jsonl} in a directory in name order. Lines are split in bounded memory
 * ({@link LedgerLines}) and parsed by {@link LedgerParser}; what is not a whole record is skipped
 * and counted. Thread-safe (each pass has its own buffers).
 */
final class JsonlLedgerSource implements LedgerSource {
  private final Path path;
  private final int maxLineBytes;

  JsonlLedgerSource(Path path, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be 1 or more, was " + maxLineBytes);
    }
    this.path = path;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public LedgerReader.Stats forEach(@Nullable Instant since,
      Consumer<? super LedgerReader.Entry> action) {
    requireNonNull(action, "action");
    long[] counts = new long[3];
    LedgerLines.Sink sink = new LedgerLines.Sink() {
      @Override
      public void line(byte[] buf, int off, int len) {
        if (blank(buf, off, len)) {
          return;
        }
        LedgerReader.Entry e = LedgerParser.parse(buf, off, len);
        if (e == null) {
          counts[1]++;
        } else if (since == null || !e.ts().isBefore(since)) {
          counts[0]++;
          action.accept(e);
        }
      }

      @Override
      public void oversized() {
        counts[1]++;
        counts[2]++;
      }
    };
    LedgerLines lines = new LedgerLines(maxLineBytes);
    for (Path f : files()) {
      try (InputStream in = Files.newInputStream(f)) {
        lines.split(in, sink);
      } catch (IOException e) {
        throw new ConfigurationException("ledger", "cannot read '" + f + "' (" + e.getMessage()
            + ")", e);
      }
    }
    return new LedgerReader.Stats(counts[0], counts[1], counts[2]);
  }

  @Override
  public String describe() {
    return path.toString();
  }

  @Override
  public void close() {
    // Files are opened and closed within each pass.
  }

  @Override
  public String toString() {
    return "JsonlLedgerSource[" + path + "]";
  }

  private List<Path> files() {
    List<Path> files = new ArrayList<>();
    try {
      if (Files.isDirectory(path)) {
        try (Stream<Path> s = Files.list(path)) {
          s.filter(p -> p.getFileName().toString().startsWith("vectornode-usage-")
              && p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
              .sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new ConfigurationException("ledger", "no such file or directory: '" + path + "'");
      }
    } catch (IOException e) {
      throw new ConfigurationException("ledger", "cannot read '" + path + "' (" + e.getMessage()
          + ")", e);
    }
    return files;
  }

  private static boolean blank(byte[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte b = buf[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
