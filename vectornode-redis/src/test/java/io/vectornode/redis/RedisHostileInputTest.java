package io.vectornode.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.budget.BudgetStore;
import io.vectornode.state.Admission;
import io.vectornode.state.AdmissionRequest;
import io.vectornode.state.SharedState;
import io.vectornode.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * What another writer of the same Redis may leave there: malformed or oversized messages on the
 * health channel, garbage in the health hash. None of it is taken for news or for a key's state,
 * and none of it stops what comes after.
 */
class RedisHostileInputTest {
  static TestRedis redis;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void clearLogs() {
    LogCapture.clear();
  }

  static RedisState state(String prefix) {
    return RedisState.builder().uri(redis.uri()).keyPrefix(prefix).timeout(Duration.ofSeconds(2))
        .build();
  }

  /** Records what it receives, one line per message. */
  static final class Recorder implements SharedState.HealthListener {
    final List<String> got = new CopyOnWriteArrayList<>();

    @Override
    public void keyCooled(String provider, String keyId, Instant until) {
      got.add("kc " + provider + " " + keyId + " " + until.toEpochMilli());
    }

    @Override
    public void keyDisabled(String provider, String keyId, int status) {
      got.add("kd " + provider + " " + keyId + " " + status);
    }

    @Override
    public void deploymentCooled(String deployment, Instant until) {
      got.add("dc " + deployment + " " + until.toEpochMilli());
    }
  }

  /** Messages on the health channel that are not news, each for its own reason. */
  static List<String> hostileMessages() {
    List<String> m = new ArrayList<>(List.of(
        "not json",
        "",
        "null",
        "42",
        "{}",
        "{\"0\":\"kc\",\"1\":\"p\",\"2\":\"k\",\"3\":1,\"4\":0}",
        "[]",
        "[\"kc\"]",
        "[\"kc\",\"p\",\"k\",1]",
        "[\"zz\",\"p\",\"k\",1,0]",
        "[\"kc\",{},[],\"soon\",null]",
        "[\"kc\",\"\",\"k\",1,0]",
        "[\"kc\",\"p\",\"\",1,0]",
        "[\"kd\",\"p\",\"k\",\"x\",\"forbidden\"]",
        "[\"kd\",\"p\",\"k\",1,403.5]",
        "[\"kd\",\"p\",\"k\",1,99999999999]",
        "[\"kc\",\"p\",\"k\",1e400,0]",
        "[\"kc\",\"p\",\"k\",99999999999999999999999,0]",
        "[\"kc\",\"p\",\"k\",1,0] [\"kc\",\"p\",\"k2\",1,0]",
        "[\"kc\",\"p\",\"k\",1,0",
        "[1,2,3,4,5]",
        "\u0001\u0002\u0003"));
    // Deeper than the JSON parser's limit, within the size limit.
    m.add("[".repeat(2000) + "]".repeat(2000));
    // Well formed, but larger than any message an instance sends (4 KiB): 1 MiB.
    m.add("[\"kc\",\"p\",\"" + "k".repeat(1 << 20) + "\",1,0]");
    return m;
  }

  @Test
  void malformedOrOversizedHealthMessages_areIgnored_andLaterNewsStillArrives() {
    try (RedisState s = state("hostile:"); RedisState other = state("hostile:")) {
      Recorder recorder = new Recorder();
      // A listener that fails on everything does not keep the news from the next one.
      s.subscribe(new SharedState.HealthListener() {
        @Override
        public void keyCooled(String provider, String keyId, Instant until) {
          throw new IllegalStateException("listener failure (test)");
        }

        @Override
        public void keyDisabled(String provider, String keyId, int status) {
          throw new IllegalStateException("listener failure (test)");
        }

        @Override
        public void deploymentCooled(String deployment, Instant until) {
          throw new IllegalStateException("listener failure (test)");
        }
      });
      s.subscribe(recorder);
      for (String m : hostileMessages()) {
        long receivers = redis.inspect(r -> r.publish("hostile:health", m));
        assertThat(receivers).as("subscriptions reached").isEqualTo(2);
      }
      // Then news: published by the test in the instances' own format, and by an instance.
      long until = System.currentTimeMillis() + 30_000;
      long receivers = redis.inspect(r -> r.publish("hostile:health",
          "[\"dc\",\"raw-deployment\",\"\"," + until + ",0]"));
      assertThat(receivers).isEqualTo(2);
      other.keyCooled("p", "k1", Instant.ofEpochMilli(until));
      other.keyDisabled("p", "k2", 401);

      // One subscription delivers in order: had any hostile message been taken for news, it
      // would come first.
      FleetOutageTest.await(() -> recorder.got.size() >= 3);
      assertThat(recorder.got).containsExactly("dc raw-deployment " + until,
          "kc p k1 " + until, "kd p k2 401");
      assertThat(s.stats().available()).isTrue();
      assertThat(s.stats().outages()).isZero();
      assertThat(LogCapture.lines()).filteredOn(l -> l.level() == Level.WARN
          && l.message().contains("a health listener failed")).hasSize(3);
    }
  }

  /** Values of a health hash field that do not say {@code c|d:<until ms>[:<status>]}. */
  static List<String> garbageValues() {
    return List.of(
        "garbage",
        "",
        "c",
        "c:",
        "c:abc",
        "c:-5",
        "c: 99999999999999",
        "c:1.5e15",
        "c:0x7fffffffffffffff",
        "d:12:xx",
        "d:1:2:3",
        "d:99999999999999:forbidden",
        "c:" + "9".repeat(400),
        "d:" + "9".repeat(400) + ":403",
        "c:99999999999999999999",
        "d:99999999999999:" + "4".repeat(40),
        "\u0007\u00ff");
  }

  @Test
  void anEndedDisabledEntry_doesNotBlockANewCooldown_butALiveOneDoes() {
    try (RedisState s = state("ended:")) {
      long past = System.currentTimeMillis() - 1_000;
      long future = System.currentTimeMillis() + 3_600_000;
      long until = System.currentTimeMillis() + 60_000;
      redis.inspect(r -> r.hset("ended:health", "key:p:k1", "d:" + past + ":401"));
      s.keyCooled("p", "k1", Instant.ofEpochMilli(until));
      String first = redis.inspect(r -> r.hget("ended:health", "key:p:k1"));
      assertThat(first).isEqualTo("c:" + until);
      redis.inspect(r -> r.hset("ended:health", "key:p:k2", "d:" + future + ":401"));
      s.keyCooled("p", "k2", Instant.ofEpochMilli(until));
      String second = redis.inspect(r -> r.hget("ended:health", "key:p:k2"));
      assertThat(second).isEqualTo("d:" + future + ":401");
    }
  }

  @Test
  void garbageInTheHealthHash_isTreatedAsAbsent_byAdmissionAndByHealth() {
    BudgetStore local = BudgetStore.inMemory(Clock.systemUTC(), e -> { });
    try (RedisState s = state("garbage:")) {
      int n = 0;
      for (String v : garbageValues()) {
        redis.inspect(r -> r.hset("garbage:health", Map.of("key:p:k1", v, "deployment:d", v)));
        Admission a = s.admit(new AdmissionRequest("d", "p", "k1", List.of(), List.of(),
            local));
        n++;
        assertThat(a.admitted()).as("admitted with '%s' in the hash: %s", v, a).isTrue();
        Map<String, String> stored = redis.inspect(r -> r.hgetall("garbage:health"));
        assertThat(stored).as("garbage '%s' removed, as an expired entry is", v).isEmpty();
        redis.inspect(r -> r.hset("garbage:health", "key:p:k1", v));
        assertThat(s.health()).as("health with '%s' in the hash", v).isEmpty();
      }
      // An instance's news replaces garbage (a cooldown would otherwise not be recorded, nor
      // published, behind a value that looks like a longer one or like a disabled key).
      long until = System.currentTimeMillis() + 60_000;
      for (String v : garbageValues()) {
        redis.inspect(r -> r.hset("garbage:health", "key:p:k4", v));
        s.keyCooled("p", "k4", Instant.ofEpochMilli(until));
        String stored = redis.inspect(r -> r.hget("garbage:health", "key:p:k4"));
        assertThat(stored).as("'%s' replaced", v).isEqualTo("c:" + until);
      }
      redis.inspect(r -> r.del("garbage:health"));

      // Well-formed entries next to garbage still count, in admission and in health().
      redis.inspect(r -> r.hset("garbage:health", Map.of("key:p:k1", "garbage",
          "key:p:k2", "c:" + until, "key:p:k3", "d:" + until + ":403")));
      Admission cooling = s.admit(new AdmissionRequest("d", "p", "k2", List.of(), List.of(),
          local));
      assertThat(cooling.verdict()).isEqualTo(Admission.Verdict.KEY_COOLING);
      Admission disabled = s.admit(new AdmissionRequest("d", "p", "k3", List.of(), List.of(),
          local));
      assertThat(disabled.verdict()).isEqualTo(Admission.Verdict.KEY_DISABLED);
      assertThat(s.health()).containsOnlyKeys("key:p:k2", "key:p:k3")
          .containsEntry("key:p:k2", "cooling until " + Instant.ofEpochMilli(until))
          .containsEntry("key:p:k3", "disabled (HTTP 403) until " + Instant.ofEpochMilli(until));
      RedisState.Stats stats = s.stats();
      assertThat(stats.admissions()).isEqualTo(n + 2);
      assertThat(stats.fallbacks()).isZero();
      assertThat(stats.outages()).isZero();
      assertThat(stats.available()).isTrue();
    }
  }
}
