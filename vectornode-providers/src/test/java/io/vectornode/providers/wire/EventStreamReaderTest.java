package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.error.ResponseParseException;
import io.vectornode.testing.BedrockStubs;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

/** The AWS event-stream decoder: framing across reads, CRCs, bounds, header types. */
class EventStreamReaderTest {

  /** A recorded-shape ConverseStream: start, two text deltas, stop, metadata. */
  private static byte[] stream() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(BedrockStubs.messageStart());
    out.writeBytes(BedrockStubs.textDelta(0, "Hello"));
    out.writeBytes(BedrockStubs.textDelta(0, ", wörld"));
    out.writeBytes(BedrockStubs.blockStop(0));
    out.writeBytes(BedrockStubs.messageStop("end_turn"));
    out.writeBytes(BedrockStubs.metadata(BedrockStubs.usage(25, 3, 0, 0)));
    return out.toByteArray();
  }

  /** Yields the bytes in reads that end at the given offsets (then the rest at once). */
  private static final class SplitSource implements Source {
    private final byte[] data;
    private final int[] cuts;
    private int pos;
    private int next;

    SplitSource(byte[] data, int... cuts) {
      this.data = data;
      this.cuts = cuts;
    }

    @Override
    public long read(Buffer sink, long byteCount) {
      if (pos >= data.length) {
        return -1;
      }
      int end = next < cuts.length ? Math.max(cuts[next++], pos + 1) : data.length;
      int n = (int) Math.min(byteCount, Math.min(end, data.length) - pos);
      sink.write(data, pos, n);
      pos += n;
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }

  private static List<String> readAll(BufferedSource source) throws IOException {
    EventStreamReader r = new EventStreamReader(source, "bedrock", 1 << 20);
    List<String> out = new ArrayList<>();
    EventStreamMessage m;
    while ((m = r.next()) != null) {
      out.add(m.eventType() + " " + m.payloadText());
    }
    return out;
  }

  @Test
  void next_readsEveryMessage_withHeadersAndPayload() throws IOException {
    List<String> all = readAll(new Buffer().write(stream()));
    assertThat(all).hasSize(6);
    assertThat(all.get(1)).startsWith("contentBlockDelta {\"contentBlockIndex\":0,\"delta\":"
        + "{\"text\":\"Hello\"}");
    assertThat(all.get(2)).contains("wörld");
    assertThat(all.get(5)).startsWith("metadata {\"usage\":");
  }

  @Test
  void next_sameMessages_whateverByteBoundaryTheReadsSplitAt() throws IOException {
    byte[] bytes = stream();
    List<String> expected = readAll(new Buffer().write(bytes));
    for (int cut = 1; cut < bytes.length; cut++) {
      assertThat(readAll(Okio.buffer(new SplitSource(bytes, cut)))).as("cut at %d", cut)
          .isEqualTo(expected);
    }
    int[] everyByte = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      everyByte[i] = i + 1;
    }
    assertThat(readAll(Okio.buffer(new SplitSource(bytes, everyByte)))).isEqualTo(expected);
  }

  @Test
  void next_badPreludeCrc_isATypedErrorNamingIt() {
    byte[] bytes = stream();
    bytes[9] ^= 0x01; // the prelude CRC of the first message
    assertThatThrownBy(() -> readAll(new Buffer().write(bytes)))
        .isExactlyInstanceOf(ResponseParseException.class)
        .hasMessageContaining("prelude CRC mismatch").hasMessageContaining("after 0 messages");
  }

  @Test
  void next_badMessageCrc_corruptedPayloadByte_isATypedError() {
    byte[] first = BedrockStubs.messageStart();
    byte[] bytes = stream();
    int inSecondPayload = first.length + 80; // inside the second message's payload
    bytes[inSecondPayload] ^= 0x20;
    assertThatThrownBy(() -> readAll(new Buffer().write(bytes)))
        .isExactlyInstanceOf(ResponseParseException.class)
        .hasMessageContaining("message CRC mismatch").hasMessageContaining("after 1 messages");
  }

  @Test
  void next_badCrcInTheLastFourBytes_isATypedError() {
    byte[] bytes = BedrockStubs.messageStart();
    bytes[bytes.length - 1] ^= 0x7f;
    assertThatThrownBy(() -> readAll(new Buffer().write(bytes)))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("message CRC");
  }

  /** A prelude claiming a length, with a correct prelude CRC. */
  private static byte[] prelude(long total, long headers) {
    Buffer b = new Buffer().writeInt((int) total).writeInt((int) headers);
    CRC32 crc = new CRC32();
    crc.update(b.snapshot().toByteArray());
    return b.writeInt((int) crc.getValue()).readByteArray();
  }

  @Test
  void next_oversizedMessage_isRejectedFromItsPrelude_withoutWaitingForTheBody() {
    // Only the prelude is ever sent: the reader must refuse before asking for 17 MiB.
    byte[] p = prelude(17L * 1024 * 1024, 0);
    assertThatThrownBy(() -> new EventStreamReader(new Buffer().write(p), "bedrock",
        EventStreamReader.MAX_MESSAGE).next())
        .isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("message length 17825792 is outside 16..16777216");
    byte[] small = prelude(4096, 0);
    assertThatThrownBy(() -> new EventStreamReader(new Buffer().write(small), "bedrock", 1024)
        .next()).hasMessageContaining("outside 16..1024");
  }

  @Test
  void next_lengthsThatDoNotFit_areRejected() {
    assertThatThrownBy(() -> new EventStreamReader(new Buffer().write(prelude(8, 0)), "bedrock",
        1024).next()).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("message length 8");
    assertThatThrownBy(() -> new EventStreamReader(new Buffer().write(prelude(100, 90)),
        "bedrock", 1024).next()).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("headers length 90 does not fit");
    assertThatThrownBy(() -> new EventStreamReader(new Buffer().write(
        prelude(1 << 20, 200_000)), "bedrock", 1 << 21).next())
        .hasMessageContaining("headers length 200000");
  }

  @Test
  void next_truncatedMessage_isAnEofNotAParseError() {
    byte[] bytes = stream();
    byte[] cut = java.util.Arrays.copyOf(bytes, BedrockStubs.messageStart().length + 30);
    assertThatThrownBy(() -> readAll(new Buffer().write(cut)))
        .isInstanceOf(EOFException.class).hasMessageContaining("inside a message");
    byte[] inPrelude = java.util.Arrays.copyOf(bytes, 5);
    assertThatThrownBy(() -> readAll(new Buffer().write(inPrelude)))
        .isInstanceOf(EOFException.class).hasMessageContaining("prelude");
  }

  @Test
  void next_headerRunningPastItsBlock_isRejected() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(":event-type", "messageStart");
    byte[] good = BedrockStubs.frame(h, "{}".getBytes(StandardCharsets.UTF_8));
    // Rewrite the header's string length to run past the headers, then fix both CRCs.
    byte[] bad = good.clone();
    bad[12 + 1 + 11 + 1 + 1] = 100;
    Buffer b = new Buffer().write(bad, 0, bad.length - 4);
    CRC32 crc = new CRC32();
    crc.update(bad, 0, bad.length - 4);
    b.writeInt((int) crc.getValue());
    assertThatThrownBy(() -> readAll(b)).isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("runs past the headers");
  }

  @Test
  void next_everyHeaderValueType_keepsTheWalkAligned() throws IOException {
    Buffer headers = new Buffer();
    header(headers, "t", 0);
    header(headers, "f", 1);
    header(headers, "b", 2).writeByte(7);
    header(headers, "s", 3).writeShort(300);
    header(headers, "i", 4).writeInt(70000);
    header(headers, "l", 5).writeLong(1L << 40);
    header(headers, "bytes", 6).writeShort(3).write(new byte[] {1, 2, 3});
    header(headers, "ts", 8).writeLong(1_700_000_000_000L);
    header(headers, "uuid", 9).write(new byte[16]);
    header(headers, ":event-type", 7).writeShort(5).writeUtf8("hello");
    byte[] hb = headers.readByteArray();
    byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
    Buffer msg = new Buffer().write(prelude(12 + hb.length + payload.length + 4, hb.length))
        .write(hb).write(payload);
    CRC32 crc = new CRC32();
    crc.update(msg.snapshot().toByteArray());
    msg.writeInt((int) crc.getValue());
    EventStreamMessage m = new EventStreamReader(msg, "bedrock", 1024).next();
    assertThat(m.headers()).containsEntry("t", "true").containsEntry("f", "false")
        .containsEntry("b", "7").containsEntry("s", "300").containsEntry("i", "70000")
        .containsEntry("l", Long.toString(1L << 40)).containsEntry("bytes", "010203")
        .containsEntry("ts", "1700000000000").containsEntry(":event-type", "hello");
    assertThat(m.payloadText()).isEqualTo("{}");
  }

  private static Buffer header(Buffer b, String name, int type) {
    return b.writeByte(name.length()).writeUtf8(name).writeByte(type);
  }
}
