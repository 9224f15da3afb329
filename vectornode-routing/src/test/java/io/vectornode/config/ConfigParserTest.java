package io.vectornode.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vectornode.error.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bounded config parser, its locating pass, and the restoring of references. */
class ConfigParserTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void parse_anyConfigWithoutAliases_buildsTheTreeReadTreeBuilds() throws Exception {
    String scalars = """
        s: text
        q: 'quoted: yes'
        i: 42
        l: 12345678901
        big: 123456789012345678901234567890
        hex: 0x1F
        f: 1.5
        e: 2.5e-3
        t: true
        y: yes
        n: null
        tilde: ~
        empty:
        bin: !!binary aGVsbG8=
        list: [1, two, {three: 3}, [4]]
        dup: first
        dup: second
        ---
        second: document
        """;
    String example = Files.readString(Path.of("../vectornode-examples/config/"
        + "vectornode.example.yaml"));
    for (String text : new String[] {scalars, example, "{\"json\": [1, 2.5, \"x\", null]}",
        "just a scalar", "[1, 2]", "", "# only a comment\n"}) {
      var expected = YAML.readTree(text);
      var actual = ConfigParser.parse("f.yaml", text);
      if (expected.isMissingNode()) {
        assertThat(actual).as(text).isNull();
      } else {
        assertThat(actual).as(text).isEqualTo(expected);
      }
    }
  }

  @Test
  void parse_nesting_64LevelsAccepted_65Refused() {
    assertThat(ConfigParser.parse("f.yaml", "[".repeat(64) + "]".repeat(64))).isNotNull();
    assertThatThrownBy(() -> ConfigParser.parse("f.yaml", "[".repeat(65) + "]".repeat(65)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("f.yaml:1:65: nests deeper than 64 levels, the limit for a config");
  }

  @Test
  void parse_syntaxError_namesLineAndColumn() {
    assertThatThrownBy(() -> ConfigParser.parse("f.yaml", "a:\n  b: [1, 2\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("f.yaml: is not valid YAML or JSON at line 2, column 11");
  }

  @Test
  void locate_findsFieldsAndListElements_orTheNearestEnclosingField() {
    String text = """
        providers:
          openai: {apiKey: k, timeouts: {read: soon}}
        routes:
          r:
            targets: [a, {model: b, weight: 2}]
        """;
    JsonLocation read = ConfigParser.locate(text, "providers.openai.timeouts.read");
    assertThat(read.getLineNr()).isEqualTo(2);
    assertThat(read.getColumnNr()).isEqualTo(34);
    JsonLocation second = ConfigParser.locate(text, "routes.r.targets[1]");
    assertThat(second.getLineNr()).isEqualTo(5);
    assertThat(second.getColumnNr()).isEqualTo(18);
    JsonLocation weight = ConfigParser.locate(text, "routes.r.targets[1].weight");
    assertThat(weight.getColumnNr()).isEqualTo(29);
    JsonLocation missing = ConfigParser.locate(text, "routes.r.targets[2]");
    assertThat(missing.getLineNr() + ":" + missing.getColumnNr()).isEqualTo("5:5");
    assertThat(ConfigParser.locate(text, "providers.anthropic.apiKey").getLineNr()).isEqualTo(1);
    assertThat(ConfigParser.locate(text, "providers.open").getLineNr())
        .as("a prefix of a name is not its parent").isEqualTo(1);
    assertThat(ConfigParser.locate(text, "budgets.b")).isNull();
  }

  @Test
  void locate_fieldAfterManyValues_isFoundWithoutAMapOfEveryField() {
    // 200k list elements, then the field: one pass that builds paths only toward the target.
    StringBuilder sb = new StringBuilder("big: [");
    for (int i = 0; i < 200_000; i++) {
      sb.append(i == 0 ? "" : ",").append('1');
    }
    sb.append("]\nlast: here\n");
    JsonLocation at = ConfigParser.locate(sb.toString(), "last");
    assertThat(at.getLineNr()).isEqualTo(2);
  }

  @Test
  void restore_replacesResolvedValuesWithTheReference_longestFirst() {
    ResolvedReferences refs = new ResolvedReferences();
    refs.add("secret-host-name", "${env:HOST}");
    refs.add("https://secret-host-name/v1", "https://${env:HOST}/v1");
    assertThat(refs.restore("was 'https://secret-host-name/v1'"))
        .isEqualTo("was 'https://${env:HOST}/v1'");
    assertThat(refs.restore("Illegal character in secret-host-name"))
        .isEqualTo("Illegal character in ${env:HOST}");
  }

  @Test
  void restore_shortValue_onlyWhereItStandsAlone_longValue_anywhere() {
    ResolvedReferences refs = new ResolvedReferences();
    refs.add("0", "${env:IDLE}");
    refs.add("abcdefgh12", "${file:k}");
    assertThat(refs.restore("must be between 1 and 100000, was 0"))
        .isEqualTo("must be between 1 and 100000, was ${env:IDLE}");
    assertThat(refs.restore("xxabcdefgh12yy")).isEqualTo("xx${file:k}yy");
  }

  @Test
  void restore_longMessage_isCut() {
    String cut = new ResolvedReferences().restore("x".repeat(5000));
    assertThat(cut).hasSizeLessThan(2100).endsWith("(5000 characters in all)");
  }

  @Test
  void scrub_exceptionWhoseCauseShowsAValue_isReplacedWithoutTheCause() {
    ResolvedReferences refs = new ResolvedReferences();
    refs.add("sk-secret-value-123", "${env:K}");
    RuntimeException clean = new IllegalStateException("nothing to hide");
    assertThat(refs.scrub(clean, "f.yaml")).isSameAs(clean);
    RuntimeException leaky = new ConfigurationException("providers.a.baseUrl", "bad URL",
        new java.net.URISyntaxException("sk-secret-value-123", "Illegal character"));
    RuntimeException scrubbed = refs.scrub(leaky, "f.yaml");
    assertThat(scrubbed).isInstanceOf(ConfigurationException.class).hasNoCause()
        .hasMessage("providers.a.baseUrl: bad URL");
    RuntimeException other = new IllegalArgumentException("no such zone sk-secret-value-123");
    assertThat(refs.scrub(other, "f.yaml")).isInstanceOf(ConfigurationException.class)
        .hasMessage("f.yaml: IllegalArgumentException: no such zone ${env:K}");
  }
}
