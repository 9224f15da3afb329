package io.vectornode.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ChatRequest;
import io.vectornode.error.VectorNodeException;
import io.vectornode.routing.ApiKey;
import io.vectornode.routing.Deployment;
import io.vectornode.routing.DeploymentLimits;
import io.vectornode.routing.Route;
import io.vectornode.routing.RouteTarget;
import io.vectornode.routing.Strategy;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-minute limits and key health shared by instances through a real Redis. */
class FleetLimitsTest {
  static TestRedis redis;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  static ChatRequest request(String model) {
    return ChatRequest.builder().model(model).user("hello").maxOutputTokens(10).build();
  }

  @Test
  void aFleetRpmLimitOf600_holdsForFourInstances() {
    ManualTime time = ManualTime.create();
    try (ProviderStubServer stub = ProviderStubServer.start()) {
      List<RedisState> states = new ArrayList<>();
      List<VectorNodeClient> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        RedisState s = RedisState.builder().uri(redis.uri()).keyPrefix("rpm-test:")
            .timeout(Duration.ofSeconds(2)).clock(time.clock()).build();
        states.add(s);
        clients.add(VectorNode.builder()
            .provider(ProviderConfig.builder("p").type("openai").apiKey("sk-rpm-0123456789")
                .baseUrl(stub.baseUrl()).build())
            .deployment(new Deployment("m", "p", "gpt-4o-mini",
                new DeploymentLimits(600, 0, 0), null))
            .sharedState(s).ticker(time).clock(time.clock()).logCalls(false).build());
      }
      // 3 virtual minutes; each instance wants 3 calls a second: 720 a minute, 1.2x the limit.
      for (int i = 0; i < 1850; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 5, 1, 0, 0));
      }
      int[] admittedAt = new int[180];
      int admitted = 0;
      for (int second = 0; second < 180; second++) {
        for (int i = 0; i < 4; i++) {
          for (int n = 0; n < 3; n++) {
            try {
              clients.get(i).chat(request("m"));
              admittedAt[second]++;
              admitted++;
            } catch (VectorNodeException e) {
              assertThat(e.getMessage()).contains("m/rpm limit of the fleet (600/min)");
            }
          }
        }
        time.advance(Duration.ofSeconds(1));
      }
      int worstWindow = 0;
      for (int start = 0; start + 60 <= 180; start++) {
        int inWindow = 0;
        for (int s = start; s < start + 60; s++) {
          inWindow += admittedAt[s];
        }
        worstWindow = Math.max(worstWindow, inWindow);
      }
      System.out.printf("fleet rpm: %d admitted in 180 s (limit 600/min: 1800), worst 60 s"
          + " window %d%n", admitted, worstWindow);
      assertThat(worstWindow).isLessThanOrEqualTo(600);
      assertThat(admitted).isBetween(1764, 1800); // within 2% of the limit
      assertThat(stub.requestCount()).isEqualTo(admitted);
      clients.forEach(VectorNodeClient::close);
      states.forEach(RedisState::close);
    }
  }

  @Test
  void a429OnInstanceA_makesInstanceBSkipThatKey() {
    String one = "sk-fleet-key-one-0123456789";
    String two = "sk-fleet-key-two-0123456789";
    try (ProviderStubServer stub = ProviderStubServer.start();
        RedisState sa = RedisState.builder().uri(redis.uri()).keyPrefix("key-test:").build();
        RedisState sb = RedisState.builder().uri(redis.uri()).keyPrefix("key-test:").build()) {
      VectorNodeClient a = twoKeys(stub, sa, one, two);
      VectorNodeClient b = twoKeys(stub, sb, one, two);
      // A's first attempt is refused with a 429 and Retry-After 30 s; its retry uses the other
      // key and succeeds.
      stub.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(30)));
      stub.enqueue(OpenAiStubs.chat("ok", 5, 1, 0, 0));
      a.chat(request("m"));
      RecordedCall limited = stub.takeRequest();
      String cooled = limited.header("Authorization").orElseThrow();
      stub.takeRequest();
      // B has never seen a 429: each of its next calls must avoid the cooled key.
      for (int i = 0; i < 20; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 5, 1, 0, 0));
        b.chat(request("m"));
        assertThat(stub.takeRequest().header("Authorization").orElseThrow())
            .as("B's call %d", i + 1).isNotEqualTo(cooled);
      }
      assertThat(b.deployments().get(0).keys())
          .anySatisfy(k -> assertThat(k.state().name()).isEqualTo("COOLING"));
      a.close();
      b.close();
    }
  }

  @Test
  void a429OnTheOnlyKeyOfADeployment_makesInstanceBGoStraightToTheFallback() {
    try (ProviderStubServer first = ProviderStubServer.start();
        ProviderStubServer second = ProviderStubServer.start();
        RedisState sa = RedisState.builder().uri(redis.uri()).keyPrefix("dep-test:").build();
        RedisState sb = RedisState.builder().uri(redis.uri()).keyPrefix("dep-test:").build()) {
      VectorNodeClient a = twoDeployments(first, second, sa);
      VectorNodeClient b = twoDeployments(first, second, sb);
      first.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(30)));
      second.enqueue(OpenAiStubs.chat("from the fallback", 5, 1, 0, 0));
      assertThat(a.chat(request("chat")).text()).isEqualTo("from the fallback");
      for (int i = 0; i < 5; i++) {
        second.enqueue(OpenAiStubs.chat("from the fallback", 5, 1, 0, 0));
        assertThat(b.chat(request("chat")).text()).isEqualTo("from the fallback");
      }
      assertThat(first.requestCount()).as("requests to the cooled deployment").isEqualTo(1);
      a.close();
      b.close();
    }
  }

  @Test
  void aKeysOwnRpm_holdsForTheFleet_acrossDeploymentsAndInstances() {
    io.vectornode.routing.ApiKey key = new io.vectornode.routing.ApiKey(
        io.vectornode.Secret.of("sk-shared-key-0123456789"), 1, 3, 0);
    try (ProviderStubServer stub = ProviderStubServer.start();
        RedisState sa = RedisState.builder().uri(redis.uri()).keyPrefix("keyrpm-test:").build();
        RedisState sb = RedisState.builder().uri(redis.uri()).keyPrefix("keyrpm-test:")
            .build()) {
      VectorNodeClient a = limitedKey(stub, sa, key);
      VectorNodeClient b = limitedKey(stub, sb, key);
      for (int i = 0; i < 3; i++) {
        stub.enqueue(OpenAiStubs.chat("ok", 5, 1, 0, 0));
      }
      a.chat(request("m"));
      b.chat(request("m"));
      a.chat(request("m"));
      Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> b.chat(
          request("m")));
      assertThat(refused).isInstanceOf(VectorNodeException.class)
          .hasMessageContaining("/rpm limit of the fleet (3/min)")
          .hasMessageNotContaining("sk-shared-key");
      assertThat(stub.requestCount()).isEqualTo(3);
      assertThat(sa.windowUsed("key:p:" + key.secret().id() + "/rpm")).isEqualTo(3);
      a.close();
      b.close();
    }
  }

  private static VectorNodeClient limitedKey(ProviderStubServer stub, RedisState s,
      io.vectornode.routing.ApiKey key) {
    return VectorNode.builder()
        .provider(ProviderConfig.builder("p").type("openai").baseUrl(stub.baseUrl()).build())
        .keys("p", List.of(key))
        .model("m", "p", "gpt-4o-mini")
        .sharedState(s).logCalls(false).build();
  }

  @Test
  void aBreakerOpeningOnInstanceA_isSkippedByInstanceB_onlyWhenBreakersAreShared() {
    for (boolean share : new boolean[] {true, false}) {
      try (ProviderStubServer first = ProviderStubServer.start();
          ProviderStubServer second = ProviderStubServer.start();
          RedisState sa = RedisState.builder().uri(redis.uri()).keyPrefix("breaker-" + share
              + ":").shareBreakers(share).build();
          RedisState sb = RedisState.builder().uri(redis.uri()).keyPrefix("breaker-" + share
              + ":").shareBreakers(share).build()) {
        io.vectornode.routing.Resilience oneFailureOpens = io.vectornode.routing.Resilience
            .custom().maxAttemptsPerDeployment(1).consecutiveFailures(1)
            .openDuration(Duration.ofSeconds(30)).build();
        VectorNodeClient a = twoDeployments(first, second, sa, oneFailureOpens);
        VectorNodeClient b = twoDeployments(first, second, sb, oneFailureOpens);
        first.enqueue(OpenAiStubs.error(500, "server_error", null, "boom"));
        first.enqueue(OpenAiStubs.chat("from the primary", 5, 1, 0, 0));
        second.enqueue(OpenAiStubs.chat("from the fallback", 5, 1, 0, 0));
        second.enqueue(OpenAiStubs.chat("from the fallback", 5, 1, 0, 0));
        assertThat(a.chat(request("chat")).text()).isEqualTo("from the fallback");
        assertThat(b.chat(request("chat")).text()).as("shared %s", share)
            .isEqualTo(share ? "from the fallback" : "from the primary");
        assertThat(first.requestCount()).isEqualTo(share ? 1 : 2);
        a.close();
        b.close();
      }
    }
  }

  private static VectorNodeClient twoKeys(ProviderStubServer stub, RedisState s, String one,
      String two) {
    return VectorNode.builder()
        .provider(ProviderConfig.builder("p").type("openai").baseUrl(stub.baseUrl()).build())
        .keys("p", List.of(ApiKey.of(one), ApiKey.of(two)))
        .model("m", "p", "gpt-4o-mini")
        .sharedState(s).logCalls(false).build();
  }

  private static VectorNodeClient twoDeployments(ProviderStubServer first,
      ProviderStubServer second, RedisState s) {
    return twoDeployments(first, second, s, io.vectornode.routing.Resilience.defaults());
  }

  private static VectorNodeClient twoDeployments(ProviderStubServer first,
      ProviderStubServer second, RedisState s, io.vectornode.routing.Resilience resilience) {
    return VectorNode.builder().resilience(resilience)
        .provider(ProviderConfig.builder("p1").type("openai").apiKey("sk-first-0123456789")
            .baseUrl(first.baseUrl()).build())
        .provider(ProviderConfig.builder("p2").type("openai").apiKey("sk-second-0123456789")
            .baseUrl(second.baseUrl()).build())
        .model("one", "p1", "gpt-4o-mini").model("two", "p2", "gpt-4o-mini")
        .route(new Route("chat", Strategy.FALLBACK, List.of(new RouteTarget("one", 1),
            new RouteTarget("two", 1)), Set.of(), null, io.vectornode.routing.Hedging.OFF))
        .sharedState(s).logCalls(false).build();
  }
}
