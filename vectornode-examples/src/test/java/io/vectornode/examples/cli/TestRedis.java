package io.vectornode.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} (6.2, from the embedded-redis artifact) on a free loopback port,
 * with a password (copied from vectornode-redis's tests, plus {@code requirepass}).
 */
final class TestRedis implements AutoCloseable {
  private final int port;
  private final String password;
  private final RedisServer server;

  private TestRedis(int port, String password, RedisServer server) {
    this.port = port;
    this.password = password;
    this.server = server;
  }

  static TestRedis start(String password) {
    try {
      Path dir = Files.createTempDirectory("vectornode-cli-redis");
      int port = freePort();
      RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("dir " + dir).setting("save \"\"").setting("appendonly no")
          .setting("requirepass " + password).build();
      server.start();
      return new TestRedis(port, password, server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return a loopback port nothing listens on (just now) */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  /** @return {@code redis://:PASSWORD@127.0.0.1:PORT/0} */
  String uri() {
    return "redis://:" + password + "@127.0.0.1:" + port + "/0";
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
