package io.vectornode.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A raw HTTP/1.1 server on loopback that answers as a hostile or broken provider would: bodies
 * of hundreds of megabytes generated as they are written (never held in memory), lines that
 * never end, invalid UTF-8, redirects, anything a test scripts byte by byte. For the tests that
 * prove a client survives a server; {@link ProviderStubServer} is the friendly one.
 *
 * <pre>{@code
 * try (HostileServer server = HostileServer.start()) {
 *   server.enqueue(HostileServer.Reply.status(200).header("Content-Type", "text/event-stream")
 *       .body(HostileServer.Body.repeat("data: ", 'x', 50_000_000, "\n\n")));
 *   // point a provider at server.baseUrl() ...
 * }
 * }</pre>
 *
 * <p>Each connection is served by its own thread and closed after one reply, whose body ends
 * when the connection closes (no length is sent unless the reply sets one). A reply whose
 * client hangs up midway simply stops. Replies are taken in order; a request with none queued
 * gets a 500. Thread-safe.
 */
public final class HostileServer implements AutoCloseable {
  private final ServerSocket socket;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private HostileServer() throws IOException {
    socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread accept = new Thread(this::acceptLoop, "hostile-server-" + socket.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @return the server
   */
  public static HostileServer start() {
    try {
      return new HostileServer();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** @return {@code http://127.0.0.1:PORT/v1}, for OpenAI-style base URLs */
  public String baseUrl() {
    return rootUrl() + "/v1";
  }

  /** @return {@code http://127.0.0.1:PORT} */
  public String rootUrl() {
    return "http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort();
  }

  /** @return the port */
  public int port() {
    return socket.getLocalPort();
  }

  /**
   * Queues the reply to the next request.
   *
   * @param reply the reply
   * @return this server
   */
  public HostileServer enqueue(Reply reply) {
    replies.add(reply);
    return this;
  }

  /** @return the requests received so far, in order */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** @return how many requests were received */
  public int requestCount() {
    return requests.size();
  }

  private void acceptLoop() {
    while (!closed.get()) {
      try {
        Socket s = socket.accept();
        s.setTcpNoDelay(true);
        Thread t = new Thread(() -> serve(s), "hostile-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      Request request = readRequest(in);
      if (request == null) {
        return;
      }
      requests.add(request);
      Reply reply = replies.poll();
      if (reply == null) {
        reply = Reply.status(500).header("Content-Type", "application/json")
            .body("{\"error\":{\"message\":\"hostile server: no reply queued\"}}");
      }
      OutputStream out = s.getOutputStream();
      if (reply.rawHead != null) {
        out.write(reply.rawHead.getBytes(StandardCharsets.ISO_8859_1));
        reply.body.writeTo(out);
        out.flush();
        return;
      }
      StringBuilder head = new StringBuilder("HTTP/1.1 ").append(reply.status).append(' ')
          .append(reply.status < 300 ? "OK" : reply.status < 400 ? "Redirect" : "Error")
          .append("\r\n");
      reply.headers.forEach(h -> head.append(h).append("\r\n"));
      head.append("Connection: close\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      reply.body.writeTo(out);
      out.flush();
    } catch (IOException | RuntimeException e) {
      // the client hung up: the hostile reply simply stops
    }
  }

  private static Request readRequest(InputStream in) throws IOException {
    String line = readLine(in);
    if (line == null || line.isEmpty()) {
      return null;
    }
    String[] parts = line.split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    String h;
    while ((h = readLine(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            h.substring(colon + 1).trim());
      }
    }
    byte[] body = new byte[0];
    String length = headers.get("content-length");
    if (length != null) {
      int n = (int) Math.min(Long.parseLong(length), 64L * 1024 * 1024);
      body = in.readNBytes(n);
    }
    return new Request(parts[0], parts.length > 1 ? parts[1] : "", headers,
        new String(body, StandardCharsets.UTF_8));
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
      if (b.size() > 64 * 1024) {
        throw new IOException("request line or header too long");
      }
    }
    return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /**
   * A request as received.
   *
   * @param method the method
   * @param target the request target (path and query)
   * @param headers header names in lower case to values
   * @param body the body as text
   */
  public record Request(String method, String target, Map<String, String> headers,
      String body) {
    /** Copies. */
    public Request {
      headers = Map.copyOf(headers);
    }
  }

  /** Writes a reply body to the connection, generating it as it goes. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the body.
     *
     * @param out the connection
     * @throws IOException when the client hangs up
     */
    void writeTo(OutputStream out) throws IOException;

    /**
     * Raw bytes.
     *
     * @param bytes the body
     * @return the body
     */
    static Body bytes(byte[] bytes) {
      byte[] copy = bytes.clone();
      return out -> out.write(copy);
    }

    /**
     * A prefix, then one byte repeated, then a suffix: a huge body in constant memory.
     *
     * @param prefix written first (UTF-8)
     * @param fill the repeated byte
     * @param count how many times
     * @param suffix written last (UTF-8)
     * @return the body
     */
    static Body repeat(String prefix, char fill, long count, String suffix) {
      return out -> {
        out.write(prefix.getBytes(StandardCharsets.UTF_8));
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) fill);
        for (long left = count; left > 0; left -= chunk.length) {
          out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
        out.write(suffix.getBytes(StandardCharsets.UTF_8));
      };
    }

    /**
     * A prefix, then a unit of text repeated, then a suffix.
     *
     * @param prefix written first
     * @param unit the repeated text
     * @param count how many times
     * @param suffix written last
     * @return the body
     */
    static Body repeatText(String prefix, String unit, long count, String suffix) {
      return out -> {
        out.write(prefix.getBytes(StandardCharsets.UTF_8));
        byte[] u = unit.getBytes(StandardCharsets.UTF_8);
        int per = Math.max(1, 64 * 1024 / u.length);
        byte[] chunk = new byte[per * u.length];
        for (int i = 0; i < per; i++) {
          System.arraycopy(u, 0, chunk, i * u.length, u.length);
        }
        for (long left = count; left > 0; left -= per) {
          out.write(chunk, 0, (int) (Math.min(per, left) * u.length));
        }
        out.write(suffix.getBytes(StandardCharsets.UTF_8));
      };
    }

    /**
     * A prefix, then one byte repeated until the client hangs up (or 64 GiB).
     *
     * @param prefix written first
     * @param fill the repeated byte
     * @return the body
     */
    static Body endless(String prefix, char fill) {
      return repeat(prefix, fill, 64L * 1024 * 1024 * 1024, "");
    }
  }

  /** A scripted reply: status, headers and a generated body. Not thread-safe while built. */
  public static final class Reply {
    private final int status;
    private final List<String> headers = new ArrayList<>();
    private Body body = Body.bytes(new byte[0]);
    private String rawHead;

    private Reply(int status) {
      this.status = status;
    }

    /**
     * A reply with a status.
     *
     * @param status the HTTP status
     * @return the reply
     */
    public static Reply status(int status) {
      return new Reply(status);
    }

    /**
     * A reply whose status line and headers are written exactly as given (ISO-8859-1), before
     * the body: for malformed heads.
     *
     * @param head the head, with its line endings and the blank line that ends it
     * @return the reply
     */
    public static Reply rawHead(String head) {
      Reply r = new Reply(0);
      r.rawHead = head;
      return r;
    }

    /**
     * Adds a header, written as given.
     *
     * @param name the name
     * @param value the value
     * @return this reply
     */
    public Reply header(String name, String value) {
      headers.add(name + ": " + value);
      return this;
    }

    /**
     * Sets the body.
     *
     * @param body the body
     * @return this reply
     */
    public Reply body(Body body) {
      this.body = body;
      return this;
    }

    /**
     * Sets a text body.
     *
     * @param text the body (UTF-8)
     * @return this reply
     */
    public Reply body(String text) {
      this.body = Body.bytes(text.getBytes(StandardCharsets.UTF_8));
      return this;
    }
  }
}
