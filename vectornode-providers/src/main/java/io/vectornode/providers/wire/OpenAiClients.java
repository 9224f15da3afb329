package io.vectornode.providers.wire;

import io.vectornode.ModelClient;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/** Builds Chat Completions clients from a provider config, validating its options. */
final class OpenAiClients {
  /** Options every Chat Completions provider understands. */
  public static final Set<String> OPTIONS =
      Set.of("organization", "project", "maxTokensField", "streamUsage", "reasoningInOutput",
          "apiVersion", "api", "reasoningEffort", "reasoningSummary", "store",
          "embeddingInputs");

  /** The {@code reasoning.effort} values OpenAI documents. */
  static final Set<String> EFFORTS =
      Set.of("none", "minimal", "low", "medium", "high", "xhigh", "max");

  private OpenAiClients() {}

  /**
   * Creates a client.
   *
   * @param config the instance's config
   * @param context the shared context
   * @param preset what the provider type assumes when the config is silent
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  public static ModelClient create(
      ProviderConfig config, ProviderContext context, OpenAiPreset preset) {
    String prefix = "providers." + config.name() + ".";
    for (String key : config.options().keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new ConfigurationException(prefix + "options." + key,
            "unknown option for provider type '" + config.type() + "'; known: "
                + new java.util.TreeSet<>(OPTIONS));
      }
    }
    Secret key = config.apiKey().orElse(null);
    if (key == null && preset.keyRequired()) {
      throw new ConfigurationException(prefix + "apiKey",
          "required by provider type '" + config.type() + "'; add apiKey: ${env:"
              + preset.keyVariable() + "} and set " + preset.keyVariable()
              + ", or write the key in the file");
    }
    String defaultBaseUrl = preset.baseUrl().orElse(null);
    if (config.baseUrl().isEmpty() && defaultBaseUrl == null) {
      throw new ConfigurationException(prefix + "baseUrl",
          "required by provider type '" + config.type()
              + "', for example http://127.0.0.1:8000/v1");
    }
    boolean azure = preset.azureApiVersion().isPresent();
    if (config.option("apiVersion").isPresent() && !azure) {
      throw new ConfigurationException(prefix + "options.apiVersion",
          "only provider type 'azure-openai' takes an apiVersion");
    }
    // The config's base URL wins; without one, the preset has one (checked above).
    HttpUrl base = Urls.base(config, preset.baseUrl().orElse(""));
    String azureVersion = null;
    HttpUrl chatUrl;
    HttpUrl embeddingsUrl;
    if (azure) {
      azureVersion = config.option("apiVersion").orElse(preset.azureApiVersion().get());
      // "v1" is Azure's version-less API: one URL, model in the body, like OpenAI itself.
      chatUrl = azureVersion.equals("v1")
          ? Urls.append(base, "openai", "v1", "chat", "completions") : Urls.append(base);
      embeddingsUrl = azureVersion.equals("v1")
          ? Urls.append(base, "openai", "v1", "embeddings") : Urls.append(base);
      if (azureVersion.equals("v1")) {
        azureVersion = null;
      }
    } else {
      chatUrl = Urls.append(base, "chat", "completions");
      embeddingsUrl = Urls.append(base, "embeddings");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    config.option("organization").ifPresent(v -> headers.put("OpenAI-Organization",
        ProviderConfig.requireHeaderSafe("options.organization", v)));
    config.option("project").ifPresent(v -> headers.put("OpenAI-Project",
        ProviderConfig.requireHeaderSafe("options.project", v)));
    headers.putAll(config.headers());
    String maxTokensField = config.option("maxTokensField").orElse(preset.maxTokensField());
    if (!maxTokensField.equals("max_tokens") && !maxTokensField.equals("max_completion_tokens")) {
      throw new ConfigurationException(prefix + "options.maxTokensField",
          "must be max_tokens or max_completion_tokens, was '" + maxTokensField + "'");
    }
    OpenAiSettings settings = new OpenAiSettings(
        config.name(), config.type(), chatUrl, azureVersion, key,
        azure ? "api-key" : "Authorization", !azure, headers,
        maxTokensField, bool(config, prefix, "streamUsage", true),
        bool(config, prefix, "reasoningInOutput", preset.reasoningInOutput()),
        preset.keyRequired());
    int embeddingInputs = preset.embeddingInputs();
    String batch = config.option("embeddingInputs").orElse(null);
    if (batch != null) {
      try {
        embeddingInputs = Integer.parseInt(batch);
      } catch (NumberFormatException e) {
        embeddingInputs = -1;
      }
      if (embeddingInputs < 0 || embeddingInputs > 100_000) {
        throw new ConfigurationException(prefix + "options.embeddingInputs",
            "must be a whole number from 0 (no embeddings) to 100000, was '" + batch + "'");
      }
    }
    EmbeddingWire embeddings = embeddingInputs == 0 ? null
        : new OpenAiEmbeddings(settings, embeddingsUrl, embeddingInputs,
            preset.embeddingBase64());
    okhttp3.OkHttpClient http = HttpResources.client(context, config);
    ModelClient chat = new HttpModelClient(
        new OpenAiWire(settings, Redactor.of(config), context.clock()), embeddings,
        "provider type '" + config.type() + "' serves no /embeddings; route"
            + " embeddings to another provider, or set providers." + config.name()
            + ".options.embeddingInputs if this server does serve them",
        config, http, context.ticker());
    ResponsesSettings.Api api = api(config, prefix);
    if (api == ResponsesSettings.Api.CHAT) {
      for (String k : new String[] {"reasoningEffort", "reasoningSummary", "store"}) {
        if (config.option(k).isPresent()) {
          throw new ConfigurationException(prefix + "options." + k,
              "applies to the Responses API only; set options.api to responses or auto");
        }
      }
      return chat;
    }
    if (azure) {
      throw new ConfigurationException(prefix + "options.api",
          "provider type 'azure-openai' speaks Chat Completions only here, was '"
              + config.option("api").orElse("") + "'");
    }
    String effort = config.option("reasoningEffort").orElse(null);
    if (effort != null && !EFFORTS.contains(effort)) {
      throw new ConfigurationException(prefix + "options.reasoningEffort",
          "must be one of " + new java.util.TreeSet<>(EFFORTS) + ", was '" + effort + "'");
    }
    String summary = config.option("reasoningSummary").orElse(null);
    if (summary != null && !Set.of("auto", "concise", "detailed").contains(summary)) {
      throw new ConfigurationException(prefix + "options.reasoningSummary",
          "must be auto, concise or detailed, was '" + summary + "'");
    }
    ResponsesSettings rs = new ResponsesSettings(settings, Urls.append(base, "responses"), api,
        effort, summary, bool(config, prefix, "store", false));
    ModelClient responses = new HttpModelClient(
        new ResponsesWire(rs, Redactor.of(config), context.clock()), config, http,
        context.ticker());
    return new OpenAiApiSwitch(chat, responses, api, config);
  }

  private static ResponsesSettings.Api api(ProviderConfig config, String prefix) {
    String v = config.option("api").orElse("chat");
    ResponsesSettings.Api api = ResponsesSettings.Api.parse(v);
    if (api == null) {
      throw new ConfigurationException(prefix + "options.api",
          "must be chat, responses or auto, was '" + v + "'");
    }
    return api;
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
