package io.vectornode.providers.wire;

import io.vectornode.Secret;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * One Anthropic provider instance's settings.
 *
 * @param provider the instance name
 * @param type the provider type id
 * @param messagesUrl the {@code /v1/messages} URL
 * @param apiKey the key, sent as {@code x-api-key}
 * @param version the {@code anthropic-version} header
 * @param headers extra headers ({@code anthropic-beta}, configured headers)
 * @param maxTokens the default {@code max_tokens}, or 0 for the per-model default
 * @param cacheBreakpoints default cache breakpoints: {@code system}, {@code tools},
 *     {@code messages}
 */
record AnthropicSettings(
    String provider,
    String type,
    HttpUrl messagesUrl,
    Secret apiKey,
    String version,
    Map<String, String> headers,
    int maxTokens,
    List<String> cacheBreakpoints) {

  /** Copies. */
  public AnthropicSettings {
    headers = Map.copyOf(headers);
    cacheBreakpoints = List.copyOf(cacheBreakpoints);
  }

  @Override
  public String toString() {
    return "AnthropicSettings[provider=" + provider + ", url=" + messagesUrl + "]";
  }
}
