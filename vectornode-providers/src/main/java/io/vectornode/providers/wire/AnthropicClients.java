package io.vectornode.providers.wire;

import io.vectornode.ModelClient;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/** Builds Anthropic Messages clients from a provider config, validating its options. */
final class AnthropicClients {
  private static final Set<String> OPTIONS =
      Set.of("version", "beta", "maxTokens", "cacheBreakpoints");

  private AnthropicClients() {}

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
            "unknown option for provider type 'anthropic'; known: " + new TreeSet<>(OPTIONS));
      }
    }
    Secret key = config.apiKey().orElseThrow(() -> new ConfigurationException(prefix + "apiKey",
        "required by provider type 'anthropic'; add apiKey: ${env:ANTHROPIC_API_KEY} and set"
            + " ANTHROPIC_API_KEY, or write the key in the file"));
    HttpUrl url = Urls.append(Urls.base(config, "https://api.anthropic.com"), "v1", "messages");
    Map<String, String> headers = new LinkedHashMap<>();
    config.option("beta").ifPresent(v -> headers.put("anthropic-beta",
        ProviderConfig.requireHeaderSafe("options.beta", v)));
    headers.putAll(config.headers());
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
    AnthropicSettings settings = new AnthropicSettings(config.name(), config.type(),
        url, key, ProviderConfig.requireHeaderSafe("options.version",
            config.option("version").orElse("2023-06-01")), headers, maxTokens,
        breakpoints);
    return new HttpModelClient(new AnthropicWire(settings, Redactor.of(config), context.clock()),
        config, HttpResources.client(context, config), context.ticker());
  }
}
