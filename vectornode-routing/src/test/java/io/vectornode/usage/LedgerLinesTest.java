package io.vectornode.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerLinesTest {
  /** Collects lines as strings and counts oversized ones. */
  private static final class Collect implements LedgerLines.Sink {
    final List<String> lines = new ArrayList<>();
    int oversized;

    @Override
    public void line(byte[] buf, int off, int len) {
      lines.add(new String(buf, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void oversized() {
      oversized++;
    }
  }

  /** Serves {@code size} bytes of one repeated byte, in chunks, without holding them. */
  private static final class Endless extends InputStream {
    private final byte fill;
    private long left;
    long served;

    Endless(byte fill, long size) {
      this.fill = fill;
      this.left = size;
    }

    @Override
    public int read() {
      return left-- > 0 ? fill : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, fill);
      left -= n;
      served += n;
      return n;
    }
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void split_endlessLineWithoutNewline_skippedOnceInBoundedMemory() throws IOException {
    int cap = 64 * 1024;
    LedgerLines lines = new LedgerLines(cap);
    Collect c = new Collect();
    Endless endless = new Endless((byte) 'x', 8L << 20);
    lines.split(new SequenceInputStream(java.util.Collections.enumeration(List.of(
        bytes("{\"a\":1}\n"), endless, bytes("\n{\"b\":2}\n"), new Endless((byte) 'y', 3 << 20))
    )), c);
    assertThat(endless.served).isEqualTo(8L << 20);
    assertThat(c.lines).containsExactly("{\"a\":1}", "{\"b\":2}");
    assertThat(c.oversized).isEqualTo(2);
    assertThat(lines.lineCapacity()).isLessThanOrEqualTo(cap);
  }

  @Test
  void split_linesAcrossBufferBoundaries_deliveredWholeAndUpToTheCapExactly() throws IOException {
    int cap = 100_000;
    StringBuilder in = new StringBuilder();
    List<String> want = new ArrayList<>();
    for (int len : new int[] {0, 1, 65_535, 65_536, 99_999, 100_000, 7, 100_001, 3}) {
      String line = "z".repeat(len);
      in.append(line).append('\n');
      if (len > 0 && len <= cap) {
        want.add(line);
      } else if (len == 0) {
        want.add("");
      }
    }
    in.append("tail-without-newline");
    want.add("tail-without-newline");
    LedgerLines lines = new LedgerLines(cap);
    Collect c = new Collect();
    lines.split(bytes(in.toString()), c);
    assertThat(c.lines).containsExactlyElementsOf(want);
    assertThat(c.oversized).isEqualTo(1);
    assertThat(lines.lineCapacity()).isLessThanOrEqualTo(cap);
  }

  @Test
  void split_manyLines_handsEachOverBeforeReadingMuchFurther() {
    // An endless ledger of short records: lines must arrive while it is read, a buffer at a time.
    byte[] rec = "{\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"vn-1\"}\n"
        .getBytes(StandardCharsets.UTF_8);
    long[] served = new long[1];
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return rec[(int) (served[0]++ % rec.length)];
      }
    };
    int[] seen = new int[1];
    LedgerLines.Sink sink = new LedgerLines.Sink() {
      @Override
      public void line(byte[] buf, int off, int len) {
        if (++seen[0] == 100_000) {
          throw new IllegalStateException("enough");
        }
      }

      @Override
      public void oversized() {}
    };
    assertThatThrownBy(() -> new LedgerLines(1 << 20).split(endless, sink))
        .hasMessage("enough");
    assertThat(served[0]).isLessThanOrEqualTo(100_000L * rec.length + LedgerLines.BUFFER);
  }
}
