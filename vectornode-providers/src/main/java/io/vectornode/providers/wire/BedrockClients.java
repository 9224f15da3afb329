package io.vectornode.providers.wire;

import io.vectornode.ModelClient;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.providers.bedrock.AwsCredentials;
import io.vectornode.providers.bedrock.AwsCredentialsSource;
import io.vectornode.providers.bedrock.AwsCredentialsSourceFactory;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Bedrock Converse clients from a provider config: the region, the endpoint, and the
 * credentials, looked for in this order (the first found wins):
 *
 * <ol>
 *   <li>the config's {@code apiKey}: a Bedrock API key, sent as a bearer token;
 *   <li>the options {@code accessKeyId} + {@code secretAccessKey} (+ {@code sessionToken});
 *   <li>{@code AWS_BEARER_TOKEN_BEDROCK} in the environment (a Bedrock API key);
 *   <li>an {@link AwsCredentialsSourceFactory} on the class path ({@code vectornode-bedrock}:
 *       the AWS SDK's default chain, which reads the environment too);
 *   <li>{@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN}).
 * </ol>
 *
 * <p>The option {@code credentials} pins one: {@code apiKey}, {@code static}, {@code env} or
 * {@code chain}.
 */
final class BedrockClients {
  private static final Logger LOG = LoggerFactory.getLogger(BedrockClients.class);
  private static final Set<String> OPTIONS = Set.of("region", "accessKeyId", "secretAccessKey",
      "sessionToken", "profile", "credentials", "maxTokens", "cacheBreakpoints");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  private BedrockClients() {}

  static ModelClient create(ProviderConfig config, ProviderContext context) {
    return create(config, context, System::getenv, BedrockClients::factories);
  }

  /**
   * Creates a client.
   *
   * @param config the instance's config
   * @param context the shared context
   * @param env the environment (injected by tests)
   * @param factories the credential chains on the class path (injected by tests)
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  static ModelClient create(ProviderConfig config, ProviderContext context,
      Function<String, @Nullable String> env,
      Supplier<List<AwsCredentialsSourceFactory>> factories) {
    BedrockSettings settings = settings(config, env, factories);
    return new HttpModelClient(new BedrockWire(settings, context.clock()), config,
        HttpResources.client(context, config), context.ticker(), settings.auth()::redactor);
  }

  static BedrockSettings settings(ProviderConfig config, Function<String, @Nullable String> env,
      Supplier<List<AwsCredentialsSourceFactory>> factories) {
    String prefix = "providers." + config.name() + ".";
    for (String key : config.options().keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new ConfigurationException(prefix + "options." + key,
            "unknown option for provider type 'bedrock'; known: " + new TreeSet<>(OPTIONS));
      }
    }
    String region = config.option("region").map(String::strip).orElse(null);
    if (region == null || region.isEmpty()) {
      region = nonBlank(env.apply("AWS_REGION"));
    }
    if (region == null) {
      region = nonBlank(env.apply("AWS_DEFAULT_REGION"));
    }
    if (region == null) {
      throw new ConfigurationException(prefix + "options.region", "required by provider type"
          + " 'bedrock' (for example us-east-1); set it, or AWS_REGION in the environment");
    }
    if (!REGION.matcher(region).matches()) {
      throw new ConfigurationException(prefix + "options.region",
          "is not an AWS region name (like us-east-1), was '" + region + "'");
    }
    HttpUrl endpoint = Urls.base(config, "https://bedrock-runtime." + region + ".amazonaws.com");
    Map<String, String> headers = new LinkedHashMap<>(config.headers());
    List<String> secrets = new ArrayList<>(config.headers().values());
    BedrockAuth auth = auth(config, prefix, region, env, factories, secrets);
    int maxTokens = 0;
    String mt = config.option("maxTokens").orElse(null);
    if (mt != null) {
      try {
        maxTokens = Integer.parseInt(mt.strip());
      } catch (NumberFormatException e) {
        maxTokens = -1;
      }
      if (maxTokens < 1) {
        throw new ConfigurationException(prefix + "options.maxTokens",
            "must be a positive integer, was '" + mt + "'");
      }
    }
    List<String> breakpoints = new ArrayList<>();
    config.option("cacheBreakpoints").ifPresent(v -> {
      for (String p : v.replace("[", "").replace("]", "").split(",")) {
        String b = p.strip();
        if (!b.equals("system") && !b.equals("tools") && !b.equals("messages")) {
          throw new ConfigurationException(prefix + "options.cacheBreakpoints",
              "entries must be system, tools or messages, was '" + b + "'");
        }
        breakpoints.add(b);
      }
    });
    return new BedrockSettings(config.name(), config.type(), endpoint, region, auth, headers,
        maxTokens, breakpoints);
  }

  private static BedrockAuth auth(ProviderConfig config, String prefix, String region,
      Function<String, @Nullable String> env,
      Supplier<List<AwsCredentialsSourceFactory>> factories, List<String> secrets) {
    String pinned = config.option("credentials").map(String::strip).orElse(null);
    if (pinned != null && !Set.of("apiKey", "static", "env", "chain").contains(pinned)) {
      throw new ConfigurationException(prefix + "options.credentials",
          "must be apiKey, static, env or chain, was '" + pinned + "'");
    }
    String id = config.option("accessKeyId").map(String::strip).orElse(null);
    String secret = config.option("secretAccessKey").orElse(null);
    String token = config.option("sessionToken").orElse(null);
    // An unset ${env:...} gives an empty value: refused here, by name, not deep in Secret.of.
    String[][] given = {{"accessKeyId", id}, {"secretAccessKey", secret}, {"sessionToken", token}};
    for (String[] g : given) {
      if (g[1] != null && g[1].isBlank()) {
        throw new ConfigurationException(prefix + "options." + g[0], "is blank; set it or"
            + " remove it");
      }
    }
    if ((id == null) != (secret == null)) {
      throw new ConfigurationException(prefix + "options." + (id == null ? "accessKeyId"
          : "secretAccessKey"), "accessKeyId and secretAccessKey go together; set both");
    }
    // Every configured credential is a secret to scrub, whichever one is used.
    for (String s : new String[] {id, secret, token}) {
      if (s != null) {
        secrets.add(s);
      }
    }
    String envBearer = nonBlank(env.apply("AWS_BEARER_TOKEN_BEDROCK"));
    String envId = nonBlank(env.apply("AWS_ACCESS_KEY_ID"));
    String envSecret = nonBlank(env.apply("AWS_SECRET_ACCESS_KEY"));
    String envToken = nonBlank(env.apply("AWS_SESSION_TOKEN"));
    for (String s : new String[] {envBearer, envId, envSecret, envToken}) {
      if (s != null) {
        secrets.add(s);
      }
    }
    config.apiKey().map(Secret::reveal).ifPresent(secrets::add);
    String name = config.name();

    if ((pinned == null || pinned.equals("apiKey")) && config.apiKey().isPresent()) {
      return BedrockAuth.bearer(name, region, config.apiKey().get(), secrets);
    }
    if ((pinned == null || pinned.equals("static")) && id != null) {
      AwsCredentials c = AwsCredentials.of(id, Secret.of(secret),
          token == null ? null : Secret.of(token));
      return BedrockAuth.sigV4(name, region, () -> c, "static credentials", secrets);
    }
    if ((pinned == null || pinned.equals("apiKey")) && envBearer != null) {
      return BedrockAuth.bearer(name, region, Secret.of(envBearer), secrets);
    }
    if (pinned == null || pinned.equals("chain")) {
      List<AwsCredentialsSourceFactory> found = factories.get();
      if (!found.isEmpty()) {
        AwsCredentialsSourceFactory f = found.get(0);
        if (found.size() > 1) {
          LOG.warn("{}: {} AWS credential chains on the class path; using {}", name,
              found.size(), f.id());
        }
        AwsCredentialsSource source = f.create(config);
        return BedrockAuth.sigV4(name, region, source, f.id(), secrets);
      }
      if ("chain".equals(pinned)) {
        throw new ConfigurationException(prefix + "options.credentials", "is 'chain' but no"
            + " AWS credential chain is on the class path; add io.vectornode:vectornode-bedrock");
      }
    }
    if ((pinned == null || pinned.equals("env")) && envId != null && envSecret != null) {
      AwsCredentials c = AwsCredentials.of(envId, Secret.of(envSecret),
          envToken == null ? null : Secret.of(envToken));
      return BedrockAuth.sigV4(name, region, () -> c, "environment", secrets);
    }
    throw new ConfigurationException(prefix + (pinned == null ? "apiKey" : "options.credentials"),
        "provider type 'bedrock' found no credentials" + (pinned == null ? "" : " of kind '"
            + pinned + "'") + ": set apiKey (a Bedrock API key) or AWS_BEARER_TOKEN_BEDROCK,"
            + " options.accessKeyId/secretAccessKey, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,"
            + " or add io.vectornode:vectornode-bedrock for profiles, web identity and instance"
            + " roles");
  }

  private static @Nullable String nonBlank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** The credential chains on the class path; a broken one is logged and skipped. */
  static List<AwsCredentialsSourceFactory> factories() {
    List<AwsCredentialsSourceFactory> out = new ArrayList<>();
    ServiceLoader<AwsCredentialsSourceFactory> loader = ServiceLoader.load(
        AwsCredentialsSourceFactory.class, BedrockClients.class.getClassLoader());
    var it = loader.iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        out.add(it.next());
      } catch (java.util.ServiceConfigurationError e) {
        LOG.warn("skipping a broken AWS credential chain: {}", e.getMessage());
      }
    }
    return out;
  }
}
