package io.vectornode.providers.wire;

import java.util.Locale;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * How one {@code openai} instance speaks the Responses API ({@code POST {baseUrl}/responses}).
 *
 * @param base the instance's Chat Completions settings (key, headers, provider name), shared
 * @param url the full {@code /responses} URL
 * @param api which API the instance uses
 * @param reasoningEffort the {@code reasoning.effort} sent when a request sets none, or null
 * @param reasoningSummary the {@code reasoning.summary} sent with reasoning models, or null
 * @param store the {@code store} flag (false unless configured: nothing is kept on the server,
 *     and reasoning is carried across turns as encrypted items instead)
 */
record ResponsesSettings(
    OpenAiSettings base,
    HttpUrl url,
    Api api,
    @Nullable String reasoningEffort,
    @Nullable String reasoningSummary,
    boolean store) {

  /** Which OpenAI API an instance uses for a call. */
  enum Api {
    /** Always Chat Completions (the default: what the provider always did). */
    CHAT,
    /** Always the Responses API. */
    RESPONSES,
    /**
     * The Responses API for the models that prefer it ({@link OpenAiModels#prefersResponses}),
     * unless the request needs a feature only Chat Completions has (stop sequences, a seed).
     */
    AUTO;

    static @Nullable Api parse(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "chat" -> CHAT;
        case "responses" -> RESPONSES;
        case "auto" -> AUTO;
        default -> null;
      };
    }
  }

  /** @return the provider instance name */
  String provider() {
    return base.provider();
  }

  @Override
  public String toString() {
    return "ResponsesSettings[provider=" + base.provider() + ", url=" + url.redact() + ", api="
        + api + "]";
  }
}
