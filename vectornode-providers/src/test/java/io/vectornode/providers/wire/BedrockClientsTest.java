package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.error.ConfigurationException;
import io.vectornode.providers.bedrock.AwsCredentials;
import io.vectornode.providers.bedrock.AwsCredentialsSource;
import io.vectornode.providers.bedrock.AwsCredentialsSourceFactory;
import io.vectornode.spi.ProviderConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Where a bedrock instance gets its region, endpoint and credentials, and what it refuses. */
class BedrockClientsTest {
  private final Map<String, String> env = new HashMap<>();
  private List<AwsCredentialsSourceFactory> chains = List.of();

  private static final class Chain implements AwsCredentialsSourceFactory {
    @Override
    public String id() {
      return "test-chain";
    }

    @Override
    public AwsCredentialsSource create(ProviderConfig config) {
      return () -> AwsCredentials.of("ASIACHAIN0000000", io.vectornode.Secret.of("chain-secret"),
          null);
    }
  }

  private BedrockSettings settings(ProviderConfig.Builder b) {
    Supplier<List<AwsCredentialsSourceFactory>> f = () -> chains;
    return BedrockClients.settings(b.build(), env::get, f);
  }

  private static ProviderConfig.Builder config() {
    return ProviderConfig.builder("bedrock").option("region", "us-east-1");
  }

  private String auth(ProviderConfig.Builder b) {
    return settings(b).auth().description();
  }

  @Test
  void credentials_areLookedForInTheDocumentedOrder() {
    env.put("AWS_BEARER_TOKEN_BEDROCK", "env-bedrock-api-key-0001");
    env.put("AWS_ACCESS_KEY_ID", "AKIAENV000000000");
    env.put("AWS_SECRET_ACCESS_KEY", "env-secret-0000000000");
    chains = List.of(new Chain());
    ProviderConfig.Builder withStatic = config().option("accessKeyId", "AKIASTATIC000000")
        .option("secretAccessKey", "static-secret-000000");
    assertThat(auth(withStatic.apiKey("config-api-key-00001"))).isEqualTo("api key");
    assertThat(auth(config().option("accessKeyId", "AKIASTATIC000000")
        .option("secretAccessKey", "static-secret-000000"))).isEqualTo("static credentials");
    assertThat(auth(config())).isEqualTo("api key"); // AWS_BEARER_TOKEN_BEDROCK
    env.remove("AWS_BEARER_TOKEN_BEDROCK");
    assertThat(auth(config())).isEqualTo("test-chain");
    chains = List.of();
    assertThat(auth(config())).isEqualTo("environment");
    env.clear();
    assertThatThrownBy(() -> settings(config()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.bedrock.apiKey")
        .hasMessageContaining("AWS_BEARER_TOKEN_BEDROCK")
        .hasMessageContaining("vectornode-bedrock");
  }

  @Test
  void credentialsOption_pinsOneKind() {
    env.put("AWS_ACCESS_KEY_ID", "AKIAENV000000000");
    env.put("AWS_SECRET_ACCESS_KEY", "env-secret-0000000000");
    chains = List.of(new Chain());
    assertThat(auth(config().apiKey("config-api-key-00001").option("credentials", "env")))
        .isEqualTo("environment");
    assertThat(auth(config().option("credentials", "chain"))).isEqualTo("test-chain");
    chains = List.of();
    assertThatThrownBy(() -> settings(config().option("credentials", "chain")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.bedrock.options.credentials")
        .hasMessageContaining("no AWS credential chain");
    assertThatThrownBy(() -> settings(config().option("credentials", "magic")))
        .hasMessageContaining("must be apiKey, static, env or chain, was 'magic'");
    assertThatThrownBy(() -> settings(config().option("credentials", "static")))
        .hasMessageContaining("of kind 'static'");
  }

  @Test
  void region_comesFromTheOptionOrTheEnvironment_andIsChecked() {
    env.put("AWS_BEARER_TOKEN_BEDROCK", "env-bedrock-api-key-0001");
    assertThat(settings(config()).endpoint().toString())
        .isEqualTo("https://bedrock-runtime.us-east-1.amazonaws.com/");
    env.put("AWS_DEFAULT_REGION", "eu-west-3");
    assertThat(settings(ProviderConfig.builder("bedrock")).region()).isEqualTo("eu-west-3");
    env.put("AWS_REGION", "ap-southeast-2");
    BedrockSettings s = settings(ProviderConfig.builder("bedrock"));
    assertThat(s.region()).isEqualTo("ap-southeast-2");
    assertThat(s.endpoint().host()).isEqualTo("bedrock-runtime.ap-southeast-2.amazonaws.com");
    env.clear();
    env.put("AWS_BEARER_TOKEN_BEDROCK", "env-bedrock-api-key-0001");
    assertThatThrownBy(() -> settings(ProviderConfig.builder("bedrock")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.bedrock.options.region");
    assertThatThrownBy(() -> settings(ProviderConfig.builder("bedrock")
        .option("region", "https://evil.example/")))
        .hasMessageContaining("is not an AWS region name")
        .hasMessageContaining("https://evil.example/");
  }

  @Test
  void baseUrl_overridesTheEndpoint_butTheRegionStillSigns() {
    env.put("AWS_BEARER_TOKEN_BEDROCK", "env-bedrock-api-key-0001");
    BedrockSettings s = settings(config()
        .baseUrl("https://vpce-0abc.bedrock-runtime.us-east-1.vpce.amazonaws.com"));
    assertThat(s.endpoint().host())
        .isEqualTo("vpce-0abc.bedrock-runtime.us-east-1.vpce.amazonaws.com");
    assertThat(s.region()).isEqualTo("us-east-1");
  }

  @Test
  void badOptions_nameTheField() {
    env.put("AWS_BEARER_TOKEN_BEDROCK", "env-bedrock-api-key-0001");
    assertThatThrownBy(() -> settings(config().option("accessKeyId", "AKIA0000")))
        .hasMessageContaining("providers.bedrock.options.secretAccessKey")
        .hasMessageContaining("go together");
    assertThatThrownBy(() -> settings(config().option("regoin", "us-east-1")))
        .hasMessageContaining("providers.bedrock.options.regoin")
        .hasMessageContaining("unknown option");
    assertThatThrownBy(() -> settings(config().option("maxTokens", "-3")))
        .hasMessageContaining("options.maxTokens").hasMessageContaining("'-3'");
    assertThatThrownBy(() -> settings(config().option("cacheBreakpoints", "system,everything")))
        .hasMessageContaining("options.cacheBreakpoints").hasMessageContaining("'everything'");
  }

  @Test
  void settingsToString_namesTheAuthKind_neverASecret() {
    String s = settings(config().option("accessKeyId", "AKIASTATIC000000")
        .option("secretAccessKey", "static-secret-000000")
        .option("sessionToken", "static-session-token-0000")).toString();
    assertThat(s).contains("static credentials").contains("us-east-1")
        .doesNotContain("static-secret").doesNotContain("static-session")
        .doesNotContain("AKIASTATIC");
  }

  @Test
  void modelIds_becomeOneEscapedPathSegment() {
    env.put("AWS_BEARER_TOKEN_BEDROCK", "env-bedrock-api-key-0001");
    BedrockWire wire = new BedrockWire(settings(config()), java.time.Clock.systemUTC());
    assertThat(wire.url("meta.llama3-3-70b-instruct-v1:0", false).encodedPath())
        .isEqualTo("/model/meta.llama3-3-70b-instruct-v1%3A0/converse");
    assertThat(wire.url("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/"
        + "a1b2c3", true).encodedPath()).isEqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A"
            + "123456789012%3Aapplication-inference-profile%2Fa1b2c3/converse-stream");
    assertThat(wire.url("../../admin", false).encodedPath())
        .isEqualTo("/model/..%2F..%2Fadmin/converse");
  }

  @Test
  void settingsToString_neverShowsACredentialInTheEndpointUrl() {
    // A gateway may take its own credential in the URL (?key=): the redactor
    // treats those as secrets, so toString must not print them.
    String canary = "gw-canary-secret-7f3a9c";
    BedrockSettings s = settings(config().apiKey("bedrock-api-key-0000001")
        .baseUrl("https://gateway.example.com/bedrock?key=" + canary));
    assertThat(s.endpoint().toString()).contains(canary); // it is still used on the wire
    assertThat(s.toString()).doesNotContain(canary).contains("gateway.example.com");
  }

  @Test
  void blankStaticCredentials_areConfigurationErrorsNamingTheField() {
    // ${env:...} of an unset variable gives an empty string: a config error, not an
    // IllegalArgumentException from deep inside.
    assertThatThrownBy(() -> settings(config().option("accessKeyId", " ")
        .option("secretAccessKey", "static-secret-000000")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("providers.bedrock.options.accessKeyId:");
    assertThatThrownBy(() -> settings(config().option("accessKeyId", "AKIASTATIC000000")
        .option("secretAccessKey", "")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("providers.bedrock.options.secretAccessKey:");
    assertThatThrownBy(() -> settings(config().option("accessKeyId", "AKIASTATIC000000")
        .option("secretAccessKey", "static-secret-000000").option("sessionToken", " ")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("providers.bedrock.options.sessionToken:");
  }
}
