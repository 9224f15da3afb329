package io.vectornode.providers.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ModelClient;
import io.vectornode.error.ProviderException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.testing.HostileServer;
import io.vectornode.testing.HostileServer.Body;
import io.vectornode.testing.HostileServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client must never die of a server. Each case aims a reply that used to exhaust the heap (or
 * hang on a line that never ends) at every provider, streaming and not, and expects a typed
 * exception, in bounded memory. This class runs in its own JVM with {@code -Xmx256m} (see the
 * module's pom): on the code before the bounds, the first such case was an {@link
 * OutOfMemoryError} within a second. The peak heap of each case is written to {@code
 * target/hostile-replies-heap.md}.
 */
class HostileReplyTest extends HostileSupport {
  private static final long MB = 1024 * 1024;
  private static final List<String> PEAKS = new ArrayList<>();

  @AfterAll
  static void report() throws IOException {
    Path out = Path.of("target", "hostile-replies-heap.md");
    List<String> lines = new ArrayList<>();
    lines.add("| case | provider | outcome | peak heap (MB, -Xmx" + Runtime.getRuntime().maxMemory() / MB
        + "m) |");
    lines.add("|---|---|---|---|");
    lines.addAll(PEAKS);
    Files.createDirectories(out.getParent());
    Files.write(out, lines);
  }

  /** Runs a call, measuring the peak heap, and returns what it threw. */
  private Throwable measured(String name, Targets.Target t, ModelClient client, boolean stream) {
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    Throwable thrown = catchThrowable(() -> Targets.call(client, stream));
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    PEAKS.add("| " + name + (stream ? " (stream)" : " (chat)") + " | " + t + " | "
        + (thrown == null ? "success" : thrown.getClass().getSimpleName()) + " | "
        + Math.max(0, peak - before) / MB + " (of " + peak / MB + " in use) |");
    return thrown;
  }

  private static void assertTyped(Throwable thrown, Class<? extends VectorNodeException> type) {
    assertThat(thrown).isInstanceOf(type);
    assertThat(thrown.getMessage()).hasSizeLessThan(2_000);
  }

  @ParameterizedTest
  @MethodSource("targets")
  void errorBodyOf200Mb_jsonOrHtml_isATypedErrorFromItsFirst64Kb(Targets.Target t) {
    for (boolean stream : new boolean[] {false, true}) {
      String json = String.format(t.errorJson(), "%s");
      int cut = json.indexOf("%s");
      server.enqueue(Reply.status(500).header("Content-Type", "application/json")
          .body(Body.repeat(json.substring(0, cut), 'x', 200 * MB, json.substring(cut + 2))));
      assertTyped(measured("200 MB JSON error body", t, client(t), stream),
          ProviderException.class);
      server.enqueue(Reply.status(502).header("Content-Type", "text/html")
          .body(Body.repeat("<html><body>", 'x', 200 * MB, "</body></html>")));
      Throwable thrown = measured("200 MB HTML error body", t, client(t), stream);
      assertTyped(thrown, ProviderException.class);
      assertThat(((ProviderException) thrown).status()).isEqualTo(502);
    }
  }

  @ParameterizedTest
  @MethodSource("targets")
  void successBodyOf200Mb_passesTheResponseBound_isAResponseParseException(Targets.Target t) {
    String prefix = switch (t.type()) {
      case "openai" -> "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
          + "\"content\":\"";
      case "anthropic" -> "{\"content\":[{\"type\":\"text\",\"text\":\"";
      default -> "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"";
    };
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .body(Body.repeat(prefix, 'x', 200 * MB, "\"}]}")));
    Throwable thrown = measured("200 MB body, 200 MB text field", t, client(t), false);
    assertTyped(thrown, ResponseParseException.class);
    assertThat(thrown).hasMessageContaining("maxResponseBytes");
  }

  @ParameterizedTest
  @MethodSource("targets")
  void unknownFieldOf200Mb_underARaisedBound_isSkippedUnread(Targets.Target t) {
    String valid = switch (t.type()) {
      case "openai" -> "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
          + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";
      case "anthropic" -> "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
          + "\"stop_reason\":\"end_turn\"}";
      default -> "\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},"
          + "\"finishReason\":\"STOP\"}]}";
    };
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .body(Body.repeat("{\"unknown\":\"", 'x', 200 * MB, "\"," + valid)));
    ModelClient c = client(t, b -> b.maxResponseBytes(300 * MB));
    Throwable thrown = measured("200 MB unknown field, bound raised to 300 MB", t, c, false);
    assertThat(thrown).isNull();
  }

  @ParameterizedTest
  @MethodSource("targets")
  void gzipBombOf200Mb_isBoundedAfterDecompression(Targets.Target t) {
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip").body(Body.bytes(gzipped(200 * MB))));
    Throwable thrown = measured("gzip bomb (200 MB inflated)", t, client(t), false);
    assertTyped(thrown, ResponseParseException.class);
    assertThat(thrown).hasMessageContaining("maxResponseBytes");
  }

  @ParameterizedTest
  @MethodSource("targets")
  void sseLineOf50Mb_isAResponseParseException(Targets.Target t) {
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.repeat(t.sseText() + "data: {\"x\":\"", 'x', 50 * MB, "\"}\n\n")));
    Throwable thrown = measured("50 MB SSE data line", t, client(t), true);
    assertTyped(thrown, ResponseParseException.class);
    assertThat(thrown).hasMessageContaining("maxEventBytes");
  }

  @ParameterizedTest
  @MethodSource("targets")
  void sseLineThatNeverEnds_isAResponseParseException(Targets.Target t) {
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.endless(t.sseText() + "data: ", 'x')));
    Throwable thrown = measured("endless SSE line", t, client(t), true);
    assertTyped(thrown, ResponseParseException.class);
    assertThat(thrown).hasMessageContaining("maxEventBytes");
  }

  @ParameterizedTest
  @MethodSource("targets")
  void sseEventOfManySmallDataLines_isBoundedAsOneEvent(Targets.Target t) {
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.repeatText(t.sseText(), "data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            2_000_000, "\n")));
    Throwable thrown = measured("80 MB event of 2M data lines", t, client(t), true);
    assertTyped(thrown, ResponseParseException.class);
    assertThat(thrown).hasMessageContaining("maxEventBytes");
  }

  @ParameterizedTest
  @MethodSource("targets")
  void endlessStreamOfValidEvents_stopsAtTheResponseBound(Targets.Target t) {
    String event = t.sseText();
    if (t.type().equals("anthropic")) {
      event = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + "y".repeat(1000) + "\"}}\n\n";
      server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
          .body(Body.repeatText(t.sseText(), event, 1_000_000, "")));
    } else {
      server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
          .body(Body.repeatText("", event.replace("hi", "y".repeat(1000)), 1_000_000, "")));
    }
    Throwable thrown = measured("1 GB of valid text events", t, client(t), true);
    assertTyped(thrown, ResponseParseException.class);
    assertThat(thrown).hasMessageContaining("maxResponseBytes");
  }

  @ParameterizedTest
  @MethodSource("targets")
  void nesting100kDeep_isAResponseParseException(Targets.Target t) {
    String open = "[".repeat(100_000);
    String prefix = switch (t.type()) {
      case "openai" -> "{\"choices\":";
      case "anthropic" -> "{\"content\":";
      default -> "{\"candidates\":";
    };
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .body(prefix + open + "]".repeat(100_000) + "}"));
    assertTyped(measured("100k-deep JSON body", t, client(t), false),
        ResponseParseException.class);
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .body("{\"unknown\":" + open + "]".repeat(100_000) + "}"));
    assertTyped(measured("100k-deep unknown field", t, client(t), false),
        ResponseParseException.class);
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(t.sseText() + "data: {\"x\":" + open + "]".repeat(100_000) + "}\n\n"));
    assertTyped(measured("100k-deep SSE event", t, client(t), true),
        ResponseParseException.class);
  }

  /** 'n' bytes of JSON-ish text, gzipped (a few hundred KB). */
  private static byte[] gzipped(long n) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write("{\"id\":\"x\",\"text\":\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      byte[] chunk = new byte[1024 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'x');
      for (long left = n; left > 0; left -= chunk.length) {
        gz.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      gz.write("\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A tree costs ~30 times its bytes for tiny nodes: 30 MB of {@code {},} once filled a heap. */
  @ParameterizedTest
  @MethodSource("targets")
  void manySmallNodes_inABodyOrAnEvent_areBoundedAsATree(Targets.Target t) {
    String prefix = switch (t.type()) {
      case "openai" -> "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
          + "\"content\":[";
      case "anthropic" -> "{\"content\":[";
      default -> "{\"candidates\":[";
    };
    server.enqueue(Reply.status(200).header("Content-Type", "application/json")
        .body(Body.repeatText(prefix, "{},", 10_000_000, "{}]}")));
    assertTyped(measured("30 MB of {}, in a body", t, client(t), false),
        ResponseParseException.class);
    String event = t.type().equals("openai") ? "data: {\"error\":{\"x\":["
        : t.type().equals("anthropic") ? "event: message_start\ndata: {\"type\":\"message_start\","
            + "\"message\":{\"content\":[" : "data: {\"candidates\":[";
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.repeatText(event, "{},", 5_000_000, "{}]}}\n\n")));
    assertTyped(measured("15 MB event of {},", t, client(t), true),
        ResponseParseException.class);
  }

  /** Signature fragments once were appended String to String: 8 MB took 6.5 s of CPU. */
  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.Timeout(120)
  void anthropicSignatureOf8Mb_inSmallDeltas_isAssembledInLinearTime() {
    String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"signature_delta\",\"signature\":\"" + "s".repeat(1000)
        + "\"}}\n\n";
    String start = Targets.ANTHROPIC.sseText().replace("\"type\":\"text\",\"text\":\"\"",
        "\"type\":\"thinking\",\"thinking\":\"\"").replace("\"text_delta\",\"text\"",
        "\"thinking_delta\",\"thinking\"");
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.repeatText(start, delta, 8_000, Targets.ANTHROPIC.sseEnd())));
    Throwable thrown = measured("8 MB signature in 1 KB deltas", Targets.ANTHROPIC,
        client(Targets.ANTHROPIC), true);
    assertThat(thrown).isNull();
  }

  /** Wire bytes of a stream are not its content: a long stream of small text stays legal. */
  @ParameterizedTest
  @MethodSource("targets")
  void streamOf40MbOnTheWire_withLittleContent_isServedWhole(Targets.Target t) {
    String padded = switch (t.type()) {
      case "openai" -> "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"y\"}}],"
          + "\"pad\":\"" + "p".repeat(4000) + "\"}\n\n";
      case "anthropic" -> "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
          + "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"y\"},\"pad\":\""
          + "p".repeat(4000) + "\"}\n\n";
      default -> "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"y\"}]}}],"
          + "\"pad\":\"" + "p".repeat(4000) + "\"}\n\n";
    };
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
        .body(Body.repeatText(t.sseText(), padded, 10_000, t.sseEnd())));
    Throwable thrown = measured("40 MB stream, 10k characters of text", t, client(t), true);
    assertThat(thrown).isNull();
  }
}
