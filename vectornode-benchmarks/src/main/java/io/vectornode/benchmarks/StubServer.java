package io.vectornode.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A lean loopback HTTP/1.1 server for the benchmarks, in its own process: keep-alive, one
 * thread per connection, pre-encoded responses, TCP_NODELAY. Not MockWebServer, which records
 * every request and would be the bottleneck.
 *
 * <p>Paths: {@code /small/v1/chat/completions} (a ~1 KB completion, or the OpenAI stream when
 * the body asks for one), {@code /large/v1/chat/completions} (~10 KB), {@code /v1/messages}
 * (the Anthropic stream), {@code /hold/...} (a stream that sends its first event and then holds
 * the connection open: the first, smaller in-flight memory probe) and {@code /sse/...} (a real
 * chat stream's first events, the role and {@value #SSE_HELD_DELTAS} text deltas, in chunks of
 * {@value #SSE_CHUNK} bytes that events straddle, then the connection held open: the in-flight
 * memory probe; {@code /sse-per-event/...} sends one event per chunk instead).
 */
public final class StubServer {
  private static final byte[] SMALL =
      Payloads.response("application/json", Payloads.chatCompletion(640));
  private static final byte[] LARGE =
      Payloads.response("application/json", Payloads.chatCompletion(9_700));
  private static final byte[] OPENAI_STREAM =
      Payloads.response("text/event-stream", Payloads.openAiStream());
  private static final byte[] ANTHROPIC_STREAM =
      Payloads.response("text/event-stream", Payloads.anthropicStream());

  private StubServer() {}

  /**
   * Starts the server and prints {@code PORT <n>} on standard output.
   *
   * @param args the port, or none for any free port
   * @throws IOException if it cannot listen
   */
  public static void main(String[] args) throws IOException {
    ServerSocket server = new ServerSocket(args.length > 0 ? Integer.parseInt(args[0]) : 0, 512,
        InetAddress.getLoopbackAddress());
    System.out.println("PORT " + server.getLocalPort());
    System.out.flush();
    while (true) {
      Socket s = server.accept();
      s.setTcpNoDelay(true);
      Thread t = new Thread(() -> serve(s), "stub-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void serve(Socket s) {
    try (s; InputStream raw = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      InputStream in = new BufferedInputStream(raw, 16384);
      byte[] body = new byte[65536];
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        int length = contentLength(head);
        boolean stream;
        if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
          byte[] chunked = readChunked(in);
          stream = wantsStream(chunked, chunked.length);
        } else {
          if (length > body.length) {
            body = new byte[length];
          }
          int read = 0;
          while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
              return;
            }
            read += n;
          }
          stream = wantsStream(body, length);
        }
        String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ',
            head.indexOf(' ') + 1));
        if (path.startsWith("/hold")) {
          hold(out, in);
          return;
        }
        if (path.startsWith("/sse")) {
          sse(out, in, path.startsWith("/sse-per-event") ? 0 : SSE_CHUNK);
          return;
        }
        byte[] reply = path.startsWith("/large") ? LARGE
            : path.endsWith("/messages") ? ANTHROPIC_STREAM
            : stream ? OPENAI_STREAM : SMALL;
        out.write(reply);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void hold(OutputStream out, InputStream in) throws IOException {
    String first = "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"first\"},\"finish_reason\":null}]}"
        + "\n\n";
    byte[] f = first.getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked"
        + "\r\n\r\n" + Integer.toHexString(f.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(f);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    while (in.read() >= 0) {
      // hold until the client closes
    }
  }

  /** How many text deltas {@code /sse} sends before it holds. */
  static final int SSE_HELD_DELTAS = 3;

  /** The size of {@code /sse}'s chunks: events straddle them, as behind most proxies. */
  static final int SSE_CHUNK = 512;

  /**
   * A chat stream as a reader meets it mid-answer: the role event and a few text deltas, sent
   * together in chunks of {@code chunk} bytes (0: one event per chunk), then nothing until the
   * client closes. A client that
   * has read the first delta still has the later ones in its buffers, as it would while an
   * application handles each token.
   */
  private static void sse(OutputStream out, InputStream in, int chunk) throws IOException {
    StringBuilder wire = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream;"
        + " charset=utf-8\r\nTransfer-Encoding: chunked\r\nCache-Control: no-cache\r\n\r\n");
    List<String> events = new java.util.ArrayList<>();
    events.add(Payloads.chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
    for (int i = 0; i < SSE_HELD_DELTAS; i++) {
      events.add(Payloads.chunk("{\"content\":\" token" + i + "\"}", null));
    }
    // Cut where a server's (or a proxy's) write buffer happens to end, not where events do;
    // or, with chunk 0, one event per chunk.
    for (String e : chunk == 0 ? events : List.of(String.join("", events))) {
      byte[] body = e.getBytes(StandardCharsets.UTF_8);
      int size = chunk == 0 ? body.length : chunk;
      for (int at = 0; at < body.length; at += size) {
        int n = Math.min(size, body.length - at);
        wire.append(Integer.toHexString(n)).append("\r\n")
            .append(new String(body, at, n, StandardCharsets.ISO_8859_1)).append("\r\n");
      }
    }
    out.write(wire.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    while (in.read() >= 0) {
      // hold until the client closes
    }
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    while (true) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("eof");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      int size = Integer.parseInt(line.toString().strip(), 16);
      if (size == 0) {
        in.read();
        in.read();
        return all.toByteArray();
      }
      all.write(in.readNBytes(size));
      in.read();
      in.read();
    }
  }

  /**
   * Whether a JSON request body has {@code "stream"} set to {@code true}, whatever the
   * whitespace around the colon (LangChain4j pretty-prints its requests).
   */
  static boolean wantsStream(byte[] b, int n) {
    byte[] key = "\"stream\"".getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + key.length <= n; i++) {
      for (int j = 0; j < key.length; j++) {
        if (b[i + j] != key[j]) {
          continue outer;
        }
      }
      int k = i + key.length;
      while (k < n && (b[k] == ' ' || b[k] == '\t' || b[k] == '\r' || b[k] == '\n')) {
        k++;
      }
      if (k >= n || b[k] != ':') {
        continue;
      }
      k++;
      while (k < n && (b[k] == ' ' || b[k] == '\t' || b[k] == '\r' || b[k] == '\n')) {
        k++;
      }
      return k + 4 <= n && b[k] == 't' && b[k + 1] == 'r' && b[k + 2] == 'u' && b[k + 3] == 'e';
    }
    return false;
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(512);
    int state = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      sb.append((char) c);
      state = switch (state) {
        case 0, 2 -> c == '\r' ? state + 1 : 0;
        case 1 -> c == '\n' ? 2 : 0;
        case 3 -> c == '\n' ? 4 : 0;
        default -> 0;
      };
      if (state == 4) {
        return sb.toString();
      }
    }
  }

  private static int contentLength(String head) {
    int i = head.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
    if (i < 0) {
      return 0;
    }
    int end = head.indexOf('\r', i);
    return Integer.parseInt(head.substring(i + 15, end).strip());
  }
}
