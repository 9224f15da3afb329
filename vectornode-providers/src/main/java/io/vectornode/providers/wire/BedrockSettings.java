package io.vectornode.providers.wire;

import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * One Bedrock provider instance's settings.
 *
 * @param provider the instance name
 * @param type the provider type id
 * @param endpoint the runtime endpoint, {@code https://bedrock-runtime.REGION.amazonaws.com}
 *     unless overridden
 * @param region the region requests are signed for
 * @param auth how requests are authenticated
 * @param headers configured extra headers
 * @param maxTokens the default {@code inferenceConfig.maxTokens}, or 0 to leave it to the model
 * @param cacheBreakpoints default cache points: {@code system}, {@code tools}, {@code messages}
 */
record BedrockSettings(
    String provider,
    String type,
    HttpUrl endpoint,
    String region,
    BedrockAuth auth,
    Map<String, String> headers,
    int maxTokens,
    List<String> cacheBreakpoints) {

  /** Copies. */
  BedrockSettings {
    headers = Map.copyOf(headers);
    cacheBreakpoints = List.copyOf(cacheBreakpoints);
  }

  @Override
  public String toString() {
    return "BedrockSettings[provider=" + provider + ", endpoint="
        + endpoint.newBuilder().query(null).username("").password("").build() + ", region="
        + region + ", auth=" + auth.description() + "]";
  }
}
