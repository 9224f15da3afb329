package io.vectornode.providers.openai;

import io.vectornode.ModelClient;
import io.vectornode.providers.wire.OpenAiPreset;
import io.vectornode.providers.wire.WireClients;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;

/**
 * The {@code openai} provider: OpenAI's Chat Completions API, and its Responses API.
 *
 * <p>Config: {@code apiKey} (required), {@code baseUrl} (default {@code
 * https://api.openai.com/v1}), timeouts, and the options {@code organization} and {@code
 * project} (sent as the {@code OpenAI-Organization} and {@code OpenAI-Project} headers), {@code
 * maxTokensField} (default {@code max_completion_tokens}), {@code streamUsage} (default true:
 * streams ask for the usage chunk). Unknown options are rejected.
 *
 * <p>The Responses API ({@code POST /responses}): option {@code api} is {@code chat} (the
 * default), {@code responses} (every call), or {@code auto} (the reasoning models, o-series,
 * GPT-5 and codex, unless a request sets stop sequences or a seed, which only Chat Completions
 * takes). With it, {@code reasoningEffort} ({@code reasoning.effort} for reasoning models when a
 * request sets none), {@code reasoningSummary} ({@code auto}, {@code concise}, {@code detailed})
 * and {@code store} (default false: reasoning is carried across turns as encrypted items on the
 * assistant message's {@link io.vectornode.ContentPart.Reasoning} parts instead):
 *
 * <pre>{@code
 * ProviderConfig openai = ProviderConfig.builder("openai").apiKey(key)
 *     .option("api", "auto").option("reasoningEffort", "low").build();
 * }</pre>
 *
 * <p>Thread-safe; registered through {@code META-INF/services}.
 */
public final class OpenAiProvider implements ModelProvider {
  /** The provider id. */
  public static final String ID = "openai";

  private static final OpenAiPreset PRESET = OpenAiPreset.builder(ID)
      .baseUrl("https://api.openai.com/v1")
      .keyVariable("OPENAI_API_KEY")
      .keyRequired(true)
      .maxTokensField("max_completion_tokens")
      .embeddingBase64(true)
      .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public OpenAiProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    return WireClients.openAi(config, context, PRESET);
  }
}
