package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ModelClient;
import io.vectornode.Tool;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** Prices for models outside the catalog, and the $0 of local servers, from configs. */
class ConfigPricesTest {
  @TempDir Path dir;

  private ModelClient load(String yaml) throws IOException {
    Path f = dir.resolve("prices.yaml");
    Files.writeString(f, yaml);
    return VectorNode.fromConfig(f, name -> null);
  }

  @Test
  void fromConfig_onlyPricesForAnUnknownModel_loadsAndPricesTheCallUnderTheConfigsLabel()
      throws IOException {
    try (ProviderStubServer server = ProviderStubServer.start()) {
      server.enqueue(OpenAiStubs.chat("priced", 1_000_000, 500_000, 0, 0));
      String yaml = """
          providers:
            mine: { type: openai-compatible, baseUrl: '%s' }
          models:
            custom: { provider: mine, model: my-model, prices: { input: 1, output: 2 } }
          """.formatted(server.baseUrl());
      try (ModelClient c = load(yaml)) {
        ChatResponse r = c.chat("custom", "hi");
        assertThat(r.cost().usd()).hasValueSatisfying(v -> assertThat(v)
            .isEqualByComparingTo("2")); // 1 M in at $1 + 0.5 M out at $2
        assertThat(r.cost().catalogVersion()).isEqualTo("config:prices.yaml");
      }
    }
  }

  @Test
  void fromConfig_pricesOnly_filtersNothingOnTheUnknownFields() throws IOException {
    try (ProviderStubServer server = ProviderStubServer.start()) {
      server.enqueue(OpenAiStubs.chat("served"));
      String yaml = """
          providers:
            mine: { type: openai-compatible, baseUrl: '%s' }
          models:
            custom: { provider: mine, model: my-model, prices: { input: 1, output: 2 } }
          """.formatted(server.baseUrl());
      try (ModelClient c = load(yaml)) {
        // Tools and a huge output cap: an unknown capability set and window filter nothing.
        ChatRequest tools = ChatRequest.builder().model("custom").user("hi")
            .tool(Tool.of("lookup", "looks up", "{\"type\":\"object\"}"))
            .maxOutputTokens(5_000_000).build();
        assertThat(c.chat(tools).text()).isEqualTo("served");
      }
    }
  }

  @Test
  void fromConfig_catalogModelsPrices_areLabelledWithTheConfig() throws IOException {
    try (ProviderStubServer server = ProviderStubServer.start()) {
      server.enqueue(OpenAiStubs.chat("priced", 1_000_000, 0, 0, 0));
      String yaml = """
          providers:
            mine: { type: openai-compatible, baseUrl: '%s' }
          catalog:
            models:
              - { provider: openai-compatible, model: listed-model,
                  prices: { input: 3, output: 4 } }
          models:
            listed: { provider: mine, model: listed-model }
          """.formatted(server.baseUrl());
      try (ModelClient c = load(yaml)) {
        ChatResponse r = c.chat("listed", "hi");
        assertThat(r.cost().usd()).hasValueSatisfying(v -> assertThat(v)
            .isEqualByComparingTo("3"));
        assertThat(r.cost().catalogVersion()).isEqualTo("config:prices.yaml");
      }
    }
  }

  @Test
  void localPreset_unpricedModel_costsAKnownZeroLabelledLocal_withoutAWarning()
      throws IOException {
    try (ProviderStubServer server = ProviderStubServer.start()) {
      server.enqueue(OpenAiStubs.chat("local reply", 40, 10, 0, 0));
      String yaml = """
          providers:
            ollama: { baseUrl: '%s' }
          models:
            llama: { provider: ollama, model: llama-zero-cost-test }
          """.formatted(server.baseUrl());
      LogCapture.clear();
      try (ModelClient c = load(yaml)) {
        ChatResponse r = c.chat("llama", "hi");
        assertThat(r.cost().usd()).hasValueSatisfying(v -> assertThat(v)
            .isEqualByComparingTo("0"));
        assertThat(r.cost().catalogVersion()).isEqualTo(ModelCatalog.LOCAL_PRICES)
            .isEqualTo("local:free");
      }
      assertThat(LogCapture.lines()).filteredOn(l -> l.level() == Level.WARN
          && l.message().contains("llama-zero-cost-test")).isEmpty();
    }
  }

  @Test
  void localPreset_givenPrices_usesThemInsteadOfZero() throws IOException {
    try (ProviderStubServer server = ProviderStubServer.start()) {
      server.enqueue(OpenAiStubs.chat("gpu time", 1_000_000, 0, 0, 0));
      String yaml = """
          providers:
            gpu: { type: vllm, baseUrl: '%s' }
          models:
            big: { provider: gpu, model: qwen-72b, prices: { input: 0.5, output: 0.5 } }
          """.formatted(server.baseUrl());
      try (ModelClient c = load(yaml)) {
        ChatResponse r = c.chat("big", "hi");
        assertThat(r.cost().usd()).hasValueSatisfying(v -> assertThat(v)
            .isEqualByComparingTo("0.5"));
        assertThat(r.cost().catalogVersion()).isEqualTo("config:prices.yaml");
      }
    }
  }

  @Test
  void budget_pricedModelWithoutAnOutputCap_isLetThroughWithAWarning_notRefused()
      throws IOException {
    try (ProviderStubServer server = ProviderStubServer.start()) {
      server.enqueue(OpenAiStubs.chat("through"));
      String yaml = """
          providers:
            mine: { type: openai-compatible, baseUrl: '%s' }
          models:
            uncapped: { provider: mine, model: uncapped-model, prices: { input: 1, output: 2 } }
          budgets:
            all: { period: day, limit: 1 }
          """.formatted(server.baseUrl());
      LogCapture.clear();
      try (ModelClient c = load(yaml)) {
        assertThat(c.chat("uncapped", "hi").text()).isEqualTo("through");
      }
      assertThat(LogCapture.lines()).filteredOn(l -> l.level() == Level.WARN
          && l.message().contains("uncapped-model")
          && l.message().contains("neither the request nor the model sets a maximum output"))
          .hasSize(1);
    }
  }
}
