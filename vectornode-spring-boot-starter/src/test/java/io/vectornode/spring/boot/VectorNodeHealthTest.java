package io.vectornode.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ChatRequest;
import io.vectornode.routing.DeploymentHealth;
import io.vectornode.routing.DeploymentHealth.Breaker;
import io.vectornode.routing.DeploymentHealth.KeyHealth;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The health contributor: one indicator per deployment, DOWN for a disabled key or an open
 * breaker, OUT_OF_SERVICE while cooling down, UP otherwise; details without any key.
 */
class VectorNodeHealthTest {
  static final String CANARY = "sk-canary-7e3f1a9b5c2d4e6f8a0b";

  private ProviderStubServer stub;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorNodeAutoConfiguration.class,
          VectorNodeHealthAutoConfiguration.class));

  @BeforeEach
  void start() {
    stub = ProviderStubServer.start();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  /** Three deployments, each on its own provider instance (and key), in one fallback route. */
  private String[] properties() {
    return new String[] {
        "vectornode.providers.p1.type=openai",
        "vectornode.providers.p1.api-key=" + CANARY,
        "vectornode.providers.p1.base-url=" + stub.baseUrl(),
        "vectornode.providers.p2.type=openai",
        "vectornode.providers.p2.api-key=sk-second-0123456789abcdef",
        "vectornode.providers.p2.base-url=" + stub.baseUrl(),
        "vectornode.providers.p3.type=openai",
        "vectornode.providers.p3.api-key=sk-third-0123456789abcdef0",
        "vectornode.providers.p3.base-url=" + stub.baseUrl(),
        "vectornode.models.a.provider=p1", "vectornode.models.a.model=gpt-4o-mini",
        "vectornode.models.b.provider=p2", "vectornode.models.b.model=gpt-4o-mini",
        "vectornode.models.c.provider=p3", "vectornode.models.c.model=gpt-4o-mini",
        "vectornode.routes.chat.targets=a,b,c"};
  }

  private static Health health(HealthContributor composite, String deployment) {
    HealthContributor c = ((CompositeHealthContributor) composite).getContributor(deployment);
    assertThat(c).as(deployment).isInstanceOf(HealthIndicator.class);
    return ((HealthIndicator) c).health(true);
  }

  @Test
  void disabledKeyAndCooledDeployment_downAndOutOfService_restUp() {
    // a: 401 (echoing the key, as some servers do) disables its only key; b: 429 with
    // Retry-After cools it down; c answers.
    stub.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: " + CANARY));
    stub.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(60)));
    stub.enqueue(OpenAiStubs.chat("from c"));
    runner.withPropertyValues(properties()).run(context -> {
      VectorNodeClient client = context.getBean(VectorNodeClient.class);
      HealthContributor vectornode = context.getBean("vectornodeHealthContributor",
          HealthContributor.class);
      assertThat(health(vectornode, "a").getStatus()).isEqualTo(Status.UP);

      assertThat(client.chat(ChatRequest.builder().task("chat").user("q").build()).text())
          .isEqualTo("from c");

      Health a = health(vectornode, "a");
      assertThat(a.getStatus()).isEqualTo(Status.DOWN);
      assertThat(a.getDetails()).containsEntry("reason", "every key disabled")
          .containsEntry("provider", "p1").containsEntry("breaker", "CLOSED");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> keys = (List<Map<String, Object>>) a.getDetails().get("keys");
      assertThat(keys).singleElement().satisfies(k -> {
        assertThat(k.get("state")).isEqualTo("DISABLED");
        assertThat((String) k.get("id")).matches("key-[0-9a-f]{8}");
      });
      assertThat(a.toString()).doesNotContain(CANARY.substring(0, 14));

      Health b = health(vectornode, "b");
      assertThat(b.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
      assertThat(b.getDetails().get("reason")).asString().contains("cooling down");

      assertThat(health(vectornode, "c").getStatus()).isEqualTo(Status.UP);
      assertThat(((CompositeHealthContributor) vectornode).stream().map(e -> e.name()))
          .containsExactly("a", "b", "c");
      assertThat(((CompositeHealthContributor) vectornode).getContributor("nope")).isNull();
    });
  }

  @Test
  void healthIndicatorDisabled_noContributor() {
    runner.withPropertyValues(properties())
        .withPropertyValues("management.health.vectornode.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("vectornodeHealthContributor"));
  }

  @Test
  void noClient_noContributor() {
    runner.run(context -> assertThat(context).doesNotHaveBean("vectornodeHealthContributor"));
  }

  private static DeploymentHealth deployment(Breaker breaker, Duration cooldown,
      KeyHealth.State... keys) {
    List<KeyHealth> k = new java.util.ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      k.add(new KeyHealth("key-0000000" + i, 1, keys[i],
          keys[i] == KeyHealth.State.COOLING ? Duration.ofSeconds(5) : Duration.ZERO));
    }
    return new DeploymentHealth("d", "p", "m", null, breaker, cooldown, k);
  }

  @Test
  void status_eachState() {
    assertThat(VectorNodeHealthContributor.health(deployment(Breaker.OPEN, Duration.ZERO,
        KeyHealth.State.ACTIVE)).getStatus()).isEqualTo(Status.DOWN);
    assertThat(VectorNodeHealthContributor.health(deployment(Breaker.HALF_OPEN, Duration.ZERO,
        KeyHealth.State.ACTIVE)).getStatus()).isEqualTo(Status.UP);
    assertThat(VectorNodeHealthContributor.health(deployment(Breaker.CLOSED,
        Duration.ofSeconds(3), KeyHealth.State.ACTIVE)).getStatus())
        .isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(VectorNodeHealthContributor.health(deployment(Breaker.CLOSED, Duration.ZERO,
        KeyHealth.State.COOLING, KeyHealth.State.DISABLED)).getStatus())
        .isEqualTo(Status.OUT_OF_SERVICE);
    Health partly = VectorNodeHealthContributor.health(deployment(Breaker.CLOSED, Duration.ZERO,
        KeyHealth.State.ACTIVE, KeyHealth.State.DISABLED));
    assertThat(partly.getStatus()).isEqualTo(Status.UP);
    assertThat(partly.getDetails()).containsEntry("reason", "1 of 2 keys active");
  }
}
