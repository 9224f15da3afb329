package io.vectornode.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.vectornode.micrometer.VectorNodeMetrics;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Micrometer listener: registered when the context has a MeterRegistry (Spring Boot's own,
 * as Actuator makes it), with an Observation per call when it has an ObservationRegistry; absent
 * without a registry or when turned off.
 */
class VectorNodeMetricsAutoConfigurationTest {
  private ProviderStubServer openai;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorNodeAutoConfiguration.class,
          VectorNodeMetricsAutoConfiguration.class));

  @BeforeEach
  void start() {
    openai = ProviderStubServer.start();
  }

  @AfterEach
  void stop() {
    openai.close();
  }

  private String[] properties() {
    return new String[] {
        "vectornode.providers.openai.api-key=sk-test-0123456789abcdef",
        "vectornode.providers.openai.base-url=" + openai.baseUrl(),
        "vectornode.models.fast.provider=openai",
        "vectornode.models.fast.model=gpt-4o-mini",
        "vectornode.metrics.allowed-tags=team"};
  }

  @Test
  void springBootsMeterRegistry_hasVectorNodeMetersAfterACall() {
    openai.enqueue(OpenAiStubs.chat("Paris."));
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class))
        .withPropertyValues(properties()).run(context -> {
          assertThat(context).hasSingleBean(VectorNodeMetrics.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          VectorNodeClient client = context.getBean(VectorNodeClient.class);
          client.chat(io.vectornode.ChatRequest.builder().model("fast").user("Capital?")
              .tag("team", "geo").build());

          assertThat(registry.get("gen_ai.client.operation.duration")
              .tag("gen_ai.provider.name", "openai").tag("gen_ai.request.model", "gpt-4o-mini")
              .tag("vectornode.deployment", "fast").tag("team", "geo").timer().count())
              .isEqualTo(1);
          assertThat(registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input")
              .summary().totalAmount()).isEqualTo(12);
          assertThat(registry.get("vectornode.client.attempts").summary().count()).isEqualTo(1);
          // monitor(client) ran: the breaker gauge of the deployment exists and reads closed.
          assertThat(registry.get("vectornode.deployment.breaker.state")
              .tag("vectornode.deployment", "fast").tag("vectornode.breaker.state", "closed")
              .gauge().value()).isEqualTo(1.0);
        });
  }

  @Test
  void observationRegistry_oneObservationPerCall() {
    openai.enqueue(OpenAiStubs.chat("ok"));
    List<String> started = new CopyOnWriteArrayList<>();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStart(Observation.Context context) {
        started.add(context.getName());
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(ObservationRegistry.class, () -> observations)
        .withPropertyValues(properties()).run(context -> {
          context.getBean(VectorNodeClient.class).chat("fast", "hi");
          assertThat(started).containsExactly("vectornode.call");
        });
  }

  @Test
  void observationsOff_noObservation() {
    openai.enqueue(OpenAiStubs.chat("ok"));
    List<String> started = new CopyOnWriteArrayList<>();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(c -> started.add(c.getName()) || true);
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(ObservationRegistry.class, () -> observations)
        .withPropertyValues(properties())
        .withPropertyValues("vectornode.metrics.observations=false").run(context -> {
          context.getBean(VectorNodeClient.class).chat("fast", "hi");
          assertThat(started).isEmpty();
          assertThat(context.getBean(MeterRegistry.class)
              .get("gen_ai.client.operation.duration").timer().count()).isEqualTo(1);
        });
  }

  @Test
  void noMeterRegistry_noListener() {
    runner.withPropertyValues(properties()).run(context -> {
      assertThat(context).hasSingleBean(VectorNodeClient.class);
      assertThat(context).doesNotHaveBean(VectorNodeMetrics.class);
    });
  }

  @Test
  void metricsDisabled_noListener() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(properties()).withPropertyValues("vectornode.metrics.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(VectorNodeMetrics.class));
  }

  @Test
  void usersMetricsBean_wins() {
    SimpleMeterRegistry mine = new SimpleMeterRegistry();
    VectorNodeMetrics own = VectorNodeMetrics.create(mine);
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(VectorNodeMetrics.class, () -> own)
        .withPropertyValues(properties()).run(context -> {
          assertThat(context.getBean(VectorNodeMetrics.class)).isSameAs(own);
          openai.enqueue(OpenAiStubs.chat("ok"));
          context.getBean(VectorNodeClient.class).chat("fast", "hi");
          assertThat(mine.get("gen_ai.client.operation.duration").timer().count()).isEqualTo(1);
        });
  }
}
