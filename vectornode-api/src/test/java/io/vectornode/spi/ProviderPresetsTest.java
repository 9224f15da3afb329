package io.vectornode.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.testproviders.DuplicateA;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link ModelProvider#presets()}: registered beside their provider, by the same rules. */
class ProviderPresetsTest {
  /** A provider with a fixed id, bringing the given providers as its presets: a family. */
  record Family(String id, List<ModelProvider> presets) implements ModelProvider {
    static Family of(String id, ModelProvider... presets) {
      return new Family(id, Arrays.asList(presets));
    }

    @Override
    public ModelClient create(ProviderConfig config, ProviderContext context) {
      throw new UnsupportedOperationException();
    }
  }

  /** A provider whose {@code presets()} throws. */
  static final class ThrowingPresets implements ModelProvider {
    @Override
    public String id() {
      return "throws-presets";
    }

    @Override
    public List<ModelProvider> presets() {
      throw new IllegalStateException("preset table broken");
    }

    @Override
    public ModelClient create(ProviderConfig config, ProviderContext context) {
      throw new UnsupportedOperationException();
    }
  }

  /** A preset whose {@code id()} throws. */
  static final class ThrowingId implements ModelProvider {
    @Override
    public String id() {
      throw new IllegalStateException("no id today");
    }

    @Override
    public ModelClient create(ProviderConfig config, ProviderContext context) {
      throw new UnsupportedOperationException();
    }
  }

  private static final String FAMILY = Family.class.getName();

  @Test
  void presets_areRegisteredBesideTheirProviderWithTheirOrigin() {
    Family a = Family.of("fam-a");
    Family b = Family.of("fam-b");
    ProviderRegistry r = ProviderRegistry.of(List.of(Family.of("fam", a, b)));

    assertThat(r.ids()).containsExactly("fam", "fam-a", "fam-b");
    assertThat(r.provider("fam-a")).isSameAs(a);
    assertThat(r.provider("fam-b")).isSameAs(b);
    assertThat(r.origin("fam")).isEqualTo(FAMILY);
    assertThat(r.origin("fam-a")).isEqualTo("preset of " + FAMILY);
    assertThat(r.failures()).isEmpty();
    assertThatThrownBy(() -> r.origin("nope")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void presetClaimingAnotherProvidersId_makesItUnusableNamingBoth_othersStayUsable() {
    ProviderRegistry r = ProviderRegistry.of(List.of(new DuplicateA(),
        Family.of("fam", Family.of("dup"), Family.of("fam-a"))));

    assertThat(r.ids()).containsExactly("fam", "fam-a");
    assertThatThrownBy(() -> r.provider("dup"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(DuplicateA.class.getName())
        .hasMessageContaining("preset of " + FAMILY);
  }

  @Test
  void presetClaimingItsOwnProvidersIdOrASiblings_isADuplicateToo() {
    ProviderRegistry r = ProviderRegistry.of(List.of(
        Family.of("fam", Family.of("fam"), Family.of("twin"), Family.of("twin"),
            Family.of("fam-a"))));

    assertThat(r.ids()).containsExactly("fam-a");
    assertThatThrownBy(() -> r.provider("fam")).hasMessageContaining("several providers");
    assertThatThrownBy(() -> r.provider("twin")).hasMessageContaining("preset of " + FAMILY);
  }

  @Test
  void presetsThatThrow_areSkippedAndListed_neverBreakingTheOthers() {
    ProviderRegistry r = ProviderRegistry.of(List.of(
        Family.of("before", Family.of("before-a")),
        new ThrowingPresets(),
        new Family("null-list", null),
        Family.of("after", Family.of("after-a"))));

    assertThat(r.ids()).containsExactly("after", "after-a", "before", "before-a", "null-list",
        "throws-presets");
    assertThat(r.failures()).hasSize(2);
    assertThat(r.failures().get(0)).contains(ThrowingPresets.class.getName())
        .contains("presets() threw").contains("preset table broken");
    assertThat(r.failures().get(1)).contains(FAMILY).contains("presets() returned null");
  }

  @Test
  void presetWithABadIdThrowingIdOrNull_isSkippedAndListed_itsSiblingsKept() {
    ProviderRegistry r = ProviderRegistry.of(List.of(Family.of("fam", Family.of("Bad Id/"),
        new ThrowingId(), null, Family.of("fam-a"))));

    assertThat(r.ids()).containsExactly("fam", "fam-a");
    assertThat(r.failures()).hasSize(3);
    assertThat(String.join("\n", r.failures()))
        .contains("preset of " + FAMILY + ": invalid id 'Bad Id/'")
        .contains("preset of " + FAMILY + ": id() threw")
        .contains("no id today")
        .contains("null at index 2");
  }

  @Test
  void providerWithABadId_stillBringsItsPresets() {
    ProviderRegistry r = ProviderRegistry.of(List.of(Family.of("Bad Id/", Family.of("fam-a"))));

    assertThat(r.ids()).containsExactly("fam-a");
    assertThat(r.failures()).singleElement().asString().contains("invalid id 'Bad Id/'");
  }

  @Test
  void presetsOfPresets_areIgnored() {
    ProviderRegistry r = ProviderRegistry.of(List.of(
        Family.of("fam", Family.of("child", Family.of("grandchild")))));

    assertThat(r.ids()).containsExactly("child", "fam");
    assertThat(r.failures()).isEmpty();
  }

  @Test
  void presetCount_isBounded_aLongerListIsRefusedAsAWhole() {
    ProviderRegistry full = ProviderRegistry.of(List.of(new Family("full", presets(
        ProviderRegistry.MAX_PRESETS))));
    assertThat(full.ids()).hasSize(ProviderRegistry.MAX_PRESETS + 1);

    ProviderRegistry over = ProviderRegistry.of(List.of(new Family("over", presets(
        ProviderRegistry.MAX_PRESETS + 1))));
    assertThat(over.ids()).containsExactly("over");
    assertThat(over.failures()).singleElement().asString()
        .contains("more than " + ProviderRegistry.MAX_PRESETS)
        .contains("none of its presets is registered");
  }

  @Test
  void presetCount_isBoundedEvenWhenSizeUnderstatesTheList() {
    List<ModelProvider> many = presets(ProviderRegistry.MAX_PRESETS + 5);
    List<ModelProvider> lying = new ArrayList<>(many) {
      @Override
      public int size() {
        return 1;
      }
    };
    ProviderRegistry r = ProviderRegistry.of(List.of(new Family("liar", lying)));
    assertThat(r.ids()).containsExactly("liar");
    assertThat(r.failures()).singleElement().asString().contains("yielded more than");
  }

  private static List<ModelProvider> presets(int n) {
    return IntStream.range(0, n).<ModelProvider>mapToObj(i -> Family.of("p-" + i)).toList();
  }
}
