package io.vectornode.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.testproviders.EchoProvider;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {
  private final ProviderRegistry registry = ProviderRegistry.load();

  @Test
  void load_findsProviderRegisteredOnlyThroughServicesFile() {
    assertThat(registry.ids()).containsExactly("echo");
    assertThat(registry.provider("echo")).isInstanceOf(EchoProvider.class);
  }

  @Test
  void load_brokenProvidersAreSkippedNotFatal() {
    assertThat(registry.failures()).hasSize(3);
    assertThat(String.join("\n", registry.failures()))
        .contains("FailingConstructorProvider")
        .contains("ClassThatDoesNotExist")
        .contains("BadIdProvider");
  }

  @Test
  void provider_duplicateId_failsNamingBothClasses() {
    assertThatThrownBy(() -> registry.provider("dup"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("io.vectornode.spi.testproviders.DuplicateA")
        .hasMessageContaining("io.vectornode.spi.testproviders.DuplicateB");
  }

  @Test
  void provider_unknownId_failsListingTheIdsFound() {
    assertThatThrownBy(() -> registry.provider("anthropic"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'anthropic'")
        .hasMessageContaining("[echo]");
  }

  @Test
  void create_unknownType_failsBeforeAnythingIsBuilt() {
    assertThatThrownBy(() -> registry.create(
        ProviderConfig.builder("x").type("nope").build(), ProviderContext.create()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("type");
  }
}
