package io.vectornode.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A canary key given as a property never shows: not in a startup failure (its stack trace and
 * failure analysis included), not in the endpoint, not in a log line, not in the properties'
 * {@code toString}.
 */
class StarterSecretsTest {
  static final String CANARY = "sk-canary-1f2e3d4c5b6a79880";
  static final String SHORT = CANARY.substring(0, 14);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorNodeAutoConfiguration.class,
          VectorNodeEndpointAutoConfiguration.class))
      .withPropertyValues("management.endpoints.web.exposure.include=vectornode");

  @BeforeEach
  void clear() {
    LogCapture.clear();
  }

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void keyThatCannotTravel_failureNamesThePropertyNotTheKey() {
    runner.withPropertyValues("vectornode.providers.openai.api-key=" + CANARY + "\u0007x",
        "vectornode.models.m.provider=openai", "vectornode.models.m.model=gpt-4o-mini")
        .run(context -> {
          Throwable failure = context.getStartupFailure();
          assertThat(failure).isNotNull();
          assertThat(failure).rootCause().isInstanceOf(ConfigurationException.class);
          assertThat(everything(failure)).contains("providers.openai.apiKey")
              .doesNotContain(SHORT);
          FailureAnalysis analysis = new VectorNodeFailureAnalyzer().analyze(failure);
          assertThat(analysis.getDescription()).startsWith("VectorNode's configuration is wrong")
              .doesNotContain(SHORT);
        });
    assertThat(LogCapture.text()).doesNotContain(SHORT);
  }

  @Test
  void keyPoolAndHeaders_wrongSetting_messageShowsThePropertyNotTheSecret() {
    // A header value is a secret too; a bad timeout beside it quotes only its own value.
    runner.withPropertyValues("vectornode.providers.openai.api-keys[0].key=" + CANARY,
        "vectornode.providers.openai.headers.X-Secret=" + CANARY,
        "vectornode.providers.openai.options.maxTokensField=" + CANARY)
        .run(context -> {
          Throwable failure = context.getStartupFailure();
          assertThat(failure).isNotNull();
          assertThat(everything(failure)).doesNotContain(SHORT);
        });
    assertThat(LogCapture.text()).doesNotContain(SHORT);
  }

  @Test
  void endpointLogsAndProperties_neverShowTheKey_evenWhenTheServerEchoesIt() throws Exception {
    try (ProviderStubServer openai = ProviderStubServer.start()) {
      openai.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
          "Incorrect API key provided: " + CANARY));
      runner.withPropertyValues("vectornode.providers.openai.api-key=" + CANARY,
          "vectornode.providers.openai.base-url=" + openai.baseUrl(),
          "vectornode.models.m.provider=openai", "vectornode.models.m.model=gpt-4o-mini",
          "vectornode.budgets.b.limit=1", "vectornode.budgets.b.period=day")
          .run(context -> {
            VectorNodeClient client = context.getBean(VectorNodeClient.class);
            Throwable callFailure = org.assertj.core.api.Assertions.catchThrowable(() ->
                client.chat("m", "hi"));
            assertThat(callFailure).isNotNull();
            assertThat(everything(callFailure)).doesNotContain(SHORT);
            String json = new ObjectMapper().writeValueAsString(
                context.getBean(VectorNodeEndpoint.class).describe());
            assertThat(json).contains("\"DISABLED\"").doesNotContain(SHORT);
            assertThat(context.getBean(VectorNodeProperties.class).toString())
                .doesNotContain(SHORT);
          });
    }
    assertThat(LogCapture.text()).contains("401").doesNotContain(SHORT);
  }
}
