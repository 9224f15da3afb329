package io.vectornode.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.StateUnavailableException;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A config file's {@code state.redis} block: it creates a shared state that Redis really
 * answers, with the block's settings; each error names its field, and none shows the URI's
 * password.
 */
class RedisConfigTest {
  static final String CANARY = "canary-cfg-3e8d1a6f9b2c7d40";

  static TestRedis redis;

  @TempDir Path dir;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.startWithPassword(CANARY);
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void clearLogs() {
    LogCapture.clear();
  }

  static ChatRequest request() {
    return ChatRequest.builder().model("m").user("hello").maxOutputTokens(10).build();
  }

  private Path write(String yaml) throws IOException {
    Path f = dir.resolve("fleet.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  /** A config with a provider at the stub, a model with an rpm limit, a budget, and state. */
  static String config(String baseUrl, String state) {
    return """
        providers:
          p: {type: openai, apiKey: sk-config-0123456789, baseUrl: '%s'}
        models:
          m: {provider: p, model: gpt-4o-mini, limits: {rpm: 1000}}
        budgets:
          cfg-daily: {period: day, limit: 5}
        logging: {calls: false}
        state:
        %s""".formatted(baseUrl, state.indent(2));
  }

  @Test
  void aStateRedisBlock_createsASharedStateThatRedisAnswers_withTheBlocksSettings()
      throws IOException {
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      Path file = write(config(stub.baseUrl(), """
          redis:
            uri: ${env:REDIS_URL}
            keyPrefix: 'from-config:'
            timeout: 2s
            reconnectEvery: 100ms
            onUnavailable: reject
          """));
      try (VectorNodeClient c = VectorNode.fromConfig(file,
          Map.of("REDIS_URL", redis.uri().reveal())::get)) {
        assertThat(c.chat(request()).text()).isEqualTo("ok");
        // Redis admitted the call under the configured prefix: its rpm window holds it, and
        // its budget holds the cost ($0.000021) once settled.
        String window = redis.inspect(r -> r.get("from-config:limit:m/rpm:sum"));
        assertThat(window).isEqualTo("1");
        FleetOutageTest.await(() -> "21000".equals(budgetSpent("from-config:", "cfg-daily")));
      }
    }
  }

  @Test
  void leaseShare_fromTheConfig_admitsFromALease() throws IOException {
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      Path file = write(config(stub.baseUrl(), """
          redis:
            uri: ${env:REDIS_URL}
            keyPrefix: 'lease-config:'
            timeout: 2s
            leaseShare: 0.1
            leaseTtl: 60s
          """));
      try (VectorNodeClient c = VectorNode.fromConfig(file,
          Map.of("REDIS_URL", redis.uri().reveal())::get)) {
        c.chat(request());
        c.chat(request());
        // The first call took 100 of the 1000/min (10%) beside its own request; the second
        // came from that lease.
        String window = redis.inspect(r -> r.get("lease-config:limit:m/rpm:sum"));
        assertThat(window).isEqualTo("101");
      }
    }
  }

  @Test
  void onUnavailableReject_fromTheConfig_refusesCallsWhileRedisIsDown() throws IOException {
    try (ProviderStubServer stub = ProviderStubServer.start();
        TestRedis own = TestRedis.start()) {
      stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      Path file = write(config(stub.baseUrl(), """
          redis:
            uri: '%s'
            keyPrefix: 'reject-config:'
            timeout: 500ms
            onUnavailable: reject
          """.formatted(own.uri().reveal())));
      try (VectorNodeClient c = VectorNode.fromConfig(file, Map.<String, String>of()::get)) {
        c.chat(request());
        own.stopServer();
        Throwable t = catchThrowable(() -> c.chat(request()));
        assertThat(t).isInstanceOf(StateUnavailableException.class)
            .hasMessageContaining("onUnavailable is reject");
        assertThat(stub.requestCount()).isEqualTo(1);
        own.startServer();
      }
    }
  }

  @Test
  void aConfigErrorAfterTheStateConnected_closesIt() throws IOException {
    try (TestRedis own = TestRedis.start()) {
      Path file = write("""
          providers:
            p: {type: openai, apiKey: sk-config-0123456789, baseUrl: 'http://127.0.0.1:1/v1'}
          models:
            m: {provider: p, model: gpt-4o-mini}
          state:
            redis: {uri: '%s'}
          maxIdleConnections: 0
          """.formatted(own.uri().reveal()));
      Throwable t = catchThrowable(() -> VectorNode.fromConfig(file,
          Map.<String, String>of()::get));
      assertThat(t).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("maxIdleConnections");
      // The state had connected (it loaded its scripts), and was closed with the failed config:
      // the test's own connection is the only client left.
      String admit = sha1(RedisConfigTest.class.getResourceAsStream("admit.lua").readAllBytes());
      boolean loaded = own.inspect(r -> r.scriptExists(admit).get(0));
      assertThat(loaded).isTrue();
      FleetOutageTest.await(() -> own.inspect(r -> r.clientList().strip().lines().count())
          == 1);
    }
  }

  static String sha1(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
          .digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private String budgetSpent(String prefix, String budget) {
    return redis.inspect(r -> r.keys(prefix + "budget:" + budget + ":*").stream()
        .filter(k -> !k.endsWith(":res")).map(k -> r.hget(k, "spent")).findFirst()
        .orElse(null));
  }

  /** A state block, the field its error names, and what the message says. */
  static Stream<Arguments> wrongBlocks() {
    String uri = "uri: 'redis://:" + CANARY + "@127.0.0.1:1/0'";
    return Stream.of(
        Arguments.of("redis: {keyPrefix: 'x:'}", "state.redis.uri",
            "is required (redis://[user:password@]host:port[/db])"),
        Arguments.of("redis: {" + uri + ", tiemout: 50ms}", "state.redis.tiemout",
            "is not a field of state.redis; fields: [keyPrefix, leaseShare, leaseTtl,"
                + " onUnavailable, reconnectEvery, shareBreakers, timeout, uri]"),
        Arguments.of("redis: {" + uri + ", leaseShare: 2}", "state.redis.leaseShare",
            "must be more than 0 and at most 0.25, was 2.0"),
        Arguments.of("redis: {" + uri + ", leaseShare: lots}", "state.redis.leaseShare",
            "must be a fraction such as 0.01, was 'lots'"),
        Arguments.of("redis: {" + uri + ", leaseShare: 0.01, leaseTtl: 5ms}",
            "state.redis.leaseTtl", "must be between 10ms and 60s, was PT0.005S"),
        Arguments.of("redis: {" + uri + ", leaseTtl: 2s}", "state.redis.leaseTtl",
            "is set without state.redis.leaseShare, which turns leases on"),
        Arguments.of("redis: {" + uri + ", onUnavailable: ignore}", "state.redis.onUnavailable",
            "must be local or reject, was 'ignore'"),
        Arguments.of("redis: {" + uri + ", timeout: 50 parsecs}", "state.redis.timeout",
            "must be a duration such as 50ms, 2s or 1m, was '50 parsecs'"),
        Arguments.of("redis: {" + uri + ", timeout: 2m}", "state.redis.timeout",
            "must be between 1ms and 60s, was PT2M"),
        Arguments.of("redis: {" + uri + ", reconnectEvery: 5ms}", "state.redis.reconnectEvery",
            "must be between 10ms and 10m, was PT0.005S"),
        Arguments.of("redis: {" + uri + ", keyPrefix: ' '}", "state.redis.keyPrefix",
            "must be 1 to 200 characters, was ' '"),
        Arguments.of("redis: {" + uri + "}\nmemcached: {" + uri + "}", "state",
            "must hold exactly one store, such as 'redis'"),
        Arguments.of("{}", "state", "must hold exactly one store, such as 'redis'"),
        Arguments.of("redis: 'redis://:" + CANARY + "@127.0.0.1:1/0'", "state.redis",
            "must be a mapping of settings"),
        Arguments.of("redis: {uri: {password: " + CANARY + "}}", "state.redis.uri",
            "must be one value, not a mapping"),
        Arguments.of("memcached: {" + uri + "}", "state.memcached",
            "no module on the classpath provides a 'memcached' store; provided: [redis]"),
        Arguments.of("redis: {uri: 'redis://:" + CANARY + "@127.0.0.1:notaport/0'}",
            "state.redis.uri", "is not a valid Redis URI"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("wrongBlocks")
  void aWrongBlock_namesTheField_neverThePassword(String block, String field, String says)
      throws IOException {
    Path file = write(config("http://127.0.0.1:1/v1", block + "\n"));
    Throwable t = catchThrowable(() -> VectorNode.fromConfig(file,
        Map.<String, String>of()::get));
    assertThat(t).isInstanceOf(ConfigurationException.class);
    // The field, located in the file: file:line:column: field
    assertThat(((ConfigurationException) t).field()).matches(java.util.regex.Pattern.quote(
        file.toString()) + ":\\d+:\\d+: " + java.util.regex.Pattern.quote(field));
    assertThat(t.getMessage()).startsWith(file.toString() + ":")
        .contains(": " + field + ": " + says);
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(CANARY);
    // Refused before connecting to anything.
    assertThat(LogCapture.lines()).noneSatisfy(l -> assertThat(l.logger()).startsWith(
        "io.lettuce"));
    assertThat(LogCapture.text()).doesNotContain(CANARY);
  }
}
