package io.vectornode.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vectornode.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} (6.2, from the embedded-redis artifact) on a free loopback port,
 * with an append-only file so that a stop and a start keep the data, as a production Redis with
 * persistence does.
 */
final class TestRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private RedisServer server;

  private TestRedis(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  static TestRedis start() {
    try {
      Path dir = Files.createTempDirectory("vectornode-redis");
      TestRedis r = new TestRedis(freePort(), dir);
      r.startServer();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  void startServer() {
    try {
      server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("dir " + dir).setting("appendonly yes").setting("appendfsync always")
          .setting("save \"\"").build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void stopServer() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  Secret uri() {
    return Secret.of("redis://127.0.0.1:" + port + "/0");
  }

  /** Runs commands on a connection of the test's own (to look at what the state wrote). */
  <T> T inspect(Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> f) {
    RedisClient c = RedisClient.create("redis://127.0.0.1:" + port + "/0");
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      return f.apply(conn.sync());
    } finally {
      c.shutdown();
    }
  }

  @Override
  public void close() {
    stopServer();
  }
}
