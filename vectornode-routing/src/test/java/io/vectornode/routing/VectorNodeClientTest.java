package io.vectornode.routing;

import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.routing.DeploymentHealth.KeyHealth;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an operator sees through the public client type, without casting to the router. */
class VectorNodeClientTest extends RouterTestSupport {
  private static final ChatRequest HI = ChatRequest.builder().model("r").user("hi").build();

  private VectorNodeClient twoDeployments(ProviderStubServer a, ProviderStubServer b,
      Resilience resilience) {
    return (VectorNodeClient) build(builder()
        .provider(io.vectornode.spi.ProviderConfig.builder("pa").type("openai")
            .baseUrl(a.baseUrl()).build())
        .keys("pa", List.of(ApiKey.of("sk-key-one-0123456789"), ApiKey.of("sk-key-two-0123456789")))
        .provider(openai("pb", b))
        .model("a", "pa", "gpt-4o-mini").model("b", "pb", "gpt-4o-mini")
        .route(Route.fallback("r", "a", "b")).resilience(resilience)
        .budget(Budget.of("day", BudgetScope.global(), Budget.Period.DAY, "1")));
  }

  @Test
  void deployments_systemTicker_freshKeysActiveAndNoCooldown() {
    // The system ticker reads System.nanoTime(), positive here: "never cooled" (MIN_VALUE) minus
    // a positive reading once overflowed into a huge cooldown, so every fresh key read COOLING.
    try (VectorNodeClient c = VectorNode.builder()
        .provider(io.vectornode.spi.ProviderConfig.builder("fake").apiKey("sk-fresh-0123456789")
            .build())
        .model("m", "fake", "x").build()) {
      assertThat(c.deployments()).singleElement().satisfies(d -> {
        assertThat(d.keys()).hasSize(1);
        assertThat(d.cooldown()).isEqualTo(Duration.ZERO);
        assertThat(d.keys()).allSatisfy(k -> {
          assertThat(k.state()).isEqualTo(KeyHealth.State.ACTIVE);
          assertThat(k.cooldown()).isEqualTo(Duration.ZERO);
        });
        assertThat(d.available()).isTrue();
      });
    }
  }

  @Test
  void views_showTheConfigAsBuilt_andHealthAsItChanges() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    VectorNodeClient c = twoDeployments(a, b, Resilience.custom().maxAttemptsPerDeployment(2)
        .consecutiveFailures(2).openDuration(Duration.ofSeconds(30)).build());

    assertThat(c.providers()).containsExactly("pa", "pb");
    assertThat(c.routes()).extracting(Route::name).containsExactly("r");
    assertThat(c.deployments()).extracting(DeploymentHealth::name).containsExactly("a", "b");
    assertThat(c.deployments()).allSatisfy(d -> {
      assertThat(d.breaker()).isEqualTo(DeploymentHealth.Breaker.CLOSED);
      assertThat(d.available()).isTrue();
      assertThat(d.info()).as("gpt-4o-mini is in the bundled catalog").isNotNull();
    });
    assertThat(c.plan(HI)).containsExactly("a", "b");

    // A 429 with Retry-After cools the key that got it; the call moves to the other key.
    a.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(20)));
    a.enqueue(OpenAiStubs.chat("ok"));
    assertThat(c.chat(HI).text()).isEqualTo("ok");
    List<KeyHealth> keys = c.deployments().get(0).keys();
    assertThat(keys).extracting(KeyHealth::state)
        .containsExactlyInAnyOrder(KeyHealth.State.COOLING, KeyHealth.State.ACTIVE);
    assertThat(keys).filteredOn(k -> k.state() == KeyHealth.State.COOLING).singleElement()
        .satisfies(k -> assertThat(k.cooldown()).isEqualTo(Duration.ofSeconds(20)));
    assertThat(keys).allSatisfy(k -> assertThat(k.keyId()).startsWith("key-"));
    assertThat(c.budgets()).singleElement().satisfies(s -> {
      assertThat(s.budget().name()).isEqualTo("day");
      assertThat(s.spent()).isPositive();
      assertThat(s.reserved()).isZero();
      assertThat(s.remaining()).isEqualByComparingTo(s.budget().limitUsd().subtract(s.spent()));
    });

    // Two failures (a's empty queue answers 500, twice) open a's breaker; b serves.
    time.advance(Duration.ofSeconds(21));
    b.enqueue(OpenAiStubs.chat("from b"));
    assertThat(c.chat(HI).text()).isEqualTo("from b");
    assertThat(c.deployments().get(0).breaker()).isEqualTo(DeploymentHealth.Breaker.OPEN);
    assertThat(c.deployments().get(0).available()).isFalse();
    assertThat(c.plan(HI)).containsExactly("b", "a");
  }

  @Test
  void plan_weightedRouteAllHealthy_namesEachDeploymentOnce_unmodifiable_andStableAcrossReads() {
    ProviderStubServer a = server();
    VectorNode.Builder b = builder().provider(openai("p", a));
    List<RouteTarget> targets = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      b.model("d" + i, "p", "gpt-4o-mini");
      targets.add(new RouteTarget("d" + i, 1 + i % 3));
    }
    VectorNodeClient c = (VectorNodeClient) build(b.route(new Route("w", Strategy.WEIGHTED,
        targets, java.util.Set.of(), null, Hedging.OFF)));
    ChatRequest req = ChatRequest.builder().task("w").user("hi").build();

    List<String> plan = c.plan(req);
    String first = plan.get(0);
    assertThat(plan).hasSize(10).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            targets.stream().map(RouteTarget::deployment).toList());
    assertThat(plan.get(0)).isEqualTo(first);
    assertThat(List.copyOf(plan)).isEqualTo(plan);
    assertThatThrownBy(() -> plan.set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> plan.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keyRejectedWith401_isShownDisabled() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    VectorNodeClient c = twoDeployments(a, b, Resilience.custom().maxAttemptsPerDeployment(1)
        .build());
    a.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key", "revoked"));
    b.enqueue(OpenAiStubs.chat("from b"));
    catchThrowable(() -> c.chat(HI));
    assertThat(c.deployments().get(0).keys()).extracting(KeyHealth::state)
        .contains(KeyHealth.State.DISABLED);
  }

  @Test
  void clientBuiltFromCode_hasNothingToReload() {
    VectorNodeClient c = twoDeployments(server(), server(), Resilience.defaults());
    assertThat(c.generation()).isEqualTo(1);
    assertThat(c.lastReloadError()).isEmpty();
    assertThatThrownBy(c::reload).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("VectorNode.watch");
  }
}
