package io.vectornode.providers.openai.internal;

import io.vectornode.ModelClient;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.providers.internal.HttpModelClient;
import io.vectornode.providers.internal.HttpResources;
import io.vectornode.providers.internal.Redactor;
import io.vectornode.providers.internal.Urls;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** Builds Chat Completions clients from a provider config, validating its options. */
public final class OpenAiClients {
  /** Options every Chat Completions provider understands. */
  public static final Set<String> OPTIONS =
      Set.of("organization", "project", "maxTokensField", "streamUsage", "reasoningInOutput",
          "apiVersion");

  private OpenAiClients() {}

  /**
   * What differs between the providers that use this wire code.
   *
   * @param defaultBaseUrl the base URL when the config names none, or null when it must
   * @param requireKey whether a key is required
   * @param maxTokensField the default field for the output-token cap
   * @param keyEnv the environment variable the key usually lives in, for error messages
   * @param reasoningInOutput whether the server's {@code completion_tokens} includes reasoning
   * @param azure whether this is Azure OpenAI: {@code api-key} header and deployment URLs
   */
  public record Defaults(
      @Nullable String defaultBaseUrl, boolean requireKey, String maxTokensField, String keyEnv,
      boolean reasoningInOutput, boolean azure) {

    /**
     * Defaults for a plain OpenAI-style server.
     *
     * @param defaultBaseUrl the base URL, or null when the config must give one
     * @param requireKey whether a key is required
     * @param maxTokensField the default output-cap field
     * @param keyEnv the usual key variable
     */
    public Defaults(@Nullable String defaultBaseUrl, boolean requireKey, String maxTokensField,
        String keyEnv) {
      this(defaultBaseUrl, requireKey, maxTokensField, keyEnv, true, false);
    }
  }

  /** The Azure OpenAI API version used when the config names none. */
  public static final String AZURE_API_VERSION = "2024-10-21";

  /**
   * Creates a client.
   *
   * @param config the instance's config
   * @param context the shared context
   * @param defaults the provider type's defaults
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  public static ModelClient create(
      ProviderConfig config, ProviderContext context, Defaults defaults) {
    String prefix = "providers." + config.name() + ".";
    for (String key : config.options().keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new ConfigurationException(prefix + "options." + key,
            "unknown option for provider type '" + config.type() + "'; known: "
                + new java.util.TreeSet<>(OPTIONS));
      }
    }
    Secret key = config.apiKey().orElse(null);
    if (key == null && defaults.requireKey()) {
      throw new ConfigurationException(prefix + "apiKey",
          "required by provider type '" + config.type() + "' (usually ${env:" + defaults.keyEnv()
              + "})");
    }
    if (config.baseUrl().isEmpty() && defaults.defaultBaseUrl() == null) {
      throw new ConfigurationException(prefix + "baseUrl",
          "required by provider type '" + config.type()
              + "', for example http://127.0.0.1:8000/v1");
    }
    if (config.option("apiVersion").isPresent() && !defaults.azure()) {
      throw new ConfigurationException(prefix + "options.apiVersion",
          "only provider type 'azure-openai' takes an apiVersion");
    }
    HttpUrl base = Urls.base(config, String.valueOf(defaults.defaultBaseUrl()));
    String azureVersion = null;
    HttpUrl chatUrl;
    if (defaults.azure()) {
      azureVersion = config.option("apiVersion").orElse(AZURE_API_VERSION);
      // "v1" is Azure's version-less API: one URL, model in the body, like OpenAI itself.
      chatUrl = azureVersion.equals("v1")
          ? Urls.append(base, "openai", "v1", "chat", "completions") : Urls.append(base);
      if (azureVersion.equals("v1")) {
        azureVersion = null;
      }
    } else {
      chatUrl = Urls.append(base, "chat", "completions");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    config.option("organization").ifPresent(v -> headers.put("OpenAI-Organization",
        ProviderConfig.requireHeaderSafe("options.organization", v)));
    config.option("project").ifPresent(v -> headers.put("OpenAI-Project",
        ProviderConfig.requireHeaderSafe("options.project", v)));
    headers.putAll(config.headers());
    String maxTokensField = config.option("maxTokensField").orElse(defaults.maxTokensField());
    if (!maxTokensField.equals("max_tokens") && !maxTokensField.equals("max_completion_tokens")) {
      throw new ConfigurationException(prefix + "options.maxTokensField",
          "must be max_tokens or max_completion_tokens, was '" + maxTokensField + "'");
    }
    OpenAiSettings settings = new OpenAiSettings(
        config.name(), config.type(), chatUrl, azureVersion, key,
        defaults.azure() ? "api-key" : "Authorization", !defaults.azure(), headers,
        maxTokensField, bool(config, prefix, "streamUsage", true),
        bool(config, prefix, "reasoningInOutput", defaults.reasoningInOutput()),
        defaults.requireKey());
    return new HttpModelClient(new OpenAiWire(settings, Redactor.of(config), context.clock()),
        config, HttpResources.client(context, config), context.ticker());
  }

  private static boolean bool(ProviderConfig config, String prefix, String key, boolean dflt) {
    String v = config.option(key).orElse(null);
    if (v == null) {
      return dflt;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new ConfigurationException(prefix + "options." + key,
        "must be true or false, was '" + v + "'");
  }
}
