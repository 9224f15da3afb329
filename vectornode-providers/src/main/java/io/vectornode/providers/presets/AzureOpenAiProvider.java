package io.vectornode.providers.presets;

import io.vectornode.providers.wire.OpenAiPreset;

/**
 * {@code azure-openai}: Azure OpenAI. {@code baseUrl} is the resource endpoint ({@code https://RESOURCE.openai.azure.com}, usually {@code AZURE_OPENAI_ENDPOINT}); the key goes in the {@code api-key} header; the model is the deployment name, posted to {@code /openai/deployments/{deployment}/chat/completions?api-version=...} (option {@code apiVersion}, default {@code 2024-10-21}; {@code v1} selects the version-less {@code /openai/v1} API).
 */
public final class AzureOpenAiProvider extends PresetProvider {
  /** The provider id. */
  public static final String ID = "azure-openai";

  /** Used by {@link java.util.ServiceLoader}. */
  public AzureOpenAiProvider() {
    // No base URL: every Azure resource has its own endpoint, which the config must name.
    super(OpenAiPreset.builder(ID)
        .keyVariable("AZURE_OPENAI_API_KEY")
        .keyRequired(true)
        .maxTokensField("max_completion_tokens")
        .azure("2024-10-21")
        .build());
  }
}
