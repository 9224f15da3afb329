package io.vectornode.micrometer;

/**
 * The names this module records: the OpenTelemetry GenAI semantic conventions' where they have
 * one (Development status, as of the conventions' move to their own repository in 2026), and
 * VectorNode's own, under {@code vectornode.}, for what they do not cover.
 */
final class Names {
  // Meters of the conventions
  static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

  // Attributes of the conventions
  static final String OPERATION = "gen_ai.operation.name";
  static final String PROVIDER = "gen_ai.provider.name";
  /** Deprecated by the conventions (replaced by {@link #PROVIDER}); only when opted in. */
  static final String SYSTEM = "gen_ai.system";
  static final String REQUEST_MODEL = "gen_ai.request.model";
  static final String RESPONSE_MODEL = "gen_ai.response.model";
  static final String TOKEN_TYPE = "gen_ai.token.type";
  static final String ERROR_TYPE = "error.type";
  static final String STATUS_CODE = "http.response.status_code";

  /** VectorNode's chat calls are chat completions, whatever the provider's API. */
  static final String CHAT = "chat";
  /** The conventions' name for embedding calls ({@code ModelClient.embed}). */
  static final String EMBEDDINGS = "embeddings";

  /** The conventions' operation name of a call. */
  static String operation(io.vectornode.Operation op) {
    return op == io.vectornode.Operation.EMBEDDING ? EMBEDDINGS : CHAT;
  }

  // VectorNode's meters
  static final String ATTEMPTS = "vectornode.client.attempts";
  static final String ATTEMPT_DURATION = "vectornode.client.attempt.duration";
  static final String RETRIES = "vectornode.client.retries";
  static final String FALLBACKS = "vectornode.client.fallbacks";
  static final String HEDGES = "vectornode.client.hedges";
  static final String COST = "vectornode.client.cost";
  static final String COST_UNKNOWN = "vectornode.client.cost.unknown";
  static final String COST_ESTIMATED = "vectornode.client.cost.estimated";
  static final String BUDGET_REFUSALS = "vectornode.client.budget.refusals";
  static final String CACHE_HITS = "vectornode.client.cache.hits";
  static final String BUDGET_THRESHOLDS = "vectornode.budget.thresholds";
  static final String BUDGET_REMAINING = "vectornode.budget.remaining";
  static final String BUDGET_LIMIT = "vectornode.budget.limit";
  static final String BREAKER_STATE = "vectornode.deployment.breaker.state";
  static final String KEYS_DISABLED = "vectornode.keys.disabled";
  static final String USAGE_ANOMALIES = "vectornode.usage.anomalies";
  /** The Observation of one call. */
  static final String CALL_OBSERVATION = "vectornode.call";

  // VectorNode's tags
  static final String DEPLOYMENT = "vectornode.deployment";
  static final String PROVIDER_INSTANCE = "vectornode.provider";
  static final String TASK = "vectornode.task";
  static final String OUTCOME = "vectornode.outcome";
  static final String COST_IS_ESTIMATED = "vectornode.cost.estimated";
  static final String BUDGET = "vectornode.budget";
  static final String THRESHOLD = "vectornode.budget.threshold";
  static final String BREAKER = "vectornode.breaker.state";
  static final String ANOMALY = "vectornode.anomaly.kind";
  // High-cardinality key values of the Observation (traces only, never meter tags)
  static final String REQUEST_ID = "vectornode.request.id";
  static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
  static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  static final String ATTEMPT_COUNT = "vectornode.attempts";
  static final String COST_USD = "vectornode.cost.usd";

  private Names() {}

  /**
   * The conventions' {@code gen_ai.provider.name} for a VectorNode provider type: their
   * well-known value where there is one, the type itself otherwise (a custom value, as the
   * conventions allow: {@code openai-compatible}, {@code together}, {@code ollama}...).
   *
   * @param type the provider type id, as registered with the provider SPI
   * @return the value
   */
  static String providerName(String type) {
    switch (type) {
      case "gemini":
        return "gcp.gemini";
      case "vertex-ai":
      case "vertex":
        return "gcp.vertex_ai";
      case "azure-openai":
        return "azure.ai.openai";
      case "bedrock":
        return "aws.bedrock";
      case "mistral":
        return "mistral_ai";
      case "xai":
        return "x_ai";
      default:
        return type; // openai, anthropic, groq, deepseek, cohere, perplexity are already theirs
    }
  }
}
