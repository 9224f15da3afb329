package io.vectornode.providers.anthropic;

import io.vectornode.ModelClient;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.providers.anthropic.internal.AnthropicSettings;
import io.vectornode.providers.anthropic.internal.AnthropicWire;
import io.vectornode.providers.internal.HttpModelClient;
import io.vectornode.providers.internal.HttpResources;
import io.vectornode.providers.internal.Redactor;
import io.vectornode.providers.internal.Urls;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/**
 * The {@code anthropic} provider: Anthropic's Messages API ({@code POST /v1/messages}).
 *
 * <p>Config: {@code apiKey} (required, sent as {@code x-api-key}; usually {@code
 * ANTHROPIC_API_KEY}), {@code baseUrl} (default {@code https://api.anthropic.com}), timeouts, and
 * the options {@code version} ({@code anthropic-version}, default {@code 2023-06-01}), {@code
 * beta} ({@code anthropic-beta}), {@code maxTokens} and {@code cacheBreakpoints}.
 *
 * <p>{@code max_tokens} is required by this API. When a request sets no {@link
 * io.vectornode.ChatRequest#maxOutputTokens()} (and the config no {@code maxTokens}), the
 * default is the model's output limit capped at 8,192 tokens (4,096 for Claude 3 Haiku, Opus
 * and Sonnet, and for unknown models); with extended thinking, the thinking budget is added.
 *
 * <p>Mapping: system messages become the top-level {@code system}; tool results become {@code
 * tool_result} blocks in a user turn; reasoning parts are sent back as {@code thinking} blocks
 * with their signatures ({@code redacted_thinking} unchanged); a JSON response format is
 * emulated with one forced tool whose input is returned as the answer's text. Temperatures above
 * 1.0 are rejected; a seed is ignored (the API has none). Prompt caching: the request option
 * {@code providerOption("anthropic", "cache_breakpoints", List.of("system", "tools",
 * "messages"))} (or the config option {@code cacheBreakpoints: system,tools}) marks the end of
 * the system prompt, of the tools, or of the last message as an ephemeral cache breakpoint.
 * Extended thinking: {@code providerOption("anthropic", "thinking", Map.of("type", "enabled",
 * "budget_tokens", 2048))}.
 *
 * <p>Thread-safe; registered through {@code META-INF/services}.
 */
public final class AnthropicProvider implements ModelProvider {
  /** The provider id. */
  public static final String ID = "anthropic";

  private static final Set<String> OPTIONS =
      Set.of("version", "beta", "maxTokens", "cacheBreakpoints");

  /** Used by {@link java.util.ServiceLoader}. */
  public AnthropicProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    String prefix = "providers." + config.name() + ".";
    for (String key : config.options().keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new ConfigurationException(prefix + "options." + key,
            "unknown option for provider type 'anthropic'; known: " + new TreeSet<>(OPTIONS));
      }
    }
    Secret key = config.apiKey().orElseThrow(() -> new ConfigurationException(prefix + "apiKey",
        "required by provider type 'anthropic' (usually ${env:ANTHROPIC_API_KEY})"));
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
