package io.vectornode.providers.wire;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * What a provider type that speaks OpenAI Chat Completions assumes when its config is silent,
 * each value named: the base URL, the key's usual variable and whether a key is required, the
 * field that caps output tokens, how the server counts reasoning tokens, and whether it is Azure
 * OpenAI's dialect. Built with {@link #builder}; immutable and thread-safe.
 */
public final class OpenAiPreset {
  private final String id;
  private final @Nullable String baseUrl;
  private final String keyVariable;
  private final boolean keyRequired;
  private final String maxTokensField;
  private final boolean reasoningInOutput;
  private final @Nullable String azureApiVersion;
  private final int embeddingInputs;
  private final boolean embeddingBase64;

  private OpenAiPreset(Builder b, String keyVariable) {
    this.embeddingInputs = b.embeddingInputs;
    this.embeddingBase64 = b.embeddingBase64;
    this.id = b.id;
    this.baseUrl = b.baseUrl;
    this.keyVariable = keyVariable;
    this.keyRequired = b.keyRequired;
    this.maxTokensField = b.maxTokensField;
    this.reasoningInOutput = b.reasoningInOutput;
    this.azureApiVersion = b.azureApiVersion;
  }

  /**
   * A builder for a provider type's preset. Unless set: no base URL (the config must give one),
   * a key is required, {@code max_tokens} caps the output, and {@code completion_tokens}
   * includes reasoning tokens.
   *
   * @param id the provider type id ({@code groq})
   * @return the builder
   * @throws IllegalArgumentException when the id is blank
   */
  public static Builder builder(String id) {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    return new Builder(id);
  }

  /** @return the provider type id */
  public String id() {
    return id;
  }

  /** @return the base URL used when the config names none; empty when the config must */
  public Optional<String> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** @return the environment variable the key usually lives in, named in error messages */
  public String keyVariable() {
    return keyVariable;
  }

  /** @return whether a config without an {@code apiKey} is refused */
  public boolean keyRequired() {
    return keyRequired;
  }

  /** @return {@code max_tokens} or {@code max_completion_tokens}, unless the config says */
  public String maxTokensField() {
    return maxTokensField;
  }

  /**
   * @return whether the server's {@code completion_tokens} already includes reasoning tokens
   *     (OpenAI: yes); when not, they are added to the output count
   */
  public boolean reasoningInOutput() {
    return reasoningInOutput;
  }

  /**
   * @return for Azure OpenAI, the {@code api-version} used when the config names none (Azure
   *     also means the {@code api-key} header and per-deployment URLs); empty for every other
   *     server
   */
  public Optional<String> azureApiVersion() {
    return Optional.ofNullable(azureApiVersion);
  }

  /**
   * The most inputs one {@code /embeddings} request carries; 0 when the vendor serves no
   * embeddings (a call is then refused before anything is sent).
   *
   * @return the batch limit, or 0
   */
  public int embeddingInputs() {
    return embeddingInputs;
  }

  /** @return whether {@code encoding_format: base64} is asked for (the server is known to take it) */
  public boolean embeddingBase64() {
    return embeddingBase64;
  }

  @Override
  public String toString() {
    return "OpenAiPreset[id=" + id + ", baseUrl=" + baseUrl + ", keyVariable=" + keyVariable
        + ", keyRequired=" + keyRequired + ", maxTokensField=" + maxTokensField
        + ", reasoningInOutput=" + reasoningInOutput + ", azureApiVersion=" + azureApiVersion
        + "]";
  }

  /** Builds an {@link OpenAiPreset}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private @Nullable String baseUrl;
    private @Nullable String keyVariable;
    private boolean keyRequired = true;
    private String maxTokensField = "max_tokens";
    private boolean reasoningInOutput = true;
    private @Nullable String azureApiVersion;
    private int embeddingInputs = 2048;
    private boolean embeddingBase64;

    private Builder(String id) {
      this.id = id;
    }

    /**
     * Sets the base URL used when the config names none.
     *
     * @param url an http(s) URL, such as {@code https://api.groq.com/openai/v1}
     * @return this builder
     * @throws IllegalArgumentException when it is not an http(s) URL
     */
    public Builder baseUrl(String url) {
      requireNonNull(url, "url");
      if (HttpUrl.parse(url) == null) {
        throw new IllegalArgumentException("baseUrl must be an http(s) URL, was '" + url + "'");
      }
      this.baseUrl = url;
      return this;
    }

    /**
     * Sets the environment variable the key usually lives in. Required.
     *
     * @param name the variable's name, such as {@code GROQ_API_KEY}
     * @return this builder
     */
    public Builder keyVariable(String name) {
      this.keyVariable = requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets whether a config without an {@code apiKey} is refused (false for local servers).
     *
     * @param required whether a key is required
     * @return this builder
     */
    public Builder keyRequired(boolean required) {
      this.keyRequired = required;
      return this;
    }

    /**
     * Sets the field that caps output tokens.
     *
     * @param field {@code max_tokens} or {@code max_completion_tokens}
     * @return this builder
     * @throws IllegalArgumentException for any other field
     */
    public Builder maxTokensField(String field) {
      requireNonNull(field, "field");
      if (!field.equals("max_tokens") && !field.equals("max_completion_tokens")) {
        throw new IllegalArgumentException(
            "maxTokensField must be max_tokens or max_completion_tokens, was '" + field + "'");
      }
      this.maxTokensField = field;
      return this;
    }

    /**
     * Sets whether the server's {@code completion_tokens} already includes reasoning tokens.
     *
     * @param included false for servers that report reasoning beside it (xAI)
     * @return this builder
     */
    public Builder reasoningInOutput(boolean included) {
      this.reasoningInOutput = included;
      return this;
    }

    /**
     * Makes this Azure OpenAI's dialect: the key in the {@code api-key} header, requests posted
     * to {@code /openai/deployments/{model}/chat/completions?api-version=...}, and the option
     * {@code apiVersion} accepted.
     *
     * @param defaultApiVersion the {@code api-version} used when the config names none
     * @return this builder
     */
    public Builder azure(String defaultApiVersion) {
      this.azureApiVersion = requireNonNull(defaultApiVersion, "defaultApiVersion");
      return this;
    }

    /**
     * Sets the embeddings batch limit ({@code /embeddings} inputs per request). Unless set:
     * 2,048, OpenAI's limit.
     *
     * @param max the limit; 0 when the vendor serves no embeddings
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder embeddingInputs(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("embeddingInputs: must not be negative, was " + max);
      }
      this.embeddingInputs = max;
      return this;
    }

    /**
     * Asks for {@code encoding_format: base64} (smaller, faster to read). Unless set: {@code
     * float}, which every compatible server takes.
     *
     * @param base64 whether to ask for base64
     * @return this builder
     */
    public Builder embeddingBase64(boolean base64) {
      this.embeddingBase64 = base64;
      return this;
    }

    /**
     * Builds the preset.
     *
     * @return the preset
     * @throws IllegalStateException when no key variable was set
     */
    public OpenAiPreset build() {
      if (keyVariable == null) {
        throw new IllegalStateException("keyVariable is not set for preset '" + id + "'");
      }
      return new OpenAiPreset(this, keyVariable);
    }
  }
}
