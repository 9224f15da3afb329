package io.vectornode.providers.anthropic;

import io.vectornode.ModelClient;
import io.vectornode.providers.wire.WireClients;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;

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

  /** Used by {@link java.util.ServiceLoader}. */
  public AnthropicProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    return WireClients.anthropic(config, context);
  }
}
