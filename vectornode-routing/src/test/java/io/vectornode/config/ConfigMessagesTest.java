package io.vectornode.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 3: every config error shows one {@code file:line:column:} location, the full
 * field path, the value when it was written literally (never what a reference resolved to), and
 * a hint; errors found after parsing (by the builders, or when the client is built) too.
 */
class ConfigMessagesTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @TempDir Path dir;
  private Path file;

  private String message(String yaml) throws IOException {
    return message(yaml, NO_ENV);
  }

  /** The message of the error loading and building the config, checked to be located once. */
  private String message(String yaml, Map<String, String> env) throws IOException {
    file = dir.resolve("f.yaml");
    Files.writeString(file, yaml);
    Throwable t = catchThrowable(() -> VectorNode.fromConfig(file, env::get).close());
    assertThat(t).isExactlyInstanceOf(ConfigurationException.class);
    Throwable viaCheck = catchThrowable(() -> ConfigCheck.of(file, env::get).close());
    assertThat(viaCheck).isInstanceOf(ConfigurationException.class)
        .hasMessage(t.getMessage());
    String m = t.getMessage();
    Matcher loc = Pattern.compile(Pattern.quote(file.toString()) + ":\\d+:\\d+: ").matcher(m);
    assertThat(loc.lookingAt()).as("starts with file:line:column: in %s", m).isTrue();
    assertThat(m.split(Pattern.quote(file.toString()), -1)).as("one location in %s", m)
        .hasSize(2);
    return m.substring(file.toString().length());
  }

  @Test
  void unsetEnvApiKey_oneLocationFullPathAndHint() throws IOException {
    assertThat(message("""
        providers:
          openai:
            apiKey: ${env:OPENAI_API_KEY}
        """)).isEqualTo(":3:5: providers.openai.apiKey: ${env:OPENAI_API_KEY} is not set;"
            + " set environment variable OPENAI_API_KEY or write the key in the file");
  }

  @Test
  void unsetEnvInAnotherField_hintSaysValue() throws IOException {
    assertThat(message("""
        providers:
          local:
            type: openai-compatible
            baseUrl: ${env:LOCAL_URL}
        """)).isEqualTo(":4:5: providers.local.baseUrl: ${env:LOCAL_URL} is not set;"
            + " set environment variable LOCAL_URL or write the value in the file");
  }

  @Test
  void apiKeyOfWrongType_oneLocationAndHint() throws IOException {
    assertThat(message("""
        providers:
          openai:
            apiKey: [sk-one, sk-two]
        """)).isEqualTo(":3:5: providers.openai.apiKey: must be one value, not a list;"
            + " for several keys use apiKeys: [...]");
  }

  @Test
  void negativeKeyLimit_locatedAtTheKey() throws IOException {
    assertThat(message("""
        providers:
          openai:
            apiKeys:
              - {key: sk-one-0123456789, requestsPerMinute: 60}
              - {key: sk-two-0123456789, tokensPerMinute: -5}
        """)).isEqualTo(":5:34: providers.openai.apiKeys[1].tokensPerMinute: must not be"
            + " negative, was -5");
  }

  @Test
  void stateWithoutItsModule_namesTheModuleToAdd() throws IOException {
    assertThat(message("""
        providers:
          openai:
            apiKey: sk-one-0123456789
        state:
          redis:
            uri: redis://127.0.0.1:6379
        """)).startsWith(":5:3: state.redis: no module on the classpath provides a 'redis'"
            + " store (add io.vectornode:vectornode-redis)");
  }

  @Test
  void missingApiKey_locatedAtTheProvider() throws IOException {
    assertThat(message("""
        providers:
          openai:
            defaultModel: gpt-4o-mini
        """)).isEqualTo(":2:3: providers.openai.apiKey: required by provider type 'openai';"
            + " add apiKey: ${env:OPENAI_API_KEY} and set OPENAI_API_KEY, or write the key in"
            + " the file");
  }

  @Test
  void missingBaseUrl_locatedAtTheProvider() throws IOException {
    assertThat(message("""
        providers:
          local:
            type: openai-compatible
        """)).isEqualTo(":2:3: providers.local.baseUrl: required by provider type"
            + " 'openai-compatible', for example http://127.0.0.1:8000/v1");
  }

  @Test
  void unknownProviderType_fullPathValueAndKnownTypes() throws IOException {
    String m = message("""
        providers:
          a:
            type: opena
        """);
    assertThat(m).startsWith(":3:5: providers.a.type: unknown provider type 'opena'; did you"
        + " mean 'openai'? known types: [").contains("anthropic").contains("openai-compatible");
  }

  @Test
  void unknownProviderReference_fullPathValueAndKnownProviders() throws IOException {
    assertThat(message("""
        providers:
          local: {type: fake}
          other: {type: fake}
        models:
          m:
            provider: locl
            model: x
        """)).isEqualTo(":6:5: models.m.provider: unknown provider 'locl'; did you mean"
            + " 'local'? known providers: [local, other]");
  }

  @Test
  void negativeRpm_isAConfigErrorNotACrash() throws IOException {
    assertThat(message("""
        providers:
          local: {type: fake}
        models:
          m:
            provider: local
            model: x
            limits:
              rpm: -5
        """)).isEqualTo(":8:7: models.m.limits.rpm: must be >= 0 (0 means no limit), was -5");
  }

  @Test
  void negativeTpmAndMaxConcurrent_nameTheirField() throws IOException {
    assertThat(message("providers: {local: {type: fake}}\n"
        + "models: {m: {provider: local, model: x, limits: {tpm: -1}}}\n"))
        .isEqualTo(":2:50: models.m.limits.tpm: must be >= 0 (0 means no limit), was -1");
    assertThat(message("providers: {local: {type: fake}}\n"
        + "models: {m: {provider: local, model: x, limits: {maxConcurrent: -2}}}\n"))
        .isEqualTo(":2:50: models.m.limits.maxConcurrent: must be >= 0 (0 means no limit),"
            + " was -2");
  }

  @Test
  void rpmTooLarge_isAConfigError() throws IOException {
    assertThat(message("providers: {local: {type: fake}}\n"
        + "models: {m: {provider: local, model: x, limits: {rpm: 3000000000}}}\n"))
        .isEqualTo(":2:50: models.m.limits.rpm: must be at most 2147483647, was 3000000000");
  }

  @Test
  void negativeRpmFromAReference_showsTheReferenceNotTheValue() throws IOException {
    assertThat(message("""
        providers:
          local: {type: fake}
        models:
          m:
            provider: local
            model: x
            limits:
              rpm: ${env:RPM}
        """, Map.of("RPM", "-5")))
        .isEqualTo(":8:7: models.m.limits.rpm: must be >= 0 (0 means no limit),"
            + " was ${env:RPM}");
  }

  @Test
  void unknownRouteTarget_foundWhenBuilding_isLocated() throws IOException {
    assertThat(message("""
        providers:
          local: {type: fake}
        models:
          m: {provider: local, model: x}
        routes:
          r:
            targets: [m, nope]
        """)).startsWith(":7:5: routes.r.targets: names model 'nope', which is not"
            + " configured; models: [m]");
  }

  @Test
  void zoneInsideABudget_oneLocation() throws IOException {
    assertThat(message("""
        providers:
          local: {type: fake}
        budgets:
          b: {period: day, limit: 5, zone: Mars/Olympus}
        """)).isEqualTo(":4:30: budgets.b.zone: is not a time zone, was 'Mars/Olympus'"
            + " (for example Europe/Paris or UTC)");
  }

  @Test
  void resilienceBuilderError_namesTheFieldAsWrittenInTheFile() throws IOException {
    assertThat(message("""
        providers:
          local: {type: fake}
        resilience:
          circuitBreaker:
            window: 0
        """)).isEqualTo(":5:5: resilience.circuitBreaker.window: must be at least 1 call, was 0");
  }

  @Test
  void overrideOfAModel_badPrice_isLocatedAtThePrice() throws IOException {
    assertThat(message("""
        providers:
          local: {type: fake}
        models:
          m:
            provider: local
            model: x
            contextWindow: 1000
            maxOutputTokens: 100
            capabilities: []
            prices: {input: cheap, output: 1}
        """)).isEqualTo(":10:14: models.m.prices.input: must be a number, was 'cheap'");
  }
}
