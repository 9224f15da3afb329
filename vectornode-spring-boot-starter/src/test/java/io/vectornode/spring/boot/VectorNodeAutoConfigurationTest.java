package io.vectornode.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordingModelCallListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The client bean: from properties and from a config file, answering through the OpenAI stub
 * server; a user's bean winning; listener beans registered; closed with the context; hot reload.
 */
class VectorNodeAutoConfigurationTest {
  static final String KEY = "sk-test-4c0ffee0123456789abc";

  private ProviderStubServer openai;
  @TempDir Path dir;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorNodeAutoConfiguration.class));

  @BeforeEach
  void start() {
    openai = ProviderStubServer.start();
  }

  @AfterEach
  void stop() {
    openai.close();
  }

  /** A provider, a deployment and a route on the stub, as properties. */
  String[] properties() {
    return new String[] {
        "vectornode.providers.openai.api-key=" + KEY,
        "vectornode.providers.openai.base-url=" + openai.baseUrl(),
        "vectornode.models.fast.provider=openai",
        "vectornode.models.fast.model=gpt-4o-mini",
        "vectornode.models.big.provider=openai",
        "vectornode.models.big.model=gpt-4o",
        "vectornode.routes.chat.targets=fast,big"
    };
  }

  @Test
  void properties_clientAnswersAChatThroughTheStub() {
    openai.enqueue(OpenAiStubs.chat("Paris."));
    runner.withPropertyValues(properties()).run(context -> {
      assertThat(context).hasSingleBean(VectorNodeClient.class);
      VectorNodeClient client = context.getBean(VectorNodeClient.class);
      assertThat(client.routes()).extracting(Route::name).containsExactly("chat");
      assertThat(client.routes().get(0).targets()).extracting(t -> t.deployment())
          .containsExactly("fast", "big");
      assertThat(client.chat(ChatRequest.builder().task("chat").user("Capital of France?")
          .build()).text()).isEqualTo("Paris.");
      assertThat(openai.takeRequest().header("Authorization")).contains("Bearer " + KEY);
    });
  }

  @Test
  void properties_routeCache_secondCallIsAHitWithNoRequest() {
    openai.enqueue(OpenAiStubs.chat("Paris."));
    runner.withPropertyValues(properties()).withPropertyValues(
        "vectornode.routes.chat.cache=true", "vectornode.cache.ttl=10m",
        "vectornode.cache.maximum-size=100").run(context -> {
          VectorNodeClient client = context.getBean(VectorNodeClient.class);
          ChatRequest r = ChatRequest.builder().task("chat").user("Capital of France?")
              .temperature(0.0).build();
          assertThat(client.chat(r).cached()).isFalse();
          assertThat(client.chat(r).cached()).isTrue();
          assertThat(openai.requestCount()).isEqualTo(1);
        });
  }

  @Test
  void properties_everySection_mapsOntoTheConfig() {
    runner.withPropertyValues(properties()).withPropertyValues(
        "vectornode.routes.chat.strategy=weighted",
        "vectornode.routes.chat.weights.fast=3",
        "vectornode.routes.chat.hedging.delay=2s",
        "vectornode.providers.openai.timeouts.connect=3s",
        "vectornode.providers.openai.max-response-bytes=1MB",
        "vectornode.models.fast.limits.rpm=500",
        "vectornode.models.fast.prices.input=0.2",
        "vectornode.models.fast.prices.output=0.8",
        "vectornode.budgets.daily.period=day",
        "vectornode.budgets.daily.limit=5",
        "vectornode.budgets.team.scope.tag.team=search",
        "vectornode.budgets.team.period=month",
        "vectornode.budgets.team.limit=20",
        "vectornode.resilience.max-attempts=2",
        "vectornode.resilience.circuit-breaker.open-duration=10s",
        "vectornode.logging.calls=false",
        "vectornode.default-model=chat",
        "vectornode.max-idle-connections=8").run(context -> {
          VectorNodeClient client = context.getBean(VectorNodeClient.class);
          Route chat = client.routes().get(0);
          assertThat(chat.strategy().name()).isEqualTo("WEIGHTED");
          assertThat(chat.targets()).extracting(t -> t.deployment() + ":" + t.weight())
              .containsExactly("fast:3", "big:1");
          assertThat(chat.hedging().delay()).hasSeconds(2);
          assertThat(client.budgets()).extracting(b -> b.budget().name() + " "
              + b.budget().scope() + " " + b.budget().limitUsd().toPlainString())
              .containsExactly("daily global 5", "team tag team=search 20");
          assertThat(client.deployments().stream().filter(d -> d.name().equals("fast"))
              .findFirst().orElseThrow().info().priceSource()).isEqualTo(
                  "config:" + ClientFactory.SOURCE);
          // The default model is the route: a request naming nothing goes through it.
          assertThat(client.plan(ChatRequest.builder().user("hi").build()))
              .containsExactlyInAnyOrder("fast", "big");
        });
  }

  @Test
  void configFile_clientAnswersAChat_withEnvReferencesFromSpringsEnvironment()
      throws IOException {
    Path config = Files.writeString(dir.resolve("vectornode.yaml"), """
        providers:
          openai: { apiKey: '${env:STUB_OPENAI_KEY}', baseUrl: %s }
        models:
          fast: { provider: openai, model: gpt-4o-mini }
        """.formatted(openai.baseUrl()));
    openai.enqueue(OpenAiStubs.chat("From the file."));
    runner.withPropertyValues("vectornode.config-file=" + config, "STUB_OPENAI_KEY=" + KEY)
        .run(context -> {
          VectorNodeClient client = context.getBean(VectorNodeClient.class);
          assertThat(client.chat("fast", "hi").text()).isEqualTo("From the file.");
          assertThat(openai.takeRequest().header("Authorization")).contains("Bearer " + KEY);
        });
  }

  @Test
  void classpathConfig_readOnce() {
    runner.withPropertyValues("vectornode.config-file=classpath:vectornode-fake.yaml")
        .run(context -> {
          VectorNodeClient client = context.getBean(VectorNodeClient.class);
          assertThat(client.chat("echo", "hello").text()).isEqualTo("fake reply");
          assertThatThrownBy(client::reload).isInstanceOf(UnsupportedOperationException.class);
        });
  }

  @Test
  void hotReload_fileChanged_routeChanges() throws IOException {
    String head = """
        providers:
          openai: { apiKey: %s, baseUrl: %s }
        models:
          fast: { provider: openai, model: gpt-4o-mini }
          big: { provider: openai, model: gpt-4o }
        """.formatted(KEY, openai.baseUrl());
    Path config = Files.writeString(dir.resolve("vectornode.yaml"),
        head + "routes:\n  chat: { targets: [fast] }\n");
    runner.withPropertyValues("vectornode.config-file=" + config).run(context -> {
      VectorNodeClient client = context.getBean(VectorNodeClient.class);
      assertThat(client.plan(ChatRequest.builder().task("chat").user("q").build()))
          .containsExactly("fast");

      Files.writeString(config, head + "routes:\n  chat: { targets: [big, fast] }\n");
      // The watcher applies a change after a quiet period; reload() is the same mechanism
      // applied now, so the test need not wait for the watcher.
      assertThat(client.reload()).isTrue();

      assertThat(client.generation()).isEqualTo(2);
      assertThat(client.plan(ChatRequest.builder().task("chat").user("q").build()))
          .containsExactly("big", "fast");
      openai.enqueue(OpenAiStubs.chat("from big"));
      client.chat(ChatRequest.builder().task("chat").user("q").build());
      assertThat(openai.takeRequest().body()).contains("\"model\":\"gpt-4o\"");
    });
  }

  @Test
  void reloadDisabled_clientDoesNotFollowTheFile() throws IOException {
    Path config = Files.writeString(dir.resolve("vectornode.yaml"),
        "providers: {a: {type: fake}}\nmodels: {m: {provider: a, model: x}}\n");
    runner.withPropertyValues("vectornode.config-file=" + config,
        "vectornode.reload.enabled=false").run(context ->
        assertThatThrownBy(context.getBean(VectorNodeClient.class)::reload)
            .isInstanceOf(UnsupportedOperationException.class));
  }

  @Test
  void noConfig_noClient() {
    runner.run(context -> assertThat(context).doesNotHaveBean(ModelClient.class));
  }

  @Test
  void disabled_noClient() {
    runner.withPropertyValues(properties()).withPropertyValues("vectornode.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(ModelClient.class));
  }

  @Test
  void usersModelClientBean_winsOverTheAutoConfiguredOne() {
    runner.withPropertyValues(properties())
        .withBean("mine", ModelClient.class, () -> io.vectornode.routing.VectorNode.builder()
            .provider(io.vectornode.spi.ProviderConfig.builder("fake").build())
            .model("m", "fake", "x").build())
        .run(context -> {
          assertThat(context).hasSingleBean(ModelClient.class);
          assertThat(context).hasBean("mine");
          assertThat(context).doesNotHaveBean("vectorNodeClient");
        });
  }

  @Test
  void listenerBeans_seeEveryCall() {
    openai.enqueue(OpenAiStubs.chat("ok"));
    RecordingModelCallListener recording = new RecordingModelCallListener();
    runner.withPropertyValues(properties())
        .withBean(RecordingModelCallListener.class, () -> recording)
        .run(context -> {
          context.getBean(VectorNodeClient.class).chat("fast", "hi");
          assertThat(recording.ends()).hasSize(1);
          assertThat(recording.singleEnd().attempts().get(0).deployment()).isEqualTo("fast");
        });
  }

  @Test
  void contextClosed_clientClosed() {
    VectorNodeClient[] client = new VectorNodeClient[1];
    runner.withPropertyValues(properties())
        .run(context -> client[0] = context.getBean(VectorNodeClient.class));
    Throwable t = catchThrowable(() -> client[0].chat("fast", "after close"));
    assertThat(t).hasMessageContaining("closed");
    assertThat(openai.requestCount()).isZero();
  }

  @Test
  void fileAndProperties_bothSet_startupFailsNamingTheProperty() throws IOException {
    Path config = Files.writeString(dir.resolve("vectornode.yaml"),
        "providers: {a: {type: fake}}\n");
    runner.withPropertyValues(properties())
        .withPropertyValues("vectornode.config-file=" + config).run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOf(ConfigurationException.class)
              .hasMessageStartingWith("vectornode.config-file: is set, and so are");
        });
  }

  @Test
  void badProperty_startupFailsNamingItsField() {
    runner.withPropertyValues(properties())
        .withPropertyValues("vectornode.routes.chat.strategy=sideways").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOf(ConfigurationException.class)
              .hasMessageContaining(ClientFactory.SOURCE + ": routes.chat.strategy")
              .hasMessageContaining("'sideways'");
        });
  }

  @Test
  void weightOfNoTarget_startupFailsNamingTheProperty() {
    runner.withPropertyValues(properties())
        .withPropertyValues("vectornode.routes.chat.weights.small=2").run(context ->
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageStartingWith("vectornode.routes.chat.weights.small: names no target"));
  }
}
