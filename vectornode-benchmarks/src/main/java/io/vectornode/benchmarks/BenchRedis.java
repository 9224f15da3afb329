package io.vectornode.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.embedded.RedisServer;

/**
 * A loopback {@code redis-server} (6.2, the binary shipped in the embedded-redis artifact) for
 * {@code benchmarks.jar redis}, without persistence, and a few raw RESP commands to look at it
 * ({@code INFO}, {@code FLUSHALL}) without a client library.
 */
final class BenchRedis implements AutoCloseable {
  private final int port;
  private final RedisServer server;

  private BenchRedis(int port, RedisServer server) {
    this.port = port;
    this.server = server;
  }

  /** Starts a redis-server on a free loopback port. */
  static BenchRedis start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
        .setting("save \"\"").setting("appendonly no").build();
    server.start();
    return new BenchRedis(port, server);
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The redis URI of a port. */
  static String uri(int port) {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** @return the port of the benchmark's redis-server, from {@code -Dredis.port} */
  static int configuredPort() {
    String p = System.getProperty("redis.port");
    if (p == null) {
      throw new IllegalStateException("-Dredis.port is not set: run through BenchMain redis");
    }
    return Integer.parseInt(p);
  }

  /**
   * Sends one command and reads its reply: a status, an integer or a bulk string as text.
   *
   * @param port the server's port
   * @param args the command and its arguments
   * @return the reply's text
   */
  static String command(int port, String... args) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      out.write(encode(args));
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream());
      String head = line(in);
      switch (head.charAt(0)) {
        case '+', ':' -> {
          return head.substring(1);
        }
        case '$' -> {
          int n = Integer.parseInt(head.substring(1));
          if (n < 0) {
            return null;
          }
          String body = new String(in.readNBytes(n), StandardCharsets.UTF_8);
          in.readNBytes(2);
          return body;
        }
        default -> throw new IOException("redis replied " + head);
      }
    }
  }

  /** A command in RESP, as a client sends it. */
  static byte[] encode(String... args) {
    StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a)
          .append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("redis closed the connection");
      }
      sb.append((char) c);
    }
    in.read(); // '\n'
    return sb.toString();
  }

  /**
   * {@code INFO commandstats}: calls and microseconds spent per command, top-level and
   * script-issued alike.
   *
   * @return command name to {calls, usec}
   */
  static Map<String, long[]> commandStats(int port) throws IOException {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (String l : command(port, "INFO", "commandstats").split("\r\n")) {
      if (!l.startsWith("cmdstat_")) {
        continue;
      }
      String name = l.substring(8, l.indexOf(':'));
      long calls = 0;
      long usec = 0;
      for (String kv : l.substring(l.indexOf(':') + 1).split(",")) {
        if (kv.startsWith("calls=")) {
          calls = Long.parseLong(kv.substring(6));
        } else if (kv.startsWith("usec=")) {
          usec = Long.parseLong(kv.substring(5));
        }
      }
      out.put(name, new long[] {calls, usec});
    }
    return out;
  }
}
