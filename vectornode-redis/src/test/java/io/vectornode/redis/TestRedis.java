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
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} (6.2, from the embedded-redis artifact) on a free loopback port,
 * with an append-only file so that a stop and a start keep the data, as a production Redis with
 * persistence does; optionally with a password ({@code requirepass}).
 */
final class TestRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final @Nullable String password;
  private RedisServer server;

  private TestRedis(int port, Path dir, @Nullable String password) {
    this.port = port;
    this.dir = dir;
    this.password = password;
  }

  static TestRedis start() {
    return start(null);
  }

  /**
   * A Redis that refuses every command until AUTH with this password.
   *
   * @param password letters, digits and {@code -_.~} only (it goes in a URI as written)
   */
  static TestRedis startWithPassword(String password) {
    if (!password.matches("[A-Za-z0-9._~-]+")) {
      throw new IllegalArgumentException("a password that needs no escaping in a URI");
    }
    return start(password);
  }

  private static TestRedis start(@Nullable String password) {
    try {
      Path dir = Files.createTempDirectory("vectornode-redis");
      TestRedis r = new TestRedis(freePort(), dir, password);
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
      redis.embedded.core.RedisServerBuilder b = RedisServer.newRedisServer().port(port)
          .bind("127.0.0.1").setting("dir " + dir).setting("appendonly yes")
          .setting("appendfsync always").setting("save \"\"");
      if (password != null) {
        b.setting("requirepass " + password);
      }
      server = b.build();
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

  /** @return the URI, with the password when the server has one */
  Secret uri() {
    return Secret.of(uriText(password));
  }

  /** @return the URI with another password (null: none) */
  String uriText(@Nullable String pass) {
    return "redis://" + (pass == null ? "" : ":" + pass + "@") + "127.0.0.1:" + port + "/0";
  }

  /** Runs commands on a connection of the test's own (to look at what the state wrote). */
  <T> T inspect(Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> f) {
    RedisClient c = RedisClient.create(uriText(password));
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
