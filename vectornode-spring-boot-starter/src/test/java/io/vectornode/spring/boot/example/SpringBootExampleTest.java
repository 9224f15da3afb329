package io.vectornode.spring.boot.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.spring.boot.VectorNodeProperties;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application, run on a real web server (loopback, random port) with its own
 * {@code example.yml}, a canary key and the OpenAI stub instead of OpenAI: a question answered
 * through the route, then what Actuator shows over HTTP (the {@code vectornode} endpoint, the
 * health of each deployment, the meters), none of it holding the key, nor any log line.
 */
@SpringBootTest(classes = ExampleApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=example", "server.address=127.0.0.1",
        // one attempt per deployment: the failure falls back at once, without a backoff
        "vectornode.resilience.max-attempts=1"})
class SpringBootExampleTest {
  static final String CANARY = "sk-canary-9d8c7b6a5f4e3d2c1b0a";
  static final ProviderStubServer OPENAI = ProviderStubServer.start();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void stub(DynamicPropertyRegistry registry) {
    registry.add("OPENAI_API_KEY", () -> CANARY);
    registry.add("vectornode.providers.openai.base-url", OPENAI::baseUrl);
  }

  @AfterAll
  static void stop() {
    OPENAI.close();
  }

  @LocalServerPort int port;
  @Autowired VectorNodeClient client;
  @Autowired VectorNodeProperties properties;

  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " -> " + r.body()).isIn(200, 503);
    return r.body();
  }

  @Test
  void example_answersThroughTheRoute_andActuatorShowsRoutesDeploymentsBudgetsHealthMeters()
      throws Exception {
    // The first deployment fails with a 500, the route falls back to the second.
    OPENAI.enqueue(OpenAiStubs.error(500, "server_error", null, "boom " + CANARY));
    OPENAI.enqueue(OpenAiStubs.chat("Paris."));
    assertThat(get("/ask?q=Capital+of+France")).isEqualTo("Paris.");
    assertThat(OPENAI.takeRequest().header("Authorization")).contains("Bearer " + CANARY);

    String endpoint = get("/actuator/vectornode");
    JsonNode v = JSON.readTree(endpoint);
    assertThat(v.at("/routes/chat/strategy").asText()).isEqualTo("fallback");
    assertThat(v.at("/routes/chat/targets/0/deployment").asText()).isEqualTo("fast");
    assertThat(v.at("/routes/chat/targets/1/deployment").asText()).isEqualTo("big");
    assertThat(v.at("/deployments/fast/model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(v.at("/deployments/big/status").asText()).isEqualTo("UP");
    assertThat(v.at("/deployments/big/keys/0/id").asText()).matches("key-[0-9a-f]{8}");
    assertThat(v.at("/deployments/big/keys/0/state").asText()).isEqualTo("ACTIVE");
    assertThat(v.at("/budgets/daily/limitUsd").decimalValue()).isEqualByComparingTo("5");
    assertThat(v.at("/budgets/daily/spentUsd").decimalValue()).isPositive();
    assertThat(v.at("/budgets/daily/remainingUsd").decimalValue())
        .isEqualByComparingTo(v.at("/budgets/daily/limitUsd").decimalValue()
            .subtract(v.at("/budgets/daily/spentUsd").decimalValue()));
    assertThat(v.at("/generation").asInt()).isEqualTo(1);

    String health = get("/actuator/health/vectornode");
    JsonNode h = JSON.readTree(health);
    assertThat(h.at("/status").asText()).isEqualTo("UP");
    assertThat(h.at("/components/fast/status").asText()).isEqualTo("UP");
    assertThat(h.at("/components/big/details/model").asText()).isEqualTo("gpt-4o");
    assertThat(h.at("/components/big/details/keys/0/state").asText()).isEqualTo("ACTIVE");

    JsonNode duration = JSON.readTree(get("/actuator/metrics/gen_ai.client.operation.duration"
        + "?tag=team:docs&tag=vectornode.deployment:big"));
    assertThat(duration.at("/measurements/0/value").asDouble()).isEqualTo(1.0);
    JsonNode fallbacks = JSON.readTree(get("/actuator/metrics/vectornode.client.fallbacks"));
    assertThat(fallbacks.at("/measurements/0/value").asDouble()).isEqualTo(1.0);

    String key = CANARY.substring(0, 14);
    assertThat(endpoint).doesNotContain(key);
    assertThat(health).doesNotContain(key);
    assertThat(get("/actuator/health")).doesNotContain(key);
    assertThat(properties.toString()).doesNotContain(key);
    assertThat(properties.getProviders().get("openai").toString()).doesNotContain(key);
    assertThat(LogCapture.text()).doesNotContain(key);
  }
}
