package io.vectornode.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A lean loopback HTTP/1.1 server for the benchmarks, in its own process: keep-alive, one
 * thread per connection, pre-encoded responses, TCP_NODELAY. Not MockWebServer, which records
 * every request and would be the bottleneck.
 *
 * <p>Paths: {@code /small/v1/chat/completions} (a ~1 KB completion, or the OpenAI stream when
 * the body asks for one), {@code /large/v1/chat/completions} (~10 KB), {@code /v1/messages}
 * (the Anthropic stream), {@code /hold/...} (a stream that sends its first event and then holds
 * the connection open, for the in-flight memory probe).
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
