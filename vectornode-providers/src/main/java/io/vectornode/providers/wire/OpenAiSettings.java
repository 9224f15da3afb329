package io.vectornode.providers.wire;

import io.vectornode.Secret;
import java.util.Map;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * How one provider instance speaks the Chat Completions dialect.
 *
 * @param provider the instance name
 * @param type the provider type id
 * @param chatUrl the full chat-completions URL, query parameters included
 * @param azureApiVersion when set, the URL is Azure's per-deployment form, {@code
 *     {base}/openai/deployments/{model}/chat/completions?api-version=...}, and the model is the
 *     deployment name
 * @param apiKey the key, or null when the server needs none
 * @param authHeader the header carrying the key ({@code Authorization} or {@code api-key})
 * @param bearer whether the key is sent as {@code Bearer <key>}
 * @param headers extra headers for every request
 * @param maxTokensField {@code max_completion_tokens} (OpenAI) or {@code max_tokens} (most
 *     compatible servers)
 * @param streamUsage whether to ask for the usage chunk with {@code stream_options}
 * @param reasoningInOutput whether the server's {@code completion_tokens} already includes
 *     reasoning tokens (OpenAI: yes; some compatible vendors report them beside it)
 * @param requireKey whether a missing key is a configuration error
 */
record OpenAiSettings(
    String provider,
    String type,
    HttpUrl chatUrl,
    @Nullable String azureApiVersion,
    @Nullable Secret apiKey,
    String authHeader,
    boolean bearer,
    Map<String, String> headers,
    String maxTokensField,
    boolean streamUsage,
    boolean reasoningInOutput,
    boolean requireKey) {

  /** Copies. */
  public OpenAiSettings {
    headers = Map.copyOf(headers);
  }

  /**
   * The URL to post a request for a model to.
   *
   * @param model the model (the deployment name for Azure)
   * @return the URL
   */
  public HttpUrl url(String model) {
    if (azureApiVersion == null) {
      return chatUrl;
    }
    return chatUrl.newBuilder().addPathSegment("openai").addPathSegment("deployments")
        .addPathSegment(model).addPathSegment("chat").addPathSegment("completions")
        .setQueryParameter("api-version", azureApiVersion).build();
  }

  @Override
  public String toString() {
    return "OpenAiSettings[provider=" + provider + ", url=" + chatUrl.redact() + "]";
  }
}
