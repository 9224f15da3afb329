package io.vectornode.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.Cost;
import io.vectornode.Usage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The {@code vertex-ai} rows: found by Vertex's own ids ({@code @date}) and priced. */
class VertexCatalogTest {
  private final ModelCatalog catalog = ModelCatalog.bundled();

  @Test
  void claudeOnVertex_isFoundByItsAtDateId_andByItsBaseName() {
    ModelInfo dated = catalog.find("vertex-ai", "claude-sonnet-4-5@20250929").orElseThrow();
    assertThat(catalog.find("vertex-ai", "claude-sonnet-4-5")).contains(dated);
    assertThat(dated.prices().input()).isEqualByComparingTo("3");
    assertThat(dated.prices().cacheWrite()).isEqualByComparingTo("3.75");
    assertThat(catalog.find("vertex-ai", "claude-3-5-haiku@20241022").orElseThrow()
        .prices().output()).isEqualByComparingTo("5");
  }

  @Test
  void geminiOnVertex_isPricedFromTheVertexRows() {
    ModelInfo flash = catalog.find("vertex-ai", "gemini-2.5-flash").orElseThrow();
    Cost cost = Costs.of(Usage.of(1_000_000, 1_000_000), flash, catalog.version());
    assertThat(cost.usd()).hasValueSatisfying(
        usd -> assertThat(usd).isEqualByComparingTo(new BigDecimal("2.8")));
  }

  @Test
  void vertexRows_doNotAnswerForOtherProviderTypes() {
    assertThat(catalog.find("vertex-ai", "claude-sonnet-4-5-20250929")).isPresent(); // snapshot
    assertThat(catalog.find("anthropic", "claude-sonnet-4-5@20250929")).isEmpty();
    assertThat(catalog.find("vertex-ai", "gpt-4o")).isEmpty();
  }
}
