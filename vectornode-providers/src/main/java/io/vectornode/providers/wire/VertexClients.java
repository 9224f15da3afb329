package io.vectornode.providers.wire;

import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/** Builds Vertex AI clients from a provider config: credentials, project, location, URL. */
final class VertexClients {
  private static final Set<String> OPTIONS = Set.of("project", "location", "apiVersion",
      "credentials", "credentialsFile", "tokenUrl", "metadataUrl", "quotaProject",
      "anthropicVersion", "beta", "maxTokens", "cacheBreakpoints");
  /** Project ids, numbers, and domain-scoped ids ({@code example.com:proj}). */
  private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9.:-]{0,99}");
  private static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

  private VertexClients() {}

  /**
   * Creates a client.
   *
   * @param config the instance's config
   * @param context the shared context
   * @param environment environment variables and home, for Application Default Credentials
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  static ModelClient create(ProviderConfig config, ProviderContext context,
      GoogleCredentials.Environment environment,
      java.util.function.@Nullable Supplier<String> tokenSource) {
    VertexWire wire = wire(config, context, environment, tokenSource);
    return new HttpModelClient(wire, config, HttpResources.client(context, config),
        context.ticker(), wire::redactor);
  }

  /** The wire format, with its credentials; for the client and for tests. */
  static VertexWire wire(ProviderConfig config, ProviderContext context,
      GoogleCredentials.Environment environment) {
    return wire(config, context, environment, null);
  }

  /**
   * The wire format.
   *
   * @param tokenSource the application's token source, or null to find credentials
   */
  static VertexWire wire(ProviderConfig config, ProviderContext context,
      GoogleCredentials.Environment environment,
      java.util.function.@Nullable Supplier<String> tokenSource) {
    String prefix = "providers." + config.name() + ".";
    for (String key : config.options().keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new ConfigurationException(prefix + "options." + key,
            "unknown option for provider type '" + config.type() + "'; known: "
                + new TreeSet<>(OPTIONS));
      }
    }
    OkHttpClient http = HttpResources.client(context, config);
    GoogleTokens tokens;
    GoogleCredentials.Found found = null;
    List<String> secrets = new ArrayList<>();
    if (tokenSource != null) {
      if (config.apiKey().isPresent() || config.options().containsKey("credentials")
          || config.options().containsKey("credentialsFile")) {
        throw new ConfigurationException(prefix + "apiKey", "the provider was given a token"
            + " source, so apiKey, options.credentials and credentialsFile must not be set");
      }
      tokens = GoogleTokens.external(tokenSource, config.name());
    } else if (config.apiKey().isPresent()) {
      if (config.options().containsKey("credentials")
          || config.options().containsKey("credentialsFile")) {
        throw new ConfigurationException(prefix + "apiKey", "is an access token, and"
            + " options.credentials or credentialsFile is set too; keep one of them");
      }
      tokens = GoogleTokens.fixed(config.apiKey().get().reveal(), config.name());
    } else {
      found = GoogleCredentials.find(config,
          new GoogleHttp(http, config.name(), config, context.clock()), environment);
      tokens = GoogleTokens.of(found.source(), context.ticker(), config.name());
      secrets.addAll(found.source().secrets());
    }
    String project = first(config.option("project").orElse(null),
        found == null ? null : found.projectId(), environment.env().apply("GOOGLE_CLOUD_PROJECT"));
    if (project == null) {
      throw new ConfigurationException(prefix + "options.project", "is required by provider type"
          + " '" + config.type() + "' (the Google Cloud project id; or set"
          + " GOOGLE_CLOUD_PROJECT)");
    }
    project = project.strip();
    if (!PROJECT.matcher(project).matches()) {
      throw new ConfigurationException(prefix + "options.project", "is not a Google Cloud"
          + " project id, was '" + project + "'");
    }
    String location = first(config.option("location").orElse(null),
        environment.env().apply("GOOGLE_CLOUD_LOCATION"));
    if (location == null) {
      throw new ConfigurationException(prefix + "options.location", "is required by provider"
          + " type '" + config.type() + "' (a region such as us-central1 or us-east5, or"
          + " global; or set GOOGLE_CLOUD_LOCATION)");
    }
    location = location.strip();
    if (!LOCATION.matcher(location).matches()) {
      throw new ConfigurationException(prefix + "options.location", "is not a Vertex AI"
          + " location (a region such as us-central1, or global), was '" + location + "'");
    }
    String host = location.equals("global") ? "https://aiplatform.googleapis.com"
        : "https://" + location + "-aiplatform.googleapis.com";
    String version = config.option("apiVersion").orElse("v1").strip();
    if (!version.matches("v1(beta1)?")) {
      throw new ConfigurationException(prefix + "options.apiVersion", "must be v1 or v1beta1,"
          + " was '" + version + "'");
    }
    HttpUrl publishers = Urls.append(Urls.base(config, host), version, "projects", project,
        "locations", location, "publishers");
    Map<String, String> headers = new LinkedHashMap<>();
    String quota = first(config.option("quotaProject").orElse(null),
        found == null ? null : found.quotaProject());
    if (quota != null) {
      headers.put("x-goog-user-project",
          ProviderConfig.requireHeaderSafe(prefix + "options.quotaProject", quota.strip()));
    }
    headers.putAll(config.headers());
    Map<String, String> anthropicHeaders = new LinkedHashMap<>();
    config.option("beta").ifPresent(v -> anthropicHeaders.put("anthropic-beta",
        ProviderConfig.requireHeaderSafe(prefix + "options.beta", v)));
    AnthropicSettings anthropic = new AnthropicSettings(config.name(), config.type(), publishers,
        VertexWire.UNUSED, "unused", anthropicHeaders, maxTokens(config, prefix),
        breakpoints(config, prefix));
    String anthropicVersion = ProviderConfig.requireHeaderSafe(prefix + "options.anthropicVersion",
        config.option("anthropicVersion").orElse(ANTHROPIC_VERSION));
    return new VertexWire(config, publishers, tokens, headers, anthropic, anthropicVersion,
        secrets, context.clock());
  }

  private static @Nullable String first(@Nullable String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static int maxTokens(ProviderConfig config, String prefix) {
    String mt = config.option("maxTokens").orElse(null);
    if (mt == null) {
      return 0;
    }
    int n;
    try {
      n = Integer.parseInt(mt.strip());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1) {
      throw new ConfigurationException(prefix + "options.maxTokens",
          "must be a positive integer, was '" + mt + "'");
    }
    return n;
  }

  private static List<String> breakpoints(ProviderConfig config, String prefix) {
    List<String> out = new ArrayList<>();
    config.option("cacheBreakpoints").ifPresent(v -> {
      for (String p : v.replace("[", "").replace("]", "").split(",")) {
        String b = p.strip();
        if (!b.equals("system") && !b.equals("tools") && !b.equals("messages")) {
          throw new ConfigurationException(prefix + "options.cacheBreakpoints",
              "entries must be system, tools or messages, was '" + b + "'");
        }
        out.add(b);
      }
    });
    return out;
  }
}
