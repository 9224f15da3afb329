package io.vectornode.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.ResponsesStubs;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The bundled catalog marks the OpenAI models that prefer the Responses API ({@code "api":
 * "responses"}); the {@code openai} provider, which cannot read the catalog (it lives in
 * vectornode-routing), decides the same for {@code options.api: auto}. This keeps the two in step:
 * every OpenAI model of the catalog goes, in auto mode, to the API the catalog names.
 */
class CatalogApiTest {
  @Test
  void autoMode_sendsEachCatalogModelToTheApiTheCatalogNames() throws Exception {
    JsonNode catalog;
    try (InputStream in = io.vectornode.catalog.ModelCatalog.class
        .getResourceAsStream("catalog.json")) {
      catalog = new ObjectMapper().readTree(in);
    }
    ProviderContext context = ProviderContext.create();
    int responses = 0;
    int checked = 0;
    try (ProviderStubServer server = ProviderStubServer.start();
        ModelClient client = ProviderRegistry.load().create(ProviderConfig.builder("openai")
            .apiKey("sk-test-catalog").baseUrl(server.baseUrl()).option("api", "auto").build(),
            context)) {
      for (JsonNode m : catalog.path("models")) {
        if (!m.path("provider").asText().equals("openai")) {
          continue;
        }
        boolean prefers = m.path("api").asText("chat").equals("responses");
        responses += prefers ? 1 : 0;
        server.enqueue(prefers ? ResponsesStubs.text("ok") : OpenAiStubs.chat("ok"));
        String model = m.path("model").asText();
        assertThat(client.chat(ChatRequest.builder().model(model).user("x").build()).text())
            .isEqualTo("ok");
        assertThat(server.takeRequest().path()).as(model)
            .isEqualTo(prefers ? "/v1/responses" : "/v1/chat/completions");
        checked++;
      }
    } finally {
      context.resources().close();
    }
    assertThat(checked).isGreaterThan(5);
    assertThat(responses).isPositive().isLessThan(checked);
  }
}
