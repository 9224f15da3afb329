package io.vectornode.providers.wire;

import java.util.Locale;

/**
 * What the {@code openai} provider knows about OpenAI's model ids without the catalog (which
 * lives in vectornode-routing, out of a provider's reach): which models are reasoning models
 * and so prefer the Responses API. The bundled catalog marks the same models with {@code
 * "api": "responses"}; {@code CatalogApiTest} in the examples keeps the two in step.
 */
final class OpenAiModels {
  private OpenAiModels() {}

  /**
   * Whether OpenAI serves a model's reasoning features (encrypted reasoning carried across
   * turns, reasoning summaries) only through the Responses API: the o-series, GPT-5 and the
   * codex models.
   *
   * @param model the model id
   * @return whether {@code api: auto} sends it to {@code /responses}
   */
  static boolean prefersResponses(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    return m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4")
        || m.startsWith("gpt-5") || m.startsWith("codex") || m.contains("-codex")
        || m.startsWith("computer-use");
  }

  /**
   * Whether a model reasons, so that {@code include: ["reasoning.encrypted_content"]} and {@code
   * reasoning} may be sent (OpenAI answers 400 to both for other models).
   *
   * @param model the model id
   * @return whether it is a reasoning model
   */
  static boolean reasons(String model) {
    return prefersResponses(model) && !model.toLowerCase(Locale.ROOT).startsWith("gpt-5-chat");
  }
}
