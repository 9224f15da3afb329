package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.spi.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  private static SseReader reader(BufferedSource source) {
    return new SseReader(source, ProviderConfig.DEFAULT_MAX_EVENT_BYTES);
  }

  /** Every event of a stream, as "event|data". */
  private static List<String> read(BufferedSource source) throws IOException {
    SseReader reader = reader(source);
    List<String> out = new ArrayList<>();
    SseEvent e;
    while ((e = reader.next()) != null) {
      out.add(e.event() + "|" + e.data());
    }
    return out;
  }

  private static List<String> read(String wire) throws IOException {
    return read(new Buffer().writeUtf8(wire));
  }

  /** A source that hands out one byte per read, as a slow network would. */
  private static BufferedSource trickle(String wire) {
    Buffer all = new Buffer().writeUtf8(wire);
    return Okio.buffer(new Source() {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        return all.exhausted() ? -1 : all.read(sink, 1);
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {}
    });
  }

  @Test
  void lineEndings_lfCrlfAndCr_allDispatch() throws IOException {
    assertThat(read("data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\n\n"))
        .containsExactly("null|a", "null|b", "null|c", "null|d");
  }

  @Test
  void commentsAndUnknownFields_areIgnored() throws IOException {
    assertThat(read(": keep-alive\n\nid: 7\nretry: 100\nfoo: bar\ndata: x\n\n"))
        .containsExactly("null|x");
  }

  @Test
  void severalDataLines_joinWithNewline() throws IOException {
    assertThat(read("data: one\ndata: two\ndata:\ndata: three\n\n"))
        .containsExactly("null|one\ntwo\n\nthree");
  }

  @Test
  void oneSpaceAfterTheColonIsDropped_notMore() throws IOException {
    assertThat(read("data:tight\n\ndata:  two spaces\n\ndata\n\n"))
        .containsExactly("null|tight", "null| two spaces", "null|");
  }

  @Test
  void eventField_appliesToItsEventOnly() throws IOException {
    assertThat(read("event: message_start\ndata: {}\n\ndata: {}\n\nevent: ping\n\ndata: y\n\n"))
        .containsExactly("message_start|{}", "null|{}", "null|y");
  }

  @Test
  void unterminatedLastEvent_isDiscarded() throws IOException {
    assertThat(read("data: whole\n\ndata: half\n")).containsExactly("null|whole");
    assertThat(read("data: whole\n\ndata: no newline")).containsExactly("null|whole");
  }

  @Test
  void utf8AndLargeEvents_arrivingOneByteAtATime_areReadWhole() throws IOException {
    String big = "é✓😀".repeat(5000); // far larger than one 8 KiB segment
    assertThat(read(trickle("event: e\r\ndata: " + big + "\r\n\r\ndata: [DONE]\r\n\r\n")))
        .containsExactly("e|" + big, "null|[DONE]");
  }

  @Test
  void event_bytesAndDone_workWithoutDecoding() throws IOException {
    SseReader reader = reader(new Buffer().writeUtf8(
        "data: [DONE]\n\ndata: {\"error\":{}}\n\ndata: [DONE] \n\n"));
    SseEvent done = reader.next();
    assertThat(done.isDone()).isTrue();
    SseEvent failure = reader.next();
    assertThat(failure.isDone()).isFalse();
    assertThat(new String(failure.bytes(), 0, failure.length(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":{}}");
    SseEvent notDone = reader.next();
    assertThat(notDone.isDone()).isFalse();
    assertThat(notDone.length()).isEqualTo(7);
    assertThat(reader.next()).isNull();
  }

  @Test
  void eventNames_areDecodedOncePerDistinctName() throws IOException {
    SseReader reader = reader(new Buffer().writeUtf8(
        "event: delta\ndata: 1\n\nevent: delta\ndata: 2\n\nevent: stop\ndata: 3\n\n"));
    SseEvent a = reader.next();
    String first = a.event();
    SseEvent b = reader.next();
    assertThat(b.event()).isEqualTo("delta").isSameAs(first);
    assertThat(b.data()).isEqualTo("2");
    assertThat(reader.next().event()).isEqualTo("stop");
  }

  /** A source that hands out the given pieces, one per read, as a chunked body does. */
  private static BufferedSource pieces(String... pieces) {
    java.util.ArrayDeque<String> left = new java.util.ArrayDeque<>(List.of(pieces));
    return Okio.buffer(new Source() {
      @Override
      public long read(Buffer sink, long byteCount) {
        String next = left.poll();
        if (next == null) {
          return -1;
        }
        sink.writeUtf8(next);
        return next.getBytes(StandardCharsets.UTF_8).length;
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {}
    });
  }

  @Test
  void release_movesAShortRestOutOfTheSegment_andTheNextEventStillReadsWhole() throws IOException {
    // A chunk that ends inside the second event, as behind a proxy that re-chunks the stream.
    BufferedSource source = pieces("event: delta\ndata: {\"a\":1}\n\nevent: del",
        "ta\ndata: {\"b\"", ":2}\n\ndata: [DONE]\n\n");
    SseReader reader = reader(source);
    assertThat(reader.next().data()).isEqualTo("{\"a\":1}");
    assertThat(source.getBuffer().size()).isEqualTo(10);
    reader.release();
    assertThat(source.getBuffer().size()).isZero(); // no segment held while the caller is away
    reader.release(); // twice is harmless
    SseEvent b = reader.next();
    assertThat(b.event()).isEqualTo("delta");
    assertThat(b.data()).isEqualTo("{\"b\":2}");
    reader.release();
    assertThat(reader.next().isDone()).isTrue();
    reader.release();
    assertThat(reader.next()).isNull();
  }

  @Test
  void release_leavesALongRestInPlace() throws IOException {
    String rest = "data: " + "x".repeat(SseReader.MAX_RELEASED) + "\n\n";
    BufferedSource source = pieces("data: a\n\n" + rest);
    SseReader reader = reader(source);
    assertThat(reader.next().data()).isEqualTo("a");
    reader.release();
    assertThat(source.getBuffer().size()).isEqualTo(rest.length()); // not copied
    assertThat(reader.next().data()).isEqualTo("x".repeat(SseReader.MAX_RELEASED));
  }
}
