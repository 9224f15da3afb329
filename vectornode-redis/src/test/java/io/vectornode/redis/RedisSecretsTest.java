package io.vectornode.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.Secret;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.budget.BudgetStore;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.StateUnavailableException;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * The password in a Redis URI (a canary) is never shown: in no log line at any level (ours and
 * the Redis client's, which {@link LogCapture} records down to TRACE), no exception's message or
 * cause chain, no {@code toString()}, no stats, no configuration error; through a connection that
 * works, an outage and a restart, a wrong password, and malformed URIs.
 */
class RedisSecretsTest {
  static final String CANARY = "canary-pw-5f1e9b7c2d4a8e6f";
  /** A wrong password is a secret too (it may be the right one of another Redis). */
  static final String WRONG = "wrong-pw-0c9a7e1d3b5f2a4c";
  static final Budget DAILY = Budget.of("secret-daily", BudgetScope.global(), Budget.Period.DAY,
      "5.00");
  /**
   * Third-party loggers seen writing the password at TRACE, and only there: Lettuce's encoder
   * logs every command's bytes ({@code Sent: ...}), AUTH and HELLO included. An application that
   * sets it to TRACE logs its Redis password; nothing at DEBUG or above does.
   */
  static final Set<String> TRACE_LEAKS = Set.of("io.lettuce.core.protocol.CommandEncoder");

  TestRedis redis;
  @TempDir Path dir;
  /** Everything shown outside logs: messages, stack traces, toString()s, stats. */
  final List<String> shown = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = TestRedis.startWithPassword(CANARY);
    LogCapture.clear();
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  static ChatRequest request() {
    return ChatRequest.builder().model("m").user("hello").maxOutputTokens(10).build();
  }

  static VectorNodeClient client(ProviderStubServer stub, RedisState s) {
    return VectorNode.builder()
        .provider(ProviderConfig.builder("p").type("openai").apiKey("sk-secret-0123456789")
            .baseUrl(stub.baseUrl()).build())
        .model("m", "p", "gpt-4o-mini").budget(DAILY).sharedState(s).build();
  }

  static RedisState state(Secret uri, RedisState.OnUnavailable policy) {
    return RedisState.builder().uri(uri).keyPrefix("secret:").timeout(Duration.ofMillis(500))
        .reconnectEvery(Duration.ofMillis(50)).onUnavailable(policy).build();
  }

  /** Everything an exception shows: messages, causes, suppressed, stack trace text. */
  static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return t + "\n" + w;
  }

  private void show(RedisState s) {
    shown.add(s.toString());
    shown.add(s.stats().toString());
    shown.add(s.budgets(BudgetStore.inMemory(Clock.systemUTC(), e -> { }), e -> { }).toString());
  }

  private void show(Throwable t) {
    assertThat(t).as("an exception").isNotNull();
    shown.add(everything(t));
  }

  /** Shows the exception of a call that must find Redis unavailable. */
  private void showUnavailable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(StateUnavailableException.class);
    show(t);
  }

  static void await(BooleanSupplier condition) {
    FleetOutageTest.await(condition);
  }

  @Test
  void aWorkingConnection_anOutage_andARestart_showNoPassword() {
    try (ProviderStubServer stub = ProviderStubServer.start();
        RedisState local = state(redis.uri(), RedisState.OnUnavailable.LOCAL);
        RedisState reject = state(redis.uri(), RedisState.OnUnavailable.REJECT)) {
      for (int i = 0; i < 10; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      }
      VectorNodeClient a = client(stub, local);
      VectorNodeClient b = client(stub, reject);
      a.chat(request());
      b.chat(request());
      // Authenticated: Redis admitted both calls (a Redis that refused AUTH admits nothing).
      assertThat(local.stats().admissions()).isEqualTo(1);
      assertThat(reject.stats().admissions()).isEqualTo(1);
      assertThat(local.stats().fallbacks()).isZero();
      show(local);
      show(reject);
      shown.add(a.toString());

      redis.stopServer();
      a.chat(request()); // falls back to the instance's own budget
      Throwable refused = catchThrowable(() -> b.chat(request()));
      assertThat(refused).isInstanceOf(StateUnavailableException.class);
      show(refused);
      await(() -> !local.stats().available() && !reject.stats().available());
      showUnavailable(() -> local.status(DAILY));
      showUnavailable(() -> local.health());
      showUnavailable(() -> local.windowUsed("m/rpm"));
      show(local);
      show(reject);
      assertThat(shown).anySatisfy(s -> assertThat(s).contains(StateUnavailableException.class
          .getName()).contains("redis://:***@127.0.0.1:" + redis.port() + "/0"));
      assertThat(LogCapture.lines()).filteredOn(l -> l.level() == Level.WARN
          && l.message().contains("is unavailable")
          && l.message().contains("redis://:***@127.0.0.1:" + redis.port() + "/0")).hasSize(2);

      redis.startServer();
      await(() -> local.stats().available() && reject.stats().available());
      a.chat(request());
      b.chat(request());
      assertThat(LogCapture.lines()).filteredOn(l -> l.level() == Level.INFO
          && l.message().contains("answers again")).hasSize(2);
      show(local);
      show(reject);
      a.close();
      b.close();
    }
    assertNoSecret(CANARY);
  }

  @Test
  void aConfigWithTheUriInTheEnvironment_connects_andShowsNoPassword() throws IOException {
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      Path file = dir.resolve("fleet.yaml");
      Files.writeString(file, """
          providers:
            p: {type: openai, apiKey: sk-secret-config-0123456789, baseUrl: '%s'}
          models:
            m: {provider: p, model: gpt-4o-mini}
          budgets:
            cfg-daily: {period: day, limit: 5}
          state:
            redis:
              uri: ${env:REDIS_URL}
              keyPrefix: 'secret-config:'
              timeout: 2s
          """.formatted(stub.baseUrl()));
      try (VectorNodeClient c = VectorNode.fromConfig(file,
          Map.of("REDIS_URL", redis.uri().reveal())::get)) {
        assertThat(c.chat(request()).text()).isEqualTo("ok");
        shown.add(c.toString());
      }
      // Admitted and settled by Redis: the budget's spend is there, $0.000021 in nano-dollars.
      await(() -> "21000".equals(redis.inspect(r -> r.keys("secret-config:budget:cfg-daily:*")
          .stream().filter(k -> !k.endsWith(":res")).map(k -> r.hget(k, "spent")).findFirst()
          .orElse(null))));

      // The same config with the wrong password: the state starts unavailable (local policy).
      try (VectorNodeClient c = VectorNode.fromConfig(file,
          Map.of("REDIS_URL", redis.uriText(WRONG))::get)) {
        shown.add(c.toString());
      }
    }
    assertThat(LogCapture.lines()).anySatisfy(l -> assertThat(l.message())
        .contains("redis://:***@127.0.0.1:" + redis.port() + "/0").contains("is unavailable"));
    assertNoSecret(CANARY);
    assertNoSecret(WRONG);
  }

  @Test
  void aWrongPassword_isRefusedByRedis_andShownNowhere() {
    Throwable t = catchThrowable(() -> RedisState.builder().uri(Secret.of(redis.uriText(WRONG)))
        .onUnavailable(RedisState.OnUnavailable.REJECT).requireAtStart(true).build());
    assertThat(t).isInstanceOf(StateUnavailableException.class)
        .hasMessageContaining("redis://:***@127.0.0.1:" + redis.port() + "/0")
        .hasMessageContaining("cannot be reached");
    show(t);
    // No password at all: refused too, and not by a timeout.
    Throwable none = catchThrowable(() -> RedisState.builder().uri(Secret.of(redis.uriText(null)))
        .onUnavailable(RedisState.OnUnavailable.REJECT).requireAtStart(true).build());
    assertThat(none).isInstanceOf(StateUnavailableException.class);
    show(none);

    try (ProviderStubServer stub = ProviderStubServer.start();
        RedisState s = state(Secret.of(redis.uriText(WRONG)), RedisState.OnUnavailable.LOCAL);
        RedisState r = state(Secret.of(redis.uriText(WRONG)), RedisState.OnUnavailable.REJECT)) {
      stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
      assertThat(s.stats().available()).isFalse();
      VectorNodeClient c = client(stub, s);
      assertThat(c.chat(request()).text()).isEqualTo("ok"); // on the instance's own limits
      assertThat(s.stats().fallbacks()).isEqualTo(1);
      VectorNodeClient d = client(stub, r);
      Throwable refused = catchThrowable(() -> d.chat(request()));
      assertThat(refused).isInstanceOf(StateUnavailableException.class);
      show(refused);
      showUnavailable(() -> s.status(DAILY));
      show(s);
      show(r);
      // Probes, refused again each time.
      await(() -> LogCapture.lines().stream().filter(l -> l.message().contains(
          "still unavailable")).count() >= 4);
      c.close();
      d.close();
    }
    assertThat(LogCapture.lines()).anySatisfy(l -> assertThat(l.message())
        .contains("WRONGPASS"));
    assertNoSecret(WRONG);
    assertNoSecret(CANARY);
  }

  /** URIs that cannot be parsed, each holding the canary where the password goes (or not). */
  static final List<String> MALFORMED = List.of(
      "redis://:" + CANARY + "@",
      "redis://:" + CANARY + "@127.0.0.1:notaport/0",
      "redis://:" + CANARY + "@127.0.0.1:6379:7/0",
      "redis://:" + CANARY + "@127.0.0.1:99999/0",
      "redis://:" + CANARY + "@127.0.0.1,127.0.0.2:6379/0",
      "redis://:p@" + CANARY + "@127.0.0.1:6379/0",
      "redis://:" + CANARY + "@127.0.0.1:6379/notadb",
      "redis://:" + CANARY + "@[::1:6379/0",
      "http://:" + CANARY + "@127.0.0.1:6379/0",
      "redis:/:" + CANARY + "@127.0.0.1:6379/0",
      CANARY);

  @Test
  void aMalformedUri_isAConfigurationExceptionNamingTheField_notTheValue() throws IOException {
    for (String uri : MALFORMED) {
      Throwable built = catchThrowable(() -> RedisState.builder().uri(Secret.of(uri)).build());
      Throwable created = catchThrowable(() -> new RedisStateFactory().create(Map.of("uri",
          uri)));
      for (Throwable t : List.of(built, created)) {
        assertThat(t).as(uri).isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("state.redis.uri: ")
            .hasMessageContaining("the value is not shown");
        assertThat(((ConfigurationException) t).field()).isEqualTo("state.redis.uri");
        show(t);
      }
      // In a config file: through the environment, and written in the file itself.
      Path file = dir.resolve("malformed.yaml");
      for (String written : List.of("${env:REDIS_URL}", "'" + uri.replace("'", "''") + "'")) {
        Files.writeString(file, """
            providers:
              p: {type: openai, apiKey: sk-secret-config-0123456789,
                  baseUrl: 'http://127.0.0.1:1/v1'}
            models:
              m: {provider: p, model: gpt-4o-mini}
            state:
              redis:
                uri: %s
            """.formatted(written));
        Throwable t = catchThrowable(() -> VectorNode.fromConfig(file,
            Map.of("REDIS_URL", uri)::get));
        assertThat(t).as(written + " = " + uri).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("state.redis.uri: ");
        show(t);
      }
    }
    assertThat(shown).hasSize(MALFORMED.size() * 4);
    assertThat(shown).allSatisfy(s -> assertThat(s).doesNotContain(CANARY));
    // Refused before any connection, or any name lookup, was tried.
    assertThat(LogCapture.lines()).noneSatisfy(l -> assertThat(l.logger()).matches(
        "io\\.(lettuce|netty)\\..*"));
    assertThat(LogCapture.text()).doesNotContain(CANARY);
  }

  /**
   * The secret is in nothing shown, and in no log line: at any level for this project's loggers
   * and at DEBUG and above for the others; a third party's TRACE line with it is allowed only
   * from the loggers known to do so ({@link #TRACE_LEAKS}).
   */
  private void assertNoSecret(String secret) {
    assertThat(shown).isNotEmpty().allSatisfy(s -> assertThat(s).doesNotContain(secret));
    List<LogCapture.Line> lines = LogCapture.lines();
    // The capture did see the Redis client's lowest levels: the assertion below means something.
    assertThat(lines).anySatisfy(l -> assertThat(l.logger()).startsWith("io.lettuce"));
    assertThat(lines).anySatisfy(l -> assertThat(l.level()).isEqualTo(Level.TRACE));
    List<LogCapture.Line> leaking = lines.stream().filter(l -> l.toString().contains(secret))
        .toList();
    assertThat(leaking).allSatisfy(l -> {
      assertThat(l.logger()).as(l.toString()).doesNotStartWith("io.vectornode");
      assertThat(l.level()).as(l.toString()).isEqualTo(Level.TRACE);
      assertThat(l.logger()).as(l.toString()).isIn(TRACE_LEAKS);
    });
    System.out.printf("%s: %d log lines, %d at TRACE, %d with the password (third-party TRACE"
        + " only: %s)%s%n", secret, lines.size(), lines.stream().filter(l -> l.level()
        == Level.TRACE).count(), leaking.size(), leaking.stream().map(LogCapture.Line::logger)
        .distinct().toList(), leaking.isEmpty() ? "" : "; the first: " + leaking.get(0)
        .message().replace(secret, "<password>").replaceAll("\\s+", " "));
  }
}
