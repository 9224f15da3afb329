package io.vectornode.providers.wire;

/**
 * Default {@code max_tokens} per Claude model, which the Messages API requires: the model's
 * output limit, capped at {@value #DEFAULT_CAP} so that a request without a cap does not reserve
 * (or risk paying for) tens of thousands of tokens. Unknown models get {@value #UNKNOWN}, which
 * every Claude model accepts.
 */
final class AnthropicModels {
  static final int DEFAULT_CAP = 8192;
  static final int UNKNOWN = 4096;

  private AnthropicModels() {}

  /** The largest output the model accepts, as Anthropic documents it. */
  static int outputLimit(String model) {
    String m = model.toLowerCase(java.util.Locale.ROOT);
    if (m.startsWith("claude-3-5-") || m.startsWith("claude-3.5-")) {
      return 8192;
    }
    if (m.startsWith("claude-3-7-") || m.startsWith("claude-3.7-")) {
      return 64000;
    }
    if (m.startsWith("claude-3-")) {
      return 4096;
    }
    if (m.startsWith("claude-opus-4-1") || m.startsWith("claude-opus-4-0")
        || m.equals("claude-opus-4") || m.startsWith("claude-opus-4-2025")) {
      return 32000;
    }
    if (m.startsWith("claude-")) {
      return 64000; // Sonnet 4 and 4.5, Haiku 4.5, Opus 4.5
    }
    return UNKNOWN;
  }

  /**
   * The {@code max_tokens} to send when the request sets none.
   *
   * @param model the model
   * @param thinkingBudget the extended-thinking budget, or 0
   * @return the default
   */
  static int defaultMaxTokens(String model, int thinkingBudget) {
    int limit = outputLimit(model);
    int base = Math.min(limit, DEFAULT_CAP);
    // budget_tokens must be below max_tokens: leave room for the answer after the thinking.
    return thinkingBudget > 0 ? Math.min(limit, thinkingBudget + base) : base;
  }
}
