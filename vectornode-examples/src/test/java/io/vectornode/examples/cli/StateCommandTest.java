package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.Secret;
import io.vectornode.redis.RedisState;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vectornode state} and the state line of {@code vectornode config check}, on a real
 * {@code redis-server} that has a password: what they print, their exit status, and that the
 * password of a {@code redis://:PASSWORD@...} URI never reaches stdout or stderr.
 */
class StateCommandTest {
  private static final String PASSWORD = "pw-canary-5f1e9c3a7b2d4e68";
  private static TestRedis redis;

  @TempDir Path dir;
  private ByteArrayOutputStream out;
  private ByteArrayOutputStream err;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start(PASSWORD);
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void streams() {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
  }

  private int run(Map<String, String> env, String... args) {
    out.reset();
    err.reset();
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Neither the password nor any 8 characters of it were printed. */
  private void assertNoPassword(String password) {
    String printed = out() + err();
    for (int i = 0; i + 8 <= password.length(); i++) {
      assertThat(printed).doesNotContain(password.substring(i, i + 8));
    }
  }

  private Path config(String yaml) throws IOException {
    Path f = dir.resolve("vectornode.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  /** A config of one OpenAI deployment with limits, a daily budget and the test's Redis. */
  private Path fleetConfig(String uri, String prefix, String baseUrl) throws IOException {
    return config("""
        providers:
          openai: {apiKey: sk-cli-state-0123456789, baseUrl: '%s'}
        models:
          m: {provider: openai, model: gpt-4o-mini, limits: {rpm: 100, tpm: 100000}}
          plain: {provider: openai, model: gpt-4o}
        budgets:
          fleet-daily: {period: day, limit: 1}
        state:
          redis: {uri: '%s', keyPrefix: '%s', timeout: 2s}
        """.formatted(baseUrl, uri, prefix));
  }

  @Test
  void state_afterCallsThroughTheCli_printsBudgetsWindowsAndHealthFromRedis() throws Exception {
    String prefix = "cli-state:";
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      Path f = fleetConfig(redis.uri(), prefix, stub.baseUrl());
      // gpt-4o-mini: $0.15 in, $0.60 out per million: 100 in + 10 out = $0.000021 a call.
      for (int i = 0; i < 3; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 100, 10, 0, 0));
        assertThat(run("chat", "--config", f.toString(), "--model", "m", "--max-tokens", "50",
            "hi")).as(err()).isZero();
        assertThat(out()).contains("ok");
      }
      assertThat(stub.requestCount()).isEqualTo(3);
      Instant until = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
      try (RedisState other = RedisState.builder().uri(Secret.of(redis.uri())).keyPrefix(prefix)
          .timeout(Duration.ofSeconds(2)).build()) {
        other.keyCooled("openai", "key-0c001ed0", until);
        other.keyDisabled("openai", "key-0d15ab1e", 401);
        other.deploymentCooled("plain", until);
      }

      assertThat(run("state", "--config", f.toString())).as(err()).isZero();
      String text = out();
      String today = LocalDate.now(ZoneOffset.UTC).toString();
      assertThat(text).startsWith("Redis redis://:***@127.0.0.1:" + redis.port()
          + "/0, key prefix cli-state:" + System.lineSeparator());
      assertThat(text).containsPattern("  fleet-daily +day +" + today + "T00:00:00Z +0\\.000063 +0"
          + " +0\\.999937 +1" + System.lineSeparator());
      assertThat(text).containsPattern("  m +3 / 100 +\\d+ / 100000" + System.lineSeparator())
          .containsPattern("  plain +no limit +no limit" + System.lineSeparator());
      assertThat(text).containsPattern("  key:openai:key-0c001ed0 +cooling until " + until)
          .containsPattern("  key:openai:key-0d15ab1e +disabled \\(HTTP 401\\) until ")
          .containsPattern("  deployment:plain +cooling until " + until);
      assertNoPassword(PASSWORD);

      assertThat(run("state", "--config", f.toString(), "--json")).as(err()).isZero();
      assertThat(out().lines().count()).isEqualTo(1);
      JsonNode json = new ObjectMapper().readTree(out());
      assertThat(json.path("redis").asText())
          .isEqualTo("redis://:***@127.0.0.1:" + redis.port() + "/0");
      assertThat(json.path("keyPrefix").asText()).isEqualTo(prefix);
      JsonNode budget = json.path("budgets").path(0);
      assertThat(budget.path("name").asText()).isEqualTo("fleet-daily");
      assertThat(budget.path("scope").asText()).isEqualTo("global");
      assertThat(budget.path("period").asText()).isEqualTo("day");
      assertThat(budget.path("periodStart").asText()).isEqualTo(today + "T00:00:00Z");
      assertThat(budget.path("spentUsd").asText()).isEqualTo("0.000063");
      assertThat(budget.path("reservedUsd").asText()).isEqualTo("0");
      assertThat(budget.path("remainingUsd").asText()).isEqualTo("0.999937");
      assertThat(budget.path("limitUsd").asText()).isEqualTo("1");
      JsonNode m = json.path("deployments").path(0);
      assertThat(m.path("name").asText()).isEqualTo("m");
      assertThat(m.path("rpm").path("perMinute").asLong()).isEqualTo(100);
      assertThat(m.path("rpm").path("used").asLong()).isEqualTo(3);
      assertThat(m.path("tpm").path("perMinute").asLong()).isEqualTo(100000);
      // 3 x 110 tokens once corrected; the estimate until a correction lands (not awaited)
      assertThat(m.path("tpm").path("used").asLong()).isBetween(330L, 100000L);
      JsonNode plain = json.path("deployments").path(1);
      assertThat(plain.path("name").asText()).isEqualTo("plain");
      assertThat(plain.has("rpm")).isFalse();
      assertThat(plain.has("tpm")).isFalse();
      assertThat(json.path("health").path("key:openai:key-0c001ed0").asText())
          .isEqualTo("cooling until " + until);
      assertThat(json.path("health").path("key:openai:key-0d15ab1e").asText())
          .startsWith("disabled (HTTP 401) until ");
      assertThat(json.path("health").path("deployment:plain").asText())
          .isEqualTo("cooling until " + until);
      assertNoPassword(PASSWORD);
    }
  }

  @Test
  void state_uriFromAnEnvReference_readsRedisAndPrintsNoPassword() throws IOException {
    Path f = config("""
        providers: {a: {type: fake}}
        models: {m: {provider: a, model: x, limits: {rpm: 7}}}
        state: {redis: {uri: '${env:REDIS_URL}', keyPrefix: 'cli-env:', timeout: 2s}}
        """);
    assertThat(run(Map.of("REDIS_URL", redis.uri()), "state", "--config", f.toString()))
        .as(err()).isZero();
    assertThat(out()).contains("Redis redis://:***@127.0.0.1:" + redis.port() + "/0")
        .contains("  (none configured)").containsPattern("  m +0 / 7 +no limit")
        .contains("keys and deployments cooling down or disabled:" + System.lineSeparator()
            + "  (none)");
    assertNoPassword(PASSWORD);
  }

  @Test
  void configCheck_reachableRedis_printsTheStateLineWithoutThePassword() throws IOException {
    Path f = fleetConfig(redis.uri(), "cli-check:", "http://127.0.0.1:1/v1");
    assertThat(run("config", "check", f.toString())).as(err()).isZero();
    assertThat(out()).contains(": OK").contains("  state: redis at redis://:***@127.0.0.1:"
        + redis.port() + "/0, key prefix cli-check: (reachable)" + System.lineSeparator());
    assertNoPassword(PASSWORD);
  }

  @Test
  void unreachableRedis_configCheckSaysSo_stateFailsWithExitOne_neitherShowsThePassword()
      throws IOException {
    int port = TestRedis.freePort();
    String uri = "redis://:" + PASSWORD + "@127.0.0.1:" + port + "/0";
    Path f = fleetConfig(uri, "cli-down:", "http://127.0.0.1:1/v1");

    assertThat(run("config", "check", f.toString())).as(err()).isZero();
    assertThat(out()).contains("  state: redis at redis://:***@127.0.0.1:" + port
        + "/0, key prefix cli-down: (unreachable: cannot be reached (");
    assertNoPassword(PASSWORD);

    assertThat(run("state", "--config", f.toString())).isEqualTo(1);
    assertThat(out()).isEmpty();
    assertThat(err()).startsWith("vectornode: StateUnavailableException: Redis at"
        + " redis://:***@127.0.0.1:" + port + "/0 cannot be reached (");
    assertNoPassword(PASSWORD);
  }

  @Test
  void wrongPassword_stateFailsWithExitOne_withoutEitherPassword() throws IOException {
    String wrong = "pw-wrong-8a6c4e2f0b9d7153";
    Path f = fleetConfig("redis://:" + wrong + "@127.0.0.1:" + redis.port() + "/0", "cli-pw:",
        "http://127.0.0.1:1/v1");
    assertThat(run("state", "--config", f.toString())).isEqualTo(1);
    assertThat(err()).contains("StateUnavailableException")
        .contains("redis://:***@127.0.0.1:" + redis.port() + "/0");
    assertNoPassword(wrong);
    assertNoPassword(PASSWORD);
  }

  @Test
  void noStateBlock_stateFailsWithExitOne_configCheckSaysInMemory() throws IOException {
    Path f = config("providers: {a: {type: fake}}\n");
    assertThat(run("state", "--config", f.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo("vectornode: ConfigurationException: " + f + ": state: is not"
        + " set: each instance keeps its own budgets, limits and key health, nothing is shared"
        + " to show (add state: {redis: {uri: ...}})" + System.lineSeparator());
    assertThat(run("config", "check", f.toString())).isZero();
    assertThat(out()).contains("  state: in memory (each instance keeps its own budgets,"
        + " limits and key health)");
  }

  @Test
  void stateBlockErrors_nameTheFieldAndNeverShowTheUri() throws IOException {
    Path f = config("""
        providers: {a: {type: fake}}
        state: {redis: {uri: 'redis://127.0.0.1:6379', timout: 5s}}
        """);
    assertThat(run("config", "check", f.toString())).isEqualTo(1);
    assertThat(err()).contains("state.redis.timout").contains("is not a field of state.redis");

    f = config("""
        providers: {a: {type: fake}}
        state: {redis: {uri: 'http://:%s@127.0.0.1:6379'}}
        """.formatted(PASSWORD));
    assertThat(run("config", "check", f.toString())).isEqualTo(1);
    assertThat(err()).contains("state.redis.uri").contains("must be a redis:// or rediss:// URI");
    assertNoPassword(PASSWORD);

    f = config("""
        providers: {a: {type: fake}}
        state: {redis: {uri: 'redis://127.0.0.1:6379', onUnavailable: sometimes}}
        """);
    assertThat(run("state", "--config", f.toString())).isEqualTo(1);
    assertThat(err()).contains("state.redis.onUnavailable").contains("must be local or reject");
  }

  @Test
  void usageMistakes_exitTwo_help_exitsZero() {
    assertThat(run("state")).isEqualTo(2);
    assertThat(err()).startsWith("vectornode: state needs --config FILE");
    assertThat(run("state", "--config", dir.resolve("missing.yaml").toString())).isEqualTo(2);
    assertThat(err()).contains("state: no such file");
    assertThat(run("state", "--config")).isEqualTo(2);
    assertThat(err()).contains("--config needs a value");
    assertThat(run("state", "--verbose")).isEqualTo(2);
    assertThat(err()).contains("state: unknown argument '--verbose'");
    assertThat(run("state", "--help")).isZero();
    assertThat(out()).isEqualTo(StateCommand.USAGE).contains("--json");
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("vectornode state --config FILE [--json]");
  }
}
