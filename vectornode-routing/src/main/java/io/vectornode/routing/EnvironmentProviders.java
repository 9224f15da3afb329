package io.vectornode.routing;

import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The provider instances {@link VectorNode#fromEnvironment()} makes from key variables. */
final class EnvironmentProviders {
  /**
   * A provider instance made from the environment: instance name, provider type, key variable,
   * and the variable holding a base URL (null when the type needs none).
   */
  private record EnvProvider(String name, String type, String keyVariable,
      @Nullable String baseUrlVariable) {}

  private static final List<EnvProvider> ENV_PROVIDERS = List.of(
      new EnvProvider("openai", "openai", "OPENAI_API_KEY", "OPENAI_BASE_URL"),
      new EnvProvider("anthropic", "anthropic", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"),
      new EnvProvider("gemini", "gemini", "GEMINI_API_KEY", null),
      new EnvProvider("azure", "azure-openai", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"),
      new EnvProvider("groq", "groq", "GROQ_API_KEY", null),
      new EnvProvider("mistral", "mistral", "MISTRAL_API_KEY", null),
      new EnvProvider("deepseek", "deepseek", "DEEPSEEK_API_KEY", null),
      new EnvProvider("together", "together", "TOGETHER_API_KEY", null),
      new EnvProvider("fireworks", "fireworks", "FIREWORKS_API_KEY", null),
      new EnvProvider("openrouter", "openrouter", "OPENROUTER_API_KEY", null),
      new EnvProvider("xai", "xai", "XAI_API_KEY", null));

  private EnvironmentProviders() {}

  /**
   * A builder holding one provider per key found.
   *
   * @param env the environment: a variable's value, or null when unset
   * @throws ConfigurationException when no key is set, naming the variables looked for
   */
  static VectorNode.Builder builder(Function<String, @Nullable String> env) {
    VectorNode.Builder b = VectorNode.builder();
    List<String> looked = new ArrayList<>();
    boolean found = false;
    for (EnvProvider p : ENV_PROVIDERS) {
      looked.add(p.keyVariable());
      String key = env.apply(p.keyVariable());
      if (key == null && p.type().equals("gemini")) {
        key = env.apply("GOOGLE_API_KEY");
      }
      if (key == null || key.isBlank()) {
        continue;
      }
      ProviderConfig.Builder c = ProviderConfig.builder(p.name()).type(p.type()).apiKey(key);
      String base = p.baseUrlVariable() == null ? null : env.apply(p.baseUrlVariable());
      if (base != null && !base.isBlank()) {
        c.baseUrl(base);
      } else if (p.type().equals("azure-openai")) {
        continue; // Azure has no default endpoint; without one the key cannot be used
      }
      b.provider(c.build());
      found = true;
    }
    found |= bedrock(env, b, looked);
    found |= vertex(env, b, looked);
    if (!found) {
      throw new ConfigurationException("environment",
          "no provider key found; set one of " + looked + " or use VectorNode.fromConfig");
    }
    return b;
  }

  /**
   * Amazon Bedrock from a Bedrock API key ({@code AWS_BEARER_TOKEN_BEDROCK}) and a region
   * ({@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}); without a region the key is not used.
   * Access keys and roles are not looked at here: a config names a {@code bedrock} provider for
   * them, so that AWS credentials on a machine never turn into model calls by surprise.
   */
  private static boolean bedrock(Function<String, @Nullable String> env, VectorNode.Builder b,
      List<String> looked) {
    looked.add("AWS_BEARER_TOKEN_BEDROCK (with AWS_REGION)");
    String key = env.apply("AWS_BEARER_TOKEN_BEDROCK");
    String region = env.apply("AWS_REGION");
    if (region == null || region.isBlank()) {
      region = env.apply("AWS_DEFAULT_REGION");
    }
    if (key == null || key.isBlank() || region == null || region.isBlank()) {
      return false;
    }
    b.provider(ProviderConfig.builder("bedrock").type("bedrock").apiKey(key)
        .option("region", region.strip()).build());
    return true;
  }

  /**
   * Gemini and Claude on Vertex AI when a project ({@code GOOGLE_CLOUD_PROJECT}) and a key file
   * ({@code GOOGLE_APPLICATION_CREDENTIALS}) are both set; the location is {@code
   * GOOGLE_CLOUD_LOCATION}, else {@code global}.
   */
  private static boolean vertex(Function<String, @Nullable String> env, VectorNode.Builder b,
      List<String> looked) {
    looked.add("GOOGLE_CLOUD_PROJECT with GOOGLE_APPLICATION_CREDENTIALS");
    String project = env.apply("GOOGLE_CLOUD_PROJECT");
    String file = env.apply("GOOGLE_APPLICATION_CREDENTIALS");
    if (project == null || project.isBlank() || file == null || file.isBlank()) {
      return false;
    }
    String location = env.apply("GOOGLE_CLOUD_LOCATION");
    b.provider(ProviderConfig.builder("vertex").type("vertex-ai")
        .option("project", project.strip())
        .option("location", location == null || location.isBlank() ? "global" : location.strip())
        .option("credentialsFile", file.strip()).build());
    return true;
  }
}
