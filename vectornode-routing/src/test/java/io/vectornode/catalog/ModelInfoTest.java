package io.vectornode.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.Cost;
import io.vectornode.Usage;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelInfoTest {
  @Test
  void builder_onlyPrices_hasUnknownLimitsAndEveryCapability() {
    ModelInfo info = ModelInfo.builder("openai-compatible", "my-model")
        .prices(Prices.of("0.1", "0.4")).build();
    assertThat(info.contextWindow()).isEqualTo(ModelInfo.UNKNOWN);
    assertThat(info.maxOutputTokens()).isEqualTo(ModelInfo.UNKNOWN);
    assertThat(info.capabilities()).isEqualTo(EnumSet.allOf(Capability.class));
    assertThat(info.aliases()).isEmpty();
    assertThat(info.prices()).isEqualTo(Prices.of("0.1", "0.4"));
    assertThat(info.priceSource()).isNull();
  }

  @Test
  void builder_everyField_matchesTheConstructor() {
    ModelInfo built = ModelInfo.builder("p", "m").aliases("m-1").contextWindow(8192)
        .maxOutputTokens(1024).capabilities(Capability.TOOLS).prices(Prices.of("1", "2"))
        .build();
    assertThat(built).isEqualTo(new ModelInfo("p", "m", List.of("m-1"), 8192, 1024,
        EnumSet.of(Capability.TOOLS), Prices.of("1", "2")));
    assertThat(built.toBuilder().build()).isEqualTo(built);
    assertThat(ModelInfo.builder("p", "m").capabilities().build().capabilities()).isEmpty();
  }

  @Test
  void builder_nonPositiveLimitOrBlankLabel_isRefused() {
    assertThatThrownBy(() -> ModelInfo.builder("p", "m").contextWindow(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p/m");
    assertThatThrownBy(() -> ModelInfo.builder("p", "m").priceSource(" ").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priceSource");
  }

  @Test
  void costsOf_modelWithPriceSource_recordsItInsteadOfTheCatalogVersion() {
    ModelInfo info = ModelInfo.builder("p", "m").prices(Prices.of("1", "1"))
        .priceSource("config:app.yaml").build();
    Cost c = Costs.of(Usage.of(1_000_000, 0), info, "litellm-2026-07-24");
    assertThat(c.catalogVersion()).isEqualTo("config:app.yaml");
    Cost plain = Costs.of(Usage.of(1_000_000, 0), info.toBuilder().priceSource(null).build(),
        "litellm-2026-07-24");
    assertThat(plain.catalogVersion()).isEqualTo("litellm-2026-07-24");
  }

  @Test
  void find_localPresetModel_isFreeUnderTheLocalLabel_unlessListed() {
    ModelInfo free = ModelCatalog.bundled().find("ollama", "llama3.2").orElseThrow();
    assertThat(free.prices()).isEqualTo(Prices.of("0", "0"));
    assertThat(free.priceSource()).isEqualTo(ModelCatalog.LOCAL_PRICES);
    assertThat(free.contextWindow()).isEqualTo(ModelInfo.UNKNOWN);
    ModelInfo listed = ModelInfo.builder("lmstudio", "paid").prices(Prices.of("1", "1")).build();
    assertThat(ModelCatalog.empty().with(listed).find("lmstudio", "paid")).contains(listed);
    assertThat(ModelCatalog.empty().find("openai-compatible", "llama3.2")).isEmpty();
  }
}
