package io.vectornode.providers.wire;

import io.vectornode.ModelClient;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.Set;
import java.util.TreeSet;

/** Builds Gemini clients from a provider config, validating its options. */
final class GeminiClients {
  private static final Set<String> OPTIONS = Set.of("apiVersion");

  private GeminiClients() {}

  /**
   * Creates a client.
   *
   * @param config the instance's config
   * @param context the shared context
   * @return the client
   * @throws ConfigurationException naming the field when the config is unusable
   */
  static ModelClient create(ProviderConfig config, ProviderContext context) {
    String prefix = "providers." + config.name() + ".";
    for (String key : config.options().keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new ConfigurationException(prefix + "options." + key,
            "unknown option for provider type 'gemini'; known: " + new TreeSet<>(OPTIONS));
      }
    }
    Secret key = config.apiKey().orElseThrow(() -> new ConfigurationException(prefix + "apiKey",
        "required by provider type 'gemini'; add apiKey: ${env:GEMINI_API_KEY} and set"
            + " GEMINI_API_KEY, or write the key in the file"));
    String version = config.option("apiVersion").orElse("v1beta");
    var models = Urls.append(
        Urls.base(config, "https://generativelanguage.googleapis.com"), version, "models");
    return new HttpModelClient(new GeminiWire(config.name(), config.type(), models, key,
        config.headers(), Redactor.of(config), context.clock()),
        new GeminiEmbeddings(config.name(), models, key, config.headers()), "", config,
        HttpResources.client(context, config), context.ticker());
  }
}
